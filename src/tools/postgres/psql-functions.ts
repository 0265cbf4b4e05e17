// Live revision of calls of user functions: the server says what each called function is, and guard reads its body.
//
// PostgreSQL rejects every statement that is not a read inside a STABLE or IMMUTABLE function
// (functions.c and SPI's read_only mode, for SQL and PL/pgSQL alike), so such a function changes
// data only through what it calls; a VOLATILE one does what its body says. Functions in other
// languages, aggregates and window functions stay unknown: guard cannot read them.
import type { Context } from '../../core/context.js';
import type { InspectedObject, PsqlAnalysis, RoutineFacts, SqlFinding } from './model.js';
import { LOOKUP_TIMEOUT_MS, type ConnectionOutcome } from './resolve.js';
import { classifyRoutineBody } from './sql.js';

const READABLE_LANGUAGES = new Set(['sql', 'plpgsql']);
/** Nested calls (a function calling another) are followed this many levels deep. */
const MAX_ROUNDS = 3;

type BodyFinding = Omit<SqlFinding, 'connection' | 'origin'>;

/** What a looked-up function contributes in place of its call: findings, or null to keep the call unknown. */
export interface FunctionJudgement {
  readonly findings: readonly BodyFinding[] | null;
  readonly reason: string;
}

function describeRoutines(routines: readonly RoutineFacts[]): string {
  return routines.map((r) => r.id).join(', ');
}

export function judgeFunction(object: InspectedObject): FunctionJudgement {
  const routines = object.routines ?? [];
  const name = object.request.kind === 'function' ? object.request.name : object.id;
  if (routines.length === 0) return { findings: null, reason: `${name}: no such function on the server, so guard cannot read it` };
  const unreadable = routines.find((r) => !READABLE_LANGUAGES.has(r.language) || r.kind === 'aggregate' || r.kind === 'window');
  if (unreadable) {
    return { findings: null, reason: `${unreadable.id} is ${unreadable.kind === 'function' || unreadable.kind === 'procedure' ? `a LANGUAGE ${unreadable.language} ${unreadable.kind}` : `an ${unreadable.kind} function`}: guard cannot read what it does` };
  }
  const findings = routines.flatMap((routine) =>
    classifyRoutineBody(routine.id, routine.language, routine.source, routine.definition, routine.volatility !== 'volatile')
      .map((found): BodyFinding => ({ ...found, summary: `${routine.id}: ${found.summary}` })));
  const volatile = routines.filter((r) => r.volatility === 'volatile');
  const safe = routines.filter((r) => r.volatility !== 'volatile');
  const lines: string[] = [];
  if (safe.length > 0) lines.push(`${describeRoutines(safe)} ${safe.length === 1 ? 'is' : 'are'} ${safe.map((r) => r.volatility.toUpperCase()).join('/')}: PostgreSQL lets ${safe.length === 1 ? 'it' : 'them'} change no data by ${safe.length === 1 ? 'itself' : 'themselves'}`);
  if (volatile.length > 0) lines.push(`${describeRoutines(volatile)} ${volatile.length === 1 ? 'is' : 'are'} VOLATILE: guard read ${volatile.length === 1 ? 'its body' : 'their bodies'}`);
  return { findings, reason: lines.join('; ') };
}

export interface FunctionRevision {
  readonly analysis: PsqlAnalysis;
  readonly reasons: readonly string[];
  readonly unverified: readonly string[];
}

interface Item { readonly finding: SqlFinding; readonly via: readonly string[] }

function functionName(finding: SqlFinding): string | null {
  if (finding.rule !== 'user-function') return null;
  return finding.objects.find((o) => o.kind === 'function')?.name ?? null;
}

/**
 * Looks up every called user function on the connection that calls it and replaces each call by
 * what the function does. Returns null when the analysis calls none that can be looked up.
 */
export async function reviseUserFunctionCalls(
  analysis: PsqlAnalysis | null,
  connections: readonly ConnectionOutcome[],
  ctx: Context,
): Promise<FunctionRevision | null> {
  if (!analysis?.findings.some((f) => functionName(f) !== null)) return null;
  let items: Item[] = analysis.findings.map((finding) => ({ finding, via: [] }));
  const judged = new Map<string, FunctionJudgement>();
  const key = (connection: number, name: string): string => `${connection}\u0000${name}`;
  const reasons: string[] = [];
  const unverified: string[] = [];
  const spinner = ctx.spinner('guard: reading the called functions…');
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const wanted = new Map<number, Set<string>>();
      for (const { finding } of items) {
        const name = functionName(finding);
        if (name === null || judged.has(key(finding.connection, name))) continue;
        wanted.set(finding.connection, (wanted.get(finding.connection) ?? new Set()).add(name));
      }
      if (wanted.size === 0) break;
      for (const [index, names] of wanted) {
        const outcome = connections[index];
        if (!outcome || !('connection' in outcome)) continue;
        const result = await ctx.postgres.inspect(outcome.connection, [...names].map((name) => ({ kind: 'function' as const, name })), { timeoutMs: LOOKUP_TIMEOUT_MS });
        unverified.push(...result.unverified);
        for (const object of result.objects) if (object.request.kind === 'function') judged.set(key(index, object.request.name), judgeFunction(object));
      }
      items = items.flatMap((item) => {
        const name = functionName(item.finding);
        const judgement = name === null ? undefined : judged.get(key(item.finding.connection, name));
        // A function reached again through its own body (recursion) stays unknown.
        if (name === null || !judgement || item.via.includes(name)) return [item];
        if (!reasons.includes(judgement.reason)) reasons.push(judgement.reason);
        if (judgement.findings === null) return [item];
        const { connection, origin } = item.finding;
        return judgement.findings.map((found) => ({ finding: { ...found, connection, origin }, via: [...item.via, name] }));
      });
    }
  } finally {
    spinner.stop();
  }
  if (reasons.length === 0 && unverified.length === 0) return null;
  return { analysis: { ...analysis, findings: items.map((i) => i.finding) }, reasons, unverified };
}
