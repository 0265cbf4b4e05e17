// Live look-ups of schemas and databases: everything DROP SCHEMA or DROP DATABASE takes with it.
import type { InspectedObject, InspectRequest } from './model.js';
import {
  countOf,
  countRows,
  dependsLine,
  formatCount,
  identifierCandidates,
  nameList,
  plannerRows,
  USER_SCHEMA_FILTER,
  type InspectSession,
  type LookupContext,
} from './inspect-session.js';

type SchemaRequest = Extract<InspectRequest, { kind: 'schema' }>;
type DatabaseRequest = Extract<InspectRequest, { kind: 'database' }>;

interface SchemaTableRow {
  id: string;
  quoted: string;
  relkind: string;
  reltuples: number;
  is_partition: boolean;
}

/** Sums rows over the tables that hold data (partitions, not their parents): estimate first. */
async function schemaRows(context: LookupContext, tables: readonly SchemaTableRow[]) {
  const holders = tables.filter((table) => table.relkind === 'r');
  let estimate = 0;
  for (const table of holders) {
    // reltuples is -1 until the first ANALYZE; the planner then guesses from the table's size.
    estimate += table.reltuples >= 0 ? table.reltuples : await plannerRows(context.session, `SELECT 1 FROM ${table.quoted}`);
  }
  if (estimate >= context.exactCountThreshold) return { rows: Math.round(estimate), estimated: true, notes: [] };
  let rows = 0;
  let estimated = false;
  const notes: string[] = [];
  for (const table of holders) {
    const count = await countRows(context, table.quoted);
    rows += count.rows;
    estimated ||= count.estimated;
    if (count.note !== undefined) notes.push(count.note);
  }
  return { rows, estimated, notes };
}

export async function inspectSchema(context: LookupContext, request: SchemaRequest): Promise<InspectedObject> {
  const { session } = context;
  let schema: { oid: string; name: string } | undefined;
  for (const candidate of identifierCandidates(request.name)) {
    [schema] = await session.query<{ oid: string; name: string }>(
      'SELECT oid::text AS oid, nspname AS name FROM pg_namespace WHERE nspname = $1',
      [candidate],
    );
    if (schema !== undefined) break;
  }
  if (schema === undefined) {
    return { request, exists: false, id: request.name, facts: [`schema ${request.name} does not exist`] };
  }
  const tables = await session.query<SchemaTableRow>(
    `SELECT n.nspname || '.' || c.relname AS id, format('%I.%I', n.nspname, c.relname) AS quoted,
            c.relkind::text AS relkind, c.reltuples::float8 AS reltuples, c.relispartition AS is_partition
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relnamespace = $1::oid AND c.relkind IN ('r', 'p')
      ORDER BY 1`,
    [schema.oid],
  );
  const [size] = await session.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_total_relation_size(oid)), 0) AS bytes FROM pg_class
      WHERE relnamespace = $1::oid AND relkind IN ('r', 'm', 'S')`,
    [schema.oid],
  );
  const others = await session.query<{ kind: string; count: string }>(
    `SELECT kind, count(*) AS count FROM (
       SELECT CASE relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                           WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' END AS kind
         FROM pg_class WHERE relnamespace = $1::oid AND relkind IN ('v', 'm', 'S', 'f')
       UNION ALL
       SELECT CASE prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END
         FROM pg_proc WHERE pronamespace = $1::oid
       UNION ALL
       SELECT 'type' FROM pg_type t
        WHERE t.typnamespace = $1::oid AND t.typtype IN ('c', 'd', 'e', 'r')
          AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
     ) objects GROUP BY kind ORDER BY kind`,
    [schema.oid],
  );
  // Objects elsewhere built on this schema's tables: CASCADE drops them, or they block the drop.
  const outside = await session.query<{ id: string; kind: string }>(
    `SELECT DISTINCT vn.nspname || '.' || v.relname AS id, 'view' AS kind
       FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
       JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace
       JOIN pg_class t ON t.oid = d.refobjid
      WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
        AND t.relnamespace = $1::oid AND v.relnamespace <> $1::oid
     UNION
     SELECT DISTINCT fn.nspname || '.' || f.relname || ' (foreign key ' || con.conname || ')', 'foreign key'
       FROM pg_constraint con
       JOIN pg_class f ON f.oid = con.conrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
       JOIN pg_class t ON t.oid = con.confrelid
      WHERE con.contype = 'f' AND t.relnamespace = $1::oid AND f.relnamespace <> $1::oid AND con.conparentid = 0
      ORDER BY 1`,
    [schema.oid],
  );

  const facts: string[] = [];
  const topLevel = tables.filter((table) => !table.is_partition);
  facts.push(
    topLevel.length === 0 ? 'no tables' : `${countOf(topLevel.length, 'table')}: ${nameList(topLevel.map((table) => table.id))}`,
  );
  const count = await schemaRows(context, tables);
  facts.push(...count.notes);
  const otherTotal = others.reduce((sum, row) => sum + Number(row.count), 0);
  if (otherTotal > 0) {
    const parts = others.map((row) => countOf(Number(row.count), row.kind));
    facts.push(`${countOf(otherTotal, 'other object')}: ${parts.join(', ')}`);
  }
  if (outside.length > 0) {
    const names = outside.map((row) => row.id);
    facts.push(dependsLine(names, 'object outside the schema', 'objects outside the schema', ['depends on it', 'depend on it']));
    if (request.cascade) facts.push(`CASCADE also drops them: ${nameList(names)}`);
  }
  if (!request.cascade && tables.length + otherTotal > 0) {
    facts.push('without CASCADE, DROP SCHEMA fails because the schema is not empty');
  }
  return {
    request,
    exists: true,
    id: schema.name,
    rows: count.rows,
    rowsEstimated: count.estimated,
    bytes: Number(size?.bytes ?? 0),
    facts,
  };
}

interface DatabaseContents {
  tables: string;
  rows: number;
  unanalysed: string;
  schemas: string;
}

async function databaseContents(session: InspectSession): Promise<DatabaseContents> {
  const [row] = await session.query<DatabaseContents>(
    `SELECT count(*) FILTER (WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition) AS tables,
            coalesce(sum(greatest(c.reltuples, 0)) FILTER (WHERE c.relkind = 'r'), 0)::float8 AS rows,
            count(*) FILTER (WHERE c.relkind = 'r' AND c.reltuples < 0) AS unanalysed,
            (SELECT count(*) FROM pg_namespace n WHERE ${USER_SCHEMA_FILTER}) AS schemas
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_SCHEMA_FILTER}`,
  );
  if (row === undefined) throw new Error('no answer from the catalog');
  return row;
}

export async function inspectDatabase(context: LookupContext, request: DatabaseRequest): Promise<InspectedObject> {
  const { session } = context;
  let database: { name: string; allow_connections: boolean; is_current: boolean; owner: string } | undefined;
  for (const candidate of identifierCandidates(request.name)) {
    [database] = await session.query<{ name: string; allow_connections: boolean; is_current: boolean; owner: string }>(
      `SELECT datname AS name, datallowconn AS allow_connections, datname = current_database() AS is_current,
              pg_get_userbyid(datdba) AS owner
         FROM pg_database WHERE datname = $1`,
      [candidate],
    );
    if (database !== undefined) break;
  }
  if (database === undefined) {
    return { request, exists: false, id: request.name, facts: [`database ${request.name} does not exist`] };
  }
  const facts: string[] = [`owned by ${database.owner}`];
  const [activity] = await session.query<{ sessions: string }>(
    `SELECT count(*) AS sessions FROM pg_stat_activity
      WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    [database.name],
  );
  const sessions = Number(activity?.sessions ?? 0);
  facts.push(sessions === 0 ? 'no open connections' : `${countOf(sessions, 'open connection')}`);
  if (database.is_current) {
    facts.push('it is the database this connection uses (DROP DATABASE refuses to drop it)');
  }
  const [size] = await session.query<{ bytes: string }>('SELECT pg_database_size($1::name) AS bytes', [database.name]);

  let contents: DatabaseContents | undefined;
  if (database.is_current) contents = await databaseContents(session);
  else if (!database.allow_connections) facts.push('it does not allow connections, so its contents were not listed');
  else {
    try {
      contents = await context.withDatabase(database.name, databaseContents);
    } catch (error) {
      facts.push(`its contents were not listed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (contents !== undefined) {
    const unanalysed = Number(contents.unanalysed);
    facts.push(
      // The row estimate itself is shown on the target's line; this says what it is made of.
      `${countOf(Number(contents.tables), 'table')} in ${countOf(Number(contents.schemas), 'schema')}` +
        (unanalysed > 0 ? `; ${countOf(unanalysed, 'table')} never analysed, not counted` : ''),
    );
  }
  return {
    request,
    exists: true,
    id: database.name,
    ...(contents === undefined ? {} : { rows: Math.round(contents.rows), rowsEstimated: true }),
    bytes: Number(size?.bytes ?? 0),
    facts,
  };
}
