// Code migrations (Rails Ruby, Django and Alembic Python, knex/sequelize/typeorm JS/TS) read with tree-sitter.
//
// guard reads the migration-specific calls of the section that runs (Rails `change`/`up`, Alembic
// `upgrade`, JS `up`, Django `operations`; or the down sections for a rollback): the ones that drop
// tables, columns or rows are destructive, SQL strings are classified like any SQL, and code guard
// cannot follow (helper functions, model code, computed names, SQL from variables) is unknown.
import type { Risk } from '../../core/risk.js';
import type { ObjectRef } from '../../core/types.js';
import { loadParser, parseWithin, type GrammarName, type SyntaxNode } from '../../parsers/tree-sitter.js';
import { monotonicMs } from '../../core/clock.js';

export type CodeLanguage = 'ruby' | 'python-django' | 'python-alembic' | 'javascript' | 'typescript';

export interface CodeFinding {
  readonly risk: Risk;
  readonly summary: string;
  readonly objects: readonly ObjectRef[];
  /** Set when the call carries SQL text: the caller classifies it. */
  readonly sql?: string;
  readonly line: number;
}

const PARSE_BUDGET_MS = 1500;
const MAX_FINDINGS = 200;

/** Which way the migration runs: forward (`up`) or back (`down`, for rollbacks). */
export type Direction = 'up' | 'down';

const SECTIONS: Readonly<Record<Exclude<CodeLanguage, 'python-django'>, Readonly<Record<Direction, readonly string[]>>>> = {
  ruby: { up: ['change', 'up'], down: ['down', 'change'] },
  'python-alembic': { up: ['upgrade'], down: ['downgrade'] },
  javascript: { up: ['up'], down: ['down'] },
  typescript: { up: ['up'], down: ['down'] },
};

interface CallTables {
  /** Method names whose call removes data; the first argument names the object. */
  readonly destructive: Readonly<Record<string, string>>;
  /** Method names whose first argument is SQL text. */
  readonly sql: readonly string[];
  /** Receiverless (or plain-function) calls that are part of the migration DSL. */
  readonly dsl: readonly string[];
}

// Rails 7.1 ActiveRecord::ConnectionAdapters::SchemaStatements and Table (api.rubyonrails.org).
const RUBY: CallTables = {
  destructive: { drop_table: 'table', drop_join_table: 'table', remove_column: 'column', remove_columns: 'column', remove_reference: 'column', remove_belongs_to: 'column', remove_timestamps: 'column', remove: 'column', remove_references: 'column', delete_all: 'rows', destroy_all: 'rows', truncate: 'table', truncate_tables: 'table', drop_schema: 'schema', remove_attachment: 'column', drop_enum: 'type' },
  sql: ['execute', 'exec_query', 'exec_update', 'exec_delete', 'select_all', 'delete', 'update'],
  dsl: ['create_table', 'change_table', 'add_column', 'add_index', 'add_reference', 'add_belongs_to', 'add_timestamps', 'add_foreign_key', 'add_check_constraint', 'change_column', 'change_column_default', 'change_column_null', 'change_column_comment', 'change_table_comment', 'rename_column', 'rename_table', 'rename_index', 'remove_index', 'remove_foreign_key', 'remove_check_constraint', 'enable_extension', 'disable_extension', 'create_join_table', 'create_enum', 'create_schema', 'reversible', 'revert', 'say', 'say_with_time', 'suppress_messages', 'up_only', 'transaction', 'add_attachment', 'puts', 'up', 'down', 'raise', 'require', 'index_exists?', 'column_exists?', 'table_exists?', 'foreign_key_exists?'],
};

// Alembic 1.8 operations (alembic.op: Operations reference).
const ALEMBIC: CallTables = {
  destructive: { drop_table: 'table', drop_column: 'column', drop_table_comment: 'comment' },
  sql: ['execute'],
  dsl: [],
};

// knex 3 schema builder, sequelize 6 QueryInterface, typeorm 0.3 QueryRunner.
const JAVASCRIPT: CallTables = {
  destructive: { dropTable: 'table', dropTableIfExists: 'table', dropColumn: 'column', dropColumns: 'column', dropTimestamps: 'column', del: 'rows', delete: 'rows', truncate: 'table', dropSchema: 'schema', dropSchemaIfExists: 'schema', removeColumn: 'column', dropAllTables: 'database', bulkDelete: 'rows', dropAllSchemas: 'database', dropDatabase: 'database', clearTable: 'rows', dropEnum: 'type', dropAllEnums: 'type' },
  sql: ['raw', 'query', 'sequelize.query'],
  dsl: ['require', 'knex', 'trx', 'Promise.all', 'Promise.resolve'],
};

function text(node: SyntaxNode | null | undefined): string {
  return node?.text ?? '';
}

/** A literal string (or Ruby symbol) argument, or null when it is computed. */
function literal(node: SyntaxNode | null | undefined): string | null {
  if (!node) return null;
  switch (node.type) {
    case 'simple_symbol':
      return node.text.slice(1);
    case 'string':
    case 'template_string': {
      if (node.namedChildren.some((child) => child && ['interpolation', 'template_substitution'].includes(child.type))) return null;
      const parts = node.namedChildren.filter((child) => child && ['string_content', 'string_fragment', 'escape_sequence'].includes(child.type));
      if (parts.length === 0 && node.namedChildren.some((child) => child && !['string_start', 'string_end'].includes(child.type))) return null;
      return parts.map((child) => child?.text ?? '').join('');
    }
    case 'heredoc_body':
      return node.namedChildren.filter((c) => c?.type === 'heredoc_content').map((c) => c?.text ?? '').join('');
    case 'concatenated_string':
      return node.namedChildren.map((child) => literal(child)).every((part) => part !== null) ? node.namedChildren.map((child) => literal(child)).join('') : null;
    default:
      return null;
  }
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName('arguments');
  return list ? (list.namedChildren.filter(Boolean) as SyntaxNode[]) : [];
}

/** Every call node in a subtree, in source order. */
function calls(root: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (types.includes(node.type)) out.push(node);
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return out;
}

function sectionNodes(root: SyntaxNode, language: CodeLanguage, names: readonly string[]): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    let name: string | null = null;
    let body: SyntaxNode | null = null;
    if (language === 'ruby' && node.type === 'method') [name, body] = [text(node.childForFieldName('name')), node];
    else if (language === 'python-alembic' && node.type === 'function_definition') [name, body] = [text(node.childForFieldName('name')), node];
    else if (language === 'javascript' || language === 'typescript') {
      if (['function_declaration', 'method_definition'].includes(node.type)) [name, body] = [text(node.childForFieldName('name')), node];
      else if (node.type === 'pair') [name, body] = [text(node.childForFieldName('key')).replace(/['"]/g, ''), node.childForFieldName('value')];
      else if (node.type === 'assignment_expression') [name, body] = [text(node.childForFieldName('left')).split('.').pop() ?? '', node.childForFieldName('right')];
      else if (node.type === 'variable_declarator') [name, body] = [text(node.childForFieldName('name')), node.childForFieldName('value')];
    }
    if (name !== null && names.includes(name) && body) {
      found.push(body);
      continue;
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return found;
}

interface CallShape {
  readonly method: string;
  /** The receiver as written (`op`, `knex.schema`, `User`), '' for none; null when computed. */
  readonly receiver: string | null;
  readonly args: SyntaxNode[];
}

function shapeOf(call: SyntaxNode, language: CodeLanguage): CallShape {
  if (language === 'ruby') {
    const receiver = call.childForFieldName('receiver');
    return { method: text(call.childForFieldName('method')), receiver: receiver ? receiver.text : '', args: argumentsOf(call) };
  }
  const callee = call.childForFieldName('function');
  if (!callee) return { method: '', receiver: null, args: [] };
  if (callee.type === 'identifier') return { method: callee.text, receiver: '', args: argumentsOf(call) };
  if (callee.type === 'member_expression' || callee.type === 'attribute') {
    const property = callee.childForFieldName(callee.type === 'attribute' ? 'attribute' : 'property');
    return { method: text(property), receiver: text(callee.childForFieldName('object')), args: argumentsOf(call) };
  }
  // `knex.schema['drop' + 'Table'](…)`, `(await f())(…)`: the callee is computed.
  return { method: callee.text.slice(0, 40), receiver: null, args: argumentsOf(call) };
}

function objectName(args: readonly SyntaxNode[], kind: string, method: string): ObjectRef[] {
  const first = literal(args[0]);
  if (kind === 'column') {
    const second = literal(args[1]);
    if (first !== null && second !== null) return [{ kind: 'column', name: `${first}.${second}` }];
    return first !== null ? [{ kind: 'column', name: first }] : [];
  }
  if (kind === 'rows' || kind === 'database' || first === null) return [];
  void method;
  return [{ kind, name: first }];
}

function classifyCall(call: SyntaxNode, language: CodeLanguage, tables: CallTables, receiverOk: (receiver: string) => boolean): CodeFinding | null {
  const shape = shapeOf(call, language);
  const line = call.startPosition.row + 1;
  const written = call.text.length > 80 ? `${call.text.slice(0, 77)}…` : call.text;
  if (shape.receiver === null) return { risk: 'unknown', summary: `a computed call guard cannot follow: ${written}`, objects: [], line };
  const qualified = shape.receiver ? `${shape.receiver}.${shape.method}` : shape.method;
  const destructiveKind = tables.destructive[shape.method];
  if (destructiveKind !== undefined) return { risk: 'destructive', summary: written.replace(/\s+/g, ' '), objects: objectName(shape.args, destructiveKind, shape.method), line };
  if (tables.sql.includes(shape.method) || tables.sql.includes(qualified)) {
    const sql = literal(shape.args[0]);
    if (sql === null) return { risk: 'unknown', summary: `SQL guard cannot read (built at run time): ${written}`, objects: [], line };
    return { risk: 'write', summary: written, objects: [], sql, line };
  }
  if (shape.receiver === '' ? tables.dsl.includes(shape.method) : receiverOk(shape.receiver)) return null;
  return { risk: 'unknown', summary: `code guard does not follow: ${written.replace(/\s+/g, ' ')}`, objects: [], line };
}

/** Reads one code migration; problems (unparseable, no section) come back as one unknown finding. */
export async function readCodeMigration(source: string, language: CodeLanguage, direction: Direction): Promise<CodeFinding[]> {
  const grammar: GrammarName = language === 'ruby' ? 'ruby' : language.startsWith('python') ? 'python' : language === 'typescript' ? 'typescript' : 'javascript';
  const parser = await loadParser(grammar);
  const parsed = parseWithin(parser, source, monotonicMs() + PARSE_BUDGET_MS, 'the migration');
  if (!parsed.ok) return [{ risk: 'unknown', summary: parsed.problem, objects: [], line: 1 }];
  try {
    if (language === 'python-django') return djangoOperations(parsed.root, direction);
    const sections = sectionNodes(parsed.root, language, SECTIONS[language][direction]);
    if (sections.length === 0) return [{ risk: 'unknown', summary: `no ${SECTIONS[language][direction].join('/')} section guard can read`, objects: [], line: 1 }];
    const findings: CodeFinding[] = [];
    for (const section of sections) {
      for (const call of calls(section, language === 'ruby' ? ['call'] : language === 'python-alembic' ? ['call'] : ['call_expression'])) {
        const found = language === 'ruby' ? rubyCall(call) : language === 'python-alembic' ? alembicCall(call) : jsCall(call);
        if (found) findings.push(found);
        if (findings.length >= MAX_FINDINGS) return findings;
      }
    }
    return findings;
  } finally {
    parsed.release();
  }
}

function rubyCall(call: SyntaxNode): CodeFinding | null {
  // Column definitions inside create_table/change_table blocks (`t.string`, `t.remove`) use the block's parameter.
  const blockParams = new Set<string>();
  for (let node: SyntaxNode | null = call.parent; node; node = node.parent) {
    if (node.type === 'do_block' || node.type === 'block') {
      for (const param of node.childForFieldName('parameters')?.namedChildren ?? []) if (param) blockParams.add(param.text);
    }
  }
  return classifyCall(call, 'ruby', RUBY, (receiver) => blockParams.has(receiver) || receiver === 'self' || receiver === 'connection');
}

function alembicCall(call: SyntaxNode): CodeFinding | null {
  // `op.*` and the batch operations object of `with op.batch_alter_table(…) as batch_op`; `sa.*` builds column objects.
  return classifyCall(call, 'python-alembic', ALEMBIC, (receiver) => ['op', 'sa', 'sqlalchemy', 'postgresql', 'mysql', 'batch_op'].includes(receiver) || receiver.startsWith('sa.') || /batch/.test(receiver));
}

function jsCall(call: SyntaxNode): CodeFinding | null {
  // Schema builders and their table callbacks: anything reached from knex, queryInterface, queryRunner, table/t, Sequelize types.
  return classifyCall(call, 'javascript', JAVASCRIPT, () => true);
}

// Django 3.2 django.db.migrations.operations: what each operation does to data.
const DJANGO_DESTRUCTIVE: Readonly<Record<string, string>> = { RemoveField: 'column', DeleteModel: 'table', RemoveIndex: 'index', RemoveConstraint: 'constraint' };
const DJANGO_WRITE = ['CreateModel', 'AddField', 'AlterField', 'RenameField', 'RenameModel', 'AlterModelTable', 'AlterUniqueTogether', 'AlterIndexTogether', 'AlterOrderWithRespectTo', 'AlterModelOptions', 'AlterModelManagers', 'AddIndex', 'AddConstraint', 'SeparateDatabaseAndState', 'CreateExtension', 'HStoreExtension', 'TrigramExtension', 'UnaccentExtension', 'BtreeGinExtension', 'BtreeGistExtension', 'CITextExtension', 'CryptoExtension', 'AddIndexConcurrently'];

function djangoOperations(root: SyntaxNode, direction: Direction): CodeFinding[] {
  const lists = calls(root, ['assignment']).filter((node) => text(node.childForFieldName('left')) === 'operations');
  const list = lists[0]?.childForFieldName('right');
  if (!list || list.type !== 'list') return [{ risk: 'unknown', summary: 'no operations list guard can read', objects: [], line: 1 }];
  const findings: CodeFinding[] = [];
  for (const item of list.namedChildren) {
    if (!item) continue;
    const line = item.startPosition.row + 1;
    if (item.type !== 'call') {
      findings.push({ risk: 'unknown', summary: `an operation guard cannot read: ${item.text.slice(0, 60)}`, objects: [], line });
      continue;
    }
    const shape = shapeOf(item, 'python-django');
    const keyword = (name: string) => shape.args.find((arg) => arg.type === 'keyword_argument' && text(arg.childForFieldName('name')) === name)?.childForFieldName('value');
    const positional = shape.args.filter((arg) => arg.type !== 'keyword_argument');
    const model = literal(keyword('model_name') ?? positional[0]) ?? literal(keyword('name') ?? positional[0]);
    if (shape.method in DJANGO_DESTRUCTIVE && direction === 'up') {
      const kind = DJANGO_DESTRUCTIVE[shape.method] as string;
      const field = literal(keyword('name') ?? positional[1]);
      const objects = kind === 'column' && model && field ? [{ kind: 'column', name: `${model}.${field}` }] : kind === 'table' && model ? [{ kind: 'model', name: model }] : [];
      findings.push({ risk: kind === 'column' || kind === 'table' ? 'destructive' : 'write', summary: `migrations.${shape.method}(${item.text.slice(item.text.indexOf('(') + 1, 60).replace(/\s+/g, ' ')}`, objects, line });
    } else if (shape.method === 'CreateModel' && direction === 'down') {
      findings.push({ risk: 'destructive', summary: `unapplying CreateModel ${model ?? ''} drops its table`, objects: model ? [{ kind: 'model', name: model }] : [], line });
    } else if (shape.method === 'AddField' && direction === 'down') {
      const field = literal(keyword('name') ?? positional[1]);
      findings.push({ risk: 'destructive', summary: `unapplying AddField ${model ?? ''}.${field ?? ''} drops the column`, objects: [], line });
    } else if (shape.method === 'RunSQL') {
      const sql = literal(direction === 'up' ? keyword('sql') ?? positional[0] : keyword('reverse_sql') ?? positional[1]);
      if (sql === null) findings.push({ risk: 'unknown', summary: 'migrations.RunSQL with SQL guard cannot read', objects: [], line });
      else findings.push({ risk: 'write', summary: 'migrations.RunSQL', objects: [], sql, line });
    } else if (shape.method === 'RunPython') {
      findings.push({ risk: 'unknown', summary: 'migrations.RunPython runs Python code guard does not analyse', objects: [], line });
    } else if (!DJANGO_WRITE.includes(shape.method) && !(shape.method in DJANGO_DESTRUCTIVE)) {
      findings.push({ risk: 'unknown', summary: `an operation guard does not know: ${shape.method}`, objects: [], line });
    }
  }
  return findings;
}
