// Live blast radius from the server through the real client binary, in a read-only transaction.
import type { Context } from '../../core/context.js';
import type { MysqlConnection } from './connection.js';

export const LOOKUP_TIMEOUT_MS = 5000;
/** Tables whose estimate is at most this are counted exactly (COUNT(*)); larger ones keep the estimate. */
export const EXACT_COUNT_LIMIT = 200_000;

export interface TableFacts {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly engine: string;
  readonly rows: number;
  readonly rowsEstimated: boolean;
  readonly dataBytes: number;
  readonly indexBytes: number;
  readonly referencedBy: readonly string[];
  readonly views: readonly string[];
  readonly triggers: readonly string[];
}

export interface DatabaseFacts {
  readonly name: string;
  readonly exists: boolean;
  readonly tables: number;
  readonly views: number;
  readonly rows: number;
  readonly bytes: number;
  readonly routines: number;
  readonly triggers: number;
  readonly events: number;
  readonly referencedFromOutside: readonly string[];
}

export interface LiveResult {
  readonly tables: readonly TableFacts[];
  readonly missingTables: readonly string[];
  readonly databases: readonly DatabaseFacts[];
  readonly unverified: readonly string[];
}

const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const identifier = (text: string) => `\`${text.replace(/`/g, '``')}\``;

/** The client binary, run with --no-defaults and the resolved connection; the password travels in MYSQL_PWD. */
export async function runQuery(connection: MysqlConnection, sql: string, ctx: Context, database?: string | null): Promise<string[][]> {
  const binary = ctx.which('mariadb') ?? ctx.which('mysql');
  if (binary === null) throw new Error('no mariadb or mysql client binary to look the server up with');
  const args = ['--no-defaults', '--batch', '--skip-column-names', '--connect-timeout=3', `--user=${connection.user}`];
  if (connection.isSocket) args.push('--protocol=socket', `--socket=${connection.host}`);
  else args.push('--protocol=tcp', `--host=${connection.host}`, `--port=${connection.port}`);
  if (database) args.push(`--database=${database}`);
  // A read-only transaction: nothing guard sends can change data, whatever a name contains.
  args.push('-e', `SET SESSION TRANSACTION READ ONLY; START TRANSACTION READ ONLY; ${sql}; ROLLBACK`);
  const env: Record<string, string | undefined> = { ...ctx.env, MYSQL_PWD: connection.password ?? undefined };
  if (connection.password === null) delete env.MYSQL_PWD;
  const result = await ctx.subprocess.run(binary, args, { env, timeoutMs: LOOKUP_TIMEOUT_MS, maxOutputBytes: 4 << 20 });
  if (result.timedOut) throw new Error(`the server did not answer within ${LOOKUP_TIMEOUT_MS / 1000} s`);
  if (result.status !== 0) throw new Error(result.stderr.trim().split('\n')[0] ?? `exit ${String(result.status)}`);
  return result.stdout.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
}

function splitName(name: string, fallbackSchema: string | null): [string, string] | null {
  const dot = name.indexOf('.');
  if (dot > 0) return [name.slice(0, dot).replace(/`/g, ''), name.slice(dot + 1).replace(/`/g, '')];
  return fallbackSchema ? [fallbackSchema, name.replace(/`/g, '')] : null;
}

/** Rows, sizes, referencing foreign keys, views and triggers of tables; contents of databases. */
export async function inspectMysql(
  connection: MysqlConnection,
  request: { readonly tables: readonly string[]; readonly databases: readonly string[] },
  ctx: Context,
): Promise<LiveResult> {
  const unverified: string[] = [];
  const names = request.tables.map((t) => ({ asked: t, split: splitName(t, connection.database) }));
  for (const n of names) if (n.split === null) unverified.push(`${n.asked}: no database selected, the table cannot be looked up`);
  const pairs = names.flatMap((n) => (n.split ? [n.split] : []));
  const queries: string[] = [];
  if (pairs.length > 0) {
    const inList = pairs.map(([s, t]) => `(${literal(s)},${literal(t)})`).join(',');
    queries.push(`SELECT 'T', TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, IFNULL(ENGINE,''), IFNULL(TABLE_ROWS,0), IFNULL(DATA_LENGTH,0), IFNULL(INDEX_LENGTH,0) FROM information_schema.TABLES WHERE (TABLE_SCHEMA, TABLE_NAME) IN (${inList})`);
    queries.push(`SELECT 'FK', REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, CONCAT(TABLE_SCHEMA,'.',TABLE_NAME,' (',CONSTRAINT_NAME,')') FROM information_schema.KEY_COLUMN_USAGE WHERE (REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME) IN (${inList}) GROUP BY 1,2,3,4`);
    queries.push(`SELECT 'TR', EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, CONCAT(TRIGGER_SCHEMA,'.',TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE (EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE) IN (${inList})`);
    for (const [s, t] of pairs) {
      queries.push(`SELECT 'V', ${literal(s)}, ${literal(t)}, CONCAT(TABLE_SCHEMA,'.',TABLE_NAME) FROM information_schema.VIEWS WHERE VIEW_DEFINITION LIKE ${literal(`%\`${s}\`.\`${t}\`%`)}`);
    }
  }
  for (const db of request.databases) {
    const d = literal(db);
    queries.push(`SELECT 'DB', ${d}, (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME=${d}), (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA=${d} AND TABLE_TYPE<>'VIEW'), (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA=${d} AND TABLE_TYPE='VIEW'), (SELECT IFNULL(SUM(TABLE_ROWS),0) FROM information_schema.TABLES WHERE TABLE_SCHEMA=${d}), (SELECT IFNULL(SUM(DATA_LENGTH+INDEX_LENGTH),0) FROM information_schema.TABLES WHERE TABLE_SCHEMA=${d}), (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA=${d}), (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA=${d}), (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA=${d})`);
    queries.push(`SELECT 'DBFK', ${d}, CONCAT(TABLE_SCHEMA,'.',TABLE_NAME,' -> ',REFERENCED_TABLE_NAME) FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_SCHEMA=${d} AND TABLE_SCHEMA<>${d}`);
  }
  if (queries.length === 0) return { tables: [], missingTables: request.tables, databases: [], unverified };

  const rows = await runQuery(connection, queries.join('; '), ctx);
  const tables = new Map<string, { schema: string; name: string; type: string; engine: string; rows: number; dataBytes: number; indexBytes: number; referencedBy: string[]; views: string[]; triggers: string[] }>();
  const databases = new Map<string, DatabaseFacts & { referencedFromOutside: string[] }>();
  for (const row of rows) {
    const [tag, a = '', b = '', ...rest] = row;
    const key = `${a}.${b}`;
    if (tag === 'T') tables.set(key, { schema: a, name: b, type: rest[0] ?? '', engine: rest[1] ?? '', rows: Number(rest[2]), dataBytes: Number(rest[3]), indexBytes: Number(rest[4]), referencedBy: [], views: [], triggers: [] });
    else if (tag === 'FK') tables.get(key)?.referencedBy.push(rest[0] ?? '');
    else if (tag === 'TR') tables.get(key)?.triggers.push(rest[0] ?? '');
    else if (tag === 'V') tables.get(key)?.views.push(rest[0] ?? '');
    else if (tag === 'DB') {
      const n = [b, ...rest].map(Number);
      databases.set(a, { name: a, exists: (n[0] ?? 0) > 0, tables: n[1] ?? 0, views: n[2] ?? 0, rows: n[3] ?? 0, bytes: n[4] ?? 0, routines: n[5] ?? 0, triggers: n[6] ?? 0, events: n[7] ?? 0, referencedFromOutside: [] });
    } else if (tag === 'DBFK') databases.get(a)?.referencedFromOutside.push(b);
  }

  // Exact counts where they are cheap: small tables, and engines whose TABLE_ROWS is only an estimate.
  const exact = [...tables.values()].filter((t) => t.type !== 'VIEW' && t.rows <= EXACT_COUNT_LIMIT);
  const counted = new Map<string, number>();
  if (exact.length > 0) {
    const countSql = exact.map((t) => `SELECT 'C', ${literal(t.schema)}, ${literal(t.name)}, COUNT(*) FROM ${identifier(t.schema)}.${identifier(t.name)}`).join('; ');
    try {
      for (const [, s = '', t = '', n = ''] of await runQuery(connection, countSql, ctx)) counted.set(`${s}.${t}`, Number(n));
    } catch (error) {
      unverified.push(`exact row counts: ${(error as Error).message}`);
    }
  }
  const facts: TableFacts[] = [...tables.entries()].map(([key, t]) => ({
    ...t,
    rows: counted.get(key) ?? t.rows,
    rowsEstimated: !counted.has(key) && !['MyISAM', 'Aria'].includes(t.engine),
  }));
  const missingTables = names.filter((n) => n.split && !tables.has(`${n.split[0]}.${n.split[1]}`)).map((n) => n.asked);
  return { tables: facts, missingTables, databases: [...databases.values()], unverified };
}
