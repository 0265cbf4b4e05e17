// Reads a migration tool's history table (read-only): which migrations the database already lists as applied.
import type { InspectedObject, InspectRequest } from './model.js';
import type { LookupContext } from './inspect-session.js';

type HistoryRequest = Extract<InspectRequest, { kind: 'migration-history' }>;

const MAX_IDS = 100_000;

export async function inspectMigrationHistory(context: LookupContext, request: HistoryRequest): Promise<InspectedObject> {
  const { session } = context;
  // The name is written as SQL would (`"SequelizeMeta"`, `drizzle.__drizzle_migrations`); to_regclass follows search_path.
  const [row] = await session.query<{ relation: string | null }>('SELECT to_regclass($1)::text AS relation', [request.name]);
  const table = row?.relation ?? null;
  // No history table yet: nothing has been applied, every migration is pending.
  if (table === null) return { request, exists: false, id: request.name, facts: [`no ${request.name} table: no migration has been applied`], values: [] };
  const rows = await session.query<{ id: string | null }>(`SELECT (${request.column})::text AS id FROM ${table}${request.condition ? ` WHERE ${request.condition}` : ''} LIMIT ${MAX_IDS}`);
  const values = rows.map((row) => row.id).filter((id): id is string => id !== null);
  return { request, exists: true, id: table, facts: [], values };
}
