// What the live look-ups share: the read-only session they query, row counting, and wording.
import { formatCount, plural as countOf } from '../../core/report.js';

/** One read-only transaction on one server; rows come back as plain objects. */
export interface InspectSession {
  query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<Row[]>;
  /** Extended protocol: the server refuses more than one statement in `text`. */
  querySingleStatement<Row = Record<string, unknown>>(text: string): Promise<Row[]>;
}

export interface LookupContext {
  readonly session: InspectSession;
  /** At or above this planner estimate, rows are not counted exactly. */
  readonly exactCountThreshold: number;
  readonly timeoutMs: number;
  /** Runs `look` in a read-only transaction on another database of the same server. */
  withDatabase<T>(dbname: string, look: (session: InspectSession) => Promise<T>): Promise<T>;
}

/** A server error, as pg reports it: `code` is the SQLSTATE. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export const QUERY_CANCELED = '57014';
export const LOCK_NOT_AVAILABLE = '55P03';

let savepointCounter = 0;

/**
 * Runs `step` under a savepoint: a failed statement aborts the whole transaction otherwise,
 * and one look-up failing must not cost the others.
 */
export async function underSavepoint<T>(session: InspectSession, step: () => Promise<T>): Promise<T> {
  const name = `guard_${++savepointCounter}`;
  await session.query(`SAVEPOINT ${name}`);
  try {
    const result = await step();
    await session.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    // If even the rollback fails the connection is gone; the first error says why.
    await session.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
    throw error;
  }
}

/**
 * The names an identifier as written may denote: unquoted SQL folds to lower case, but the
 * caller may also hand us the name already unquoted, so the literal spelling is tried second.
 */
export function identifierCandidates(written: string): string[] {
  const trimmed = written.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return [trimmed.slice(1, -1).replace(/""/g, '"')];
  }
  const folded = trimmed.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return folded === trimmed ? [trimmed] : [folded, trimmed];
}

export interface RowCount {
  readonly rows: number;
  readonly estimated: boolean;
  /** Set when an exact count was attempted and ran out of time. */
  readonly note?: string;
}

/** The planner's top-level row estimate for a statement, without executing it. */
export async function plannerRows(session: InspectSession, statement: string): Promise<number> {
  const [row] = await session.querySingleStatement<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${statement}`);
  const plan = parsePlan(row?.['QUERY PLAN']);
  return Math.round(plan['Plan Rows'] as number);
}

export type PlanNode = Record<string, unknown> & { readonly Plans?: PlanNode[] };

export function parsePlan(value: unknown): PlanNode {
  const document = (typeof value === 'string' ? JSON.parse(value) : value) as { Plan: PlanNode }[];
  const plan = document[0]?.Plan;
  if (plan === undefined || typeof plan['Plan Rows'] !== 'number') {
    throw new Error('the planner returned no row estimate');
  }
  return plan;
}

/**
 * Counts rows exactly when the planner expects fewer than the threshold: counting a large
 * table reads all of it, which a command prefix must not do. The planner estimate (from
 * EXPLAIN) also covers tables never analysed, whose `reltuples` is -1.
 */
export async function countRows(context: LookupContext, quotedName: string): Promise<RowCount> {
  const estimate = await plannerRows(context.session, `SELECT 1 FROM ${quotedName}`);
  if (estimate >= context.exactCountThreshold) return { rows: estimate, estimated: true };
  try {
    const [row] = await underSavepoint(context.session, () =>
      context.session.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${quotedName}`),
    );
    return { rows: Number(row?.rows ?? 0), estimated: false };
  } catch (error) {
    const state = sqlState(error);
    if (state !== QUERY_CANCELED && state !== LOCK_NOT_AVAILABLE) throw error;
    return {
      rows: estimate,
      estimated: true,
      note: `exact row count of ${quotedName} gave up after ${context.timeoutMs} ms; showing the planner estimate`,
    };
  }
}

export { formatCount };
/** `1 view` / `2 views`: the core's plural, under the name the Postgres look-ups use. */
export { countOf };

const LIST_LIMIT = 10;

/** Names for a fact line, capped so a schema with 5,000 tables stays one readable line. */
export function nameList(names: readonly string[]): string {
  if (names.length <= LIST_LIMIT) return names.join(', ');
  return `${names.slice(0, LIST_LIMIT).join(', ')} and ${formatCount(names.length - LIST_LIMIT)} more`;
}

/** `1 view depends on it: public.order_totals` (verb agrees with the count). */
export function dependsLine(names: readonly string[], singular: string, plural: string, verbs: [string, string]): string {
  const verb = names.length === 1 ? verbs[0] : verbs[1];
  return `${countOf(names.length, singular, plural)} ${verb}: ${nameList(names)}`;
}

export const RELATION_KIND_NAMES: Readonly<Record<string, string>> = {
  r: 'table',
  p: 'partitioned table',
  m: 'materialized view',
  v: 'view',
  f: 'foreign table',
  S: 'sequence',
  i: 'index',
  I: 'partitioned index',
  c: 'composite type',
  t: 'TOAST table',
};

/** User schemas only: the catalogs and TOAST/temp schemas are never a user's data. */
export const USER_SCHEMA_FILTER =
  "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";
