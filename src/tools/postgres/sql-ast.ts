// Helpers over libpg-query's JSON syntax tree: object names as written, and constant truth of a WHERE.

/** A node as libpg-query gives it: `{ TypeName: { …fields } }`. */
export type AstNode = Record<string, unknown>;
export type AstFields = Record<string, unknown>;

export function isObject(value: unknown): value is AstFields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The one `[type, fields]` pair of a wrapped node, or undefined. */
export function unwrap(node: unknown): [string, AstFields] | undefined {
  if (!isObject(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const fields = node[keys[0]!];
  return isObject(fields) ? [keys[0]!, fields] : undefined;
}

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

/** Quotes an identifier the way the user had to write it (`orders`, `"Users"`). */
export function quoteIdentifier(name: string): string {
  return PLAIN_IDENTIFIER.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function stringValue(node: unknown): string | undefined {
  const inner = unwrap(node);
  if (inner && inner[0] === 'String' && typeof inner[1].sval === 'string') return inner[1].sval;
  return undefined;
}

/** `schema.table` from a RangeVar, as written. */
export function rangeVarName(rangeVar: unknown): string {
  const fields = isObject(rangeVar) && isObject(rangeVar.RangeVar) ? rangeVar.RangeVar : rangeVar;
  if (!isObject(fields)) return '?';
  const parts = [fields.catalogname, fields.schemaname, fields.relname].filter((p): p is string => typeof p === 'string');
  return parts.map(quoteIdentifier).join('.') || '?';
}

/** A dotted name from a String, a List of Strings, an ObjectWithArgs or a TypeName. */
export function objectName(node: unknown): string {
  const direct = stringValue(node);
  if (direct !== undefined) return quoteIdentifier(direct);
  const inner = unwrap(node);
  if (!inner) return '?';
  const [type, fields] = inner;
  const list = type === 'List' ? fields.items : type === 'ObjectWithArgs' ? fields.objname : type === 'TypeName' ? fields.names : undefined;
  if (Array.isArray(list)) return list.map((item) => quoteIdentifier(stringValue(item) ?? '?')).join('.');
  if (type === 'RangeVar') return rangeVarName(fields);
  return '?';
}

/** `schema.name` as guard writes names (quoted where needed) back into its parts, unquoted. */
export function splitQualifiedName(written: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < written.length; i++) {
    const c = written[i]!;
    if (c === '"') {
      if (quoted && written[i + 1] === '"') { current += '"'; i++; } else quoted = !quoted;
    } else if (c === '.' && !quoted) { parts.push(current); current = ''; } else current += c;
  }
  parts.push(current);
  return parts;
}

export function roleName(node: unknown): string {
  const fields = isObject(node) && isObject(node.RoleSpec) ? node.RoleSpec : node;
  if (!isObject(fields)) return '?';
  if (typeof fields.rolename === 'string') return quoteIdentifier(fields.rolename);
  const special: Record<string, string> = { ROLESPEC_CURRENT_USER: 'CURRENT_USER', ROLESPEC_SESSION_USER: 'SESSION_USER', ROLESPEC_CURRENT_ROLE: 'CURRENT_ROLE', ROLESPEC_PUBLIC: 'PUBLIC' };
  return special[String(fields.roletype)] ?? '?';
}

/** Three-valued constant: a value, SQL NULL, or not constant (depends on rows or functions). */
type Constant = { value: boolean | number | string } | { value: null } | undefined;

const TRUE_WORDS = new Set(['t', 'tr', 'tru', 'true', 'y', 'ye', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['f', 'fa', 'fal', 'fals', 'false', 'n', 'no', 'off', '0']);

/**
 * Whether a WHERE condition is true for every row, judged only from constants and obvious
 * tautologies (`true`, `1=1`, `'a'='a'`, `NOT false`, `x OR true`, `id = id`, `EXISTS (SELECT 1)`).
 */
export function isAlwaysTrue(condition: unknown): boolean {
  const constant = evaluate(condition);
  // An untyped literal as a condition is read as boolean (`WHERE 'true'`).
  if (constant !== undefined) return constant.value === true || (typeof constant.value === 'string' && TRUE_WORDS.has(constant.value.trim().toLowerCase()));
  // A condition that reads no column, parameter or cursor (`WHERE now() IS NOT NULL`,
  // `WHERE (SELECT true)`, `WHERE 'true'`) does not depend on the row: it takes every row or none.
  return !readsRow(condition);
}

const ROW_DEPENDENT = new Set(['ColumnRef', 'ParamRef', 'CurrentOfExpr']);

/** Whether an expression depends on the row (reads a column, a parameter or a cursor). */
export function readsRow(node: unknown, depth = 0): boolean {
  if (depth > 200) return true;
  if (Array.isArray(node)) return node.some((item) => readsRow(item, depth + 1));
  if (!isObject(node)) return false;
  return Object.entries(node).some(([key, value]) => ROW_DEPENDENT.has(key) || readsRow(value, depth + 1));
}

function evaluate(node: unknown): Constant {
  const inner = unwrap(node);
  if (!inner) return undefined;
  const [type, f] = inner;
  switch (type) {
    case 'A_Const': {
      if (f.isnull) return { value: null };
      if (isObject(f.boolval)) return { value: f.boolval.boolval === true };
      if (isObject(f.ival)) return { value: typeof f.ival.ival === 'number' ? f.ival.ival : 0 };
      if (isObject(f.fval)) return { value: Number(f.fval.fval) };
      if (isObject(f.sval)) return { value: typeof f.sval.sval === 'string' ? f.sval.sval : '' };
      return undefined;
    }
    case 'TypeCast': {
      const operand = evaluate(f.arg);
      const typeName = objectName({ TypeName: f.typeName }).toLowerCase();
      if (!operand || operand.value === null) return operand;
      if (typeName.endsWith('bool') || typeName.endsWith('boolean')) {
        const word = String(operand.value).trim().toLowerCase();
        if (TRUE_WORDS.has(word)) return { value: true };
        if (FALSE_WORDS.has(word)) return { value: false };
        return undefined;
      }
      return operand;
    }
    case 'BoolExpr': {
      const args = Array.isArray(f.args) ? f.args.map(evaluate) : [];
      const truth = args.map((a) => (a === undefined ? undefined : a.value === null ? null : Boolean(a.value)));
      if (f.boolop === 'NOT_EXPR') return truth[0] === undefined ? undefined : { value: truth[0] === null ? null : !truth[0] };
      if (f.boolop === 'OR_EXPR') {
        if (truth.includes(true)) return { value: true };
        return truth.every((t) => t === false) ? { value: false } : undefined;
      }
      if (f.boolop === 'AND_EXPR') {
        if (truth.includes(false)) return { value: false };
        return truth.every((t) => t === true) ? { value: true } : undefined;
      }
      return undefined;
    }
    case 'A_Expr': return evaluateOperator(f);
    case 'NullTest': {
      const operand = evaluate(f.arg);
      if (!operand) return undefined;
      const isNull = operand.value === null;
      return { value: f.nulltesttype === 'IS_NOT_NULL' ? !isNull : isNull };
    }
    case 'BooleanTest': {
      const operand = evaluate(f.arg);
      if (!operand) return undefined;
      const v = operand.value === null ? null : Boolean(operand.value);
      const table: Record<string, boolean> = {
        IS_TRUE: v === true, IS_NOT_TRUE: v !== true, IS_FALSE: v === false,
        IS_NOT_FALSE: v !== false, IS_UNKNOWN: v === null, IS_NOT_UNKNOWN: v !== null,
      };
      const result = table[String(f.booltesttype)];
      return result === undefined ? undefined : { value: result };
    }
    case 'SubLink': {
      // EXISTS over a query with no FROM and no WHERE always finds its one row.
      const select = unwrap(f.subselect);
      if (f.subLinkType === 'EXISTS_SUBLINK' && select?.[0] === 'SelectStmt' && !select[1].fromClause && !select[1].whereClause && !select[1].havingClause) return { value: true };
      return undefined;
    }
    default: return undefined;
  }
}

function evaluateOperator(f: AstFields): Constant {
  const operator = Array.isArray(f.name) && f.name.length === 1 ? stringValue(f.name[0]) : undefined;
  if (f.kind === 'AEXPR_OP' && operator === '=' && sameColumn(f.lexpr, f.rexpr)) return { value: true };
  if (f.kind !== 'AEXPR_OP' || operator === undefined) return undefined;
  const left = evaluate(f.lexpr);
  const right = evaluate(f.rexpr);
  if (!left || !right) return undefined;
  if (left.value === null || right.value === null) return { value: null };
  let a: number | string | boolean = left.value;
  let b: number | string | boolean = right.value;
  if (typeof a !== typeof b) {
    // Postgres coerces an untyped literal to the other side's type.
    const na = Number(a), nb = Number(b);
    if (Number.isNaN(na) || Number.isNaN(nb)) return undefined;
    a = na; b = nb;
  }
  switch (operator) {
    case '=': return { value: a === b };
    case '<>': case '!=': return { value: a !== b };
    case '<': return { value: a < b };
    case '>': return { value: a > b };
    case '<=': return { value: a <= b };
    case '>=': return { value: a >= b };
    default: return undefined;
  }
}

function sameColumn(left: unknown, right: unknown): boolean {
  const l = unwrap(left);
  const r = unwrap(right);
  return l?.[0] === 'ColumnRef' && r?.[0] === 'ColumnRef' && JSON.stringify(l[1].fields) === JSON.stringify(r[1].fields);
}

/** The text of a constant (`off`, `42`, `true`), or '' when the node is not a constant. */
export function constantText(node: unknown): string {
  const inner = unwrap(node);
  if (inner?.[0] !== 'A_Const') return '';
  const f = inner[1];
  for (const key of ['sval', 'ival', 'fval', 'boolval'] as const) {
    const holder = f[key];
    if (isObject(holder)) return String(holder[key] ?? (key === 'ival' ? 0 : key === 'boolval' ? false : ''));
  }
  return '';
}
