// Tests of the psql input analysis: -c, -f, stdin, includes, reconnects, COPY data, limits, speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { analysePsqlInputs, classifySqlText, riskOfAnalysis, type AnalyseOptions } from '../../../src/tools/postgres/analyse.js';
import type { PsqlInput } from '../../../src/tools/postgres/model.js';

const fixtures = join(process.cwd(), 'test/fixtures/psql');

function options(extra: Partial<AnalyseOptions> & { stdin?: string } = {}): AnalyseOptions {
  return {
    variables: {},
    cwd: fixtures,
    openFile: (path) => createReadStream(path),
    openStdin: () => (async function* () { yield Buffer.from(extra.stdin ?? ''); })(),
    ...extra,
  };
}

const rules = async (inputs: PsqlInput[], extra: Partial<AnalyseOptions> & { stdin?: string } = {}) =>
  (await analysePsqlInputs(inputs, options(extra))).findings.map((f) => f.rule);

test('psql inputs classify like psql runs them', async () => {
  const cases: { inputs: PsqlInput[]; stdin?: string; rules: string[]; risk: string }[] = [
    { inputs: [{ kind: 'command', text: 'SELECT * FROM deleted_users' }], rules: [], risk: 'read' },
    { inputs: [{ kind: 'command', text: "SELECT 'DROP TABLE x'" }], rules: [], risk: 'read' },
    { inputs: [{ kind: 'command', text: 'DROP TABLE orders' }], rules: ['drop-table'], risk: 'destructive' },
    { inputs: [{ kind: 'command', text: '\\i main.sql' }], rules: ['drop-table', 'delete-where'], risk: 'destructive' },
    { inputs: [{ kind: 'file', path: 'main.sql' }], rules: ['drop-table', 'delete-where'], risk: 'destructive' },
    { inputs: [{ kind: 'stdin' }], stdin: 'DROP TABLE users;', rules: ['drop-table'], risk: 'destructive' },
    { inputs: [{ kind: 'file', path: '-' }], stdin: 'delete from "Users" where true;', rules: ['delete-all'], risk: 'destructive' },
    { inputs: [{ kind: 'command', text: '\\! rm -rf /' }], rules: ['shell-escape'], risk: 'unknown' },
    { inputs: [{ kind: 'stdin' }], stdin: 'SELECT 1 \\gexec\n', rules: ['shell-escape'], risk: 'unknown' },
    { inputs: [{ kind: 'stdin' }], stdin: '\\copy t from program \'curl x\'\n', rules: ['shell-escape', 'write'], risk: 'unknown' },
    { inputs: [{ kind: 'stdin' }], stdin: 'DROP TABLE :"t";\n', rules: ['unresolved-variable', 'drop-table'], risk: 'destructive' },
    { inputs: [{ kind: 'stdin' }], stdin: '\\dt\n\\l\nSELECT 1;\n', rules: [], risk: 'read' },
    { inputs: [{ kind: 'command', text: '\\frobnicate' }], rules: ['unrecognised-statement'], risk: 'unknown' },
    { inputs: [{ kind: 'file', path: 'copy.sql' }], rules: ['write'], risk: 'write' },
    // psql runs the data as SQL when the \copy fails (see copy-speculative.test.ts).
    { inputs: [{ kind: 'stdin' }], stdin: '\\copy items from stdin\nDROP TABLE x;\n\\.\n', rules: ['write', 'drop-table'], risk: 'destructive' },
    { inputs: [{ kind: 'stdin' }], stdin: '\\copy items from stdin\n1\tDROP TABLE x;\n\\.\n', rules: ['write'], risk: 'write' },
  ];
  for (const c of cases) {
    const analysis = await analysePsqlInputs(c.inputs, options({ stdin: c.stdin }));
    assert.deepEqual(analysis.findings.map((f) => f.rule), c.rules, JSON.stringify(c.inputs) + (c.stdin ?? ''));
    assert.equal(riskOfAnalysis(analysis), c.risk, JSON.stringify(c.inputs));
  }
});

test('variables from -v and \\set resolve :names', async () => {
  const analysis = await analysePsqlInputs([{ kind: 'stdin' }], options({ variables: { t: 'orders' }, stdin: 'DROP TABLE :t;\n\\set s audit\nTRUNCATE :"s";' }));
  assert.deepEqual(analysis.findings.map((f) => f.summary), ['DROP TABLE orders', 'TRUNCATE audit']);
});

test('origins name the input and line; \\c switches the connection', async () => {
  const analysis = await analysePsqlInputs(
    [{ kind: 'command', text: 'DELETE FROM a' }, { kind: 'stdin' }],
    options({ stdin: 'SELECT 1;\n\\c shop alice - 5433\nDROP TABLE b;\n\\connect postgresql://h/db\nTRUNCATE c;' }),
  );
  assert.deepEqual(analysis.findings.map((f) => [f.origin, f.connection]), [['1st -c', 0], ['stdin:3', 1], ['stdin:5', 2]]);
  assert.deepEqual(analysis.connections, [null, { dbname: 'shop', user: 'alice', port: '5433' }, { conninfo: 'postgresql://h/db' }]);
  assert.equal(analysis.statementCount, 4);
});

test('includes: \\ir is relative to the script, cycles and missing files are unreadable', async () => {
  const main = await analysePsqlInputs([{ kind: 'file', path: 'main.sql' }], options());
  assert.deepEqual(main.findings.map((f) => f.origin), ['sub/drop.sql:2', 'main.sql:3']);
  assert.deepEqual(await rules([{ kind: 'file', path: 'cycle-a.sql' }]), ['unreadable-input']);
  assert.deepEqual(await rules([{ kind: 'file', path: 'missing.sql' }]), ['unreadable-input']);
  assert.deepEqual(await rules([{ kind: 'command', text: '\\i nowhere.sql' }]), ['unreadable-input']);
});

test('COPY data that looks like SQL is not a finding', async () => {
  const analysis = await analysePsqlInputs([{ kind: 'file', path: 'copy.sql' }], options());
  assert.ok(!analysis.findings.some((f) => f.rule === 'drop-table' || f.rule === 'delete-all'));
  assert.equal(analysis.statementCount, 2);
});

test('binary input is unreadable', async () => {
  const found = await rules([{ kind: 'file', path: 'binary.sql' }]);
  assert.ok(found.includes('unreadable-input'), found.join());
  const invalid = await analysePsqlInputs([{ kind: 'stdin' }], { ...options(), openStdin: () => (async function* () { yield Buffer.from([0x53, 0x45, 0x4c, 0x45, 0x43, 0x54, 0x20, 0xff, 0xfe, 0x3b]); })() });
  assert.deepEqual(invalid.findings.map((f) => f.rule), ['unparseable']);
});

test('the finding cap keeps destructive findings over writes', async () => {
  const script = `${'INSERT INTO t VALUES (1);\n'.repeat(20)}DROP TABLE x;\n`;
  const analysis = await analysePsqlInputs([{ kind: 'stdin' }], options({ stdin: script, limits: { maxFindings: 5 } }));
  assert.equal(analysis.findings.length, 5);
  assert.ok(analysis.findings.some((f) => f.rule === 'drop-table'));
  assert.equal(analysis.truncatedFindings, 16);
  assert.equal(analysis.statementCount, 21);
});

test('a 10 MB one-line statement gets a quick, safe outcome', async () => {
  const huge = `INSERT INTO t VALUES ${Array.from({ length: 1_300_000 }, (_, i) => `(${i})`).join(',')};`;
  assert.ok(huge.length > 10_000_000);
  let started = performance.now();
  const limited = await analysePsqlInputs([{ kind: 'stdin' }], options({ stdin: huge }));
  assert.deepEqual(limited.findings.map((f) => f.rule), ['unparseable']);
  console.log(`10 MB statement, default limit: ${(performance.now() - started).toFixed(0)} ms (reported as too large)`);
  started = performance.now();
  const parsed = await analysePsqlInputs([{ kind: 'stdin' }], options({ stdin: huge, limits: { maxStatementBytes: 16 * 1024 * 1024 } }));
  assert.deepEqual(parsed.findings.map((f) => f.rule), ['write']);
  console.log(`10 MB statement, 16 MiB limit: ${(performance.now() - started).toFixed(0)} ms (parsed)`);
});

test('classifySqlText reads a script', async () => {
  const found = await classifySqlText('SELECT 1;\nDELETE FROM t WHERE 1=1;\n');
  assert.deepEqual(found.map((f) => [f.rule, f.origin]), [['delete-all', 'input.sql:2']]);
});

test('throughput: 100k statements (measured, printed)', async () => {
  const kinds = ['SELECT a, b FROM t WHERE id = $1;', 'INSERT INTO t VALUES (1, \'x\');', 'UPDATE t SET a = 2 WHERE id = 3;', 'SELECT 1;'];
  const lines = Array.from({ length: 100_000 }, (_, i) => kinds[i % kinds.length]).join('\n');
  const started = performance.now();
  const analysis = await analysePsqlInputs([{ kind: 'stdin' }], options({ stdin: lines, limits: { maxFindings: 100 } }));
  const seconds = (performance.now() - started) / 1000;
  assert.equal(analysis.statementCount, 100_000);
  console.log(`throughput: ${Math.round(100_000 / seconds)} statements/s (${seconds.toFixed(2)} s)`);
});

test('loading the parser does not hold the process open at exit (--liftoff-only)', async () => {
  const { spawnSync } = await import('node:child_process');
  const compiled = new URL('../../../src/tools/postgres/sql.js', import.meta.url).pathname;
  const script = `const m = await import(${JSON.stringify(compiled)}); await m.loadSqlParser();` +
    `console.log(m.classifySqlSync('DROP TABLE orders').findings[0].rule); console.error(Math.round(performance.now()));`;
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const wall = Date.now() - started;
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), 'drop-table');
  console.log(`child finished its work at ${child.stderr.trim()} ms, exited after ${wall} ms`);
});
