// Live: the stored functions and procedures a statement calls, read from information_schema.ROUTINES and judged by their bodies.
import type { Context } from '../../core/context.js';
import type { ClientFinding } from './analyse.js';
import type { MysqlConnection } from './connection.js';
import { runQuery } from './live.js';
import { routineStatements } from './routine-body.js';
import { SQL_RULE_ROWS, type SqlRuleKey } from './rules.js';
import type { RoutineCall } from './sql.js';

/** What a routine's body does when it runs. */
export type RoutineEffect = 'read' | 'write' | 'destroys' | 'unknown';

export interface RoutineVerdict {
  readonly effect: RoutineEffect;
  /** One line for the report: `shop.total_orders is a FUNCTION declared READS SQL DATA; its body only reads`. */
  readonly reason: string;
}

interface RoutineRow {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly access: string;
  readonly body: string | null;
}

const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const MAX_DEPTH = 4;
const MAX_ROUTINES = 64;

const key = (schema: string, name: string, type: string) => `${type}:${schema.toLowerCase()}.${name.toLowerCase()}`;

function split(name: string): [string, string] | null {
  const dot = name.indexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : null;
}

async function fetchRoutines(connection: MysqlConnection, calls: readonly RoutineCall[], ctx: Context): Promise<Map<string, RoutineRow>> {
  const triples = calls.flatMap((call) => {
    const parts = split(call.name);
    return parts ? [`(${literal(parts[0])},${literal(parts[1])},${literal(call.type)})`] : [];
  });
  const found = new Map<string, RoutineRow>();
  if (triples.length === 0) return found;
  // HEX keeps tabs and newlines of the body out of the batch format; NULL when this user may not read the body.
  const rows = await runQuery(
    connection,
    `SELECT 'R', ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, IFNULL(SQL_DATA_ACCESS,''), IFNULL(HEX(ROUTINE_DEFINITION),'-') FROM information_schema.ROUTINES WHERE (ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE) IN (${triples.join(',')})`,
    ctx,
  );
  for (const [tag, schema = '', name = '', type = '', access = '', hex = '-'] of rows) {
    if (tag !== 'R') continue;
    found.set(key(schema, name, type), { schema, name, type, access, body: hex === '-' ? null : Buffer.from(hex, 'hex').toString('utf8') });
  }
  return found;
}

function effectOfRule(rule: SqlRuleKey): RoutineEffect {
  const risk = SQL_RULE_ROWS[rule].risk;
  return risk === 'read' ? 'read' : risk === 'write' ? 'write' : risk === 'destructive' ? 'destroys' : 'unknown';
}

const WORST: readonly RoutineEffect[] = ['read', 'write', 'unknown', 'destroys'];
const worse = (a: RoutineEffect, b: RoutineEffect) => (WORST.indexOf(a) >= WORST.indexOf(b) ? a : b);

/**
 * Judges each call by the routine's body on the server, following the routines the bodies call
 * (bounded). The declared SQL DATA ACCESS is reported but not trusted: MySQL and MariaDB do not
 * enforce it. A routine guard cannot find or read stays unknown.
 */
export async function judgeRoutines(connection: MysqlConnection, calls: readonly RoutineCall[], ctx: Context): Promise<Map<string, RoutineVerdict>> {
  const verdicts = new Map<string, RoutineVerdict>();
  const { classifyMysqlStatement } = await import('./sql.js');
  const bodies = new Map<string, { row: RoutineRow | null; effect: RoutineEffect; notes: string[]; calls: RoutineCall[] }>();
  let pending = [...calls];
  for (let depth = 0; depth < MAX_DEPTH && pending.length > 0 && bodies.size < MAX_ROUTINES; depth++) {
    const wanted = pending.filter((c) => !bodies.has(`${c.type}:${c.name.toLowerCase()}`));
    pending = [];
    const rows = await fetchRoutines(connection, wanted, ctx);
    for (const call of wanted) {
      const id = `${call.type}:${call.name.toLowerCase()}`;
      const parts = split(call.name);
      const row = parts ? rows.get(key(parts[0], parts[1], call.type)) ?? null : null;
      const entry = { row, effect: 'unknown' as RoutineEffect, notes: [] as string[], calls: [] as RoutineCall[] };
      bodies.set(id, entry);
      if (!parts) entry.notes.push('no database is selected, so guard cannot tell which routine it is');
      else if (!row) entry.notes.push(`no stored ${call.type.toLowerCase()} ${call.name} visible to this user (a loadable function, or one guard may not see)`);
      else if (row.body === null) entry.notes.push('its body is hidden from this user');
      else {
        const body = routineStatements(row.body);
        entry.notes.push(...body.problems);
        let effect: RoutineEffect = body.problems.length > 0 ? 'unknown' : 'read';
        for (const statement of body.statements) {
          const { finding } = await classifyMysqlStatement(statement, row.schema);
          const own = finding.ruleWithoutRoutines ?? finding.rule;
          effect = worse(effect, effectOfRule(own));
          for (const routine of finding.routines ?? []) {
            entry.calls.push(routine);
            pending.push(routine);
          }
        }
        entry.effect = effect;
      }
    }
  }
  // An entry's verdict is the worst of its own body and of everything it calls.
  const resolve = (id: string, seen: Set<string>): RoutineEffect => {
    const entry = bodies.get(id);
    if (!entry) return 'unknown';
    if (seen.has(id)) return entry.effect;
    seen.add(id);
    return entry.calls.reduce<RoutineEffect>((acc, c) => worse(acc, resolve(`${c.type}:${c.name.toLowerCase()}`, seen)), entry.effect);
  };
  for (const call of calls) {
    const id = `${call.type}:${call.name.toLowerCase()}`;
    const entry = bodies.get(id);
    const effect = resolve(id, new Set());
    const declared = entry?.row?.access ? ` declared ${entry.row.access} (advisory: the server does not enforce it)` : '';
    const said = { read: 'its body only reads', write: 'its body changes data', destroys: 'its body deletes or overwrites data', unknown: 'guard could not read all it does' }[effect];
    const nested = entry && entry.calls.length > 0 ? `; it calls ${entry.calls.map((c) => c.name).join(', ')}` : '';
    const notes = entry && entry.notes.length > 0 ? ` (${entry.notes.join('; ')})` : '';
    verdicts.set(id, { effect, reason: `${call.name} is a ${call.type}${declared}: ${said}${nested}${notes}` });
  }
  return verdicts;
}

/** The findings with their routine calls judged: rules replaced where the bodies tell, and the reasons. */
export async function reviseRoutineFindings(
  findings: readonly ClientFinding[],
  connection: MysqlConnection,
  ctx: Context,
): Promise<{ findings: ClientFinding[]; reasons: string[] } | null> {
  const calls = findings.flatMap((f) => (f.ruleWithoutRoutines !== undefined ? (f.routines ?? []) : []));
  if (calls.length === 0) return null;
  const unique = [...new Map(calls.map((c) => [`${c.type}:${c.name.toLowerCase()}`, c])).values()];
  const verdicts = await judgeRoutines(connection, unique, ctx);
  const reasons = [...verdicts.values()].map((v) => v.reason);
  const revised = findings.map((finding): ClientFinding => {
    const base = finding.ruleWithoutRoutines;
    if (base === undefined) return finding;
    const effect = (finding.routines ?? []).reduce<RoutineEffect>((acc, c) => worse(acc, verdicts.get(`${c.type}:${c.name.toLowerCase()}`)?.effect ?? 'unknown'), 'read');
    if (effect === 'unknown') return finding;
    const rule: SqlRuleKey = effect === 'destroys' ? 'function-destroys' : effect === 'write' && SQL_RULE_ROWS[base].risk === 'read' ? 'function-writes' : base;
    const { ruleWithoutRoutines: _base, ...rest } = finding;
    return { ...rest, rule };
  });
  return { findings: revised, reasons };
}
