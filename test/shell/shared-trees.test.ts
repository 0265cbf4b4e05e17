// The shell parser shares the tree of a text parsed twice: every holder reads it until it lets go, and sharing never changes what a line reads as.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadShellParser, parseShell, type ParseOutcome, type SyntaxNode } from '../../src/shell/parser.js';
import { analyseShellLine } from '../../src/shell/analyse.js';
import { redactShellLine } from '../../src/core/redact-line.js';

const FAR = Number.POSITIVE_INFINITY;

function parsed(outcome: ParseOutcome): Extract<ParseOutcome, { ok: true }> {
  assert.equal(outcome.ok, true, outcome.ok ? '' : outcome.problem);
  return outcome as Extract<ParseOutcome, { ok: true }>;
}

/** The tree as plain data: reading a freed tree would give garbage or throw. */
function shape(node: SyntaxNode): unknown {
  return [node.type, node.text, node.namedChildren.map((child) => (child ? shape(child) : null))];
}

test('a tree two callers hold stays readable until the last one lets go, and releasing twice lets go once', async () => {
  await loadShellParser();
  const line = "psql -c 'select 1' | tee out.txt";
  const first = parsed(parseShell(line, FAR));
  const expected = shape(first.root);
  const second = parsed(parseShell(line, FAR));
  first.release();
  first.release();
  assert.deepEqual(shape(second.root), expected);
  // Enough other texts to push the line out of the shared set while `second` still holds it.
  const others = Array.from({ length: 20 }, (_, i) => parsed(parseShell(`echo ${i} && ls /tmp/${i}`, FAR)));
  for (const other of others) other.release();
  assert.deepEqual(shape(second.root), expected);
  second.release();
  // Evicted and let go by everyone: parsed afresh, the same tree.
  const again = parsed(parseShell(line, FAR));
  assert.deepEqual(shape(again.root), expected);
  again.release();
});

test('a text that does not parse is a problem every time (problems are not shared)', async () => {
  await loadShellParser();
  for (let i = 0; i < 2; i++) {
    const outcome = parseShell('echo "unterminated', FAR);
    assert.equal(outcome.ok, false);
  }
  assert.equal(parseShell('echo a\0b', FAR).ok, false);
});

test('the analysis and the redactor read a line the same whether its tree was parsed afresh or shared', async () => {
  const lines = [
    'ls -la && git status',
    'T=abc123; curl -H "Authorization: Bearer $T" https://api.example.com',
    "PGPASSWORD=hunter2 psql -h db.prod -c 'drop table orders'",
    "bash -c 'railway volume delete -v pg-data --yes'",
  ];
  const options = { cwd: '/tmp', env: { HOME: '/root', PATH: '/usr/bin:/bin' }, readFile: async () => { throw new Error('no files in this test'); } };
  const strip = (analysis: Awaited<ReturnType<typeof analyseShellLine>>) => JSON.parse(JSON.stringify(analysis)) as unknown;
  // Other texts, enough to push every earlier one out of the shared set: the next parse is afresh.
  let round = 0;
  const forget = () => {
    round++;
    for (let i = 0; i < 20; i++) parsed(parseShell(`true ${round} ${i}`, FAR)).release();
  };
  await loadShellParser();
  for (const line of lines) {
    forget();
    const analysis = strip(await analyseShellLine(line, options));
    forget();
    const fresh = { analysis, redacted: await redactShellLine(line) };
    // Now shared: each of the two reads the tree the other one parsed.
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(strip(await analyseShellLine(line, options)), fresh.analysis, line);
      assert.equal(await redactShellLine(line), fresh.redacted, line);
    }
  }
});
