// psql under guard: what it will execute (-c, -f, stdin, psqlrc), classified, resolved and measured.
import { createReadStream } from 'node:fs';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { maxRisk } from '../../core/risk.js';
import type { RuleHit, Target } from '../../core/types.js';
import { isStdinPath, type SpooledInput } from '../../core/stdin.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { applyReconnect, resolveConnection } from './connection.js';
import type { ConnectionFacts, InspectRequest, ParsedPostgresArgs, PsqlAnalysis, PsqlInput, SqlFinding } from './model.js';
import { parsePostgresArgs, planPsql, type PsqlPlan } from './programs.js';
import { connectionIo, POSTGRES_CHECKED_AGAINST } from './shared.js';
import { resolvePostgres, type AllRowsFinding, type ConnectionOutcome, type PostgresSubject } from './resolve.js';
import { formatCount } from '../../core/report.js';
import { psqlRules, type PsqlRuleKey } from './rules.js';
import { reviseUserFunctionCalls } from './psql-functions.js';

export interface ParsedPsql extends ParsedInvocation {
  readonly args: ParsedPostgresArgs;
  readonly plan: PsqlPlan;
  readonly analysis: PsqlAnalysis | null;
  readonly connections: readonly ConnectionOutcome[];
  readonly interactive: boolean;
  readonly stdin?: SpooledInput;
}

/** psql reads the startup file unless -X; PSQLRC overrides its location. */
function psqlrcPath(ctx: Context): string | null {
  const candidates = ctx.env.PSQLRC ? [ctx.env.PSQLRC] : [join(ctx.home, '.psqlrc')];
  return candidates.find((path) => ctx.fileExists(path)) ?? null;
}

async function* chunks(stream: AsyncIterable<Buffer | string>): AsyncIterable<Buffer> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

async function* noChunks(): AsyncIterable<Buffer> {}

async function* spoolThen(spool: () => Promise<SpooledInput>): AsyncIterable<Buffer> {
  yield* chunks((await spool()).open());
}

async function parsePsql(args: readonly string[], ctx: Context): Promise<ParsedPsql> {
  const parsedArgs = parsePostgresArgs('psql', args);
  const plan = planPsql(parsedArgs);
  let inputs: PsqlInput[] = [...plan.inputs];
  let interactive = false;
  let stdin: SpooledInput | undefined;

  if (plan.readsStdinByDefault && !parsedArgs.infoOnly && !plan.listOnly) {
    if (ctx.stdin.isTTY) interactive = true;
    else inputs = [{ kind: 'stdin' }];
  }
  const needsStdin = inputs.some((input) => input.kind === 'stdin' || (input.kind === 'file' && isStdinPath(input.path)));
  if (needsStdin && !ctx.stdin.isTTY) stdin = await ctx.stdin.spool();
  if (needsStdin && ctx.stdin.isTTY) interactive = true;

  if (plan.readsPsqlrc && inputs.length > 0) {
    const rc = psqlrcPath(ctx);
    if (rc) inputs = [{ kind: 'file', path: rc }, ...inputs];
  }

  const initial = resolveConnection(parsedArgs, ctx.env, connectionIo(ctx));
  let analysis: PsqlAnalysis | null = null;
  if (inputs.length > 0 && !parsedArgs.infoOnly) {
    // The analyser and the SQL parser behind it load only when there is SQL to read.
    const { analysePsqlInputs } = await import('./analyse.js');
    analysis = await analysePsqlInputs(inputs, {
      variables: plan.variables,
      cwd: ctx.cwd,
      openFile: (path: string) => chunks(createReadStream(isAbsolute(path) ? path : resolvePath(ctx.cwd, path))),
      // `\i /dev/stdin` inside -c reads stdin too: spool it when the analysis first asks.
      openStdin: () => (stdin ? chunks(stdin.open()) : ctx.stdin.isTTY ? noChunks() : spoolThen(async () => (stdin = await ctx.stdin.spool()))),
    });
  }

  // Connection 0 is the command line's; each \c in the script derives the next from the last.
  const connections: ConnectionOutcome[] = ['error' in initial ? { error: initial.error } : { connection: initial }];
  for (const change of analysis?.connections.slice(1) ?? []) {
    const previous = connections[connections.length - 1];
    if (!change || !previous || 'error' in previous) {
      connections.push(previous ?? { error: 'unknown connection' });
      continue;
    }
    const next = applyReconnect(previous.connection, change, ctx.env, connectionIo(ctx));
    connections.push('error' in next ? { error: next.error } : { connection: next });
  }
  // Only SQL that was parsed anyway is checked: a secret can only hide in SQL or -v values.
  const needsRedaction = parsedArgs.options.some((o) => o.name === 'command' || o.name === 'set');
  const displayArgs = needsRedaction ? await (await import('./secrets.js')).redactPsqlArgs(args, parsedArgs) : null;
  return {
    args: parsedArgs,
    plan,
    analysis,
    connections,
    interactive,
    ...(stdin ? { stdin } : {}),
    ...(displayArgs ? { displayArgv: ['psql', ...displayArgs] } : {}),
  };
}

function hit(key: PsqlRuleKey, summary: string, finding?: SqlFinding): RuleHit {
  return {
    rule: psqlRules[key],
    summary,
    ...(finding ? { objects: finding.objects, scope: String(finding.connection) } : {}),
  };
}

export function classifyPsql(parsed: ParsedPsql): Classification {
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  for (const problem of parsed.args.problems) hits.push(hit('bad-arguments', problem));
  if (parsed.plan.outputPipe !== null) hits.push(hit('shell-escape', `-o '|${parsed.plan.outputPipe}' pipes output to a shell command`));
  if (parsed.args.infoOnly || parsed.plan.listOnly) hits.push(hit('read', parsed.args.infoOnly ? 'psql --help/--version' : 'psql --list'));
  if (parsed.interactive) hits.push(hit('interactive-session', 'interactive psql session'));
  for (const finding of parsed.analysis?.findings ?? []) {
    const key = (finding.rule in psqlRules ? finding.rule : 'unparseable') as PsqlRuleKey;
    hits.push(hit(key, `${finding.summary}  (${finding.origin})`, finding));
    if (psqlRules[key].risk === 'unknown') unverified.push(`${finding.summary} (${finding.origin})`);
  }
  if (hits.length === 0 && parsed.analysis) {
    hits.push(hit('read', `${parsed.analysis.statementCount} read-only statement${parsed.analysis.statementCount === 1 ? '' : 's'}`));
  }
  if (hits.length === 0) hits.push(hit('read', 'psql without input'));
  return { risk: maxRisk(...hits.map((h) => h.rule.risk)), hits, unverified, interactive: parsed.interactive };
}

/** Questions for the live inspector, one per object a dangerous or bounded statement names. */
function requestsFor(finding: SqlFinding): { request: InspectRequest; objectIndex: number }[] {
  const out: { request: InspectRequest; objectIndex: number }[] = [];
  const cascade = finding.cascade === true;
  finding.objects.forEach((object, objectIndex) => {
    switch (object.kind) {
      case 'table':
      case 'materialized view':
        out.push({ request: { kind: 'table', name: object.name, cascade }, objectIndex });
        break;
      case 'schema':
        out.push({ request: { kind: 'schema', name: object.name, cascade }, objectIndex });
        break;
      case 'database':
        out.push({ request: { kind: 'database', name: object.name }, objectIndex });
        break;
      case 'role':
        out.push({ request: { kind: 'role', name: object.name }, objectIndex });
        break;
      case 'column': {
        const dot = object.name.lastIndexOf('.');
        if (dot > 0) out.push({ request: { kind: 'column', table: object.name.slice(0, dot), column: object.name.slice(dot + 1) }, objectIndex });
        break;
      }
      default:
        break;
    }
  });
  if ((finding.rule === 'delete-where' || finding.rule === 'update-where') && finding.statementText) {
    out.push({ request: { kind: 'estimate', statement: finding.statementText, label: finding.summary, origin: finding.origin }, objectIndex: -1 });
  }
  return out;
}

export function psqlSubject(parsed: ParsedPsql): PostgresSubject {
  const requests: PostgresSubject['requests'][number][] = [];
  const findings = [...(parsed.analysis?.findings ?? [])].sort((a, b) => rank(b) - rank(a));
  for (const finding of findings) {
    for (const { request, objectIndex } of requestsFor(finding)) {
      const object = finding.objects[objectIndex];
      requests.push({ connection: finding.connection, request, ...(object ? { object } : {}) });
    }
  }
  return {
    connections: parsed.connections,
    requests,
    fallbackTarget: (connection: ConnectionFacts) => ({ kind: 'database', id: connection.dbname, name: connection.dbname, environment: '' }),
  };
}

function rank(finding: SqlFinding): number {
  const risk = psqlRules[(finding.rule in psqlRules ? finding.rule : 'unparseable') as PsqlRuleKey].risk;
  return risk === 'destructive' ? 3 : risk === 'unknown' ? 2 : risk === 'write' ? 1 : 0;
}

/**
 * Pure: the classification with every DELETE/UPDATE … WHERE that touches (nearly) all rows of
 * its table replaced by the delete-all/update-all rule, and the tables as targets; null when
 * nothing changes.
 */
export function promoteAllRows(classification: Classification, allRows: readonly AllRowsFinding[]): { classification: Classification; reasons: string[]; tables: Target[] } | null {
  if (allRows.length === 0) return null;
  const reasons: string[] = [];
  const tables: Target[] = [];
  const hits = classification.hits.map((found) => {
    const bounded = found.rule.id === 'psql/delete-where' ? 'delete-all' : found.rule.id === 'psql/update-where' ? 'update-all' : null;
    const share = bounded ? allRows.find((a) => found.summary === `${a.label}  (${a.origin ?? ''})` || (a.origin === undefined && found.summary.startsWith(`${a.label}  (`))) : undefined;
    if (!bounded || !share) return found;
    const touched = share.rows >= share.tableRows ? 'every row' : `~${share.percent}% of the rows`;
    reasons.push(`${share.label} touches ${touched} of ${share.table} (${formatCount(share.tableRows)}): it empties the table as surely as no WHERE at all`);
    tables.push({ kind: 'table', id: share.table, name: share.table.split('.').pop() ?? share.table, environment: '', rows: share.tableRows, rowsEstimated: false });
    return { ...found, rule: psqlRules[bounded], summary: found.summary.replace('  (', ` (${touched} of ${share.table})  (`) };
  });
  if (reasons.length === 0) return null;
  return { classification: { ...classification, hits, risk: maxRisk(...hits.map((h) => h.rule.risk)) }, reasons, tables };
}

export const psqlTool: Tool<ParsedPsql> = {
  name: 'psql',
  family: 'postgres',
  summary: 'PostgreSQL interactive terminal',
  rules: psqlRules,
  checkedAgainst: POSTGRES_CHECKED_AGAINST,
  parse: parsePsql,
  classify: classifyPsql,
  async resolve(parsed, classification, ctx): Promise<Resolution> {
    // Calls of user functions are judged by their bodies on the server, then resolved as revised.
    const revision = ctx.offline ? null : await reviseUserFunctionCalls(parsed.analysis, parsed.connections, ctx);
    const effective: ParsedPsql = revision ? { ...parsed, analysis: revision.analysis } : parsed;
    const revised = revision ? classifyPsql(effective) : classification;
    const measured = await resolvePostgres(psqlSubject(effective), revised, ctx);
    // A bounded DELETE/UPDATE the server says takes (nearly) every row is judged like one without WHERE.
    const emptied = promoteAllRows(revised, measured.allRows);
    const resolution = emptied ? await resolvePostgres(psqlSubject(effective), emptied.classification, ctx) : measured;
    const final = emptied?.classification ?? revised;
    const extra: string[] = [];
    if (parsed.analysis?.truncatedFindings) extra.push(`… and ${parsed.analysis.truncatedFindings} more statements not listed`);
    const tableTargets = (emptied?.tables ?? []).filter((t) => !resolution.targets.some((r) => r.id === t.id));
    const targets = [...resolution.targets, ...tableTargets.map((t) => ({ ...t, environment: resolution.environment?.name ?? 'unknown' }))]
      .map((t) => (t.environment === '' ? { ...t, environment: resolution.environment?.name ?? 'unknown' } : t));
    const reasons = [...(revision?.reasons ?? []), ...(emptied?.reasons ?? [])];
    return {
      ...resolution,
      targets,
      blastRadius: [...resolution.blastRadius, ...extra],
      unverified: [...(revision?.unverified ?? []), ...resolution.unverified],
      ...(revision || emptied ? { reclassified: { risk: final.risk, hits: final.hits, unverified: final.unverified, reasons } } : {}),
    };
  },
  async dispose(parsed) {
    parsed.stdin?.remove();
  },
};
