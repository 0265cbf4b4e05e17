// Classifies MySQL/MariaDB SQL with a real parser (node-sql-parser, MariaDB grammar), loaded lazily.
import type { ObjectRef } from '../../core/types.js';
import { lexClientScript } from './script.js';
import type { SqlRuleKey } from './rules.js';
import { classifyByTokens } from './sql-keywords.js';
import { functionCalls, WRITING_BUILTINS } from './sql-functions.js';
import { redactSqlSecrets, unwrapVersionComments } from './sql-text.js';

/** One statement's verdict: the rule it falls under, in the user's words, and the objects it names. */
export interface MysqlSqlFinding {
  readonly rule: SqlRuleKey;
  readonly summary: string;
  readonly objects: readonly ObjectRef[];
  /** The statement as sent (after the client's splitting), for look-ups. */
  readonly statement: string;
  /** Stored functions and procedures the statement calls (not built in): judged live by their bodies. */
  readonly routines?: readonly RoutineCall[];
  /** The rule the statement falls under if every routine it calls only reads. */
  readonly ruleWithoutRoutines?: SqlRuleKey;
  /** The line of the text the statement starts on (classifyMysqlSql only). */
  readonly line?: number;
  /** DELETE/UPDATE … WHERE on one table: the rows it touches, counted live by this SELECT COUNT(*). */
  readonly rowCount?: { readonly table: string; readonly countSql: string; readonly database: string | null };
}

export interface RoutineCall {
  /** `shop.f`, or `f` when neither the call nor the session names a database. */
  readonly name: string;
  readonly type: 'FUNCTION' | 'PROCEDURE';
}

export interface MysqlSqlVerdict {
  readonly findings: readonly MysqlSqlFinding[];
  readonly statementCount: number;
  /** The database `USE` leaves selected at the end (null when the text selects none). */
  readonly database: string | null;
}

type Node = Record<string, unknown>;
interface SqlParser {
  astify(sql: string, options: { database: string }): unknown;
  sqlify(ast: unknown, options: { database: string }): string;
}

let parserPromise: Promise<SqlParser> | null = null;

/** The MariaDB build of node-sql-parser alone (≈260 KB), only when there is SQL to read. */
function loadParser(): Promise<SqlParser> {
  parserPromise ??= import('node-sql-parser/build/mariadb.js').then((module: { default?: { Parser: new () => SqlParser }; Parser?: new () => SqlParser }) => {
    const Parser = module.default?.Parser ?? module.Parser;
    if (!Parser) throw new Error('node-sql-parser has no Parser export');
    return new Parser();
  });
  return parserPromise;
}

const MAX_STATEMENT_CHARS = 200_000;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function qualified(db: unknown, name: unknown, current: string | null): string {
  const table = String(name);
  if (typeof db === 'string' && db !== '') return `${db}.${table}`;
  return current ? `${current}.${table}` : table;
}

function tablesOf(list: unknown, current: string | null, kind = 'table'): ObjectRef[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isNode).filter((t) => typeof t.table === 'string').map((t) => ({ kind, name: qualified(t.db, t.table, current) }));
}

/** A constant condition that holds for every row: TRUE, 1, 1=1, 'a'='a', x=x, … OR TRUE. */
function alwaysTrue(expr: unknown): boolean {
  if (!isNode(expr)) return false;
  if (expr.type === 'bool') return expr.value === true;
  if (expr.type === 'number') return Number(expr.value) !== 0;
  if (expr.type === 'binary_expr') {
    const op = String(expr.operator).toUpperCase();
    if (op === 'OR') return alwaysTrue(expr.left) || alwaysTrue(expr.right);
    if (op === 'AND') return alwaysTrue(expr.left) && alwaysTrue(expr.right);
    if (op === '=' || op === '<=>' || op === '>=' || op === '<=') return JSON.stringify(expr.left) === JSON.stringify(expr.right);
    if (op === 'IS NOT' && isNode(expr.right) && expr.right.type === 'null') return isNode(expr.left) && ['number', 'single_quote_string', 'bool'].includes(String(expr.left.type));
  }
  return false;
}

function describe(statement: string): string {
  const flat = redactSqlSecrets(statement).replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}

/** The finding for one parsed statement; `current` is the database USE selected. */
function classifyAst(ast: Node, statement: string, current: string | null): MysqlSqlFinding {
  const summary = describe(statement);
  const finding = (rule: SqlRuleKey, objects: readonly ObjectRef[] = []): MysqlSqlFinding => ({ rule, summary, objects, statement });
  const keyword = String(ast.keyword ?? '').toLowerCase();
  switch (ast.type) {
    case 'select': {
      const into = isNode(ast.into) ? String(ast.into.keyword ?? '').toUpperCase() : '';
      return finding(into === 'OUTFILE' || into === 'DUMPFILE' ? 'write' : 'read');
    }
    case 'show':
    case 'desc':
    case 'explain':
    case 'use':
    case 'transaction':
      return finding('read');
    case 'set': {
      // SET GLOBAL/PERSIST change the server for everyone; SET PASSWORD changes a credential.
      const assigns = Array.isArray(ast.expr) ? ast.expr.filter(isNode) : [];
      const password = assigns.some((a) => isNode(a.left) && String(a.left.name).toUpperCase() === 'PASSWORD');
      return finding(keyword === 'global' || keyword === 'persist' || password ? 'write' : 'read');
    }
    case 'drop': {
      if (keyword === 'database' || keyword === 'schema') return finding('drop-database', [{ kind: 'database', name: String(ast.name) }]);
      if (keyword === 'table') return finding('drop-table', tablesOf(ast.name, current));
      const named = Array.isArray(ast.name) ? tablesOf(ast.name, current, keyword) : [];
      return finding('drop-object', named);
    }
    case 'truncate':
      return finding('truncate', tablesOf(ast.name, current));
    case 'delete': {
      const tables = tablesOf(ast.from, current);
      return finding(ast.where === null || ast.where === undefined || alwaysTrue(ast.where) ? 'delete-all' : 'delete-where', tables);
    }
    case 'update': {
      const tables = tablesOf(ast.table, current);
      return finding(ast.where === null || ast.where === undefined || alwaysTrue(ast.where) ? 'update-all' : 'update-where', tables);
    }
    case 'alter': {
      const table = tablesOf(ast.table, current);
      const actions = Array.isArray(ast.expr) ? ast.expr.filter(isNode) : [];
      if (actions.some((a) => a.action === 'truncate')) return finding('truncate', table);
      const dropColumns = actions.filter((a) => a.action === 'drop' && a.resource === 'column');
      if (dropColumns.length > 0) {
        const tableName = table[0]?.name ?? '?';
        return finding('drop-column', dropColumns.map((a) => ({ kind: 'column', name: `${tableName}.${String(isNode(a.column) ? a.column.column : '?')}` })));
      }
      if (actions.some((a) => a.action === 'drop')) return finding('drop-object', table);
      if (actions.some((a) => a.action === 'rename' || a.resource === 'table')) return finding('rename', table);
      return finding('write', table);
    }
    case 'rename':
      return finding('rename', Array.isArray(ast.table) ? ast.table.flatMap((pair) => tablesOf(Array.isArray(pair) ? pair.slice(0, 1) : [], current)) : []);
    case 'call':
      return finding('call-procedure');
    case 'grant':
    case 'revoke':
      return finding('privileges');
    case 'insert':
    case 'replace':
    case 'create':
    case 'load_data':
    case 'lock':
    case 'unlock':
      return finding('write', ast.type === 'insert' || ast.type === 'replace' ? tablesOf(ast.table, current) : []);
    default:
      return finding('unrecognised-statement');
  }
}

function databaseOfUse(ast: Node): string | null {
  return ast.type === 'use' && typeof ast.db === 'string' ? ast.db : null;
}

/**
 * Classifies SQL text as the mysql client would send it: split at `;` (DELIMITER changes
 * honoured), version comments executed, each statement parsed on its own. What the parser
 * rejects is `unparseable` (unknown). Client commands in the text (source, system…) are not
 * followed here: they are reported as `unrecognised-statement`.
 */
export async function classifyMysqlSql(text: string, options: { readonly database?: string | null } = {}): Promise<MysqlSqlVerdict> {
  const findings: MysqlSqlFinding[] = [];
  let current = options.database ?? null;
  let count = 0;
  for (const item of lexClientScript(text).items) {
    if (item.kind === 'command') {
      if (item.name === 'use') current = item.argument.split(/\s+/)[0]?.replace(/^`|`$/g, '') || current;
      else if (item.name !== 'delimiter' && item.name !== 'harmless' && item.name !== 'quit') findings.push({ rule: 'unrecognised-statement', summary: `client command ${item.name} ${item.argument}`.trim(), objects: [], statement: item.argument, line: item.line });
      continue;
    }
    count++;
    const verdict = await classifyMysqlStatement(item.text, current);
    if (verdict.use !== null) current = verdict.use;
    findings.push({ ...verdict.finding, line: item.line });
  }
  return { findings, statementCount: count, database: current };
}

/** One statement (no client splitting): its finding, and the database it selects if it is USE. */
export async function classifyMysqlStatement(statement: string, current: string | null): Promise<{ finding: MysqlSqlFinding; use: string | null }> {
  const summary = describe(statement);
  if (statement.length > MAX_STATEMENT_CHARS) return { finding: { rule: 'unparseable', summary: `${summary} (too large to analyse)`, objects: [], statement }, use: null };
  const unwrapped = unwrapVersionComments(statement);
  const byTokens = classifyByTokens(unwrapped, current);
  if (byTokens && byTokens.rewritten === undefined) return { finding: { rule: byTokens.rule, summary, objects: byTokens.objects, statement }, use: null };
  const parser = await loadParser();
  let parsed: unknown;
  try {
    parsed = parser.astify(byTokens?.rewritten ?? unwrapped, { database: 'MariaDB' });
  } catch {
    return { finding: { rule: 'unparseable', summary, objects: [], statement }, use: null };
  }
  const asts = (Array.isArray(parsed) ? parsed : [parsed]).filter(isNode);
  if (asts.length === 0) return { finding: { rule: 'read', summary, objects: [], statement }, use: null };
  // Several statements in one (a version comment holding `;`): the worst one speaks.
  let worst: MysqlSqlFinding | null = null;
  let use: string | null = null;
  for (const ast of asts) {
    const database = use ?? current;
    const finding = withRowCount(withRoutineCalls(classifyAst(ast, statement, database), ast, database), ast, database, parser);
    use = databaseOfUse(ast) ?? use;
    if (worst === null || rank(finding.rule) > rank(worst.rule)) worst = finding;
  }
  return { finding: worst ?? { rule: 'read', summary, objects: [], statement }, use };
}

/**
 * A bounded DELETE/UPDATE of one table gets the SELECT COUNT(*) of the rows its WHERE selects,
 * written back by the parser (the live look-up runs it read-only). Joins and LIMIT are left out:
 * their matched rows are not the rows they change.
 */
function withRowCount(finding: MysqlSqlFinding, ast: Node, database: string | null, parser: SqlParser): MysqlSqlFinding {
  if (finding.rule !== 'delete-where' && finding.rule !== 'update-where') return finding;
  const from = ast.type === 'delete' ? ast.from : ast.table;
  if (!Array.isArray(from) || from.length !== 1 || !isNode(from[0]) || from[0].join || (isNode(ast.limit) && Array.isArray(ast.limit.value) && ast.limit.value.length > 0)) return finding;
  const table = finding.objects.find((o) => o.kind === 'table')?.name;
  if (table === undefined) return finding;
  const select = {
    with: null, type: 'select', options: null, distinct: null, into: { position: null }, groupby: null, having: null, orderby: null, limit: null, locking_read: null, window: null, collate: null,
    columns: [{ expr: { type: 'aggr_func', name: 'COUNT', args: { expr: { type: 'star', value: '*' } }, over: null }, as: null }],
    from,
    where: ast.where,
  };
  try {
    return { ...finding, rowCount: { table, countSql: parser.sqlify(select, { database: 'MariaDB' }), database } };
  } catch {
    return finding;
  }
}

/**
 * The finding with the stored routines the statement calls: a statement that would read or write
 * is unknown while a routine it calls is unread. Definitions (CREATE VIEW/TABLE) only store the
 * call for later, so their calls do not run now.
 */
function withRoutineCalls(finding: MysqlSqlFinding, ast: Node, database: string | null): MysqlSqlFinding {
  if (ast.type === 'create') return finding;
  const routines: RoutineCall[] = [];
  let writes = false;
  let searched: unknown = ast;
  if (ast.type === 'call' && isNode(ast.expr)) {
    const [procedure] = functionCalls({ ...ast.expr, args: null }, database);
    if (procedure) routines.push({ name: procedure.name, type: 'PROCEDURE' });
    searched = ast.expr.args;
  }
  for (const call of functionCalls(searched, database)) {
    if (!call.builtin && !routines.some((r) => r.name === call.name && r.type === 'FUNCTION')) routines.push({ name: call.name, type: 'FUNCTION' });
    if (call.builtin && WRITING_BUILTINS.has(call.name.slice(call.name.lastIndexOf('.') + 1).toUpperCase())) writes = true;
  }
  const base: SqlRuleKey = writes && finding.rule === 'read' ? 'write' : finding.rule;
  if (routines.length === 0) return base === finding.rule ? finding : { ...finding, rule: base };
  const objects = [...finding.objects, ...routines.map((r) => ({ kind: r.type === 'PROCEDURE' ? 'procedure' : 'function', name: r.name }))];
  // A statement that destroys anyway stays destructive; the calls are listed with it.
  if (rank(base) >= 3 && base !== 'call-procedure') return { ...finding, rule: base, objects };
  return { ...finding, rule: ast.type === 'call' ? 'call-procedure' : 'user-function', objects, routines, ruleWithoutRoutines: ast.type === 'call' ? 'read' : base };
}

const RANKS: Partial<Record<SqlRuleKey, number>> = { read: 0, write: 1, rename: 1, 'delete-where': 1, 'update-where': 1, 'kill-query': 1, privileges: 1 };
function rank(rule: SqlRuleKey): number {
  return RANKS[rule] ?? 3;
}
