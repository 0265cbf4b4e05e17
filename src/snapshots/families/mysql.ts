// MySQL/MariaDB snapshots: mariadb-dump of the tables or databases a command loses, checked by row counts.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Context } from '../../core/context.js';
import { resolveMysqlConnection, type MysqlConnection } from '../../tools/mysql/connection.js';
import type { ParsedOption } from '../../tools/mysql/getopt.js';
import { readOptionFiles, type DefaultsRequest } from '../../tools/mysql/option-files.js';
import { CLIENT_GROUPS, defaultsRequest, DUMP_GROUPS } from '../../tools/mysql/shared.js';
import { SnapshotError, type SnapshotInput, type SnapshotManifest, type SnapshotPlan, type Snapshotter, type TakenSnapshot, type Verification } from '../model.js';
import { mysqlEnvironment } from '../../tools/mysql/resolve.js';
import { assertRestoreEnvironment, COPY_TIMEOUT_MS, failureLine, keepSessionSecret, privateFileSize, requireBinary, runWithStdinFile, sessionSecret } from './shared.js';

/** Findings whose loss is rows of the tables they name: a dump of those tables covers them. */
const TABLE_RULES = new Set(['drop-table', 'truncate', 'delete-all', 'update-all', 'drop-column']);

/** Where the client connects, without the password (the manifest holds no secret). */
interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly isSocket: boolean;
  readonly user: string;
}

interface MysqlSettings {
  readonly connection: ConnectionSettings;
  /** The command's --defaults-file/--login-path…: where restore reads the password, as the command did. */
  readonly defaults: DefaultsRequest;
  readonly passwordSource: string | null;
  readonly passwordKey: string | null;
  /** Tables per database (`{ shop: ['orders'] }`), and whole databases. */
  readonly tables: Readonly<Record<string, readonly string[]>>;
  readonly databases: readonly string[];
}

interface DumpFacts {
  readonly file: string;
  readonly database: string;
  readonly whole: boolean;
  /** Exact COUNT(*) per base table when the copy was taken. */
  readonly rows: Readonly<Record<string, number>>;
}

const identifier = (text: string) => `\`${text.replace(/`/g, '``')}\``;
const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The family names tables `db.table`, unquoted except that the SQL parser keeps a quoted
 * identifier's doubled backquote (`odd``name`), which names the table odd`name.
 */
function split(name: string, current: string | null): [string, string] | null {
  const unescape = (text: string) => text.replace(/``/g, '`');
  const dot = name.indexOf('.');
  if (dot > 0) return [unescape(name.slice(0, dot)), unescape(name.slice(dot + 1))];
  return current ? [current, unescape(name)] : null;
}

function notCopyable(input: SnapshotInput, reason: string): SnapshotPlan {
  return { family: 'mysql', tool: input.tool, environment: input.analysis.environment?.name ?? 'unknown', targets: [], estimatedBytes: null, copyable: false, reason, notes: [], settings: {} };
}

function plan(input: SnapshotInput): SnapshotPlan {
  const parsed = input.parsed as { connection?: MysqlConnection; options?: readonly ParsedOption[] };
  const connection = parsed.connection;
  if (connection === undefined) return notCopyable(input, `${input.tool}: no MySQL connection to copy from`);
  const tables = new Map<string, Set<string>>();
  const databases = new Set<string>();
  const uncopyable: string[] = [];
  for (const hit of input.analysis.hits) {
    if (hit.rule.risk !== 'destructive' && hit.rule.risk !== 'unknown') continue;
    const rule = hit.rule.id.slice(hit.rule.id.indexOf('/') + 1);
    if (rule === 'drop-database') {
      for (const object of hit.objects ?? []) databases.add(object.name);
      if ((hit.objects ?? []).length === 0) uncopyable.push(`${hit.summary}: it names no database`);
    } else if (TABLE_RULES.has(rule)) {
      const objects = hit.objects ?? [];
      if (objects.length === 0) uncopyable.push(`${hit.summary}: guard could not tell which table it changes`);
      for (const object of objects) {
        const name = object.kind === 'column' ? object.name.slice(0, object.name.lastIndexOf('.')) : object.name;
        const pair = split(name, connection.database);
        if (pair === null) uncopyable.push(`${name}: no database selected, so guard cannot tell which table to copy`);
        else tables.set(pair[0], (tables.get(pair[0]) ?? new Set()).add(pair[1]));
      }
    } else if (hit.rule.risk === 'unknown') uncopyable.push(`${hit.summary}: guard cannot tell what it changes, so not what to copy`);
    else uncopyable.push(`${hit.summary}: not rows of a table or a database (recreate it from its definition)`);
  }
  // A partial copy would read as a safety net it is not: one statement guard cannot copy for stops it.
  if (uncopyable.length > 0) return notCopyable(input, `nothing guard can copy covers ${uncopyable.join('; ')}`);
  for (const database of databases) tables.delete(database);
  if (tables.size === 0 && databases.size === 0) return notCopyable(input, 'the command names no table or database guard could copy');

  const targets = [...databases, ...[...tables].flatMap(([db, names]) => [...names].map((t) => `${db}.${t}`))];
  const measured = input.analysis.targets.filter((t) => targets.includes(t.id) && typeof t.bytes === 'number');
  const settings: MysqlSettings = {
    connection: { host: connection.host, port: connection.port, isSocket: connection.isSocket, user: connection.user },
    defaults: defaultsRequest(parsed.options ?? []),
    passwordSource: connection.passwordSource,
    passwordKey: keepSessionSecret(connection.password),
    tables: Object.fromEntries([...tables].map(([db, names]) => [db, [...names].sort()])),
    databases: [...databases].sort(),
  };
  return {
    family: 'mysql',
    tool: input.tool,
    environment: input.analysis.environment?.name ?? 'unknown',
    targets,
    estimatedBytes: measured.length === targets.length ? measured.reduce((sum, t) => sum + (t.bytes ?? 0), 0) : null,
    copyable: true,
    notes: [`mariadb-dump (--single-transaction) of ${targets.join(', ')}; restore runs the dump through the mariadb client`],
    settings: settings as unknown as Record<string, unknown>,
  };
}

function readSettings(settings: Readonly<Record<string, unknown>>): MysqlSettings {
  const s = settings as Partial<MysqlSettings>;
  if (!s.connection || typeof s.connection.host !== 'string' || typeof s.connection.user !== 'string' || !s.defaults || typeof s.tables !== 'object' || !Array.isArray(s.databases)) {
    throw new SnapshotError('the manifest has no usable MySQL connection settings');
  }
  return s as MysqlSettings;
}

/** The password as the command found it: this run's own, else MYSQL_PWD, else the option files it read. */
async function password(settings: MysqlSettings, groups: readonly string[], ctx: Context): Promise<string | null> {
  const kept = sessionSecret(settings.passwordKey);
  if (kept !== null) return kept;
  const files = await readOptionFiles(settings.defaults, groups, ctx);
  return resolveMysqlConnection([], files.options, null, ctx.env).password;
}

function connectionArgs(connection: ConnectionSettings): string[] {
  const args = ['--no-defaults', `--user=${connection.user}`];
  if (connection.isSocket) args.push('--protocol=socket', `--socket=${connection.host}`);
  else args.push('--protocol=tcp', `--host=${connection.host}`, `--port=${connection.port}`);
  return args;
}

function childEnv(ctx: Context, secret: string | null): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...ctx.env };
  delete env.MYSQL_PWD;
  if (secret !== null) env.MYSQL_PWD = secret;
  return env;
}

/** Read-only queries through the client; tab-separated rows. */
async function query(settings: MysqlSettings, secret: string | null, sql: string, ctx: Context): Promise<string[][]> {
  const client = requireBinary(ctx, ['mariadb', 'mysql'], 'it counts the rows the copy must hold');
  const args = [...connectionArgs(settings.connection), '--batch', '--skip-column-names', '-e', `START TRANSACTION READ ONLY; ${sql}; ROLLBACK`];
  const result = await ctx.subprocess.run(client, args, { env: childEnv(ctx, secret), timeoutMs: COPY_TIMEOUT_MS, maxOutputBytes: 4 << 20 });
  if (result.status !== 0 || result.timedOut) throw new SnapshotError(`counting rows on ${settings.connection.host}: ${failureLine(result, 'the mariadb client')}`);
  return result.stdout.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
}

/** Base tables that exist now, with exact row counts: what verify compares the dump with. */
async function liveCounts(settings: MysqlSettings, secret: string | null, database: string, only: readonly string[] | null, ctx: Context): Promise<Record<string, number>> {
  const filter = only === null ? '' : ` AND TABLE_NAME IN (${only.map(literal).join(',')})`;
  const names = (await query(settings, secret, `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA=${literal(database)} AND TABLE_TYPE='BASE TABLE'${filter}`, ctx)).map((row) => row[0] ?? '');
  if (names.length === 0) return {};
  const counts = await query(settings, secret, names.map((t) => `SELECT ${literal(t)}, COUNT(*) FROM ${identifier(database)}.${identifier(t)}`).join('; '), ctx);
  return Object.fromEntries(counts.map(([table = '', n = '']) => [table, Number(n)]));
}

async function take(planned: SnapshotPlan, dir: string, ctx: Context): Promise<TakenSnapshot> {
  const settings = readSettings(planned.settings);
  const secret = await password(settings, DUMP_GROUPS, ctx);
  const dumper = requireBinary(ctx, ['mariadb-dump', 'mysqldump'], 'the snapshot of a MySQL/MariaDB database is a dump');
  const jobs = [
    ...settings.databases.map((database) => ({ database, tables: null as readonly string[] | null })),
    ...Object.entries(settings.tables).map(([database, tables]) => ({ database, tables: tables as readonly string[] | null })),
  ];
  const dumps: DumpFacts[] = [];
  const missing: string[] = [];
  let bytes = 0;
  for (const [index, job] of jobs.entries()) {
    const rows = await liveCounts(settings, secret, job.database, job.tables, ctx);
    const present = job.tables === null ? null : job.tables.filter((t) => t in rows);
    missing.push(...(job.tables ?? []).filter((t) => !(t in rows)).map((t) => `${job.database}.${t}`));
    if (present !== null && present.length === 0) continue;
    if (job.tables === null && !(await databaseExists(settings, secret, job.database, ctx))) {
      missing.push(job.database);
      continue;
    }
    const file = `mysql-${index + 1}.sql`;
    // One INSERT per row (--skip-extended-insert) so verify can count rows without parsing SQL values.
    const args = [...connectionArgs(settings.connection), '--single-transaction', '--skip-extended-insert', '--hex-blob', '--triggers', `--result-file=${join(dir, file)}`];
    if (job.tables === null) args.push('--routines', '--events', '--databases', job.database);
    else args.push(job.database, ...(present ?? []));
    const result = await ctx.subprocess.run(dumper, args, { env: childEnv(ctx, secret), timeoutMs: COPY_TIMEOUT_MS, maxOutputBytes: 4 << 20 });
    if (result.status !== 0 || result.timedOut) throw new SnapshotError(`dumping ${job.database}: ${failureLine(result, 'mariadb-dump')}`);
    bytes += await privateFileSize(dir, file);
    dumps.push({ file, database: job.database, whole: job.tables === null, rows });
  }
  if (dumps.length === 0) throw new SnapshotError(`nothing to copy: ${missing.join(', ')} do${missing.length === 1 ? 'es' : ''} not exist on the server now`);
  return { files: dumps.map((d) => d.file), bytes, facts: { dumps, missing } };
}

async function databaseExists(settings: MysqlSettings, secret: string | null, database: string, ctx: Context): Promise<boolean> {
  const rows = await query(settings, secret, `SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME=${literal(database)}`, ctx);
  return rows[0]?.[0] === '1';
}

function dumpsOf(manifest: SnapshotManifest): DumpFacts[] {
  const dumps = manifest.facts.dumps;
  if (!Array.isArray(dumps)) throw new SnapshotError('the manifest lists no dump files');
  return dumps as DumpFacts[];
}

/** Per table: its CREATE TABLE seen, and how many INSERT lines (one per row) the dump holds. */
async function readDump(path: string): Promise<{ created: Set<string>; inserts: Map<string, number>; completed: boolean }> {
  const created = new Set<string>();
  const inserts = new Map<string, number>();
  let completed = false;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.startsWith('INSERT INTO `')) {
      const name = quotedName(line.slice('INSERT INTO '.length));
      if (name !== null) inserts.set(name, (inserts.get(name) ?? 0) + 1);
    } else if (line.startsWith('CREATE TABLE `')) {
      const name = quotedName(line.slice('CREATE TABLE '.length));
      if (name !== null) created.add(name);
    } else if (line.startsWith('-- Dump completed')) completed = true;
  }
  return { created, inserts, completed };
}

/** The backquoted identifier at the start of `text` (doubled backquotes inside), unquoted. */
function quotedName(text: string): string | null {
  let name = '';
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== '`') name += text[i];
    else if (text[i + 1] === '`') (name += '`'), i++;
    else return name;
  }
  return null;
}

async function verify(manifest: SnapshotManifest, dir: string): Promise<Verification> {
  const checks: string[] = [];
  let ok = true;
  for (const dump of dumpsOf(manifest)) {
    let read;
    try {
      read = await readDump(join(dir, dump.file));
    } catch {
      return { ok: false, checks: [...checks, `${dump.file}: cannot be read`] };
    }
    if (!read.completed) (ok = false), checks.push(`${dump.file}: the dump did not finish (no "Dump completed" line)`);
    for (const [table, rows] of Object.entries(dump.rows)) {
      const found = read.inserts.get(table) ?? 0;
      const same = read.created.has(table) && found === rows;
      ok &&= same;
      checks.push(`${dump.database}.${table}: ${read.created.has(table) ? 'CREATE TABLE present' : 'CREATE TABLE missing'}, ${found} rows in the dump, ${rows} counted live${same ? '' : ' (MISMATCH)'}`);
    }
  }
  return { ok, checks };
}

/**
 * A dump drops and recreates its tables: over a table that has rows again it would throw today's
 * rows away. Like the Postgres restore, guard refuses then: mixing the two is the user's call.
 */
async function refuseOverRows(settings: MysqlSettings, secret: string | null, dumps: readonly DumpFacts[], ctx: Context): Promise<void> {
  const occupied: string[] = [];
  for (const dump of dumps) {
    if (Object.keys(dump.rows).length === 0) continue;
    const live = await liveCounts(settings, secret, dump.database, Object.keys(dump.rows), ctx);
    for (const [table, rows] of Object.entries(live)) if (rows > 0) occupied.push(`${dump.database}.${table} has ${rows} row${rows === 1 ? '' : 's'} now`);
  }
  if (occupied.length > 0) throw new SnapshotError(`${occupied.join('; ')}: restoring would replace them with the snapshot's; empty or drop ${occupied.length === 1 ? 'it' : 'them'} first`);
}

async function restore(manifest: SnapshotManifest, dir: string, ctx: Context): Promise<void> {
  const settings = readSettings(manifest.settings);
  const secret = await password(settings, CLIENT_GROUPS, ctx);
  const client = requireBinary(ctx, ['mariadb', 'mysql'], 'restoring runs the dump through the client');
  for (const dump of dumpsOf(manifest)) {
    const { host, port, isSocket, user } = settings.connection;
    const connection: MysqlConnection = { host, port, isSocket, user, socket: isSocket ? host : null, database: dump.database, passwordSource: null, password: null, origin: 'snapshot manifest' };
    await assertRestoreEnvironment(manifest, mysqlEnvironment(connection, ctx.config), `${user}@${isSocket ? `socket ${host}` : `${host}:${port}`}/${dump.database}`, ctx);
  }
  await refuseOverRows(settings, secret, dumpsOf(manifest), ctx);
  for (const dump of dumpsOf(manifest)) {
    // A whole-database dump creates and selects its database; a tables dump goes into its own.
    const args = [...connectionArgs(settings.connection), '--batch', ...(dump.whole ? [] : [dump.database])];
    const result = await runWithStdinFile(ctx, join(dir, dump.file), client, args, { env: childEnv(ctx, secret) });
    if (result.status !== 0) throw new SnapshotError(`restoring ${dump.database} from ${dump.file}: ${failureLine(result, 'the mariadb client')}`);
  }
}

export const mysqlSnapshotter: Snapshotter = {
  family: 'mysql',
  plan: async (input) => plan(input),
  take,
  verify: async (manifest, dir) => verify(manifest, dir),
  restore,
};
