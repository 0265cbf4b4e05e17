// Tests of COPY data that psql runs as SQL when the COPY fails: found when it parses, ignored when it is data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { classifySqlText } from '../../../src/tools/postgres/analyse.js';
import { splitPsqlScript, type ScriptItem } from '../../../src/tools/postgres/script.js';
import { SPECULATIVE_WINDOW_BYTES } from '../../../src/tools/postgres/script-copy.js';
import { startTestPostgres } from '../../support/postgres-server.js';

const copyOf = (data: string): string => `COPY nosuch FROM STDIN;\n${data}\\.\nSELECT 1;\n`;

test('COPY data that would run as SQL if the COPY failed', async () => {
  const cases: { name: string; data: string; rules: string[] }[] = [
    { name: 'a statement on its own line', data: 'DROP TABLE victim;\n', rules: ['drop-table'] },
    { name: 'a statement over two lines', data: 'DROP\nTABLE victim;\n', rules: ['drop-table'] },
    { name: 'data, then a statement ending the same buffer', data: '1\tfoo\nTRUNCATE victim;\n', rules: [] },
    { name: 'junk before a semicolon, a statement after it', data: 'x; DELETE FROM victim;\n', rules: ['delete-all'] },
    { name: 'a comment after the statement', data: 'DROP TABLE victim; -- done\n', rules: ['drop-table'] },
    { name: 'a shell escape', data: '1\tfoo\n\\! rm -rf /\n', rules: ['shell-escape'] },
    { name: 'a statement sent by \\g', data: 'DROP TABLE victim \\g\n', rules: ['drop-table'] },
    { name: 'an include is not followed', data: '\\i other.sql\n', rules: ['unreadable-input'] },
    { name: 'ordinary rows with semicolons', data: '1\ta;b\n2\tc; d;\n', rules: [] },
    { name: 'COPY escapes are not meta-commands', data: '1\t\\N\tx\\ty\\n\\\\gexec\n', rules: [] },
    { name: 'a read is no finding', data: 'SELECT 1;\n', rules: [] },
  ];
  for (const c of cases) {
    const findings = await classifySqlText(copyOf(c.data));
    const speculative = findings.filter((f) => f.summary.includes('runs only if the COPY fails'));
    assert.deepEqual(speculative.map((f) => f.rule), c.rules, c.name);
    assert.ok(findings.some((f) => f.rule === 'write' && f.summary.startsWith('COPY nosuch')), `${c.name}: the COPY itself`);
  }
});

async function items(chunks: string[], budget?: number): Promise<ScriptItem[]> {
  const out: ScriptItem[] = [];
  const options = { copyFromStdin: () => 'text' as const, ...(budget === undefined ? {} : { speculativeCopyBudget: budget }) };
  for await (const item of splitPsqlScript(chunks, options)) out.push(item);
  return out;
}

const candidates = (list: ScriptItem[]): string[] => list.flatMap((i) => (i.kind === 'copy-candidate' ? [i.text] : []));

test('candidate texts do not depend on chunk boundaries', async () => {
  const script = copyOf('1\tfoo\nDROP\nTABLE victim;\n2\tbar\n\\! ls\n3\tbaz\n');
  const whole = candidates(await items([script]));
  assert.deepEqual(whole, ['1\tfoo\nDROP\nTABLE victim;\n', '2\tbar\n\\! ls\n']);
  for (let cut = 1; cut < script.length; cut++) {
    assert.deepEqual(candidates(await items([script.slice(0, cut), script.slice(cut)])), whole, `cut at ${cut}`);
  }
});

test('the window before a candidate line is bounded and starts at a line', async () => {
  const filler = `${'x'.repeat(100)}\n`.repeat(2000);
  const list = await items([copyOf(`${filler}DROP TABLE victim;\n`)]);
  const [text] = candidates(list);
  assert.ok(text !== undefined && text.length <= SPECULATIVE_WINDOW_BYTES, 'bounded');
  assert.ok(text.startsWith('x') && text.endsWith('DROP TABLE victim;\n'));
  // psql would send the filler and the DROP as one statement, which fails: no finding, as with psql.
  const findings = await classifySqlText(copyOf(`${filler}DROP TABLE victim;\n`));
  assert.ok(!findings.some((f) => f.rule === 'drop-table'));
  const after = await classifySqlText(copyOf(`${filler}x;\nDROP TABLE victim;\n`));
  assert.ok(after.some((f) => f.rule === 'drop-table'), 'a statement after the window still counts');
});

test('past the budget the rest of the data is reported unchecked, once', async () => {
  const list = await items([copyOf('a;\nb;\nc;\nd;\n')], 6);
  assert.deepEqual(list.filter((i) => i.kind === 'copy-candidate' || i.kind === 'copy-unchecked').map((i) => i.kind), ['copy-candidate', 'copy-candidate', 'copy-unchecked']);
  const findings = await classifySqlText(copyOf(`${'z;\n'.repeat(600_000)}`));
  assert.ok(findings.some((f) => f.rule === 'unparseable' && f.summary.includes('COPY data beyond')));
});

test('real psql runs failed-COPY data as SQL, and guard reports exactly that statement', async () => {
  const server = await startTestPostgres({ seed: true });
  try {
    await server.psql('CREATE SCHEMA copy_spec; CREATE TABLE copy_spec.victim (id int); CREATE TABLE copy_spec.kept (id int);', 'scratch');
    const script = copyOf('1\tfoo\nDROP TABLE copy_spec.kept;\nDROP\nTABLE copy_spec.victim;\n');
    spawnSync(join(server.binDir, 'psql'), ['-X', '-q', '-d', 'scratch'], { input: script, env: { ...process.env, ...server.env } });
    const left = await server.psql("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'copy_spec'::regnamespace", 'scratch');
    assert.equal(left, 'kept', 'psql dropped the table whose statement parsed, not the one after a data row');
    const findings = (await classifySqlText(script)).filter((f) => f.rule === 'drop-table');
    assert.deepEqual(findings.map((f) => f.objects.map((o) => o.name)), [['copy_spec.victim']]);
  } finally {
    await server.stop();
  }
});

test('only text that can start a statement goes to the parser', async () => {
  const { canStartStatement } = await import('../../../src/tools/postgres/analyse-copy.js');
  const cases: [string, boolean][] = [
    ['DROP TABLE x;', true], ['  (SELECT 1);', true], ['/* a /* b */ c */ DROP TABLE x;', true], ['/* open', false],
    ['12\tfoo;', false], ['\t12;', false], ['"x";', false], ['', false],
  ];
  for (const [text, expected] of cases) assert.equal(canStartStatement(text), expected, text);
  const findings = await classifySqlText(copyOf('/* a /* b */ c */ DROP TABLE victim;\n'));
  assert.ok(findings.some((f) => f.rule === 'drop-table'));
});
