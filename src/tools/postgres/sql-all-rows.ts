// Offline proof that a bounded DELETE/UPDATE takes every row anyway: disguised tautologies and self-joins.
import { isObject, rangeVarName, unwrap, type AstFields } from './sql-ast.js';

/** A column reference as written: its qualifier (alias or table, '' when bare) and column name. */
interface ColumnName {
  readonly qualifier: string;
  readonly column: string;
}

function columnRef(node: unknown): ColumnName | null {
  const inner = unwrap(node);
  if (!inner || inner[0] !== 'ColumnRef' || !Array.isArray(inner[1].fields)) return null;
  const parts = inner[1].fields.map((f) => unwrap(f)).map((f) => (f && f[0] === 'String' && typeof f[1].sval === 'string' ? f[1].sval : null));
  if (parts.some((p) => p === null) || parts.length === 0) return null;
  const names = parts as string[];
  return { qualifier: names.slice(0, -1).join('.'), column: names[names.length - 1]! };
}

/** The conjuncts of an AND tree (a single condition is one conjunct). */
function conjuncts(node: unknown): unknown[] {
  const inner = unwrap(node);
  if (inner && inner[0] === 'BoolExpr' && inner[1].boolop === 'AND_EXPR' && Array.isArray(inner[1].args)) return inner[1].args.flatMap(conjuncts);
  return [node];
}

function disjuncts(node: unknown): unknown[] {
  const inner = unwrap(node);
  if (inner && inner[0] === 'BoolExpr' && inner[1].boolop === 'OR_EXPR' && Array.isArray(inner[1].args)) return inner[1].args.flatMap(disjuncts);
  return [node];
}

function nullTest(node: unknown): { column: string; isNull: boolean } | null {
  const inner = unwrap(node);
  if (!inner || inner[0] !== 'NullTest') return null;
  const ref = columnRef(inner[1].arg);
  if (!ref) return null;
  return { column: `${ref.qualifier}.${ref.column}`, isNull: inner[1].nulltesttype === 'IS_NULL' };
}

/** `x IS NULL OR x IS NOT NULL` (in any order, among other disjuncts): true for every row. */
function coversNullAndNotNull(condition: unknown): boolean {
  const tests = disjuncts(condition).map(nullTest).filter((t): t is NonNullable<typeof t> => t !== null);
  return tests.some((a) => !a.isNull && tests.some((b) => b.isNull && b.column === a.column));
}

/** `a.c = b.c`: the two sides' qualifiers and the shared column, or null. */
function equalityOnSameColumn(node: unknown): { left: string; right: string; column: string } | null {
  const inner = unwrap(node);
  if (!inner || inner[0] !== 'A_Expr' || inner[1].kind !== 'AEXPR_OP' || !Array.isArray(inner[1].name)) return null;
  const operator = inner[1].name.map((n) => unwrap(n)?.[1].sval).join('.');
  if (operator !== '=' && operator !== 'pg_catalog.=') return null;
  const left = columnRef(inner[1].lexpr);
  const right = columnRef(inner[1].rexpr);
  if (!left || !right || left.column !== right.column) return null;
  return { left: left.qualifier, right: right.qualifier, column: left.column };
}

/** The names a relation answers to in the condition: its alias, or its name and bare name. */
function relationNames(rangeVar: AstFields): string[] {
  const alias = isObject(rangeVar.alias) && typeof rangeVar.alias.aliasname === 'string' ? rangeVar.alias.aliasname : null;
  if (alias !== null) return [alias];
  const relname = typeof rangeVar.relname === 'string' ? rangeVar.relname : '';
  return typeof rangeVar.schemaname === 'string' ? [`${rangeVar.schemaname}.${relname}`, relname] : [relname];
}

/**
 * A self-join on the same column (`DELETE FROM users u USING users u2 WHERE u.id = u2.id`):
 * every row matches itself, so the statement takes every row whose join columns are not NULL.
 */
function selfJoinColumns(target: AstFields, others: readonly unknown[], condition: unknown): string[] | null {
  const targetName = rangeVarName(target);
  const targetNames = relationNames(target);
  const copies = others.map((o) => unwrap(o)).filter((o): o is [string, AstFields] => o !== undefined && o[0] === 'RangeVar' && rangeVarName(o[1]) === targetName);
  if (copies.length === 0) return null;
  const copyNames = copies.flatMap(([, fields]) => relationNames(fields));
  const parts = conjuncts(condition);
  const columns: string[] = [];
  for (const part of parts) {
    const equality = equalityOnSameColumn(part);
    if (!equality) return null;
    const pair = [equality.left, equality.right];
    const joinsCopy = pair.some((q) => targetNames.includes(q)) && pair.some((q) => copyNames.includes(q)) && equality.left !== equality.right;
    if (!joinsCopy) return null;
    columns.push(equality.column);
  }
  return columns.length > 0 ? [...new Set(columns)] : null;
}

/**
 * Why a DELETE/UPDATE with this WHERE takes every row although it has a condition, or null
 * when guard cannot prove it offline (the live planner may still show it).
 */
export function provesEveryRow(statement: AstFields, kind: 'delete' | 'update'): string | null {
  const condition = statement.whereClause;
  if (condition === undefined) return null;
  if (coversNullAndNotNull(condition)) return 'IS NULL OR IS NOT NULL holds for every row';
  const target = isObject(statement.relation) ? statement.relation : null;
  const others = kind === 'delete' ? statement.usingClause : statement.fromClause;
  if (target && Array.isArray(others)) {
    const columns = selfJoinColumns(target, others, condition);
    if (columns) return `a self-join on ${columns.join(', ')}: every row matches itself (all rows where ${columns.join(', ')} ${columns.length === 1 ? 'is' : 'are'} not NULL)`;
  }
  return null;
}
