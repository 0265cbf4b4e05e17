// Known vendor MCP servers' tools (Supabase, Postgres, Kubernetes, Terraform): what each tool does, by name.
import type { Risk } from '../core/risk.js';

/**
 * `payload`: the tool's effect is its payload (SQL, a command): the reader decides, and an
 * unreadable payload is unknown. A fixed risk is the least the tool does; the payload may add to it.
 */
export type VendorToolRisk = Risk | 'payload' | { readonly argumentsOf: string };

export interface VendorTable {
  /** Matched against the server part of `mcp__<server>__<tool>` (lower case, contains). */
  readonly server: string;
  readonly display: string;
  /** Where the SQL a `payload` tool runs goes: its dialect, for the SQL reader. */
  readonly sqlDialect?: 'postgres' | 'mysql';
  readonly tools: Readonly<Record<string, VendorToolRisk>>;
  readonly checkedAgainst: readonly string[];
}

const SUPABASE: VendorTable = {
  server: 'supabase',
  display: 'Supabase',
  sqlDialect: 'postgres',
  tools: {
    execute_sql: 'payload',
    apply_migration: 'payload',
    delete_branch: 'destructive',
    reset_branch: 'destructive',
    // Applies the branch's migrations to production: guard cannot see them from here.
    merge_branch: 'unknown',
    rebase_branch: 'write',
    create_branch: 'write',
    create_project: 'write',
    pause_project: 'write',
    restore_project: 'write',
    deploy_edge_function: 'write',
    update_storage_config: 'write',
    confirm_cost: 'read',
    get_cost: 'read',
    list_tables: 'read',
    list_extensions: 'read',
    list_migrations: 'read',
    list_branches: 'read',
    list_projects: 'read',
    get_project: 'read',
    list_organizations: 'read',
    get_organization: 'read',
    get_project_url: 'read',
    get_anon_key: 'read',
    get_publishable_keys: 'read',
    get_logs: 'read',
    get_advisors: 'read',
    generate_typescript_types: 'read',
    search_docs: 'read',
    list_edge_functions: 'read',
    get_edge_function: 'read',
    list_storage_buckets: 'read',
    get_storage_config: 'read',
  },
  checkedAgainst: ['supabase-community/supabase-mcp (@supabase/mcp-server-supabase) README tool list: database, branching, edge functions, storage, account tools (checked 2026-12-01)'],
};

const POSTGRES: VendorTable = {
  server: 'postgres',
  display: 'Postgres',
  sqlDialect: 'postgres',
  tools: {
    // modelcontextprotocol/servers src/postgres: `query {sql}` (the server wraps it in a read-only transaction, which guard does not rely on).
    query: 'payload',
    // crystaldba/postgres-mcp (Postgres MCP Pro): execute_sql {sql}; explain_query {sql, analyze} runs the query with analyze.
    execute_sql: 'payload',
    explain_query: 'payload',
    list_schemas: 'read',
    list_objects: 'read',
    get_object_details: 'read',
    analyze_workload_indexes: 'read',
    analyze_query_indexes: 'read',
    analyze_db_health: 'read',
    get_top_queries: 'read',
  },
  checkedAgainst: ['modelcontextprotocol/servers src/postgres/index.ts (tool "query", argument sql)', 'crystaldba/postgres-mcp README tool table (checked 2026-12-01)'],
};

const KUBERNETES: VendorTable = {
  server: 'kubernetes',
  display: 'Kubernetes',
  tools: {
    // Flux159/mcp-server-kubernetes
    kubectl_get: 'read',
    kubectl_describe: 'read',
    kubectl_logs: 'read',
    kubectl_context: 'write',
    explain_resource: 'read',
    list_api_resources: 'read',
    kubectl_delete: 'destructive',
    uninstall_helm_chart: 'destructive',
    kubectl_apply: 'write',
    kubectl_create: 'write',
    kubectl_patch: 'write',
    kubectl_scale: 'write',
    kubectl_rollout: 'write',
    install_helm_chart: 'write',
    upgrade_helm_chart: 'write',
    port_forward: 'read',
    stop_port_forward: 'read',
    exec_in_pod: 'unknown',
    kubectl_generic: 'unknown',
    node_management: 'unknown',
    // containers/kubernetes-mcp-server
    pods_list: 'read',
    pods_list_in_namespace: 'read',
    pods_get: 'read',
    pods_log: 'read',
    pods_top: 'read',
    pods_delete: 'destructive',
    pods_exec: 'unknown',
    pods_run: 'write',
    resources_list: 'read',
    resources_get: 'read',
    resources_create_or_update: 'write',
    resources_delete: 'destructive',
    namespaces_list: 'read',
    events_list: 'read',
    configuration_view: 'read',
    helm_list: 'read',
    helm_install: 'write',
    helm_uninstall: 'destructive',
  },
  checkedAgainst: ['Flux159/mcp-server-kubernetes README (kubectl_* tools, helm tools, exec_in_pod)', 'containers/kubernetes-mcp-server README "Tools" (pods_*, resources_*, helm_*) (checked 2026-12-01)'],
};

const TERRAFORM: VendorTable = {
  server: 'terraform',
  display: 'Terraform',
  tools: {
    // hashicorp/terraform-mcp-server: registry look-ups and HCP Terraform workspaces and runs.
    search_providers: 'read',
    get_provider_details: 'read',
    get_latest_provider_version: 'read',
    search_modules: 'read',
    get_module_details: 'read',
    get_latest_module_version: 'read',
    search_policies: 'read',
    get_policy_details: 'read',
    list_terraform_orgs: 'read',
    list_terraform_projects: 'read',
    list_workspaces: 'read',
    get_workspace_details: 'read',
    list_runs: 'read',
    get_run_details: 'read',
    create_workspace: 'write',
    update_workspace: 'write',
    create_workspace_variable: 'write',
    update_workspace_variable: 'write',
    create_run: 'unknown',
    action_run: 'unknown',
    delete_workspace_safely: 'destructive',
    // Servers that run the CLI: {command: "destroy", …} holds terraform's own arguments.
    run_terraform_command: { argumentsOf: 'terraform' },
  },
  checkedAgainst: ['hashicorp/terraform-mcp-server README tool list (registry, workspaces, runs)', 'stemaMSFT/tf-mcp-server docs/terraform-commands.md (run_terraform_command) (checked 2026-12-01)'],
};

export const VENDOR_TABLES: readonly VendorTable[] = [SUPABASE, POSTGRES, KUBERNETES, TERRAFORM];

export function vendorTableFor(server: string): VendorTable | null {
  const name = server.toLowerCase();
  return VENDOR_TABLES.find((table) => name.includes(table.server)) ?? null;
}
