// What a Postgres command loses, as parts to dump: its tables (and what CASCADE takes), schemas, databases.
import type { Context } from '../../core/context.js';
import { plural } from '../../core/report.js';
import type { RuleHit } from '../../core/types.js';
import type { ConnectionFacts, SqlFinding } from '../../tools/postgres/model.js';
import type { ConnectionOutcome } from '../../tools/postgres/resolve.js';
import { SnapshotError, type SnapshotInput } from '../model.js';
import { connectionSettings, psqlQuery, sqlLiteral, type PgConnectionSettings } from './postgres-client.js';

export interface DumpedTable {
  readonly schema: string;
  readonly name: string;
  /** pg_class.relkind: `r` tables hold rows to count; views (`v`) and others only definitions. */
  readonly relkind?: string;
}

/** A foreign key on a table outside the dump that references a dropped one: DROP … CASCADE removes it, restore adds it back. */
export interface ForeignKey {
  /** `"schema"."table"`, quoted for SQL. */
  readonly table: string;
  readonly name: string;
  /** pg_get_constraintdef: `FOREIGN KEY (order_id) REFERENCES orders(id)`. */
  readonly definition: string;
}

/** One pg_dump: some tables, a schema or a whole database, through one connection. */
export type DumpPart =
  | { readonly kind: 'tables'; readonly connection: PgConnectionSettings; readonly tables: readonly DumpedTable[]; readonly foreignKeys?: readonly ForeignKey[] }
  | { readonly kind: 'schema'; readonly connection: PgConnectionSettings; readonly schema: string }
  | { readonly kind: 'database'; readonly connection: PgConnectionSettings; readonly database: string };

/** Rules whose loss is exactly their tables' rows (or the tables themselves). */
const TABLE_RULES = new Set(['drop-table', 'truncate', 'delete-all', 'update-all']);
/** Rules guard copies the whole database for: it cannot say exactly what they lose, but all of it is inside. */
const WHOLE_DATABASE_RULES = new Set(['drop-column', 'drop-object', 'rewrite-column', 'opaque-code', 'dangerous-function', 'user-function', 'unparseable', 'unrecognised-statement']);

interface Wanted {
  readonly connection: ConnectionFacts;
  readonly kind: 'table' | 'schema' | 'database';
  /** As the statement names it (quoted where needed): what to_regclass/to_regnamespace read. */
  readonly name: string;
  /** TRUNCATE … CASCADE empties the tables that reference it; DROP … CASCADE drops the views on it. */
  readonly cascade: 'none' | 'referencing' | 'views';
  /** DROP TABLE: foreign keys on other tables that reference it are kept for the restore. */
  readonly dropped: boolean;
}

export interface PartsPlan {
  readonly parts: DumpPart[];
  readonly targets: string[];
  readonly bytes: number | null;
  readonly notes: string[];
  /** Connections whose password came with the command (the take step needs it; the manifest never holds it). */
  readonly passwords: ReadonlyMap<number, string>;
  readonly dataDirectories: string[];
}

function connectionsOf(parsed: SnapshotInput['parsed']): readonly ConnectionOutcome[] {
  const shaped = parsed as { connections?: readonly ConnectionOutcome[]; connection?: ConnectionOutcome };
  if (shaped.connections) return shaped.connections;
  return shaped.connection ? [shaped.connection] : [];
}

function findingsOf(parsed: SnapshotInput['parsed']): readonly SqlFinding[] {
  return (parsed as { analysis?: { findings?: readonly SqlFinding[] } | null }).analysis?.findings ?? [];
}

function cascadeOf(hit: RuleHit, rule: string, findings: readonly SqlFinding[]): Wanted['cascade'] {
  const finding = findings.find((f) => String(f.connection) === (hit.scope ?? '0') && hit.summary.startsWith(f.summary));
  if (!finding?.cascade) return 'none';
  return rule === 'truncate' ? 'referencing' : 'views';
}

/** The objects the command's dangerous hits lose, with their connections; throws when one cannot be copied. */
export function wantedObjects(input: SnapshotInput): { wanted: Wanted[]; notes: string[] } {
  const connections = connectionsOf(input.parsed);
  const findings = findingsOf(input.parsed);
  const wanted: Wanted[] = [];
  const notes: string[] = [];
  for (const hit of input.analysis.hits) {
    if (hit.rule.risk !== 'destructive' && hit.rule.risk !== 'unknown') continue;
    const rule = hit.rule.id.slice(hit.rule.id.indexOf('/') + 1);
    const outcome = connections[Number(hit.scope ?? '0')] ?? connections[0];
    if (!outcome || 'error' in outcome) throw new SnapshotError(`the connection of ${hit.summary} could not be resolved${outcome && 'error' in outcome ? `: ${outcome.error}` : ''}`);
    const connection = outcome.connection;
    const objects = hit.objects ?? [];
    if (TABLE_RULES.has(rule)) {
      const cascade = cascadeOf(hit, rule, findings);
      for (const object of objects.filter((o) => o.kind === 'table' || o.kind === 'materialized view')) wanted.push({ connection, kind: 'table', name: object.name, cascade, dropped: rule === 'drop-table' });
    } else if (rule === 'drop-schema') {
      for (const object of objects.filter((o) => o.kind === 'schema')) wanted.push({ connection, kind: 'schema', name: object.name, cascade: 'none', dropped: false });
    } else if (rule === 'drop-database') {
      for (const object of objects.filter((o) => o.kind === 'database')) wanted.push({ connection, kind: 'database', name: object.name, cascade: 'none', dropped: false });
    } else if (WHOLE_DATABASE_RULES.has(rule)) {
      wanted.push({ connection, kind: 'database', name: connection.dbname, cascade: 'none', dropped: false });
      notes.push(`${hit.summary}: guard cannot say exactly what it loses, so the whole database ${connection.dbname} is copied`);
    } else if (rule === 'drop-role') {
      throw new SnapshotError('roles belong to the whole server: guard does not copy them (pg_dumpall --roles-only does, without their passwords)');
    } else {
      throw new SnapshotError(`guard cannot tell what ${hit.summary} destroys, so it cannot copy it`);
    }
  }
  if (wanted.length === 0) throw new SnapshotError('the command names nothing guard can copy');
  return { wanted, notes };
}

function connectionKey(connection: ConnectionFacts): string {
  return `${connection.host}\0${connection.port}\0${connection.user}`;
}

function tableQuery(name: string, cascade: Wanted['cascade']): string {
  const start = `SELECT to_regclass(${sqlLiteral(name)})::oid AS oid`;
  const step =
    cascade === 'referencing'
      ? 'SELECT con.conrelid FROM pg_constraint con JOIN found ON con.confrelid = found.oid WHERE con.contype = \'f\''
      : cascade === 'views'
        ? "SELECT r.ev_class FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN found ON d.refobjid = found.oid WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND r.ev_class <> found.oid"
        : null;
  const found = step ? `WITH RECURSIVE found(oid) AS (${start} UNION ${step})` : `WITH found(oid) AS (${start})`;
  return `${found} SELECT n.nspname, c.relname, pg_total_relation_size(c.oid), c.relkind FROM found JOIN pg_class c ON c.oid = found.oid JOIN pg_namespace n ON n.oid = c.relnamespace ORDER BY 1, 2`;
}

/** Looks the objects up on the server: qualified names, sizes, what CASCADE adds; one part per database. */
export async function planParts(wanted: readonly Wanted[], ctx: Context): Promise<PartsPlan> {
  if (ctx.offline) throw new SnapshotError('with --offline guard looks nothing up, so it cannot plan a snapshot');
  const parts: DumpPart[] = [];
  const targets: string[] = [];
  const notes: string[] = [];
  const passwords = new Map<number, string>();
  const dataDirectories = new Set<string>();
  let bytes = 0;
  const add = (part: DumpPart, password: string | undefined) => {
    if (password !== undefined) passwords.set(parts.length, password);
    parts.push(part);
  };
  const databases = wanted.filter((w) => w.kind === 'database');
  const covered = (w: Wanted) => databases.some((d) => d !== w && connectionKey(d.connection) === connectionKey(w.connection) && d.name === w.connection.dbname);
  const tablesByDb = new Map<string, { connection: ConnectionFacts; tables: Map<string, DumpedTable>; dropped: boolean }>();
  for (const item of wanted) {
    const settings = connectionSettings(item.connection);
    const password = item.connection.password;
    await readDataDirectory(item.connection, settings, ctx, dataDirectories);
    if (item.kind === 'database') {
      if (parts.some((p) => p.kind === 'database' && p.database === item.name && connectionKey(item.connection) === `${p.connection.host}\0${p.connection.port}\0${p.connection.user}`)) continue;
      const rows = await psqlQuery(settings, `SELECT datname, pg_database_size(datname) FROM pg_database WHERE datname = ${sqlLiteral(item.name)}`, ctx, password);
      const row = rows[0];
      if (!row) {
        notes.push(`database ${item.name} does not exist: nothing of it to copy`);
        continue;
      }
      bytes += Number(row[1] ?? 0);
      targets.push(`${item.name} (database)`);
      add({ kind: 'database', connection: settings, database: item.name }, password);
    } else if (covered(item)) {
      continue;
    } else if (item.kind === 'schema') {
      const rows = await psqlQuery(settings, `SELECT n.nspname, coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'm', 'p') WHERE n.oid = to_regnamespace(${sqlLiteral(item.name)}) GROUP BY n.nspname`, ctx, password);
      const row = rows[0];
      if (!row) {
        notes.push(`schema ${item.name} does not exist: nothing of it to copy`);
        continue;
      }
      bytes += Number(row[1] ?? 0);
      targets.push(`${row[0]} (schema)`);
      add({ kind: 'schema', connection: settings, schema: row[0] ?? item.name }, password);
    } else {
      const rows = await psqlQuery(settings, tableQuery(item.name, item.cascade), ctx, password);
      if (rows.length === 0) notes.push(`${item.name} does not exist: nothing of it to copy`);
      const key = `${connectionKey(item.connection)}\0${item.connection.dbname}`;
      const group = tablesByDb.get(key) ?? { connection: item.connection, tables: new Map<string, DumpedTable>(), dropped: false };
      group.dropped ||= item.dropped;
      tablesByDb.set(key, group);
      for (const [schema = '', name = '', size = '0', relkind = 'r'] of rows) {
        const id = `${schema}.${name}`;
        if (group.tables.has(id)) continue;
        group.tables.set(id, { schema, name, relkind });
        bytes += Number(size);
        targets.push(id);
      }
      if (item.cascade === 'referencing' && rows.length > 1) notes.push(`CASCADE empties ${plural(rows.length - 1, 'more table')} that reference ${item.name}: they are copied too`);
      if (item.cascade === 'views' && rows.length > 1) notes.push(`CASCADE drops ${plural(rows.length - 1, 'view')} on ${item.name}: they are copied too`);
    }
  }
  for (const group of tablesByDb.values()) {
    if (group.tables.size === 0) continue;
    const settings = connectionSettings(group.connection);
    const tables = [...group.tables.values()];
    const foreignKeys = group.dropped ? await referencingForeignKeys(settings, tables, ctx, group.connection.password) : [];
    if (foreignKeys.length > 0) notes.push(`${plural(foreignKeys.length, 'foreign key')} on other tables ${foreignKeys.length === 1 ? 'references' : 'reference'} it: restore adds ${foreignKeys.length === 1 ? 'it' : 'them'} back`);
    add({ kind: 'tables', connection: settings, tables, ...(foreignKeys.length > 0 ? { foreignKeys } : {}) }, group.connection.password);
  }
  if (parts.length === 0) throw new SnapshotError(`nothing the command destroys exists yet, so there is nothing to copy${notes.length ? ` (${notes.join('; ')})` : ''}`);
  return { parts, targets, bytes, notes, passwords, dataDirectories: [...dataDirectories] };
}

/** Foreign keys on tables outside `tables` that reference one of them. */
async function referencingForeignKeys(settings: PgConnectionSettings, tables: readonly DumpedTable[], ctx: Context, password?: string): Promise<ForeignKey[]> {
  const pairs = tables.map((t) => `(${sqlLiteral(t.schema)}, ${sqlLiteral(t.name)})`).join(', ');
  const rows = await psqlQuery(
    settings,
    `SELECT format('%I.%I', rn.nspname, r.relname), c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace JOIN pg_class f ON f.oid = c.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace WHERE c.contype = 'f' AND (fn.nspname, f.relname) IN (${pairs}) AND (rn.nspname, r.relname) NOT IN (${pairs}) ORDER BY 1, 2`,
    ctx,
    password,
  );
  return rows.map(([table = '', name = '', definition = '']) => ({ table, name, definition }));
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** A server on this machine keeps its files here: the store must not be inside them. */
async function readDataDirectory(connection: ConnectionFacts, settings: PgConnectionSettings, ctx: Context, into: Set<string>): Promise<void> {
  if (!connection.isSocket && !LOCAL_HOSTS.has(connection.host)) return;
  try {
    const rows = await psqlQuery(settings, "SELECT current_setting('data_directory', true)", ctx, connection.password);
    const dir = rows[0]?.[0];
    if (dir) into.add(dir);
  } catch {
    // Only superusers (and pg_read_all_settings) may read it; then it is not knowable from here.
  }
}
