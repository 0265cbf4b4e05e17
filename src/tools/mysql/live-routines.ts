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
  /** The worst rule among the statements the body (and what it calls) runs. */
  readonly rule: SqlRuleKey;
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
const RISK_ORDER = ['read', 'write', 'unknown', 'destructive'];
/** Whether rule a is riskier than rule b. */
const worseRule = (a: SqlRuleKey, b: SqlRuleKey) => RISK_ORDER.indexOf(SQL_RULE_ROWS[a].risk) > RISK_ORDER.indexOf(SQL_RULE_ROWS[b].risk);
const worse = (a: RoutineEffect, b: RoutineEffect) => (WORST.indexOf(a) >= WORST.indexOf(b) ? a : b);

/**
 * Judges each call by the routine's body on the server, following the routines the bodies call
 * (bounded). The declared SQL DATA ACCESS is reported but not trusted: MySQL and MariaDB do not
 * enforce it. A routine guard cannot find or read stays unknown.
 */
export async function judgeRoutines(connection: MysqlConnection, calls: readonly RoutineCall[], ctx: Context): Promise<Map<string, RoutineVerdict>> {
  const verdicts = new Map<string, RoutineVerdict>();
  const { classifyMysqlStatement } = await import('./sql.js');
  const bodies = new Map<string, { row: RoutineRow | null; effect: RoutineEffect; rule: SqlRuleKey; notes: string[]; calls: RoutineCall[] }>();
  let pending = [...calls];
  for (let depth = 0; depth < MAX_DEPTH && pending.length > 0 && bodies.size < MAX_ROUTINES; depth++) {
    const wanted = pending.filter((c) => !bodies.has(`${c.type}:${c.name.toLowerCase()}`));
    pending = [];
    const rows = await fetchRoutines(connection, wanted, ctx);
    for (const call of wanted) {
      const id = `${call.type}:${call.name.toLowerCase()}`;
      const parts = split(call.name);
      const row = parts ? rows.get(key(parts[0], parts[1], call.type)) ?? null : null;
      const entry = { row, effect: 'unknown' as RoutineEffect, rule: 'read' as SqlRuleKey, notes: [] as string[], calls: [] as RoutineCall[] };
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
          if (worseRule(own, entry.rule)) entry.rule = own;
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
  const resolve = (id: string, seen: Set<string>): { effect: RoutineEffect; rule: SqlRuleKey } => {
    const entry = bodies.get(id);
    if (!entry) return { effect: 'unknown', rule: 'user-function' };
    if (seen.has(id)) return { effect: entry.effect, rule: entry.rule };
    seen.add(id);
    return entry.calls.reduce((acc, c) => {
      const inner = resolve(`${c.type}:${c.name.toLowerCase()}`, seen);
      return { effect: worse(acc.effect, inner.effect), rule: worseRule(inner.rule, acc.rule) ? inner.rule : acc.rule };
    }, { effect: entry.effect, rule: entry.rule });
  };
  for (const call of calls) {
    const id = `${call.type}:${call.name.toLowerCase()}`;
    const entry = bodies.get(id);
    const { effect, rule } = resolve(id, new Set());
    const declared = entry?.row?.access ? ` declared ${entry.row.access} (advisory: the server does not enforce it)` : '';
    const said = { read: 'its body only reads', write: 'its body changes data', destroys: 'its body deletes or overwrites data', unknown: 'guard could not read all it does' }[effect];
    const nested = entry && entry.calls.length > 0 ? `; it calls ${entry.calls.map((c) => c.name).join(', ')}` : '';
    const notes = entry && entry.notes.length > 0 ? ` (${entry.notes.join('; ')})` : '';
    verdicts.set(id, { effect, rule, reason: `${call.name} is a ${call.type}${declared}: ${said}${nested}${notes}` });
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
    const judged = (finding.routines ?? []).map((c) => verdicts.get(`${c.type}:${c.name.toLowerCase()}`));
    if (judged.some((v) => v === undefined || v.effect === 'unknown')) return finding;
    // The statement takes the worst rule of what it runs: its own, or a body's (a DELETE without WHERE inside wipe()).
    const rule = judged.reduce<SqlRuleKey>((acc, v) => (v && worseRule(v.rule, acc) ? v.rule : acc), base);
    const { ruleWithoutRoutines: _base, ...rest } = finding;
    return { ...rest, rule };
  });
  return { findings: revised, reasons };
}
