// Pure classification of SQL statements by walking the Postgres parser's syntax tree (libpg-query).
import { plural } from '../../core/report.js';
import type { ObjectRef } from '../../core/types.js';
import type { PsqlRuleKey } from './rules.js';
import { readPlpgsqlBody } from './plpgsql.js';
import { constantText, isAlwaysTrue, isObject, objectName, rangeVarName, readsRow, roleName, unwrap, type AstFields } from './sql-ast.js';
import { provesEveryRow } from './sql-all-rows.js';
import { parseSql, type ParsedStatement } from './sql-parser.js';
import { describeWrite, READ_STATEMENTS, WRITE_STATEMENTS } from './sql-statements.js';
import { DANGEROUS_FUNCTIONS, DEFINING_STATEMENTS, FUNCTION_OBJECTS, isBuiltinFunction, lastNamePart, REMOTE_SQL_FUNCTIONS, TEXT_QUERY_FUNCTIONS, WRITE_FUNCTIONS } from './sql-functions.js';

export { copyFromStdinFormat, loadSqlParser, parseSql, type ParsedStatement, type ParseResult } from './sql-parser.js';

/** One finding about one statement; `read` statements produce none. */
export interface SqlClassification {
  readonly rule: PsqlRuleKey;
  readonly summary: string;
  readonly objects: readonly ObjectRef[];
  /** For DELETE/UPDATE … WHERE: the statement, so a later stage can ask the planner. */
  readonly statementText?: string;
  /** DROP … CASCADE / TRUNCATE … CASCADE: what depends on the objects goes too. */
  readonly cascade?: boolean;
}

/** What one psql session remembers between statements: prepared statements, functions it (re)defined. */
export interface SqlSession {
  readonly prepared: Map<string, SqlClassification[]>;
  /** Functions created, replaced, altered or renamed so far: the server's current facts about them are stale. */
  readonly redefinedFunctions: Set<string>;
  /** CREATE/ALTER EXTENSION can define any function. */
  redefinesAllFunctions: boolean;
}

export function newSqlSession(): SqlSession {
  return { prepared: new Map(), redefinedFunctions: new Set(), redefinesAllFunctions: false };
}

const TABLE_LIKE: Record<string, string> = { OBJECT_TABLE: 'TABLE', OBJECT_MATVIEW: 'MATERIALIZED VIEW', OBJECT_FOREIGN_TABLE: 'FOREIGN TABLE' };

export interface ClassifyOptions {
  /** False for code that is only defined here (a function body, a view): its calls do not run now. */
  readonly callsRun?: boolean;
  /**
   * The body of a STABLE or IMMUTABLE function: PostgreSQL rejects every statement in it that is
   * not a read before it runs, so only the calls inside reads remain (they may reach volatile code).
   */
  readonly readOnly?: boolean;
}

class Classifier {
  readonly out: SqlClassification[] = [];
  private callsRun: boolean;
  private readonly readOnly: boolean;
  // Inside CREATE TABLE, DEFAULT and CHECK expressions run on later INSERTs, not now.
  private inCreateTable = false;
  constructor(private readonly statementText: () => string, private readonly session: SqlSession, private readonly depth: number, options: ClassifyOptions = {}) {
    this.callsRun = options.callsRun ?? true;
    this.readOnly = options.readOnly ?? false;
  }

  private get text(): string {
    return this.statementText();
  }

  add(rule: PsqlRuleKey, summary: string, objects: ObjectRef[] = [], statementText?: string, cascade = false): void {
    this.out.push({ rule, summary, objects, ...(statementText === undefined ? {} : { statementText }), ...(cascade ? { cascade } : {}) });
  }

  /** A statement in a position where it runs. */
  statement(node: unknown): void {
    const inner = unwrap(node);
    if (!inner) return;
    const [type, f] = inner;
    if (this.readOnly && !READ_STATEMENTS.has(type)) return;
    if (this.special(type, f)) return;
    const definesOnly = DEFINING_STATEMENTS.has(type) || type === 'CreateStmt';
    const saved = { callsRun: this.callsRun, inCreateTable: this.inCreateTable };
    if (DEFINING_STATEMENTS.has(type)) this.callsRun = false;
    if (type === 'CreateStmt') this.inCreateTable = true;
    if (type === 'SelectStmt') {
      if (f.intoClause && !this.readOnly) this.add('write', `SELECT INTO ${rangeVarName(isObject(f.intoClause) ? f.intoClause.rel : undefined)}`);
    } else if (WRITE_STATEMENTS.has(type)) {
      this.add('write', describeWrite(type, f));
      if (type === 'CallStmt' && isObject(f.funccall)) this.functionCall(f.funccall); // stored without its node wrapper
      this.noteRedefinition(type, f);
    } else if (!READ_STATEMENTS.has(type)) {
      this.add('unrecognised-statement', `${type.replace(/Stmt$/, '')} (a statement guard does not know)`);
    }
    this.walk(f);
    if (definesOnly) { this.callsRun = saved.callsRun; this.inCreateTable = saved.inCreateTable; }
  }

  /** Remembers functions this input changes, so live facts about them are not trusted later. */
  private noteRedefinition(type: string, f: AstFields): void {
    if (type === 'AlterFunctionStmt' && isObject(f.func)) this.session.redefinedFunctions.add(lastNamePart(f.func.objname));
    else if (type === 'RenameStmt' && FUNCTION_OBJECTS.has(String(f.renameType)) && typeof f.newname === 'string') this.session.redefinedFunctions.add(f.newname);
    else if (type === 'CreateExtensionStmt' || type === 'AlterExtensionStmt' || type === 'AlterExtensionContentsStmt') this.session.redefinesAllFunctions = true;
  }

  /** Statement types with rules of their own; returns true when fully handled. */
  private special(type: string, f: AstFields): boolean {
    switch (type) {
      case 'DropStmt': {
        const removeType = String(f.removeType);
        const names = (Array.isArray(f.objects) ? f.objects : []).map(objectName);
        const words = TABLE_LIKE[removeType] ?? removeType.replace(/^OBJECT_/, '').replace(/_/g, ' ');
        const kind = TABLE_LIKE[removeType] ? 'table' : words.toLowerCase();
        const rule: PsqlRuleKey = TABLE_LIKE[removeType] ? 'drop-table' : removeType === 'OBJECT_SCHEMA' ? 'drop-schema' : 'drop-object';
        const summary = `DROP ${words}${f.missing_ok ? ' IF EXISTS' : ''} ${names.join(', ')}${f.behavior === 'DROP_CASCADE' ? ' CASCADE' : ''}`;
        this.add(rule, summary, names.map((name) => ({ kind, name })), undefined, f.behavior === 'DROP_CASCADE');
        return true;
      }
      case 'DropdbStmt': {
        const name = objectName({ String: { sval: f.dbname } });
        this.add('drop-database', `DROP DATABASE ${name}`, [{ kind: 'database', name }]);
        return true;
      }
      case 'DropRoleStmt': case 'DropOwnedStmt': case 'ReassignOwnedStmt': {
        const roles = (Array.isArray(f.roles) ? f.roles : []).map(roleName);
        const summary = type === 'DropRoleStmt' ? `DROP ROLE ${roles.join(', ')}` : type === 'DropOwnedStmt'
          ? `DROP OWNED BY ${roles.join(', ')}` : `REASSIGN OWNED BY ${roles.join(', ')} TO ${roleName(f.newrole)}`;
        this.add('drop-role', summary, roles.map((name) => ({ kind: 'role', name })));
        return true;
      }
      case 'DropTableSpaceStmt': case 'DropSubscriptionStmt': case 'DropUserMappingStmt': {
        const what = type.replace(/^Drop|Stmt$/g, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
        const name = typeof f.tablespacename === 'string' ? f.tablespacename : typeof f.subname === 'string' ? f.subname : '';
        this.add('drop-object', `DROP ${what} ${objectName({ String: { sval: name } })}`.trim(), [{ kind: what.toLowerCase(), name }]);
        return true;
      }
      case 'TruncateStmt': {
        const names = (Array.isArray(f.relations) ? f.relations : []).map(rangeVarName);
        this.add('truncate', `TRUNCATE ${names.join(', ')}${f.behavior === 'DROP_CASCADE' ? ' CASCADE' : ''}`, names.map((name) => ({ kind: 'table', name })), undefined, f.behavior === 'DROP_CASCADE');
        return true;
      }
      case 'DeleteStmt': case 'UpdateStmt': {
        const isDelete = type === 'DeleteStmt';
        const table = rangeVarName(f.relation);
        const verb = isDelete ? `DELETE FROM ${table}` : `UPDATE ${table}`;
        const objects = [{ kind: 'table', name: table }];
        if (f.whereClause === undefined) this.add(isDelete ? 'delete-all' : 'update-all', `${verb} (no WHERE)`, objects);
        else if (isAlwaysTrue(f.whereClause)) this.add(isDelete ? 'delete-all' : 'update-all', `${verb} WHERE … (always true)`, objects);
        else if (provesEveryRow(f, isDelete ? 'delete' : 'update')) this.add(isDelete ? 'delete-all' : 'update-all', `${verb} WHERE … (${provesEveryRow(f, isDelete ? 'delete' : 'update')})`, objects);
        else this.add(isDelete ? 'delete-where' : 'update-where', `${verb} WHERE …`, objects, this.text);
        this.walk(f);
        return true;
      }
      case 'MergeStmt': {
        const table = rangeVarName(f.relation);
        const clauses = (Array.isArray(f.mergeWhenClauses) ? f.mergeWhenClauses : []).map((c) => unwrap(c)?.[1] ?? {});
        const unconditional = isAlwaysTrue(f.joinCondition);
        for (const [command, all, where] of [['CMD_DELETE', 'delete-all', 'delete-where'], ['CMD_UPDATE', 'update-all', 'update-where']] as const) {
          const matching = clauses.filter((c) => c.commandType === command);
          if (matching.length === 0) continue;
          const everything = unconditional && matching.some((c) => c.condition === undefined);
          this.add(everything ? all : where, `MERGE INTO ${table} … ${command.slice(4)}${everything ? ' (every row matches)' : ''}`, [{ kind: 'table', name: table }], everything ? undefined : this.text);
        }
        if (!clauses.some((c) => c.commandType === 'CMD_DELETE' || c.commandType === 'CMD_UPDATE')) this.add('write', `MERGE INTO ${table}`);
        this.walk(f);
        return true;
      }
      case 'AlterTableStmt': {
        const table = rangeVarName(f.relation);
        const commands = (Array.isArray(f.cmds) ? f.cmds : []).map((c) => unwrap(c)?.[1] ?? {});
        const dropped = commands.filter((c) => c.subtype === 'AT_DropColumn').map((c) => objectName({ String: { sval: c.name } }));
        if (dropped.length > 0) {
          this.add('drop-column', `ALTER TABLE ${table} DROP COLUMN ${dropped.join(', ')}`, dropped.map((column) => ({ kind: 'column', name: `${table}.${column}` })));
        }
        // ALTER COLUMN … TYPE … USING an expression that reads no column: every row gets the same value.
        const rewritten = commands.filter((c) => c.subtype === 'AT_AlterColumnType' && isObject(c.def) && isObject(c.def.ColumnDef) && c.def.ColumnDef.raw_default !== undefined && !readsRow(c.def.ColumnDef.raw_default));
        for (const command of rewritten) {
          const column = objectName({ String: { sval: command.name } });
          this.add('rewrite-column', `ALTER TABLE ${table} ALTER COLUMN ${column} TYPE … USING a constant (every row's value is replaced)`, [{ kind: 'column', name: `${table}.${column}` }]);
        }
        if (dropped.length + rewritten.length < commands.length || commands.length === 0) this.add('write', `ALTER ${String(f.objtype ?? 'OBJECT_TABLE').replace(/^OBJECT_/, '').replace(/_/g, ' ')} ${table}`);
        this.walk(f);
        return true;
      }
      case 'ExplainStmt': {
        const options = (Array.isArray(f.options) ? f.options : []).map((o) => unwrap(o)?.[1] ?? {});
        const analyze = options.find((o) => o.defname === 'analyze');
        const off = analyze && isObject(analyze.arg) && ['false', 'off', '0'].includes(String(Object.values(unwrap(analyze.arg)?.[1] ?? {})[0]).toLowerCase());
        if (analyze && !off) this.statement(f.query); // EXPLAIN ANALYZE runs the statement
        return true;
      }
      case 'PrepareStmt': {
        const inner = new Classifier(this.statementText, this.session, this.depth, { callsRun: this.callsRun });
        inner.statement(f.query);
        this.session.prepared.set(String(f.name), inner.out);
        this.out.push(...inner.out);
        return true;
      }
      case 'ExecuteStmt': {
        const prepared = this.session.prepared.get(String(f.name));
        if (!prepared) this.add('opaque-code', `EXECUTE ${objectName({ String: { sval: f.name } })} (prepared outside what guard read)`);
        else for (const found of prepared) this.out.push({ ...found, summary: `EXECUTE ${String(f.name)}: ${found.summary}` });
        this.walk(f);
        return true;
      }
      case 'CopyStmt': {
        const table = f.relation ? rangeVarName(f.relation) : '(query)';
        if (f.is_program) this.add('shell-escape', `COPY ${table} ${f.is_from ? 'FROM' : 'TO'} PROGRAM … (runs a shell command on the server)`);
        else if (f.is_from) this.add('write', `COPY ${table} FROM ${typeof f.filename === 'string' ? 'a server file' : 'STDIN'}`, [{ kind: 'table', name: table }]);
        else if (typeof f.filename === 'string') this.add('write', `COPY ${table} TO a server file`);
        this.walk(f);
        return true;
      }
      case 'VariableSetStmt': {
        const value = Array.isArray(f.args) ? constantText(f.args[0]) : '';
        if (String(f.name).toLowerCase() === 'standard_conforming_strings' && ['off', 'false', '0', 'no'].includes(value.toLowerCase())) {
          this.add('opaque-code', 'SET standard_conforming_strings = off (guard reads later quoting as if it were on)');
        }
        return true;
      }
      case 'DoStmt': {
        const args = (Array.isArray(f.args) ? f.args : []).map((a) => unwrap(a)?.[1] ?? {});
        const body = args.find((a) => a.defname === 'as');
        const language = args.find((a) => a.defname === 'language');
        const languageName = language ? String(unwrap(language.arg)?.[1]?.sval ?? '').toLowerCase() : 'plpgsql';
        this.code('DO block', languageName, body ? String(unwrap(body.arg)?.[1]?.sval ?? '') : '');
        return true;
      }
      case 'CreateFunctionStmt': {
        const options = (Array.isArray(f.options) ? f.options : []).map((a) => unwrap(a)?.[1] ?? {});
        const language = String(unwrap(options.find((o) => o.defname === 'language')?.arg)?.[1]?.sval ?? 'sql').toLowerCase();
        const as = unwrap(options.find((o) => o.defname === 'as')?.arg);
        const what = `${f.is_procedure ? 'PROCEDURE' : 'FUNCTION'} ${(Array.isArray(f.funcname) ? f.funcname : []).map((n) => objectName(n)).join('.')}`;
        this.add('write', `CREATE ${f.replace ? 'OR REPLACE ' : ''}${what}`);
        this.session.redefinedFunctions.add(lastNamePart(f.funcname));
        // The body runs when the function is called; calls in it are checked at that call.
        const callsRun = this.callsRun;
        this.callsRun = false;
        if (f.sql_body) this.walk({ body: f.sql_body });
        else if (as && Array.isArray(as[1].items) && as[1].items.length === 1) this.code(what, language, String(unwrap(as[1].items[0])?.[1]?.sval ?? ''));
        else if (!['c', 'internal'].includes(language)) this.add('opaque-code', `${what} LANGUAGE ${language} (body guard cannot read)`);
        this.callsRun = callsRun;
        return true;
      }
      default:
        return false;
    }
  }

  /** Code in a string body: SQL is parsed, PL/pgSQL read best-effort, anything else is opaque. */
  code(what: string, language: string, body: string): void {
    if (this.depth > 4) { this.add('opaque-code', `${what} (nested too deeply)`); return; }
    const classifyText = (sql: string): SqlClassification[] | null => {
      const parsed = parseSql(sql);
      if (!parsed.ok) return null;
      return parsed.statements.flatMap((s) => classifyParsed(s, this.session, this.depth + 1, { callsRun: this.callsRun, readOnly: this.readOnly }));
    };
    if (language === 'sql') {
      const inner = classifyText(body);
      if (inner) this.out.push(...inner);
      else this.add('opaque-code', `${what} (SQL body guard cannot parse)`);
      return;
    }
    if (language === 'plpgsql') {
      const reading = readPlpgsqlBody(body, classifyText, this.depth);
      this.out.push(...reading.findings);
      if (reading.opaque.length > 0) this.add('opaque-code', `${what} (${plural(reading.opaque.length, 'PL/pgSQL statement')} guard cannot read)`);
      return;
    }
    this.add('opaque-code', `${what} LANGUAGE ${language}`);
  }

  /** Visits every node below a statement: nested statements (CTEs, rules) and function calls. */
  walk(value: unknown): void {
    if (Array.isArray(value)) { for (const item of value) this.walk(item); return; }
    if (!isObject(value)) return;
    for (const key in value) {
      const child = value[key];
      if (typeof child !== 'object' || child === null) continue;
      const first = key.charCodeAt(0);
      if (first >= 65 && first <= 90 && !Array.isArray(child)) { // a node type name
        if (key.endsWith('Stmt')) { this.statement({ [key]: child }); continue; }
        if (key === 'FuncCall') this.functionCall(child as AstFields);
        else if (key === 'Constraint' && this.inCreateTable && this.callsRun) {
          this.callsRun = false;
          this.walk(child);
          this.callsRun = true;
          continue;
        }
      }
      this.walk(child);
    }
  }

  private functionCall(f: AstFields): void {
    const parts = (Array.isArray(f.funcname) ? f.funcname : []).map((n) => String(unwrap(n)?.[1]?.sval ?? ''));
    const exact = parts[parts.length - 1] ?? '';
    const name = exact.toLowerCase();
    const qualified = parts.map((p) => objectName({ String: { sval: p } })).join('.');
    const written = `${qualified}(…)`;
    if (DANGEROUS_FUNCTIONS.has(name)) this.add('dangerous-function', `SELECT ${written}`, [{ kind: 'function', name }]);
    else if (REMOTE_SQL_FUNCTIONS.has(name)) this.add('opaque-code', `${written} (runs SQL on another connection)`);
    else if (WRITE_FUNCTIONS.has(name)) this.add('write', `SELECT ${written}`);
    else if (TEXT_QUERY_FUNCTIONS.has(name)) {
      const literal = Array.isArray(f.args) ? unwrap(f.args[0]) : undefined;
      const sql = literal?.[0] === 'A_Const' && isObject(literal[1].sval) ? String(literal[1].sval.sval ?? '') : undefined;
      const parsed = sql === undefined ? undefined : parseSql(sql);
      if (!parsed?.ok) this.add('opaque-code', `${written} (runs SQL built at run time)`);
      else for (const s of parsed.statements) this.out.push(...classifyParsed(s, this.session, this.depth + 1));
    } else if (this.callsRun && !isBuiltinFunction(parts.length > 1 ? parts[parts.length - 2]! : null, exact)) {
      // Without an object no live look-up is made: the server's facts predate this input's change.
      if (this.session.redefinesAllFunctions || this.session.redefinedFunctions.has(exact)) this.add('user-function', `${written} (defined or changed earlier in this input)`);
      else this.add('user-function', `${written} (a function guard has not read)`, [{ kind: 'function', name: qualified }]);
    }
  }
}

/** The findings for one parsed statement (none for a read). */
export function classifyParsed(statement: ParsedStatement, session: SqlSession, depth = 0, options: ClassifyOptions = {}): SqlClassification[] {
  const classifier = new Classifier(() => statement.text, session, depth, options);
  classifier.statement(statement.node);
  return classifier.out;
}

/**
 * What a function's body does when it runs, as read from the server: `source` (prosrc) for string
 * bodies, or `definition` (pg_get_functiondef) for SQL-standard BEGIN ATOMIC bodies.
 */
export function classifyRoutineBody(what: string, language: string, source: string | null, definition: string | null, readOnly: boolean): SqlClassification[] {
  const session = newSqlSession();
  const classifier = new Classifier(() => what, session, 1, { readOnly });
  if (definition !== null) {
    const parsed = parseSql(definition);
    const create = parsed.ok ? unwrap(parsed.statements[0]?.node) : undefined;
    if (create?.[0] === 'CreateFunctionStmt' && create[1].sql_body) classifier.walk({ body: create[1].sql_body });
    else classifier.add('opaque-code', `${what} (body guard cannot parse)`);
  } else classifier.code(what, language, source ?? '');
  return classifier.out;
}

/** Parses and classifies SQL text (one or more statements); unparseable text is one `unparseable` finding. */
export function classifySqlSync(sql: string, session: SqlSession = newSqlSession()): { statementCount: number; findings: SqlClassification[] } {
  const parsed = parseSql(sql);
  if (!parsed.ok) return { statementCount: 1, findings: [unparseableFinding(parsed.error)] };
  return { statementCount: parsed.statements.length, findings: parsed.statements.flatMap((s) => classifyParsed(s, session)) };
}

export function unparseableFinding(reason: string): SqlClassification {
  // The parser's message can quote the input; keep only its first words, never literal contents.
  const firstLine = reason.split('\n')[0]!.replace(/".*"|'.*'/g, '…').slice(0, 80);
  return { rule: 'unparseable', summary: `SQL guard cannot parse (${firstLine})`, objects: [] };
}
