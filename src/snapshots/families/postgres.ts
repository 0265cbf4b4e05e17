// The Postgres snapshotter: pg_dump -Fc of exactly what a command loses, checked by pg_restore --list and row counts.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Context } from '../../core/context.js';
import { isProtectedEnvironment } from '../../core/environment.js';
import { postgresEnvironment } from '../../tools/postgres/environment.js';
import type { ConnectionFacts } from '../../tools/postgres/model.js';
import { formatCount } from '../../core/report.js';
import { SnapshotError, type SnapshotManifest, type SnapshotPlan, type Snapshotter, type TakenSnapshot, type Verification } from '../model.js';
import { conninfo, pgDumpArgs, psqlQuery, qualifiedPattern, rowsInDump, runClient, sqlLiteral, type PgConnectionSettings } from './postgres-client.js';
import { planParts, wantedObjects, type DumpedTable, type DumpPart } from './postgres-plan.js';

export { connectionSettings, conninfo, pgDumpArgs, runClient, type PgConnectionSettings } from './postgres-client.js';

/** Tables counted one by one for a schema or database; beyond this only pg_restore --list checks them. */
const MAX_COUNTED_TABLES = 200;

interface PartFacts {
  readonly file: string;
  /** Live rows per `schema.table`, counted right after the dump. */
  readonly rows: Readonly<Record<string, number>>;
  readonly uncounted: number;
}

/** Passwords that came with the command, by part, kept in memory between plan and take only. */
const passwordsByPlan = new WeakMap<SnapshotPlan, ReadonlyMap<number, string>>();

function partsOf(settings: Readonly<Record<string, unknown>>): DumpPart[] {
  const parts = settings.parts;
  if (!Array.isArray(parts) || parts.length === 0) throw new SnapshotError('the snapshot settings list no dumps');
  return parts as DumpPart[];
}

function factsOf(manifest: SnapshotManifest): PartFacts[] {
  const parts = manifest.facts.parts;
  if (!Array.isArray(parts)) throw new SnapshotError('the snapshot facts list no dumps');
  return parts as PartFacts[];
}

function quoted(table: DumpedTable): string {
  return `"${table.schema.replace(/"/g, '""')}"."${table.name.replace(/"/g, '""')}"`;
}

/** The tables whose rows a part holds (for a schema or database: listed live, bounded). */
async function tablesOf(part: DumpPart, ctx: Context, password?: string): Promise<{ tables: DumpedTable[]; uncounted: number }> {
  if (part.kind === 'tables') return { tables: [...part.tables], uncounted: 0 };
  const where = part.kind === 'schema' ? `n.nspname = ${sqlLiteral(part.schema)}` : "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";
  const dbname = part.kind === 'database' ? part.database : part.connection.dbname;
  const rows = await psqlQuery(part.connection, `SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND ${where} ORDER BY 1, 2`, ctx, password, dbname);
  const tables = rows.map(([schema = '', name = '']) => ({ schema, name }));
  return { tables: tables.slice(0, MAX_COUNTED_TABLES), uncounted: Math.max(0, tables.length - MAX_COUNTED_TABLES) };
}

async function countRows(part: DumpPart, tables: readonly DumpedTable[], ctx: Context, password?: string): Promise<Record<string, number>> {
  const counted = tables.filter((t) => (t.relkind ?? 'r') === 'r');
  if (counted.length === 0) return {};
  const dbname = part.kind === 'database' ? part.database : part.connection.dbname;
  const sql = counted.map((t) => `SELECT ${sqlLiteral(`${t.schema}.${t.name}`)}, count(*) FROM ONLY ${quoted(t)}`).join(' UNION ALL ');
  const rows = await psqlQuery(part.connection, sql, ctx, password, dbname);
  return Object.fromEntries(rows.map(([id = '', count = '0']) => [id, Number(count)]));
}

export const postgresSnapshotter: Snapshotter = {
  family: 'postgres',

  async plan(input, ctx) {
    const { wanted, notes } = wantedObjects(input);
    const parts = await planParts(wanted, ctx);
    const plan: SnapshotPlan = {
      family: 'postgres',
      tool: input.tool,
      environment: input.analysis.environment?.name ?? 'unknown',
      targets: parts.targets,
      estimatedBytes: parts.bytes,
      copyable: true,
      notes: [...notes, ...parts.notes, 'pg_dump -Fc with the command\'s connection settings; verified by pg_restore --list and row counts'],
      settings: { parts: parts.parts },
      destroysPaths: parts.dataDirectories,
    };
    passwordsByPlan.set(plan, parts.passwords);
    return plan;
  },

  async take(plan, dir, ctx): Promise<TakenSnapshot> {
    const parts = partsOf(plan.settings);
    const passwords = passwordsByPlan.get(plan) ?? new Map<number, string>();
    const files: string[] = [];
    const facts: PartFacts[] = [];
    for (const [index, part] of parts.entries()) {
      const file = `part-${index}.pgdump`;
      const password = passwords.get(index);
      const only = part.kind === 'tables' ? { tables: part.tables.map((t) => qualifiedPattern(t.schema, t.name)) } : part.kind === 'schema' ? { schema: part.schema } : {};
      const dbname = part.kind === 'database' ? part.database : part.connection.dbname;
      await runClient({ program: 'pg_dump', args: pgDumpArgs(part.connection, join(dir, file), only, dbname), ...(password !== undefined ? { password } : {}), what: `dumping ${describePart(part)}` }, ctx);
      const { tables, uncounted } = await tablesOf(part, ctx, password);
      facts.push({ file, rows: await countRows(part, tables, ctx, password), uncounted });
      files.push(file);
    }
    return { files, bytes: 0, facts: { parts: facts } };
  },

  async verify(manifest, dir, ctx): Promise<Verification> {
    const checks: string[] = [];
    let ok = true;
    const scratch = join(dir, '.verify-data');
    try {
      for (const part of factsOf(manifest)) {
        const dump = join(dir, part.file);
        const list = await runClient({ program: 'pg_restore', args: ['--list', dump], what: `listing ${part.file}` }, ctx).catch((error: Error) => {
          ok = false;
          checks.push(`${part.file}: ${error.message}`);
          return null;
        });
        if (list === null) continue;
        checks.push(`${part.file}: pg_restore --list reads ${list.split('\n').filter((l) => l && !l.startsWith(';')).length} entries`);
        for (const [id, live] of Object.entries(part.rows)) {
          const dot = id.indexOf('.');
          const dumped = await rowsInDump(dump, id.slice(0, dot), id.slice(dot + 1), scratch, ctx).catch((error: Error) => {
            checks.push(`${id}: ${error.message}`);
            return null;
          });
          if (dumped !== live) ok = false;
          if (dumped !== null) checks.push(`${id}: ${formatCount(dumped)} rows in the dump${dumped === live ? ' = ' : ' but '}${formatCount(live)} live when it was taken`);
        }
        if (part.uncounted > 0) checks.push(`${part.uncounted} more tables are in the dump but were not counted`);
      }
    } finally {
      rmSync(scratch, { force: true });
    }
    return { ok, checks };
  },

  async restore(manifest, dir, ctx) {
    const facts = factsOf(manifest);
    const parts = partsOf(manifest.settings);
    // The manifest is a file: the environment its connection resolves to today must be the one
    // the restore was confirmed for, or one less protected, never a protected one it does not name.
    for (const part of parts) {
      const environment = postgresEnvironment(asConnectionFacts(part.connection), ctx.config);
      if (environment.protected && environment.name !== manifest.environment && !isProtectedEnvironment(manifest.environment, ctx.config)) {
        throw new SnapshotError(`the snapshot says ${manifest.environment}, but its connection (${part.connection.user}@${part.connection.host}:${part.connection.port}) is in ${environment.name}, a protected environment: not restored`);
      }
      ctx.stderr.write(`guard: restoring ${describePart(part)} into ${part.connection.user}@${part.connection.host}:${part.connection.port}/${part.kind === 'database' ? part.database : part.connection.dbname}\n`);
    }
    for (const [index, part] of parts.entries()) {
      const file = facts[index]?.file;
      if (!file) throw new SnapshotError(`the manifest has no file for dump ${index}`);
      await restorePart(part, join(dir, file), facts[index]?.rows ?? {}, ctx);
    }
  },
};

function asConnectionFacts(settings: PgConnectionSettings): ConnectionFacts {
  const source = 'snapshot manifest';
  return { host: settings.host, isSocket: settings.host.startsWith('/'), port: settings.port, user: settings.user, dbname: settings.dbname, sources: { host: source, port: source, user: source, dbname: source }, extra: settings.extra };
}

function describePart(part: DumpPart): string {
  if (part.kind === 'tables') return part.tables.map((t) => `${t.schema}.${t.name}`).join(', ');
  return part.kind === 'schema' ? `schema ${part.schema}` : `database ${part.database}`;
}

/**
 * What restoring means depends on what is there now: a dropped table (or schema, database) is
 * created again with its rows; a table that still exists but is empty (TRUNCATE, DELETE) gets its
 * rows back; a table that has rows again (or an UPDATE's changed rows) is left alone and the
 * restore refused, since mixing the snapshot's rows with today's is not guard's call to make.
 */
async function restorePart(part: DumpPart, dump: string, rows: Readonly<Record<string, number>>, ctx: Context): Promise<void> {
  const settings = part.connection;
  const restore = (extra: string[], dbname: string) => runClient({ program: 'pg_restore', args: [...extra, '--exit-on-error', `--dbname=${conninfo(settings, dbname)}`, dump], what: `restoring ${describePart(part)}` }, ctx);
  if (part.kind === 'database') {
    const maintenance = settings.dbname === part.database ? 'postgres' : settings.dbname;
    const exists = await psqlQuery(settings, `SELECT 1 FROM pg_database WHERE datname = ${sqlLiteral(part.database)}`, ctx, undefined, maintenance);
    if (exists.length > 0) throw new SnapshotError(`database ${part.database} exists; drop or rename it first, then restore (pg_restore --create would collide with it)`);
    await restore(['--create'], maintenance);
    return;
  }
  if (part.kind === 'schema') {
    const exists = await psqlQuery(settings, `SELECT 1 FROM pg_namespace WHERE nspname = ${sqlLiteral(part.schema)}`, ctx);
    if (exists.length > 0) throw new SnapshotError(`schema ${part.schema} exists; drop or rename it first, then restore`);
    await restore(['--single-transaction'], settings.dbname);
    return;
  }
  const states = await tableStates(settings, part.tables, ctx);
  const withRows = part.tables.filter((t) => states.get(`${t.schema}.${t.name}`) === 'rows');
  if (withRows.length > 0) {
    throw new SnapshotError(`${withRows.map((t) => `${t.schema}.${t.name}`).join(', ')} has rows now; restoring would mix the snapshot's rows with them. Empty or rename the table first (under guard), then restore`);
  }
  const missing = part.tables.filter((t) => states.get(`${t.schema}.${t.name}`) === 'missing');
  if (missing.length > 0 && missing.length < part.tables.length) {
    throw new SnapshotError(`${missing.map((t) => `${t.schema}.${t.name}`).join(', ')} is gone but the other tables of the snapshot exist; restore by hand with pg_restore -t`);
  }
  // All gone: definitions, indexes, constraints and rows come back; all empty: only the rows, in
  // foreign-key order (referenced tables first), which a full dump's table of contents does not keep.
  if (missing.length > 0) await restore(['--single-transaction'], settings.dbname);
  else {
    const list = join(dirname(dump), '.restore-list');
    try {
      const toc = await runClient({ program: 'pg_restore', args: ['--list', dump], what: `listing ${describePart(part)}` }, ctx);
      writeFileSync(list, reorderTableData(toc, await foreignKeyOrder(settings, part.tables, ctx)), { mode: 0o600 });
      await restore(['--single-transaction', '--data-only', `--use-list=${list}`], settings.dbname);
    } finally {
      rmSync(list, { force: true });
    }
  }
  if (missing.length > 0) await addForeignKeysBack(part, ctx);
  const counted = await countRows(part, part.tables, ctx);
  const short = Object.entries(rows).filter(([id, expected]) => counted[id] !== expected);
  if (short.length > 0) throw new SnapshotError(`restored, but the row counts differ: ${short.map(([id, expected]) => `${id} has ${counted[id] ?? 0}, the snapshot ${expected}`).join('; ')}`);
}

/** The tables with every table a foreign key references before the table that references it. */
async function foreignKeyOrder(settings: PgConnectionSettings, tables: readonly DumpedTable[], ctx: Context): Promise<string[]> {
  const ids = tables.map((t) => `${t.schema}.${t.name}`);
  const edges = await psqlQuery(settings, "SELECT rn.nspname || '.' || r.relname, fn.nspname || '.' || f.relname FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace JOIN pg_class f ON f.oid = c.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace WHERE c.contype = 'f' AND c.conrelid <> c.confrelid", ctx);
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string) => {
    if (order.includes(id) || visiting.has(id)) return;
    visiting.add(id);
    for (const [from, to] of edges) if (from === id && to !== undefined && ids.includes(to)) visit(to);
    order.push(id);
  };
  ids.forEach(visit);
  return order;
}

/** pg_restore's table of contents with its TABLE DATA lines in `order` (other lines stay where they are). */
export function reorderTableData(toc: string, order: readonly string[]): string {
  const lines = toc.split('\n');
  const dataLines = new Map<string, string>();
  const positions: number[] = [];
  lines.forEach((line, index) => {
    const match = / TABLE DATA (\S+) (\S+) /.exec(line);
    if (!line.startsWith(';') && match) {
      dataLines.set(`${match[1]}.${match[2]}`, line);
      positions.push(index);
    }
  });
  const sorted = [...order.filter((id) => dataLines.has(id)), ...[...dataLines.keys()].filter((id) => !order.includes(id))];
  positions.forEach((position, i) => {
    lines[position] = dataLines.get(sorted[i] ?? '') ?? lines[position] ?? '';
  });
  return lines.join('\n');
}

/** The foreign keys DROP … CASCADE removed from other tables, added back where they are still missing. */
async function addForeignKeysBack(part: Extract<DumpPart, { kind: 'tables' }>, ctx: Context): Promise<void> {
  const failed: string[] = [];
  for (const key of part.foreignKeys ?? []) {
    const [exists] = await psqlQuery(part.connection, `SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(${sqlLiteral(key.table)}) AND conname = ${sqlLiteral(key.name)})`, ctx);
    if (exists?.[0] === 't') continue;
    const statement = `ALTER TABLE ${key.table} ADD CONSTRAINT "${key.name.replace(/"/g, '""')}" ${key.definition}`;
    try {
      // The manifest is a file the same user can edit: run only what parses as this one ALTER TABLE.
      await assertOneAddConstraint(statement);
      await psqlQuery(part.connection, statement, ctx);
    } catch (error) {
      failed.push(`${key.name} on ${key.table}: ${(error as Error).message}`);
    }
  }
  if (failed.length > 0) throw new SnapshotError(`restored, but foreign keys could not be added back: ${failed.join('; ')}`);
}

async function assertOneAddConstraint(statement: string): Promise<void> {
  const { loadSqlParser, parseSql } = await import('../../tools/postgres/sql-parser.js');
  await loadSqlParser();
  const parsed = parseSql(statement);
  const node = parsed.ok && parsed.statements.length === 1 ? (parsed.statements[0]?.node as { AlterTableStmt?: { cmds?: { AlterTableCmd?: { subtype?: string } }[] } }) : null;
  const commands = node?.AlterTableStmt?.cmds ?? [];
  if (commands.length !== 1 || commands[0]?.AlterTableCmd?.subtype !== 'AT_AddConstraint') throw new SnapshotError('the manifest holds something other than one ADD CONSTRAINT: not run');
}

async function tableStates(settings: PgConnectionSettings, tables: readonly DumpedTable[], ctx: Context): Promise<Map<string, 'missing' | 'empty' | 'rows'>> {
  const states = new Map<string, 'missing' | 'empty' | 'rows'>();
  for (const table of tables) {
    const id = `${table.schema}.${table.name}`;
    if ((table.relkind ?? 'r') !== 'r') {
      // A view or materialized view holds no rows of its own: only whether it exists matters.
      const [view] = await psqlQuery(settings, `SELECT to_regclass(${sqlLiteral(quoted(table))}) IS NOT NULL`, ctx);
      states.set(id, view?.[0] === 't' ? 'empty' : 'missing');
      continue;
    }
    const [row] = await psqlQuery(settings, `SELECT to_regclass(${sqlLiteral(quoted(table))}) IS NOT NULL`, ctx);
    if (row?.[0] !== 't') {
      states.set(id, 'missing');
      continue;
    }
    const [any] = await psqlQuery(settings, `SELECT EXISTS (SELECT 1 FROM ONLY ${quoted(table)})`, ctx);
    states.set(id, any?.[0] === 't' ? 'rows' : 'empty');
  }
  return states;
}
