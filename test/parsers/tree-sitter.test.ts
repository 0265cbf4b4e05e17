// Every pinned grammar loads on the shared runtime and parses its language; errors and budgets are problems.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadParser, parseWithin, type GrammarName } from '../../src/parsers/tree-sitter.js';

const SAMPLES: Readonly<Record<GrammarName, { text: string; rootType: string; childType: string }>> = {
  bash: { text: 'railway down -y\n', rootType: 'program', childType: 'command' },
  javascript: { text: "fetch('https://x', { method: 'POST' });\n", rootType: 'program', childType: 'expression_statement' },
  typescript: { text: 'const id: string = "vol_pg";\n', rootType: 'program', childType: 'lexical_declaration' },
  tsx: { text: 'const el = <div>{name}</div>;\n', rootType: 'program', childType: 'lexical_declaration' },
  python: { text: 'import requests\nrequests.post(url)\n', rootType: 'module', childType: 'import_statement' },
  ruby: { text: 'remove_column :users, :email\n', rootType: 'program', childType: 'call' },
};

for (const [name, sample] of Object.entries(SAMPLES) as [GrammarName, (typeof SAMPLES)[GrammarName]][]) {
  test(`${name}: loads and parses`, async () => {
    const parser = await loadParser(name);
    const outcome = parseWithin(parser, sample.text, performance.now() + 5_000, `the ${name} text`);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.problem);
    assert.equal(outcome.root.type, sample.rootType);
    assert.equal(outcome.root.namedChild(0)?.type, sample.childType);
    outcome.release();
  });
}

test('the same parser object is reused for a grammar', async () => {
  assert.equal(await loadParser('python'), await loadParser('python'));
});

test('a syntax error, a NUL byte and a blown deadline are problems, never trees', async () => {
  const parser = await loadParser('javascript');
  const broken = parseWithin(parser, 'fetch((;', performance.now() + 5_000, 'the script');
  assert.equal(broken.ok, false);
  assert.match(broken.ok ? '' : broken.problem, /^the script does not parse/);
  const nul = parseWithin(parser, 'a\0b', performance.now() + 5_000, 'the script');
  assert.equal(nul.ok ? '' : nul.problem, 'the script contains a NUL byte');
  const late = parseWithin(parser, 'x = 1;\n'.repeat(200_000), performance.now() - 1, 'the script');
  assert.equal(late.ok ? '' : late.problem, 'parsing the script took longer than the time budget');
});
