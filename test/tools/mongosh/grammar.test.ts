// mongosh's grammar against the pinned mongosh's own --help: every option it documents is known, with the right arity.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FLAG_OPTIONS, OPTIONAL_VALUE, parseMongoshArgv, VALUE_OPTIONS } from '../../../src/tools/mongosh/grammar.js';
import { REPO_ROOT } from '../../support/run-guard.js';

const BINARY = join(REPO_ROOT, 'node_modules', '.bin', 'mongosh');

test('every option of mongosh --help is in the grammar, with its arity', { skip: existsSync(BINARY) ? false : 'mongosh (devDependency) is not installed: run npm install' }, () => {
  const help = spawnSync(BINARY, ['--help'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(help.status, 0, help.stderr);
  const options = [...help.stdout.matchAll(/^\s+(?:-[a-z], )?--([A-Za-z-]+)(\[=[^\]]*\]| \[arg\])?/gm)];
  assert.ok(options.length > 30, `found only ${options.length} options in mongosh --help`);
  for (const [, name, arity] of options) {
    if (!name || ['help', 'version', 'build-info'].includes(name)) continue;
    if (arity === ' [arg]') assert.ok(VALUE_OPTIONS.has(name), `--${name} takes a value (mongosh --help)`);
    else if (arity?.startsWith('[=')) assert.ok(OPTIONAL_VALUE.has(name), `--${name} takes an optional =value (mongosh --help)`);
    else assert.ok(FLAG_OPTIONS.has(name), `--${name} is a flag (mongosh --help)`);
  }
});

test('operands: the db address, then files ending in .js or .mongodb; -p alone prompts', () => {
  const parsed = parseMongoshArgv(['--quiet', 'mongodb://h/app', 'a.js', 'b.mongodb', '-u', 'ana', '-p', '--eval', 'db.x.find()']);
  assert.equal(parsed.address, 'mongodb://h/app');
  assert.deepEqual(parsed.files, ['a.js', 'b.mongodb']);
  assert.deepEqual(parsed.evals, ['db.x.find()']);
  assert.deepEqual(parseMongoshArgv(['app', '-p', 's3cret']).display, ['mongosh', 'app', '-p', '***']);
  assert.deepEqual(parseMongoshArgv(['app', '--password=s3cret']).display, ['mongosh', 'app', '--password=***']);
});
