// Scripts and tasks a line runs: shell scripts, Makefile targets and package.json scripts, each command with its file:line.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { analyseShellLine } from '../../src/shell/analyse.js';
import { expandMake, parseMakefile } from '../../src/shell/makefile.js';

interface Row {
  readonly line: string;
  readonly files: Record<string, string>;
  /** [argv joined by spaces, from] for every command whose program is catalogued-looking. */
  readonly found: readonly (readonly [string, string | undefined])[];
  readonly unknown?: boolean;
}

const PACKAGE = JSON.stringify({ name: 'app', scripts: { predeploy: 'npm run build', build: 'tsc', deploy: 'railway up', 'db:reset': 'psql -c "DROP SCHEMA public CASCADE" && psql -f seed.sql', postdeploy: 'railway status' } }, null, 2);

const ROWS: readonly Row[] = [
  { line: './deploy.sh', files: { 'deploy.sh': '#!/usr/bin/env bash\nset -euo pipefail\n\nrailway down -y\n' }, found: [['railway down -y', 'deploy.sh:4']] },
  { line: 'bash scripts/deploy.sh production', files: { 'scripts/deploy.sh': 'ENV=$1\nrailway volume -e "$ENV" delete -v pg-data\n' }, found: [['railway volume -e production delete -v pg-data', 'scripts/deploy.sh:2']] },
  { line: 'source lib.sh; nuke', files: { 'lib.sh': 'nuke() {\n  railway down -y\n}\n' }, found: [['railway down -y', 'lib.sh:2']] },
  { line: './a.sh', files: { 'a.sh': '#!/bin/sh\n./b.sh\n', 'b.sh': '#!/bin/sh\nrailway down -y\n' }, found: [['railway down -y', 'b.sh:2']] },
  { line: './loop.sh', files: { 'loop.sh': '#!/bin/sh\n./loop.sh\n' }, found: [['./loop.sh', 'loop.sh:2']], unknown: true },
  { line: './run.rb', files: { 'run.rb': '#!/usr/bin/ruby\nputs 1\n' }, found: [['./run.rb', undefined]], unknown: true },
  { line: 'sh missing.sh', files: {}, found: [['sh missing.sh', undefined]], unknown: true },
  { line: 'make nuke-db', files: { Makefile: 'DB ?= app\n\n.PHONY: nuke-db\nnuke-db: stop\n\t@echo dropping\n\t-dropdb $(DB)\nstop:\n\trailway down -y\n' }, found: [['railway down -y', 'Makefile:8'], ['echo dropping', 'Makefile:5'], ['dropdb app', 'Makefile:6']] },
  { line: 'make DB=shop nuke', files: { Makefile: 'DB = app\nnuke:\n\tdropdb $(DB) && \\\n\t  createdb $(DB)\n' }, found: [['dropdb shop', 'Makefile:3'], ['createdb shop', 'Makefile:3']] },
  { line: 'make -f ops.mk', files: { 'ops.mk': 'all: ; railway down -y\n' }, found: [['railway down -y', 'ops.mk:1']] },
  { line: 'make deploy', files: { Makefile: 'deploy:\n\t$(MAKE) -C infra apply\n', 'infra/Makefile': 'apply:\n\trailway up\n' }, found: [['railway up', 'infra/Makefile:2']] },
  { line: 'make nuke', files: { Makefile: 'nuke:\n\tdropdb $(shell cat db.txt)\n' }, found: [['dropdb $GUARD_MAKE_UNKNOWN_1', 'Makefile:2']], unknown: true },
  { line: 'make other', files: { Makefile: 'all:\n\techo\n' }, found: [['make other', undefined]], unknown: true },
  { line: 'make -q all', files: { Makefile: 'all:\n\trailway down -y\n' }, found: [] },
  { line: 'npm run deploy', files: { 'package.json': PACKAGE }, found: [['tsc', 'package.json:5'], ['railway up', 'package.json:6'], ['railway status', 'package.json:8']] },
  { line: 'npm run db:reset -- --echo-all', files: { 'package.json': PACKAGE, 'seed.sql': 'SELECT 1;' }, found: [['psql -c DROP SCHEMA public CASCADE', 'package.json:7'], ['psql -f seed.sql --echo-all', 'package.json:7']] },
  { line: 'yarn deploy', files: { 'package.json': PACKAGE }, found: [['tsc', 'package.json:5'], ['railway up', 'package.json:6'], ['railway status', 'package.json:8']] },
  { line: 'yarn railway down -y', files: { 'package.json': PACKAGE }, found: [['railway down -y', undefined]] },
  { line: 'npm --prefix web run deploy', files: { 'web/package.json': '{"scripts":{"deploy":"railway up"}}' }, found: [['railway up', 'web/package.json:1']] },
  { line: 'npm run nothing-here', files: { 'package.json': PACKAGE }, found: [] },
  { line: 'npm run deploy', files: { 'package.json': '{ not json' }, found: [['npm run deploy', undefined]], unknown: true },
];

for (const row of ROWS) {
  test(`tasks: ${row.line} (${Object.keys(row.files).join(', ') || 'no files'})`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'guard-tasks-'));
    try {
      for (const [path, content] of Object.entries(row.files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content, { mode: 0o755 });
      }
      const result = await analyseShellLine(row.line, { cwd: root, env: { HOME: root } });
      assert.deepEqual(result.problems, []);
      const found = result.commands;
      assert.deepEqual(found.map((command) => [command.argv.join(' '), command.from]), row.found, JSON.stringify(result.commands));
      assert.equal(result.commands.some((command) => command.unknowns.length > 0), row.unknown ?? false, JSON.stringify(result.commands.map((c) => c.unknowns)));
      // Commands found inside files point back at the line that ran them.
      for (const command of result.commands) assert.equal(command.origin.line, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test('a script that is not a regular file (a FIFO) is not read: unknown, no hang', async () => {
  const root = mkdtempSync(join(tmpdir(), 'guard-tasks-'));
  try {
    const { spawnSync } = await import('node:child_process');
    spawnSync('mkfifo', [join(root, 'deploy.sh')]);
    const result = await analyseShellLine('./deploy.sh', { cwd: root, env: {} });
    assert.match(result.commands[0]?.unknowns.join() ?? '', /cannot read/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Makefile reader: variables, continuation lines, inline recipes, prefixes, default target', () => {
  const makefile = parseMakefile('# comment\nA := 1\nB ?= $(A)2\nB ?= ignored\nC += x\n.PHONY: all\nall: a b ; echo inline\n\t@-echo $(B) $@ $<\na:\n\t+echo a \\\n\t  more\ninclude other.mk\n%.o: %.c\n\tcc $<\n');
  assert.equal(makefile.defaultTarget, 'all');
  assert.deepEqual(makefile.rules.get('all')?.prerequisites, ['a', 'b']);
  assert.deepEqual(makefile.rules.get('all')?.recipe.map((line) => [line.line, line.text]), [[7, 'echo inline'], [8, 'echo $(B) $@ $<']]);
  assert.deepEqual(makefile.rules.get('a')?.recipe, [{ line: 10, text: 'echo a \\\n  more', always: true }]);
  assert.equal(makefile.unsupported.length, 2);
  const expanded = expandMake('echo $(B) $@ $< $$HOME $(wildcard *.c)', makefile.variables, { target: 'all', prerequisites: ['a', 'b'] });
  assert.equal(expanded.text, 'echo 12 all a $HOME ${GUARD_MAKE_UNKNOWN_1}');
  assert.deepEqual(expanded.unknown, ['$(wildcard *.c)']);
});

test('a whole script: every command carries its own line (the file option)', async () => {
  const result = await analyseShellLine('set -e\n# drop it\nrailway down -y\n\npsql <<SQL\nDROP TABLE t;\nSQL\n', { cwd: '/tmp', env: {}, file: 'ci/deploy.sh' });
  assert.deepEqual(result.commands.map((command) => [command.argv[0], command.origin.line, command.from]), [['railway', 3, 'ci/deploy.sh:3'], ['psql', 5, 'ci/deploy.sh:5']]);
});
