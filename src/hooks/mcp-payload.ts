// Reads a tool call's input by what it carries: SQL (recognised by parsing), shell commands, GraphQL documents.
import type { Context } from '../core/context.js';
import { decide } from '../core/decide.js';
import { unknownEnvironment } from '../core/environment.js';
import { isDangerous, maxRisk, type Risk } from '../core/risk.js';
import type { Analysis, RuleHit, Target } from '../core/types.js';
import type { Finding, LineAssessor } from './model.js';
import { MCP_PAYLOAD_RULES } from './mcp-rules.js';

/** Bounds: a tool input is a few KB; a hostile one must not cost more than this to read. */
const MAX_DEPTH = 8;
const MAX_LEAVES = 400;
const MAX_TEXT_BYTES = 256 * 1024;

/** Keys whose string is a shell command line, or whose string array is an argv. */
const COMMAND_KEYS = new Set(['command', 'cmd', 'script', 'shell', 'bash', 'commandline', 'command_line', 'shell_command', 'argv', 'args']);
/** Keys that usually carry SQL: a value here that does not parse is unreadable, not harmless. */
const SQL_KEYS = new Set(['sql', 'query', 'statement', 'statements', 'sql_query', 'sqlquery', 'ddl', 'migration', 'queries']);
/** Keys that usually carry a GraphQL document. */
const GRAPHQL_KEYS = new Set(['query', 'document', 'graphql', 'mutation', 'gql']);
/** Input flags that say "do the dangerous thing": `confirm: true`, `force: true`, `action: "delete"`. */
const CONSENT_FLAGS = new Set(['confirm', 'confirmed', 'force', 'cascade', 'purge', 'auto_approve', 'autoapprove', 'yes', 'skip_confirmation', 'delete', 'destroy', 'drop']);
const ACTION_KEYS = new Set(['action', 'operation', 'op', 'method', 'verb', 'mode', 'type']);
export const DESTRUCTIVE_WORDS = new Set(['delete', 'remove', 'rm', 'destroy', 'drop', 'truncate', 'purge', 'wipe', 'erase', 'reset', 'terminate', 'prune', 'uninstall', 'nuke', 'clear', 'flush']);

export type SqlDialect = 'postgres' | 'mysql';

export interface PayloadOptions {
  readonly server: string;
  readonly assessLine: LineAssessor;
  /** Which SQL parser reads SQL fields (the server's database); postgres unless a table says otherwise. */
  readonly sqlDialect: SqlDialect;
  /** The command field holds this program's arguments (`terraform`'s for run_terraform_command). */
  readonly argumentsOf?: string;
  /** GraphQL goes to Railway's API: the Railway classifier and resolver read it. */
  readonly railway: boolean;
  /**
   * The tool's name says it plainly reads (search_code, get_issue…): its `query` is a search
   * string, so only fields named for SQL (`sql`, `statement`) are read as SQL.
   */
  readonly readsPlainly?: boolean;
}

export interface PayloadReading {
  readonly findings: Finding[];
  /** Fields that look like a payload but guard cannot read: each makes the call unknown. */
  readonly unreadable: string[];
  /** What in the input says the call mutates (`confirm: true`, `action: "delete"`). */
  readonly mutationHints: string[];
}

interface Leaf {
  readonly key: string;
  readonly path: string;
  readonly value: unknown;
}

function leaves(input: unknown): { leaves: Leaf[]; truncated: boolean } {
  const out: Leaf[] = [];
  let truncated = false;
  const walk = (value: unknown, key: string, path: string, depth: number) => {
    if (out.length >= MAX_LEAVES || depth > MAX_DEPTH) {
      truncated = true;
      return;
    }
    if (Array.isArray(value) && !value.every((item) => typeof item === 'string')) {
      value.forEach((item, i) => walk(item, key, `${path}[${i}]`, depth + 1));
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) walk(child, name.toLowerCase(), path ? `${path}.${name}` : name, depth + 1);
    } else out.push({ key, path: path || '(input)', value });
  };
  walk(input, '', '', 0);
  return { leaves: out, truncated };
}

/** Quotes argv words back into a line for the shell engine. */
function shellJoin(argv: readonly string[]): string {
  return argv.map((word) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function finding(analysis: Analysis, origin: string, ctx: Context): Finding {
  return { analysis, verdict: decide({ analysis, agent: true, policy: ctx.config.policy }), origin };
}

const NOTHING: Omit<Analysis, 'tool' | 'risk' | 'hits' | 'environment'> = { targets: [], blastRadius: [], credential: null, recovery: null, unverified: [], notes: [] };

async function readSql(text: string, path: string, options: PayloadOptions, ctx: Context): Promise<Finding | 'not-sql'> {
  if (options.sqlDialect === 'mysql') return readMysqlSql(text, path, options, ctx);
  const [{ loadSqlParser, parseSql, classifyParsed, newSqlSession }, { psqlRules }] = await Promise.all([import('../tools/postgres/sql.js'), import('../tools/postgres/rules.js')]);
  await loadSqlParser();
  const parsed = parseSql(text);
  if (!parsed.ok || parsed.statements.length === 0) return 'not-sql';
  const session = newSqlSession();
  const classified = parsed.statements.flatMap((statement) => classifyParsed(statement, session));
  const hits: RuleHit[] = classified.map((c) => ({ rule: psqlRules[c.rule], summary: `${path}: ${c.summary}`, objects: c.objects }));
  const risk: Risk = hits.length === 0 ? 'read' : maxRisk(...hits.map((hit) => hit.rule.risk));
  const dangerous = isDangerous(risk);
  const environment = dangerous ? unknownEnvironment(`MCP server ${options.server || '(unnamed)'}: guard cannot tell which database it reaches`) : null;
  const targets: Target[] = dangerous ? classified.flatMap((c) => c.objects).map((o) => ({ kind: o.kind, id: o.name, name: o.name.split('.').pop() ?? o.name, environment: environment?.name ?? 'unknown' })) : [];
  const recovery = hits.find((hit) => hit.rule.risk === risk)?.rule.recovery ?? null;
  return finding({ tool: 'mcp', risk, hits, environment, ...NOTHING, targets, recovery }, path, ctx);
}

/** SQL for a MySQL server, read by the mysql family (never with the Postgres grammar); text it cannot parse is unknown. */
async function readMysqlSql(text: string, path: string, options: PayloadOptions, ctx: Context): Promise<Finding> {
  const [{ classifyMysqlSql }, { mysqlRules }] = await Promise.all([import('../tools/mysql/sql.js'), import('../tools/mysql/rules.js')]);
  const verdict = await classifyMysqlSql(text);
  const hits: RuleHit[] = verdict.findings.map((f) => ({ rule: mysqlRules[f.rule], summary: `${path}: ${f.summary}`, objects: f.objects }));
  if (hits.length === 0) hits.push({ rule: MCP_PAYLOAD_RULES.sqlUnreadable, summary: `${path}: no statement guard could read` });
  const risk: Risk = maxRisk(...hits.map((hit) => hit.rule.risk));
  const dangerous = isDangerous(risk);
  const environment = dangerous ? unknownEnvironment(`MCP server ${options.server || '(unnamed)'}: guard cannot tell which database it reaches`) : null;
  const targets: Target[] = dangerous ? verdict.findings.flatMap((f) => f.objects).map((o) => ({ kind: o.kind, id: o.name, name: o.name.split('.').pop() ?? o.name, environment: environment?.name ?? 'unknown' })) : [];
  const unverified = hits.filter((hit) => hit.rule.risk === 'unknown').map((hit) => hit.summary);
  const recovery = hits.find((hit) => hit.rule.risk === risk)?.rule.recovery ?? null;
  return finding({ tool: 'mcp', risk, hits, environment, ...NOTHING, targets, unverified, recovery }, path, ctx);
}

async function readGraphql(text: string, variables: unknown, path: string, options: PayloadOptions, input: unknown, ctx: Context): Promise<Finding | 'not-graphql'> {
  const { parse, Kind } = await import('graphql');
  let operations: string[];
  try {
    const document = parse(text, { noLocation: true, maxTokens: 100_000 });
    operations = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.operation] : []));
  } catch {
    return 'not-graphql';
  }
  if (operations.length === 0) return 'not-graphql';
  if (options.railway) {
    const [{ classifyRailwayDocument }, { resolveRailway }] = await Promise.all([import('../tools/railway/graphql.js'), import('../tools/railway/resolve.js')]);
    const vars = variables !== null && typeof variables === 'object' && !Array.isArray(variables) ? (variables as Record<string, unknown>) : undefined;
    const railway = await classifyRailwayDocument(text, vars);
    const rule = railway.risk === 'destructive' ? MCP_PAYLOAD_RULES.railwayDestructive : railway.risk === 'unknown' ? MCP_PAYLOAD_RULES.railwayUnknown : railway.risk === 'write' ? MCP_PAYLOAD_RULES.railwayWrite : null;
    const hits: RuleHit[] = rule ? [{ rule, summary: `${path}: ${railway.fields.map((f) => f.summary).join(', ') || railway.problems.join('; ')}` }] : [];
    const classification = { risk: railway.risk, hits, unverified: railway.problems };
    const resolution = await resolveRailway({ operations: railway.operations, flags: scopeOf(input) }, classification, ctx);
    return finding({ tool: 'railway', risk: railway.risk, hits, ...resolution, unverified: [...railway.problems, ...resolution.unverified] }, path, ctx);
  }
  // Another server's GraphQL API: guard knows none of its mutations.
  if (operations.includes('mutation')) {
    const environment = unknownEnvironment(`MCP server ${options.server || '(unnamed)'}: guard cannot tell what this API's mutations change`);
    return finding({ tool: 'mcp', risk: 'unknown', hits: [{ rule: MCP_PAYLOAD_RULES.graphqlMutation, summary: `${path}: a GraphQL mutation` }], environment, ...NOTHING, recovery: MCP_PAYLOAD_RULES.graphqlMutation.recovery }, path, ctx);
  }
  return finding({ tool: 'mcp', risk: 'read', hits: [], environment: null, ...NOTHING }, path, ctx);
}

function scopeOf(input: unknown): { project?: string; environment?: string; service?: string } {
  if (input === null || typeof input !== 'object') return {};
  const record = input as Record<string, unknown>;
  const pick = (...names: string[]) => names.map((n) => record[n]).find((v): v is string => typeof v === 'string' && v.length > 0);
  const project = pick('projectId', 'project');
  const environment = pick('environmentId', 'environment');
  const service = pick('serviceId', 'service');
  return { ...(project ? { project } : {}), ...(environment ? { environment } : {}), ...(service ? { service } : {}) };
}

async function readShell(line: string, path: string, options: PayloadOptions, ctx: Context, reading: PayloadReading): Promise<void> {
  const assessed = await options.assessLine(line, ctx);
  reading.unreadable.push(...assessed.problems.map((p) => `${path}: ${p}`));
  for (const { command, assessment } of assessed.commands) reading.findings.push({ analysis: assessment.analysis, verdict: assessment.verdict, origin: `${path}: ${command.origin.text}` });
}

function looksLikeText(value: string): boolean {
  return value.length >= 6 && /\s/.test(value.trim());
}

/** Every payload the input carries, read by its own parser. */
export async function readToolPayload(input: unknown, options: PayloadOptions, ctx: Context): Promise<PayloadReading> {
  const reading: PayloadReading = { findings: [], unreadable: [], mutationHints: [] };
  const { leaves: all, truncated } = leaves(input);
  if (truncated) reading.unreadable.push(`the input nests deeper than ${MAX_DEPTH} levels or has more than ${MAX_LEAVES} values`);
  const variables = input !== null && typeof input === 'object' ? (input as Record<string, unknown>).variables : undefined;
  for (const leaf of all) {
    const { key, path, value } = leaf;
    if (typeof value === 'boolean') {
      if (value && CONSENT_FLAGS.has(key)) reading.mutationHints.push(`${path}: true`);
      continue;
    }
    if (Array.isArray(value)) {
      if (COMMAND_KEYS.has(key) && value.length > 0) await readShell(shellJoin(value as string[]), path, options, ctx, reading);
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (Buffer.byteLength(value) > MAX_TEXT_BYTES) {
      reading.unreadable.push(`${path} is larger than ${MAX_TEXT_BYTES} bytes`);
      continue;
    }
    if (ACTION_KEYS.has(key) && DESTRUCTIVE_WORDS.has(value.trim().toLowerCase())) reading.mutationHints.push(`${path}: ${value.trim()}`);
    if (COMMAND_KEYS.has(key) && key !== 'args') {
      const line = options.argumentsOf && !value.trim().startsWith(options.argumentsOf) ? `${options.argumentsOf} ${value}` : value;
      await readShell(line, path, options, ctx, reading);
      continue;
    }
    const sqlKey = SQL_KEYS.has(key) && !(options.readsPlainly && (key === 'query' || key === 'queries'));
    if (options.readsPlainly && !sqlKey) continue;
    if (GRAPHQL_KEYS.has(key) || /^\s*(\{|mutation\b|subscription\b|fragment\b|query\s*[A-Za-z_({])/.test(value)) {
      const graphql = await readGraphql(value, variables, path, options, input, ctx);
      if (graphql !== 'not-graphql') {
        reading.findings.push(graphql);
        continue;
      }
    }
    if (sqlKey || looksLikeText(value)) {
      const sql = await readSql(value, path, options, ctx);
      if (sql !== 'not-sql') reading.findings.push(sql);
      else if (sqlKey) reading.unreadable.push(`${path} holds text that is neither SQL nor GraphQL guard can parse`);
    }
  }
  return reading;
}
