// Live look-up of the functions a call may reach: volatility, language and body, read from pg_proc.
import type { InspectedObject, InspectRequest, RoutineFacts } from './model.js';
import type { LookupContext } from './inspect-session.js';
import { splitQualifiedName } from './sql-ast.js';

type FunctionRequest = Extract<InspectRequest, { kind: 'function' }>;

interface RoutineRow {
  id: string;
  kind: string;
  volatility: string;
  language: string;
  source: string | null;
  definition: string | null;
}

const KINDS: Readonly<Record<string, RoutineFacts['kind']>> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };
const VOLATILITY: Readonly<Record<string, RoutineFacts['volatility']>> = { i: 'immutable', s: 'stable', v: 'volatile' };

/**
 * Every function of that name the call may reach. Without argument types guard cannot pick the
 * overload, and a script's own SET search_path is not followed, so an unqualified name is looked
 * up in every schema: the caller judges the worst of them.
 */
export async function inspectFunction(context: LookupContext, request: FunctionRequest): Promise<InspectedObject> {
  const parts = splitQualifiedName(request.name);
  const name = parts[parts.length - 1] ?? '';
  const schema = parts.length > 1 ? parts[parts.length - 2]! : null;
  const rows = await context.session.query<RoutineRow>(
    `SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS id,
            p.prokind::text AS kind, p.provolatile::text AS volatility, l.lanname AS language,
            CASE WHEN p.prosqlbody IS NULL THEN p.prosrc END AS source,
            CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_functiondef(p.oid) END AS definition
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE p.proname = $1 AND ($2::text IS NULL OR n.nspname = $2)
      ORDER BY 1`,
    [name, schema],
  );
  const routines: RoutineFacts[] = rows.map((row) => ({
    id: row.id,
    kind: KINDS[row.kind] ?? 'function',
    // An unknown letter is judged as the most permissive volatility.
    volatility: VOLATILITY[row.volatility] ?? 'volatile',
    language: row.language,
    source: row.source,
    definition: row.definition,
  }));
  const facts = routines.map((r) => `${r.id}: ${r.volatility.toUpperCase()} ${r.kind} in LANGUAGE ${r.language}`);
  return {
    request,
    exists: routines.length > 0,
    id: routines.length === 1 ? routines[0]!.id : request.name,
    facts: routines.length === 0 ? [`no function named ${request.name} on the server`] : facts,
    routines,
  };
}
