// MCP tool calls: the Railway MCP servers' destructive tools through the railway resolver; other destructive-sounding tools are unknown.
import type { Context } from '../core/context.js';
import { decide } from '../core/decide.js';
import { unknownEnvironment } from '../core/environment.js';
import type { Risk } from '../core/risk.js';
import type { Analysis, Rule } from '../core/types.js';
import type { RailwayOperation, RailwayRequest, RailwayScopeFlags } from '../tools/railway/model.js';
import type { Finding, HookSubject } from './model.js';

/*
 * Railway MCP servers' tools (checked 2026-11-25):
 * - railwayapp/railway-mcp-server @667ca16 src/tools/index.ts: check-railway-status, create-environment,
 *   create-project-and-link, deploy, deploy-template, generate-domain, get-logs, link-environment,
 *   link-service, list-deployments, list-projects, list-services, list-variables, set-variables —
 *   nothing that deletes.
 * - jason-tan-swe/railway-mcp src/tools/{volume,service,project,environment}.tool.ts: volume_delete
 *   {volumeId}, service_delete {projectId, serviceId}, project_delete {projectId},
 *   environment-delete {environmentId} (the destructive ones).
 * - issue 4 names mcp__railway__remove_volume; the remove_/delete_ spellings are kept as aliases.
 */
type RailwayMcpAction = { readonly op: RailwayOperation['kind']; readonly rule: string } | { readonly risk: Risk };

const RAILWAY_MCP_TOOLS: Readonly<Record<string, RailwayMcpAction>> = {
  volume_delete: { op: 'volume-delete', rule: 'volume-delete' },
  remove_volume: { op: 'volume-delete', rule: 'volume-delete' },
  delete_volume: { op: 'volume-delete', rule: 'volume-delete' },
  service_delete: { op: 'service-delete', rule: 'service-delete' },
  delete_service: { op: 'service-delete', rule: 'service-delete' },
  remove_service: { op: 'service-delete', rule: 'service-delete' },
  project_delete: { op: 'project-delete', rule: 'project-delete' },
  delete_project: { op: 'project-delete', rule: 'project-delete' },
  'environment-delete': { op: 'environment-delete', rule: 'environment-delete' },
  environment_delete: { op: 'environment-delete', rule: 'environment-delete' },
  delete_environment: { op: 'environment-delete', rule: 'environment-delete' },
  'set-variables': { risk: 'write' },
  deploy: { risk: 'write' },
  'deploy-template': { risk: 'write' },
};

/** Words that make an MCP tool's name dangerous when guard does not know the tool. */
const DESTRUCTIVE_WORDS = new Set(['delete', 'remove', 'rm', 'destroy', 'drop', 'truncate', 'purge', 'wipe', 'erase', 'reset', 'terminate', 'prune']);

export const MCP_RULES = {
  destructiveName: {
    id: 'mcp/destructive-name',
    risk: 'unknown',
    description: 'an MCP tool guard does not know whose name says delete, remove, destroy, drop, truncate or purge',
    reason: 'guard cannot see what this MCP tool deletes, or where: it is handled like a destructive command.',
    recovery: 'Depends on the server: check its documentation for soft-delete or restore before approving.',
  },
  other: { id: 'mcp/other', risk: 'none', description: 'any other MCP tool', reason: 'Nothing in its name says it destroys anything.' },
  known: { id: 'mcp/railway-write', risk: 'write', description: 'Railway MCP tools that change configuration or deploy', reason: 'Changes a Railway service; nothing is deleted.' },
} as const satisfies Record<string, Rule>;

/** `mcp__<server>__<tool>`: the server may not contain `__`; the tool keeps the rest. */
export function splitMcpName(name: string): { server: string; tool: string } {
  const rest = name.slice('mcp__'.length);
  const cut = rest.indexOf('__');
  return cut < 0 ? { server: '', tool: rest } : { server: rest.slice(0, cut), tool: rest.slice(cut + 2) };
}

function words(tool: string): string[] {
  const spaced = tool.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

function stringField(input: unknown, ...names: string[]): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  for (const name of names) {
    const value = (input as Record<string, unknown>)[name];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

function railwayOperation(kind: RailwayOperation['kind'], input: unknown): RailwayOperation {
  const unknownTarget = '(not given)';
  switch (kind) {
    case 'volume-delete':
      return { kind, volume: stringField(input, 'volumeId', 'volume', 'volumeName', 'name') ?? unknownTarget };
    case 'service-delete':
      return { kind, service: stringField(input, 'serviceId', 'service', 'serviceName') ?? unknownTarget };
    case 'environment-delete':
      return { kind, environment: stringField(input, 'environmentId', 'environment', 'environmentName') ?? unknownTarget };
    case 'project-delete': {
      const project = stringField(input, 'projectId', 'project');
      return project ? { kind, project } : { kind };
    }
    default:
      return { kind: 'other', name: kind, risk: 'unknown' };
  }
}

function scopeFlags(input: unknown): RailwayScopeFlags {
  const project = stringField(input, 'projectId', 'project');
  const environment = stringField(input, 'environmentId', 'environment');
  const service = stringField(input, 'serviceId', 'service');
  return { ...(project ? { project } : {}), ...(environment ? { environment } : {}), ...(service ? { service } : {}) };
}

function subjectOf(command: string, analysis: Analysis, ctx: Context): HookSubject {
  const verdict = decide({ analysis, agent: true, policy: ctx.config.policy });
  const finding: Finding = { analysis, verdict, origin: command };
  return { command, risk: analysis.risk, decision: verdict.decision, findings: [finding], problems: [] };
}

const EMPTY: Omit<Analysis, 'tool' | 'risk' | 'hits'> = { environment: null, targets: [], blastRadius: [], credential: null, recovery: null, unverified: [], notes: [] };

/** Classifies and resolves one MCP call; the railway family's resolver measures Railway's own tools. */
export async function assessMcpCall(name: string, input: unknown, ctx: Context): Promise<HookSubject> {
  const command = `${name} ${JSON.stringify(input ?? {})}`;
  const { server, tool } = splitMcpName(name);
  const action = server.toLowerCase().includes('railway') ? RAILWAY_MCP_TOOLS[tool] : undefined;

  if (action && 'op' in action) {
    const [{ railwayRules }, { resolveRailway }] = await Promise.all([import('../tools/railway/rules.js'), import('../tools/railway/resolve.js')]);
    const rule = railwayRules[action.rule as keyof typeof railwayRules];
    const operation = railwayOperation(action.op, input);
    // The environment an environment-delete names is its target, not where the command stands.
    const { environment: _target, ...outside } = scopeFlags(input);
    const request: RailwayRequest = { operations: [operation], flags: action.op === 'environment-delete' ? outside : scopeFlags(input) };
    const classification = { risk: rule.risk, hits: [{ rule, summary: `${name} (Railway MCP: ${rule.description})` }], unverified: [] };
    const resolution = await resolveRailway(request, classification, ctx);
    const analysis: Analysis = { tool: 'railway', risk: rule.risk, hits: classification.hits, ...resolution, unverified: [...resolution.unverified] };
    return subjectOf(command, analysis, ctx);
  }
  if (action) {
    return subjectOf(command, { tool: null, risk: action.risk, hits: [{ rule: MCP_RULES.known, summary: name }], ...EMPTY }, ctx);
  }
  if (words(tool).some((word) => DESTRUCTIVE_WORDS.has(word))) {
    const environment = unknownEnvironment(`MCP server ${server || '(unnamed)'}: guard cannot resolve what ${tool} targets`);
    const analysis: Analysis = { tool: null, risk: 'unknown', hits: [{ rule: MCP_RULES.destructiveName, summary: name }], ...EMPTY, environment, recovery: MCP_RULES.destructiveName.recovery };
    return subjectOf(command, analysis, ctx);
  }
  return subjectOf(command, { tool: null, risk: 'none', hits: [], ...EMPTY }, ctx);
}
