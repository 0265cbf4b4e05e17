// Live: how many rows a bounded DELETE/UPDATE touches — an exact count on small tables, the optimizer's estimate otherwise.
import type { Context } from '../../core/context.js';
import type { MysqlConnection } from './connection.js';
import { EXACT_COUNT_LIMIT, runQuery } from './live.js';

export interface RowCountRequest {
  readonly table: string;
  readonly countSql: string;
  readonly database: string | null;
}

export interface RowCountResult {
  readonly request: RowCountRequest;
  /** Rows the WHERE selects: exact, or the optimizer's rows-to-examine estimate (an upper bound). */
  readonly rows: number;
  readonly tableRows: number;
  readonly exact: boolean;
}

const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

function splitTable(name: string, fallback: string | null): [string, string] | null {
  const dot = name.indexOf('.');
  if (dot > 0) return [name.slice(0, dot), name.slice(dot + 1)];
  return fallback ? [fallback, name] : null;
}

/**
 * One request: the table's size from information_schema, then — when it is small — the exact
 * COUNT(*) of the WHERE and of the table, else EXPLAIN of the count (nothing is executed). All in
 * the read-only session runQuery opens; failures are the caller's to report.
 */
export async function countRows(connection: MysqlConnection, request: RowCountRequest, ctx: Context): Promise<RowCountResult | null> {
  const parts = splitTable(request.table, request.database);
  if (!parts) return null;
  const [schema, table] = parts;
  const size = await runQuery(connection, `SELECT IFNULL(TABLE_ROWS, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${literal(schema)} AND TABLE_NAME = ${literal(table)}`, ctx);
  const estimate = Number(size[0]?.[0] ?? Number.NaN);
  if (!Number.isFinite(estimate)) return null;
  if (estimate <= EXACT_COUNT_LIMIT) {
    const total = `SELECT COUNT(*) FROM \`${schema.replace(/`/g, '``')}\`.\`${table.replace(/`/g, '``')}\``;
    const rows = await runQuery(connection, `${request.countSql}; ${total}`, ctx, request.database);
    const matched = Number(rows[0]?.[0]);
    const all = Number(rows[1]?.[0]);
    if (Number.isFinite(matched) && Number.isFinite(all)) return { request, rows: matched, tableRows: all, exact: true };
    return null;
  }
  // EXPLAIN columns: id, select_type, table, type, possible_keys, key, key_len, ref, rows, Extra.
  const plan = await runQuery(connection, `EXPLAIN ${request.countSql}`, ctx, request.database);
  const examined = Number(plan[0]?.[8]);
  return Number.isFinite(examined) ? { request, rows: examined, tableRows: estimate, exact: false } : null;
}

export interface BoundedMeasure<F> {
  readonly findings: F[];
  /** Blast-radius lines: `DELETE … touches 3 of 1,234 rows of shop.orders (exact count)`. */
  readonly lines: string[];
  /** Why a finding changed rule: it touches every row. */
  readonly reasons: string[];
  readonly unverified: string[];
}

const MAX_COUNTS = 16;

/**
 * Counts the rows of each bounded DELETE/UPDATE; one whose WHERE selects every row of its (non
 * empty) table, by exact count, is judged like one without WHERE. Estimates only inform.
 */
export async function measureBounded<F extends { readonly rule: string; readonly summary: string; readonly rowCount?: RowCountRequest }>(
  findings: readonly F[],
  connection: MysqlConnection,
  ctx: Context,
): Promise<BoundedMeasure<F> | null> {
  const wanted = findings.filter((f) => f.rowCount !== undefined && (f.rule === 'delete-where' || f.rule === 'update-where')).slice(0, MAX_COUNTS);
  if (wanted.length === 0) return null;
  const lines: string[] = [];
  const reasons: string[] = [];
  const unverified: string[] = [];
  const promoted = new Map<F, string>();
  for (const finding of wanted) {
    const request = finding.rowCount!;
    try {
      const result = await countRows(connection, request, ctx);
      if (!result) {
        unverified.push(`${finding.summary}: guard could not count the rows it touches`);
        continue;
      }
      const how = result.exact ? 'exact count' : 'estimate: rows the server expects to examine, from EXPLAIN';
      lines.push(`${finding.summary} touches ${result.exact ? '' : '~'}${result.rows.toLocaleString('en-US')} of ${result.exact ? '' : '~'}${result.tableRows.toLocaleString('en-US')} rows of ${request.table} (${how})`);
      if (result.exact && result.tableRows > 0 && result.rows >= result.tableRows) {
        const rule = finding.rule === 'delete-where' ? 'delete-all' : 'update-all';
        promoted.set(finding, rule);
        reasons.push(`${finding.summary} touches every row of ${request.table} (${result.tableRows.toLocaleString('en-US')}): it empties the table as surely as no WHERE at all`);
      }
    } catch (error) {
      unverified.push(`${finding.summary}: counting its rows failed: ${(error as Error).message}`);
    }
  }
  return { findings: findings.map((f) => (promoted.has(f) ? { ...f, rule: promoted.get(f)! } : f)), lines, reasons, unverified };
}
