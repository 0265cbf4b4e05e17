// MCP tool calls (and unknown tools of the agent's): Railway's own tools, known vendors' tables, and every call read by its payload.
import type { Context } from '../core/context.js';
import { decide } from '../core/decide.js';
import { unknownEnvironment } from '../core/environment.js';
import type { Risk } from '../core/risk.js';
import type { Analysis } from '../core/types.js';
import type { RailwayOperation, RailwayRequest, RailwayScopeFlags } from '../tools/railway/model.js';
import type { Finding, HookSubject, LineAssessor } from './model.js';
import { MCP_RULES } from './mcp-rules.js';
import { DESTRUCTIVE_WORDS, readToolPayload, type SqlDialect } from './mcp-payload.js';
import { vendorTableFor, type VendorToolRisk } from './mcp-vendors.js';
import { maxRisk, strictestDecision } from '../core/risk.js';
import { loadLineAssessor } from './line-engine.js';

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

export { MCP_RULES };

/** Words in a tool's name that say it runs something given in its input (then the payload decides). */
const RUNNING_WORDS = new Set(['execute', 'exec', 'run', 'eval', 'sql', 'shell', 'command', 'script', 'bash', 'terminal', 'apply', 'migrate', 'migration']);
/** A tool whose name starts with one of these plainly reads. */
const READING_VERBS = new Set(['get', 'list', 'search', 'find', 'fetch', 'read', 'describe', 'show', 'view', 'lookup', 'count', 'check', 'inspect', 'explain']);
/** Words that say it creates or changes (a write: allowed by default policy). */
const WRITING_WORDS = new Set(['create', 'update', 'set', 'add', 'write', 'put', 'post', 'patch', 'edit', 'modify', 'insert', 'upload', 'deploy', 'push', 'merge', 'rename', 'move', 'send', 'publish', 'enable', 'disable', 'install', 'start', 'restart', 'stop', 'scale', 'restore', 'pause']);

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

function findingOf(command: string, analysis: Analysis, ctx: Context): Finding {
  return { analysis, verdict: decide({ analysis, agent: true, policy: ctx.config.policy }), origin: command };
}

function subjectOf(command: string, findings: readonly Finding[], input: unknown): HookSubject {
  return {
    command,
    risk: maxRisk(...findings.map((f) => f.analysis.risk)),
    decision: strictestDecision(...findings.map((f) => f.verdict.decision)),
    findings,
    problems: [],
    replay: { kind: 'mcp', tool: command.slice(0, command.indexOf(' ')), input },
  };
}

const EMPTY: Omit<Analysis, 'tool' | 'risk' | 'hits'> = { environment: null, targets: [], blastRadius: [], credential: null, recovery: null, unverified: [], notes: [] };

function unknownAnalysis(rule: typeof MCP_RULES.destructiveName | typeof MCP_RULES.opaque | typeof MCP_RULES.vendorUnknown, summary: string, why: string, unverified: readonly string[] = []): Analysis {
  return { tool: null, risk: 'unknown', hits: [{ rule, summary }], ...EMPTY, environment: unknownEnvironment(why), recovery: rule.recovery, unverified: [...unverified] };
}

/** What the tool's name alone says, for a tool no table knows: a vendor's row, or its words. */
function byName(name: string, server: string, tool: string, vendor: VendorToolRisk | undefined, reading: { readable: boolean; hints: readonly string[]; unreadable: readonly string[] }): Analysis | null {
  const where = `MCP server ${server || '(unnamed)'}: guard cannot resolve what ${tool} targets`;
  if (vendor !== undefined && typeof vendor === 'string' && vendor !== 'payload') {
    if (vendor === 'destructive') return { tool: null, risk: 'destructive', hits: [{ rule: MCP_RULES.vendorDestructive, summary: name }], ...EMPTY, environment: unknownEnvironment(where), recovery: MCP_RULES.vendorDestructive.recovery };
    if (vendor === 'unknown') return unknownAnalysis(MCP_RULES.vendorUnknown, name, where);
    return { tool: null, risk: vendor, hits: [{ rule: vendor === 'write' ? MCP_RULES.vendorWrite : MCP_RULES.vendorRead, summary: name }], ...EMPTY };
  }
  if (vendor !== undefined && !reading.readable) return unknownAnalysis(MCP_RULES.opaque, `${name}: its payload`, where, reading.unreadable.length > 0 ? reading.unreadable : ['the payload this tool runs is not in a form guard can read']);
  if (vendor !== undefined) return null; // the payload decides
  const named = words(tool);
  if (named.some((word) => DESTRUCTIVE_WORDS.has(word))) return unknownAnalysis(MCP_RULES.destructiveName, name, where);
  if (reading.hints.length > 0) return unknownAnalysis(MCP_RULES.opaque, `${name} (${reading.hints.join(', ')})`, where);
  if (!reading.readable && (named.some((word) => RUNNING_WORDS.has(word)) || reading.unreadable.length > 0)) {
    return unknownAnalysis(MCP_RULES.opaque, name, where, reading.unreadable.length > 0 ? reading.unreadable : ['guard cannot read what this tool runs']);
  }
  if (named.some((word) => WRITING_WORDS.has(word))) return { tool: null, risk: 'write', hits: [{ rule: MCP_RULES.write, summary: name }], ...EMPTY };
  return null;
}

function dialectOf(server: string, fromTable: SqlDialect | undefined): SqlDialect {
  const lower = server.toLowerCase();
  if (lower.includes('mysql') || lower.includes('mariadb')) return 'mysql';
  return fromTable ?? 'postgres';
}

/**
 * Classifies and resolves one tool call (MCP, or an unknown tool of the agent's): Railway's own
 * tools through the railway resolver, known vendors by their tables, and every call by its payload.
 */
export async function assessMcpCall(name: string, input: unknown, ctx: Context, assessLine?: LineAssessor): Promise<HookSubject> {
  const command = `${name} ${JSON.stringify(input ?? {})}`;
  const { server, tool } = name.startsWith('mcp__') ? splitMcpName(name) : { server: '', tool: name };
  const railway = server.toLowerCase().includes('railway');
  const action = railway ? RAILWAY_MCP_TOOLS[tool] : undefined;
  const findings: Finding[] = [];

  if (action && 'op' in action) {
    const [{ railwayRules }, { resolveRailway }] = await Promise.all([import('../tools/railway/rules.js'), import('../tools/railway/resolve.js')]);
    const rule = railwayRules[action.rule as keyof typeof railwayRules];
    const operation = railwayOperation(action.op, input);
    // The environment an environment-delete names is its target, not where the command stands.
    const { environment: _target, ...outside } = scopeFlags(input);
    const request: RailwayRequest = { operations: [operation], flags: action.op === 'environment-delete' ? outside : scopeFlags(input) };
    const classification = { risk: rule.risk, hits: [{ rule, summary: `${name} (Railway MCP: ${rule.description})` }], unverified: [] };
    const resolution = await resolveRailway(request, classification, ctx);
    findings.push(findingOf(command, { tool: 'railway', risk: rule.risk, hits: classification.hits, ...resolution, unverified: [...resolution.unverified] }, ctx));
  } else if (action) {
    findings.push(findingOf(command, { tool: null, risk: action.risk, hits: [{ rule: MCP_RULES.known, summary: name }], ...EMPTY }, ctx));
  }

  const table = railway ? null : vendorTableFor(server);
  const vendor = table?.tools[tool];
  const payload = await readToolPayload(
    input,
    {
      server,
      assessLine: assessLine ?? (await loadLineAssessor()),
      sqlDialect: dialectOf(server, table?.sqlDialect),
      railway,
      // A vendor's row that fixes the tool's effect (read, write…) says what its `query` is, too.
      readsPlainly: (typeof vendor === 'string' && vendor !== 'payload') || (vendor === undefined && READING_VERBS.has(words(tool)[0] ?? '') && !words(tool).some((w) => RUNNING_WORDS.has(w) || DESTRUCTIVE_WORDS.has(w))),
      ...(vendor !== undefined && typeof vendor === 'object' ? { argumentsOf: vendor.argumentsOf } : {}),
    },
    ctx,
  );
  findings.push(...payload.findings);
  if (!action) {
    const named = byName(name, server, tool, vendor, { readable: payload.findings.length > 0 && payload.unreadable.length === 0, hints: payload.mutationHints, unreadable: payload.unreadable });
    if (named) findings.push(findingOf(command, named, ctx));
  }
  if (payload.unreadable.length > 0 && !findings.some((f) => f.analysis.risk === 'unknown')) {
    findings.push(findingOf(command, unknownAnalysis(MCP_RULES.opaque, name, `MCP server ${server || '(unnamed)'}: part of the input cannot be read`, payload.unreadable), ctx));
  }
  if (findings.length === 0) findings.push(findingOf(command, { tool: null, risk: 'none', hits: [], ...EMPTY }, ctx));
  return subjectOf(command, findings, input);
}
