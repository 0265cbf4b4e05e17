// Which function calls guard knows: built-ins (generated from pg_catalog), the dangerous ones, and where calls run.
import { BUILTIN_FUNCTION_NAMES } from './builtin-functions.generated.js';
import { unwrap } from './sql-ast.js';

// Functions that destroy data or end other sessions (pg_cancel_backend only cancels a query, which
// can be re-run: it counts as a write).
export const DANGEROUS_FUNCTIONS = new Set([
  'lo_unlink', 'pg_drop_replication_slot', 'pg_replication_origin_drop', 'pg_terminate_backend',
  'pg_file_unlink', 'pg_file_write', 'pg_file_rename', 'pg_promote', 'pg_logical_slot_get_changes',
  'pg_logical_slot_get_binary_changes', 'pg_replication_slot_advance',
]);
export const WRITE_FUNCTIONS = new Set(['pg_cancel_backend', 'lo_truncate', 'lo_put', 'lo_import', 'lo_from_bytea', 'setval', 'pg_reload_conf', 'pg_switch_wal']);
// Functions that run SQL given as text: on another server (dblink) or here (query_to_xml…).
export const REMOTE_SQL_FUNCTIONS = new Set(['dblink', 'dblink_exec', 'dblink_send_query', 'dblink_open', 'dblink_fetch']);
export const TEXT_QUERY_FUNCTIONS = new Set(['query_to_xml', 'query_to_xmlschema', 'query_to_xml_and_xmlschema']);

// Statements that store expressions or queries for later instead of running them now: a call in a
// view, a domain CHECK, a trigger's WHEN or a policy runs when those are used, not at CREATE.
export const DEFINING_STATEMENTS = new Set(['ViewStmt', 'CreateDomainStmt', 'CreateTrigStmt', 'CreatePolicyStmt', 'AlterPolicyStmt', 'RuleStmt']);

/** Whether a call resolves to a built-in: pg_catalog is searched first unless written elsewhere. */
export function isBuiltinFunction(schema: string | null, name: string): boolean {
  return schema === 'pg_catalog' || (schema === null && BUILTIN_FUNCTION_NAMES.has(name));
}

/** Object types of ALTER/RENAME that change a function. */
export const FUNCTION_OBJECTS = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE', 'OBJECT_AGGREGATE']);

/** The unquoted last part of a dotted name list (a function's own name). */
export function lastNamePart(names: unknown): string {
  const list = Array.isArray(names) ? names : [];
  return String(unwrap(list[list.length - 1])?.[1]?.sval ?? '');
}
