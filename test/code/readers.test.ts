// The code readers on their own: values they follow, what they refuse to guess, and their bounds.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { effectOf, type Effect } from '../../src/code/effects.js';
import { CODE_LIMITS, newProgramReader } from '../../src/code/program.js';
import type { CodeLanguage, CodeReading } from '../../src/code/model.js';

async function read(files: Record<string, string>, entry: string, env: Record<string, string> = {}): Promise<CodeReading> {
  const dir = mkdtempSync(join(tmpdir(), 'guard-code-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const reader = newProgramReader({ env, cwd: dir, readFile: async (path) => readFileSync(path), fileExists: existsSync });
    const language: CodeLanguage = entry.endsWith('.py') ? 'python' : 'javascript';
    await reader.readFile(join(dir, entry), language);
    return reader.result();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const effects = (reading: CodeReading): Effect[] => reading.calls.map(effectOf).filter((e): e is Effect => e !== null);
const commandText = (effect: Effect | undefined) => (effect?.kind === 'shell' && effect.command.kind === 'string' ? effect.command.text : null);

test('environment reads resolve as the shell engine sees them; unset is not a guess', async () => {
  const js = await read({ 'a.js': "const { execSync } = require('child_process');\nexecSync(`railway volume delete --volume ${process.env.VOL} --yes`);\n" }, 'a.js', { VOL: 'vol_9' });
  assert.equal(commandText(effects(js)[0]), 'railway volume delete --volume vol_9 --yes');
  const py = await read({ 'a.py': 'import os\nos.system("dropdb " + os.environ.get("DB", "shop"))\n' }, 'a.py');
  assert.equal(commandText(effects(py)[0]), 'dropdb shop');
});

test('dynamic code is a problem, never silence: eval, new Function, computed require, exec, __import__', async () => {
  for (const [file, text] of [
    ['a.js', 'eval(atob("cmFpbHdheSBkb3du"));\n'],
    ['b.js', 'new Function(process.argv[2])();\n'],
    ['c.js', "const m = require('child' + process.argv[2]);\n"],
    ['d.py', 'import sys\nexec(sys.argv[1])\n'],
    ['e.py', 'import sys\n__import__(sys.argv[1]).run()\n'],
  ] as const) {
    const reading = await read({ [file]: text }, file);
    assert.ok(reading.problems.length > 0, `${file}: ${JSON.stringify(reading.problems)}`);
  }
});

test('a computed member of child_process or subprocess is dynamic', async () => {
  const js = await read({ 'a.js': "const cp = require('child_process');\ncp[process.argv[2]]('ls');\n" }, 'a.js');
  assert.equal(effects(js)[0]?.kind, 'dynamic');
  const py = await read({ 'a.py': 'import subprocess, sys\ngetattr(subprocess, sys.argv[1])(["ls"])\n' }, 'a.py');
  assert.equal(effects(py)[0]?.kind, 'dynamic');
});

test('a function called with different arguments is followed once per argument set, callbacks included', async () => {
  const reading = await read({ 'a.js': "const { execSync } = require('child_process');\nfunction run(cmd) { setTimeout(() => execSync(cmd)); }\nrun('ls');\nrun('railway down -y');\n" }, 'a.js');
  assert.deepEqual(effects(reading).map(commandText).sort(), ['ls', 'railway down -y']);
});

test('import cycles end; imports deeper than the bound are a problem', async () => {
  const cycle = await read({ 'a.js': "require('./b.js');\n", 'b.js': "require('./a.js');\nrequire('child_process').execSync('ls');\n" }, 'a.js');
  assert.deepEqual(effects(cycle).map(commandText), ['ls']);
  const chain: Record<string, string> = {};
  for (let i = 0; i <= CODE_LIMITS.maxImportDepth + 1; i++) chain[`m${i}.js`] = `require('./m${i + 1}.js');\n`;
  chain[`m${CODE_LIMITS.maxImportDepth + 2}.js`] = '';
  const deep = await read(chain, 'm0.js');
  assert.ok(deep.problems.some((p) => p.what.includes('levels deep')), JSON.stringify(deep.problems));
});

test('a file over the size bound is a problem', async () => {
  const big = `// ${'x'.repeat(CODE_LIMITS.maxFileBytes)}\n`;
  const reading = await read({ 'a.js': "require('./big.js');\n", 'big.js': big }, 'a.js');
  assert.ok(reading.problems.some((p) => p.what.includes('larger than')), JSON.stringify(reading.problems));
});

test('syntax errors are problems with their place', async () => {
  const reading = await read({ 'a.py': 'def f(:\n  pass\n' }, 'a.py');
  assert.match(reading.problems[0]?.what ?? '', /does not parse/);
});
