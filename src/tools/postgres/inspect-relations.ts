// Live look-ups of tables, columns and planner estimates: what DROP/TRUNCATE/DELETE would take.
import type { InspectedObject, InspectRequest } from './model.js';
import {
  countOf,
  countRows,
  dependsLine,
  formatCount,
  identifierCandidates,
  nameList,
  parsePlan,
  RELATION_KIND_NAMES,
  sqlState,
  underSavepoint,
  type LookupContext,
  type PlanNode,
} from './inspect-session.js';

type TableRequest = Extract<InspectRequest, { kind: 'table' }>;
type ColumnRequest = Extract<InspectRequest, { kind: 'column' }>;
type EstimateRequest = Extract<InspectRequest, { kind: 'estimate' }>;

interface RelationRow {
  /** Text, because OIDs are unsigned 32-bit and would overflow an int. */
  oid: string;
  relkind: string;
  id: string;
  quoted: string;
  bytes: string;
  parent: string | null;
}

/** Resolves a name as written under the server's search_path, like the statement itself would. */
async function findRelation(context: LookupContext, name: string): Promise<RelationRow | undefined> {
  const [row] = await context.session.query<RelationRow>(
    `SELECT c.oid::text AS oid, c.relkind::text AS relkind,
            n.nspname || '.' || c.relname AS id,
            format('%I.%I', n.nspname, c.relname) AS quoted,
            CASE WHEN c.relkind = 'p'
                 THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) FROM pg_partition_tree(c.oid) t)
                 ELSE pg_total_relation_size(c.oid) END AS bytes,
            (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i
               JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
              WHERE i.inhrelid = c.oid AND c.relispartition) AS parent
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass($1::text)`,
    [name],
  );
  return row;
}

const FK_DELETE_ACTIONS: Readonly<Record<string, string>> = { c: 'ON DELETE CASCADE', n: 'ON DELETE SET NULL', d: 'ON DELETE SET DEFAULT' };

interface ForeignKeyRow {
  table_id: string;
  columns: string;
  on_delete: string;
}

/** Foreign keys of other tables that point at `oid` (clones on partitions are left out). */
async function referencingForeignKeys(context: LookupContext, oid: string, column?: number): Promise<ForeignKeyRow[]> {
  return context.session.query<ForeignKeyRow>(
    `SELECT n.nspname || '.' || c.relname AS table_id, con.confdeltype::text AS on_delete,
            (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
               FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype = 'f' AND con.confrelid = $1::oid AND con.conrelid <> $1::oid AND con.conparentid = 0
        AND ($2::int2 IS NULL OR $2::int2 = ANY (con.confkey))
      ORDER BY 1, 3`,
    [oid, column ?? null],
  );
}

function foreignKeyName(row: ForeignKeyRow): string {
  const columns = row.columns.includes(',') ? `(${row.columns})` : row.columns;
  const action = FK_DELETE_ACTIONS[row.on_delete];
  return `${row.table_id}.${columns}${action === undefined ? '' : ` (${action})`}`;
}

interface DependentViewRow {
  relkind: string;
  id: string;
  depth: number;
}

/**
 * Views and materialized views built on `oid` (optionally on one column of it). `depth` 1 is
 * a direct dependent; deeper ones are what CASCADE reaches through views on views.
 */
async function dependentViews(context: LookupContext, oid: string, column?: number): Promise<DependentViewRow[]> {
  return context.session.query<DependentViewRow>(
    `WITH RECURSIVE dependents(oid, depth) AS (
       SELECT r.ev_class, 1
         FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
        WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
          AND d.refobjid = $1::oid AND r.ev_class <> $1::oid
          AND ($2::int2 IS NULL OR d.refobjsubid = $2::int2)
       UNION
       SELECT r.ev_class, dep.depth + 1
         FROM dependents dep
         JOIN pg_depend d ON d.refobjid = dep.oid AND d.refclassid = 'pg_class'::regclass
                          AND d.classid = 'pg_rewrite'::regclass
         JOIN pg_rewrite r ON r.oid = d.objid
        WHERE r.ev_class <> dep.oid AND dep.depth < 16)
     SELECT c.relkind::text AS relkind, n.nspname || '.' || c.relname AS id, min(dep.depth)::int AS depth
       FROM dependents dep JOIN pg_class c ON c.oid = dep.oid JOIN pg_namespace n ON n.oid = c.relnamespace
      GROUP BY 1, 2 ORDER BY 3, 2`,
    [oid, column ?? null],
  );
}

function viewLines(views: readonly DependentViewRow[], verbs: [string, string]): string[] {
  const plain = views.filter((view) => view.relkind === 'v').map((view) => view.id);
  const materialized = views.filter((view) => view.relkind === 'm').map((view) => view.id);
  const lines: string[] = [];
  if (plain.length > 0) lines.push(dependsLine(plain, 'view', 'views', verbs));
  if (materialized.length > 0) lines.push(dependsLine(materialized, 'materialized view', 'materialized views', verbs));
  return lines;
}

export async function inspectTable(context: LookupContext, request: TableRequest): Promise<InspectedObject> {
  const relation = await findRelation(context, request.name);
  if (relation === undefined) {
    return { request, exists: false, id: request.name, facts: [`${request.name} does not exist`] };
  }
  const kindName = RELATION_KIND_NAMES[relation.relkind] ?? `relation of kind ${relation.relkind}`;
  const facts: string[] = [];
  if (!['r', 'p', 'm', 'f'].includes(relation.relkind)) {
    facts.push(`${relation.id} is a ${kindName}, not a table`);
    return { request, exists: true, id: relation.id, facts };
  }
  if (relation.relkind !== 'r') facts.push(`${relation.id} is a ${kindName}`);
  if (relation.parent !== null) facts.push(`it is a partition of ${relation.parent}`);
  if (relation.relkind === 'p') {
    const partitions = await context.session.query<{ id: string }>(
      `SELECT n.nspname || '.' || c.relname AS id FROM pg_partition_tree($1::oid::regclass) t
         JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.isleaf ORDER BY 1`,
      [relation.oid],
    );
    facts.push(`${countOf(partitions.length, 'partition')}: ${nameList(partitions.map((p) => p.id))}`);
  }
  // A foreign table's rows live on another server; counting them would query it.
  const count = relation.relkind === 'f' ? undefined : await countRows(context, relation.quoted);
  if (count?.note !== undefined) facts.push(count.note);

  const foreignKeys = await referencingForeignKeys(context, relation.oid);
  if (foreignKeys.length > 0) {
    facts.push(dependsLine(foreignKeys.map(foreignKeyName), 'foreign key', 'foreign keys', ['references it', 'reference it']));
  }
  const views = await dependentViews(context, relation.oid);
  facts.push(...viewLines(views.filter((view) => view.depth === 1), ['depends on it', 'depend on it']));
  if (request.cascade) {
    if (views.length > 0) {
      facts.push(`CASCADE also drops ${countOf(views.length, 'view')}: ${nameList(views.map((view) => view.id))}`);
    }
    const tables = [...new Set(foreignKeys.map((key) => key.table_id))];
    if (tables.length > 0) {
      facts.push(
        `CASCADE reaches ${countOf(tables.length, 'referencing table')}: ${nameList(tables)} ` +
          '(DROP removes their foreign keys; TRUNCATE empties them)',
      );
    }
  }
  return {
    request,
    exists: true,
    id: relation.id,
    ...(count === undefined ? {} : { rows: count.rows, rowsEstimated: count.estimated }),
    bytes: Number(relation.bytes),
    facts,
  };
}

export async function inspectColumn(context: LookupContext, request: ColumnRequest): Promise<InspectedObject> {
  const relation = await findRelation(context, request.table);
  const writtenId = `${request.table}.${request.column}`;
  if (relation === undefined) {
    return { request, exists: false, id: writtenId, facts: [`${request.table} does not exist`] };
  }
  let attribute: { attnum: number; attname: string; type: string } | undefined;
  for (const candidate of identifierCandidates(request.column)) {
    [attribute] = await context.session.query<{ attnum: number; attname: string; type: string }>(
      `SELECT attnum::int AS attnum, attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute
        WHERE attrelid = $1::oid AND attname = $2 AND attnum > 0 AND NOT attisdropped`,
      [relation.oid, candidate],
    );
    if (attribute !== undefined) break;
  }
  if (attribute === undefined) {
    return { request, exists: false, id: writtenId, facts: [`column ${relation.id}.${request.column} does not exist`] };
  }
  const facts: string[] = [`type ${attribute.type}`];
  const count = relation.relkind === 'f' ? undefined : await countRows(context, relation.quoted);
  if (count?.note !== undefined) facts.push(count.note);

  const indexes = await context.session.query<{ name: string }>(
    // Key columns are in indkey; columns used only in an expression or predicate in pg_depend.
    `SELECT ic.relname AS name FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = $1::oid
        AND ($2::int2 = ANY (i.indkey::int2[])
             OR EXISTS (SELECT FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
                           AND d.refclassid = 'pg_class'::regclass AND d.refobjid = $1::oid AND d.refobjsubid = $2))
      ORDER BY 1`,
    [relation.oid, attribute.attnum],
  );
  if (indexes.length > 0) facts.push(`part of ${countOf(indexes.length, 'index', 'indexes')}: ${nameList(indexes.map((i) => i.name))}`);

  const constraints = await context.session.query<{ name: string; kind: string }>(
    `SELECT conname AS name, CASE contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique'
              WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' ELSE contype::text END AS kind
       FROM pg_constraint WHERE conrelid = $1::oid AND $2::int2 = ANY (conkey) ORDER BY 1`,
    [relation.oid, attribute.attnum],
  );
  if (constraints.length > 0) {
    const names = constraints.map((constraint) => `${constraint.name} (${constraint.kind})`);
    facts.push(`part of ${countOf(constraints.length, 'constraint')}: ${nameList(names)}`);
  }
  const foreignKeys = await referencingForeignKeys(context, relation.oid, attribute.attnum);
  if (foreignKeys.length > 0) {
    facts.push(dependsLine(foreignKeys.map(foreignKeyName), 'foreign key', 'foreign keys', ['references it', 'reference it']));
  }
  const views = await dependentViews(context, relation.oid, attribute.attnum);
  facts.push(...viewLines(views.filter((view) => view.depth === 1), ['uses it', 'use it']));
  return {
    request,
    exists: true,
    id: `${relation.id}.${attribute.attname}`,
    ...(count === undefined ? {} : { rows: count.rows, rowsEstimated: count.estimated }),
    facts,
  };
}

/** The node that writes (ModifyTable), wherever a CTE or subquery put it in the plan. */
function findModifyTable(node: PlanNode): PlanNode | undefined {
  if (node['Node Type'] === 'ModifyTable') return node;
  for (const child of node.Plans ?? []) {
    const found = findModifyTable(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

export async function inspectEstimate(context: LookupContext, request: EstimateRequest): Promise<InspectedObject> {
  let plan: PlanNode;
  try {
    // EXPLAIN without ANALYZE plans the statement and never runs it; the extended protocol
    // makes the server reject a second statement smuggled into the text.
    const [row] = await underSavepoint(context.session, () =>
      context.session.querySingleStatement<{ 'QUERY PLAN': unknown }>(`EXPLAIN (VERBOSE, FORMAT JSON) ${request.statement}`),
    );
    plan = parsePlan(row?.['QUERY PLAN']);
  } catch (error) {
    if (sqlState(error) !== '42P01') throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { request, exists: false, id: request.label, facts: [message] };
  }
  const modify = findModifyTable(plan);
  // ModifyTable itself reports 0 rows unless RETURNING; the rows it touches come from its input.
  const source = modify?.Plans?.find((child) => child['Parent Relationship'] === 'Outer') ?? modify?.Plans?.[0] ?? plan;
  const rows = Math.round(source['Plan Rows'] as number);
  const relation = modify?.['Relation Name'];
  const schema = modify?.['Schema'];
  const id = typeof relation === 'string' ? (typeof schema === 'string' ? `${schema}.${relation}` : relation) : request.label;
  // The whole table, for the share of it the statement touches (exact when small, as for DROP).
  const table = typeof relation === 'string' && typeof schema === 'string' ? await tableSize(context, schema, relation) : undefined;
  return {
    request,
    exists: true,
    id,
    rows,
    rowsEstimated: true,
    ...(table ? { tableRows: table.rows, tableRowsEstimated: table.estimated, tableAnalysed: table.analysed } : {}),
    facts: [`${request.label}: about ${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'} (planner estimate)`],
  };
}

/** Rows in the table a DELETE/UPDATE modifies, and whether the planner has statistics for it. */
async function tableSize(context: LookupContext, schema: string, relation: string): Promise<{ rows: number; estimated: boolean; analysed: boolean } | undefined> {
  const [row] = await context.session.query<{ quoted: string; reltuples: number }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS quoted, c.reltuples::float8 AS reltuples
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, relation],
  );
  if (row === undefined) return undefined;
  const count = await countRows(context, row.quoted);
  return { rows: count.rows, estimated: count.estimated, analysed: Number(row.reltuples) >= 0 };
}
