// The rules of MCP tool calls guard reads by name or by payload (ids `mcp/<rule>`).
import type { Rule } from '../core/types.js';

export const MCP_RULES = {
  destructiveName: {
    id: 'mcp/destructive-name',
    risk: 'unknown',
    description: 'an MCP tool guard does not know whose name says delete, remove, destroy, drop, truncate or purge',
    reason: 'guard cannot see what this MCP tool deletes, or where: it is handled like a destructive command.',
    recovery: 'Depends on the server: check its documentation for soft-delete or restore before approving.',
  },
  opaque: {
    id: 'mcp/opaque-mutation',
    risk: 'unknown',
    description: 'an MCP tool whose name or input says it runs or changes something, with a payload guard cannot read',
    reason: 'guard cannot read what this call will run or change, so it is handled like a destructive command.',
    recovery: 'Depends on the server: check what the call does before approving.',
  },
  other: { id: 'mcp/other', risk: 'none', description: 'any other MCP tool', reason: 'Nothing in its name or input says it changes anything.' },
  write: { id: 'mcp/write', risk: 'write', description: 'an MCP tool whose name says it creates or updates', reason: 'Changes something without deleting it.' },
  known: { id: 'mcp/railway-write', risk: 'write', description: 'Railway MCP tools that change configuration or deploy', reason: 'Changes a Railway service; nothing is deleted.' },
  vendorDestructive: {
    id: 'mcp/vendor-destructive',
    risk: 'destructive',
    description: 'a known vendor MCP tool that deletes (Supabase delete_branch, Kubernetes kubectl_delete, Terraform delete_workspace_safely…)',
    reason: 'The tool deletes what it names, at once.',
    recovery: "Depends on the vendor: a Supabase branch, a Kubernetes object or a Terraform workspace is recreated from its definition; its data needs a backup.",
  },
  vendorUnknown: {
    id: 'mcp/vendor-unknown',
    risk: 'unknown',
    description: 'a known vendor MCP tool whose effect guard cannot see from its input (merge_branch, exec_in_pod, create_run…)',
    reason: 'guard cannot see what this call will change, so it is handled like a destructive command.',
    recovery: 'Depends on what it runs: check before approving.',
  },
  vendorWrite: { id: 'mcp/vendor-write', risk: 'write', description: 'a known vendor MCP tool that creates or changes', reason: 'Changes resources without deleting them.' },
  vendorRead: { id: 'mcp/vendor-read', risk: 'read', description: 'a known vendor MCP tool that only reads', reason: 'Reads only.' },
} as const satisfies Record<string, Rule>;

export const MCP_PAYLOAD_RULES = {
  sqlUnreadable: {
    id: 'mcp/sql-unreadable',
    risk: 'unknown',
    description: 'SQL in an MCP call that guard cannot read (a dialect it has no parser for)',
    reason: 'guard cannot read this SQL, so it is handled like a destructive statement.',
    recovery: 'No undo for a destructive statement: restore from a backup taken before it ran.',
  },
  graphqlMutation: {
    id: 'mcp/graphql-mutation',
    risk: 'unknown',
    description: "a GraphQL mutation to an API guard has no schema for",
    reason: "guard does not know what this API's mutations change, so the call is handled like a destructive one.",
    recovery: 'Depends on the API: check what the mutation does before approving.',
  },
  railwayDestructive: {
    id: 'mcp/railway-graphql-destructive',
    risk: 'destructive',
    description: "a GraphQL document for Railway's API with a destructive mutation (volumeDelete, serviceDelete…)",
    reason: 'The mutation deletes Railway resources directly: no prompt, nothing asks first.',
    recovery: 'Railway keeps deleted volumes and projects for 48 hours (restore them from the project canvas); backups belong to the volume and go with it.',
  },
  railwayUnknown: {
    id: 'mcp/railway-graphql-unknown',
    risk: 'unknown',
    description: "a GraphQL document for Railway's API guard cannot read",
    reason: 'guard cannot see which mutations this runs against Railway, so it is treated as destructive.',
    recovery: 'Unknown: guard cannot tell what this request changes.',
  },
  railwayWrite: { id: 'mcp/railway-graphql-write', risk: 'write', description: "a GraphQL document for Railway's API whose mutations change but do not delete", reason: 'Changes Railway resources without deleting them.' },
} as const satisfies Record<string, Rule>;
