// Tests of the streaming psql script splitter: where psql's lexer ends statements and meta-commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitPsqlScript, type ScriptItem } from '../../../src/tools/postgres/script.js';
import { PsqlVariables } from '../../../src/tools/postgres/script-meta.js';

async function split(input: string | string[], variables: Record<string, string> = {}, copy = false): Promise<ScriptItem[]> {
  const items: ScriptItem[] = [];
  const chunks = Array.isArray(input) ? input : [input];
  for await (const item of splitPsqlScript(chunks, { variables: new PsqlVariables(variables), copyFromStdin: copy ? () => 'text' : undefined })) items.push(item);
  return items;
}

const sqlTexts = (items: ScriptItem[]): string[] => items.flatMap((i) => (i.kind === 'sql' ? [i.text] : []));
const metas = (items: ScriptItem[]): string[] => items.flatMap((i) => (i.kind === 'meta' ? [`\\${i.command} ${i.argv.join('|')}`.trim()] : []));

const statementCases: { name: string; input: string; sql: string[]; vars?: Record<string, string> }[] = [
  { name: 'semicolons end statements', input: 'SELECT 1; SELECT 2;', sql: ['SELECT 1;', 'SELECT 2;'] },
  { name: 'quotes hide semicolons', input: "SELECT 'a;b'; SELECT \"x;y\";", sql: ["SELECT 'a;b';", 'SELECT "x;y";'] },
  { name: "doubled quotes stay inside", input: "SELECT 'it''s; fine';", sql: ["SELECT 'it''s; fine';"] },
  { name: "E'' backslash escapes", input: "SELECT E'a\\';b'; SELECT 2;", sql: ["SELECT E'a\\';b';", 'SELECT 2;'] },
  { name: "E'' continues across a newline", input: "SELECT E'a'\n'\\';x';", sql: ["SELECT E'a'\n'\\';x';"] },
  { name: 'dollar quotes', input: 'SELECT $$a;b$$; SELECT $t$ $$; $t$;', sql: ['SELECT $$a;b$$;', 'SELECT $t$ $$; $t$;'] },
  { name: 'dollar inside an identifier is not a quote', input: 'SELECT a$$b; SELECT 2;', sql: ['SELECT a$$b;', 'SELECT 2;'] },
  { name: 'nested block comments', input: 'SELECT /* a /* b; */ c; */ 1; SELECT 2;', sql: ['SELECT /* a /* b; */ c; */ 1;', 'SELECT 2;'] },
  { name: 'line comments are dropped', input: '-- DROP TABLE x;\nSELECT 1; -- ;\n', sql: ['SELECT 1;'] },
  { name: 'parentheses hold semicolons', input: 'SELECT (1;2); SELECT 3;', sql: ['SELECT (1;2);', 'SELECT 3;'] },
  { name: 'BEGIN ATOMIC bodies', input: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; SELECT 2;', sql: ['CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;', 'SELECT 2;'] },
  { name: 'a transaction BEGIN is not a body', input: 'BEGIN; DROP TABLE t; COMMIT;', sql: ['BEGIN;', 'DROP TABLE t;', 'COMMIT;'] },
  { name: '\\; keeps one buffer', input: 'SELECT 1 \\; DELETE FROM t;', sql: ['SELECT 1 ; DELETE FROM t;'] },
  { name: 'unterminated last statement is still sent', input: 'SELECT 1;\nDROP TABLE t', sql: ['SELECT 1;', 'DROP TABLE t'] },
  { name: ':var is lexed again', input: ':q\n', sql: ['SELECT 1;', 'DROP TABLE z;'], vars: { q: 'SELECT 1; DROP TABLE z;' } },
  { name: ":'var' and :\"var\" are quoted", input: "SELECT :'v', :\"w\";", sql: ["SELECT 'it''s', \"a\"\"b\";"], vars: { v: "it's", w: 'a"b' } },
  { name: ':: is a cast, not a variable', input: 'SELECT 1::int;', sql: ['SELECT 1::int;'] },
  { name: 'variables are not expanded inside strings', input: "SELECT ':q';", sql: ["SELECT ':q';"], vars: { q: 'x' } },
];

test('statements end exactly where psql ends them', async () => {
  for (const c of statementCases) assert.deepEqual(sqlTexts(await split(c.input, c.vars)), c.sql, c.name);
});

test('chunk boundaries anywhere give the same statements', async () => {
  for (const c of statementCases) {
    for (let cut = 1; cut < c.input.length; cut++) {
      const got = sqlTexts(await split([c.input.slice(0, cut), c.input.slice(cut)], c.vars));
      assert.deepEqual(got, c.sql, `${c.name} cut at ${cut}`);
    }
  }
});

test('meta-commands: anywhere on a line, args to end of line or next backslash', async () => {
  const cases: { input: string; meta: string[]; sql: string[] }[] = [
    { input: '\\c prod\nSELECT 1;', meta: ['\\c prod'], sql: ['SELECT 1;'] },
    { input: 'SELECT 1 \\g\n', meta: ['\\g'], sql: ['SELECT 1 '] },
    { input: "\\set x 'a b' c \\\\ DROP TABLE t;", meta: ['\\set x|a b|c'], sql: ['DROP TABLE t;'] },
    { input: '\\! rm -rf / \\\\ x\n', meta: ['\\! rm -rf / \\\\ x'], sql: [] },
    { input: '\\o |cat > f\n', meta: ['\\o |cat > f'], sql: [] },
    { input: '\\echo a\\echo b\n', meta: ['\\echo a', '\\echo b'], sql: [] },
    { input: 'SELECT 1;\n\\g\n', meta: ['\\g'], sql: ['SELECT 1;', 'SELECT 1;'] },
    { input: 'DELETE FROM t \\r\nSELECT 2;', meta: ['\\r'], sql: ['SELECT 2;'] },
    { input: "SELECT '\\c x';", meta: [], sql: ["SELECT '\\c x';"] },
  ];
  for (const c of cases) {
    const items = await split(c.input);
    assert.deepEqual(metas(items), c.meta, c.input);
    assert.deepEqual(sqlTexts(items), c.sql, c.input);
  }
});

test('\\set values feed later :variables; \\gset makes them unknown', async () => {
  const items = await split('\\set t orders\nDROP TABLE :t;\nSELECT 1 AS t \\gset\nDROP TABLE :t;\n');
  const sql = items.filter((i): i is Extract<ScriptItem, { kind: 'sql' }> => i.kind === 'sql');
  assert.equal(sql[0]!.text, 'DROP TABLE orders;');
  assert.deepEqual(sql[2]!.unresolved, ['t']);
});

test('backticks in meta arguments are reported', async () => {
  const [meta] = await split('\\set x `date`\n');
  assert.ok(meta?.kind === 'meta' && meta.backtick);
});

test('COPY FROM STDIN data is skipped up to \\.', async () => {
  const input = 'COPY t FROM STDIN;\nDROP TABLE x;\n\\.\nSELECT 1;\n';
  const sql = sqlTexts(await split(input, {}, true));
  assert.deepEqual(sql, ['COPY t FROM STDIN;', 'SELECT 1;']);
  for (let cut = 1; cut < input.length; cut++) {
    assert.deepEqual(sqlTexts(await split([input.slice(0, cut), input.slice(cut)], {}, true)), sql, `cut ${cut}`);
  }
});

test('line numbers point at the statement start', async () => {
  const items = await split('SELECT 1;\n\n  DROP\n TABLE t;\n\\q\n');
  assert.deepEqual(items.map((i) => i.line), [1, 3, 5]);
});

test('a statement over the limit is reported, not buffered', async () => {
  const big = `INSERT INTO t VALUES ('${'x'.repeat(2000)}');SELECT 1;`;
  const items: ScriptItem[] = [];
  for await (const item of splitPsqlScript([big], { maxStatementBytes: 1000 })) items.push(item);
  assert.deepEqual(items.map((i) => i.kind), ['too-large', 'sql']);
});

test('NUL bytes are reported as binary input', async () => {
  const items = await split('SELECT 1;\0\0');
  assert.ok(items.some((i) => i.kind === 'binary'));
});
