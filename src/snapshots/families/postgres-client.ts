// pg_dump, pg_restore and psql run with a command's own connection settings: the helpers every Postgres snapshot uses.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Context } from '../../core/context.js';
import { LIBPQ_KEYWORDS, SECRET_KEYWORDS } from '../../tools/postgres/conninfo.js';
import type { ConnectionFacts } from '../../tools/postgres/model.js';
import { SnapshotError } from '../model.js';

/**
 * The connection as the manifest keeps it: what libpq needs to reach the same server and
 * database, never the password (at restore time it comes from PGPASSWORD or ~/.pgpass, as for psql).
 */
export interface PgConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly dbname: string;
  /** Other libpq keywords the command used (sslmode, options…), minus secrets. */
  readonly extra: Readonly<Record<string, string>>;
}

/** A command's resolved connection as snapshot settings (the password stays out). */
export function connectionSettings(connection: ConnectionFacts): PgConnectionSettings {
  const extra: Record<string, string> = {};
  for (const [keyword, value] of Object.entries(connection.extra)) {
    if (keyword in LIBPQ_KEYWORDS && !SECRET_KEYWORDS.has(keyword)) extra[keyword] = value;
  }
  return { host: connection.host, port: connection.port, user: connection.user, dbname: connection.dbname, extra };
}

/** libpq's keyword/value syntax: single quotes, with \ and ' escaped by a backslash. */
function conninfoValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The `dbname=` conninfo string that gives every setting explicitly (so PGSERVICE and PG* cannot redirect it). */
export function conninfo(settings: PgConnectionSettings, dbname = settings.dbname): string {
  const pairs: [string, string][] = [
    ['host', settings.host],
    ['port', String(settings.port)],
    ['user', settings.user],
    ['dbname', dbname],
    ...Object.entries(settings.extra),
  ];
  return pairs.map(([keyword, value]) => `${keyword}=${conninfoValue(value)}`).join(' ');
}

/** The child's environment: the user's own (PGPASSFILE, PGSSL*), plus the command's password when it carried one. */
export function clientEnvironment(ctx: Context, password?: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...ctx.env };
  // A service named in the environment must not fill in what the conninfo leaves out.
  delete env.PGSERVICE;
  if (password !== undefined) env.PGPASSWORD = password;
  return env;
}

/** Dumps and restores are bounded, but generously: a big table takes minutes. */
export const CLIENT_TIMEOUT_MS = 60 * 60 * 1000;

export interface ClientRun {
  readonly program: 'pg_dump' | 'pg_restore' | 'psql';
  readonly args: readonly string[];
  readonly password?: string;
  readonly what: string;
}

/** Runs one client program; throws SnapshotError (with its last error line, never a secret) unless it exits 0. */
export async function runClient(run: ClientRun, ctx: Context): Promise<string> {
  const file = ctx.which(run.program);
  if (!file) throw new SnapshotError(`${run.what}: ${run.program} is not on PATH (install the PostgreSQL client programs)`);
  const result = await ctx.subprocess.run(file, ['--no-password', ...run.args], {
    cwd: ctx.cwd,
    env: clientEnvironment(ctx, run.password),
    timeoutMs: CLIENT_TIMEOUT_MS,
    maxOutputBytes: 32 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const lines = result.stderr.trim().split('\n').filter((l) => l.trim() !== '');
    const detail = result.timedOut ? 'timed out' : result.truncated ? 'too much output' : (lines.find((l) => /error|fatal/i.test(l)) ?? lines.pop() ?? `exit status ${result.status ?? result.signal}`);
    throw new SnapshotError(`${run.what}: ${run.program} failed: ${detail.replace(/^(pg_dump|pg_restore|psql):\s*/, '')}`);
  }
  return result.stdout;
}

/** `pg_dump -Fc` of a database, some tables (qualified, quoted names) or a schema, into `file`. */
export function pgDumpArgs(settings: PgConnectionSettings, file: string, only: { readonly tables?: readonly string[]; readonly schema?: string }, dbname = settings.dbname): string[] {
  const args = ['--format=custom', `--file=${file}`, `--dbname=${conninfo(settings, dbname)}`];
  for (const table of only.tables ?? []) args.push(`--table=${table}`);
  if (only.schema !== undefined) args.push(`--schema=${quoteIdentifierPattern(only.schema)}`);
  return args;
}

/** A name as a pg_dump pattern that matches only itself: double-quoted, so `*`, `?` and `.` are literal. */
export function quoteIdentifierPattern(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"` as a pg_dump --table pattern. */
export function qualifiedPattern(schema: string, table: string): string {
  return `${quoteIdentifierPattern(schema)}.${quoteIdentifierPattern(table)}`;
}

/** One query through psql, unaligned and tuples only (values in `sql` quoted with sqlLiteral). */
export async function psqlQuery(settings: PgConnectionSettings, sql: string, ctx: Context, password?: string, dbname = settings.dbname): Promise<string[][]> {
  const args = ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', `--dbname=${conninfo(settings, dbname)}`, '-c', sql];
  const out = await runClient({ program: 'psql', args, ...(password !== undefined ? { password } : {}), what: 'looking up what the snapshot copies' }, ctx);
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** A string literal safe whatever standard_conforming_strings says: E'' with \ and ' escaped. */
export function sqlLiteral(value: string): string {
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Rows of one table in a custom-format dump: pg_restore writes its COPY data to `scratch`, and the
 * lines between `COPY … FROM stdin;` and `\.` are counted (COPY's text format escapes newlines).
 */
export async function rowsInDump(dump: string, schema: string, table: string, scratch: string, ctx: Context): Promise<number> {
  await runClient({ program: 'pg_restore', args: ['--data-only', `--schema=${schema}`, `--table=${table}`, `--file=${scratch}`, dump], what: `reading ${schema}.${table} back from the dump` }, ctx);
  let rows = 0;
  let inCopy = false;
  let sawCopy = false;
  const lines = createInterface({ input: createReadStream(scratch), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!inCopy && line.startsWith('COPY ') && line.endsWith('FROM stdin;')) {
      inCopy = true;
      sawCopy = true;
    } else if (inCopy && line === '\\.') inCopy = false;
    else if (inCopy) rows++;
  }
  if (!sawCopy) throw new SnapshotError(`the dump holds no data for ${schema}.${table}`);
  return rows;
}
