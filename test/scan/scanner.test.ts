// guard scan over fixture repositories built from object literals: findings, lines, suppressions, thresholds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPaths } from '../../src/scan/scanner.js';
import type { FailOn, ScanResult } from '../../src/scan/model.js';
import { buildWorld, type WorldSpec } from '../support/world.js';
import { assessShellScript } from '../../src/shell/assess.js';
import { stubAssessShell } from './stub-engine.js';

async function scan(files: WorldSpec['files'], paths: string[] = ['.'], failOn: FailOn = 'destructive', stdin = ''): Promise<ScanResult> {
  const world = buildWorld({ files });
  try {
    return await scanPaths(paths, world.ctx, { assessShell: stubAssessShell, readStdin: async () => stdin }, { failOn });
  } finally {
    world.cleanup();
  }
}

/** `file:line rule,rule risk` per finding (suppressed ones marked), the shape the tables below assert. */
const rows = (result: ScanResult) =>
  result.findings.map((f) => `${f.file}:${f.line} ${f.rules.map((r) => r.id).join(',')} ${f.risk}${f.suppressed ? ' suppressed' : ''}`);

const REPOSITORIES: { name: string; files: Record<string, string>; expect: string[]; failing: number }[] = [
  {
    name: 'a destructive migration',
    files: {
      'migrations/0001_init.sql': 'CREATE TABLE orders (id int);\n',
      'migrations/0002_cleanup.sql': '-- clean up\nSELECT 1;\nDROP TABLE orders;\n',
    },
    expect: ['migrations/0001_init.sql:1 psql/write write', 'migrations/0002_cleanup.sql:3 psql/drop-table destructive'],
    failing: 1,
  },
  {
    name: 'a MySQL migration: backquotes, ENGINE=, DELIMITER and an executable comment',
    files: {
      'db/001_init.sql': 'CREATE TABLE `orders` (`id` int) ENGINE=InnoDB;\nSET NAMES utf8mb4;\n',
      'db/002_cleanup.sql': 'DELIMITER //\nCREATE TABLE `a` (`id` int)//\nDELIMITER ;\n/*!50001 DROP TABLE `legacy` */;\n',
    },
    expect: ['db/001_init.sql:1 mysql/write write', 'db/001_init.sql:2 mysql/read read', 'db/002_cleanup.sql:2 mysql/write write', 'db/002_cleanup.sql:4 mysql/drop-table destructive'],
    failing: 1,
  },
  {
    name: 'a Makefile nuke-db target',
    files: { Makefile: 'build:\n\ttsc -p .\n\nnuke-db:\n\tpsql -h db.prod.internal -c "DROP DATABASE shop"\n' },
    expect: ['Makefile:5 psql/drop-database destructive'],
    failing: 1,
  },
  {
    name: 'a workflow step running railway volume delete',
    files: { '.github/workflows/reset.yml': 'on: push\njobs:\n  reset:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo resetting\n          railway volume delete --volume vol_123 --yes\n' },
    expect: ['.github/workflows/reset.yml:8 railway/volume-delete destructive'],
    failing: 1,
  },
  {
    name: 'a package.json script',
    files: { 'package.json': '{\n  "scripts": {\n    "build": "tsc",\n    "db:reset": "dropdb shop"\n  }\n}\n' },
    expect: ['package.json:4 dropdb/drop-database destructive'],
    failing: 1,
  },
  {
    name: 'a GitLab CI script line',
    files: { '.gitlab-ci.yml': 'wipe:\n  script:\n    - echo ok\n    - psql -c "TRUNCATE orders"\n' },
    expect: ['.gitlab-ci.yml:4 psql/truncate destructive'],
    failing: 1,
  },
  {
    name: 'a clean repository',
    files: {
      'scripts/build.sh': '#!/bin/sh\nls -la\necho built\n',
      'tools/run': '#!/usr/bin/env bash\npsql -c "SELECT 1"\n',
      Makefile: 'all:\n\techo hi\n',
      'package.json': '{"scripts": {"test": "node --test"}}',
      'node_modules/evil/x.sh': 'dropdb shop\n',
      'README.md': 'dropdb shop\n',
    },
    expect: [],
    failing: 0,
  },
];

for (const repository of REPOSITORIES) {
  test(`scan: ${repository.name}`, async () => {
    const result = await scan(repository.files);
    assert.deepEqual(rows(result), repository.expect);
    assert.equal(result.summary.failing, repository.failing);
  });
  test(`scan with the real shell engine: ${repository.name}`, async () => {
    const world = buildWorld({ files: repository.files });
    try {
      const result = await scanPaths(['.'], world.ctx, { assessShell: assessShellScript, readStdin: async () => '' }, { failOn: 'destructive' });
      assert.deepEqual(rows(result), repository.expect);
    } finally {
      world.cleanup();
    }
  });
}

test('scan: findings carry column, command, environment and the decision guard would take', async () => {
  const result = await scan({ 'deploy.sh': '#!/bin/sh\n  psql -h db.prod.internal -c "DROP TABLE orders"\n' });
  const finding = result.findings[0];
  assert.ok(finding);
  assert.equal(finding.column, 3);
  assert.equal(finding.command, "psql -h db.prod.internal -c 'DROP TABLE orders'");
  assert.equal(finding.decision, 'confirm');
  assert.equal(finding.environment?.protected, true);
  assert.equal(result.offline, true);
});

test('scan: suppressions used (line and line before), unused and invalid; reasons required', async () => {
  const script = [
    '#!/bin/sh',
    '# guard: allow psql/drop-table -- orders is rebuilt from the event log',
    'psql -c "DROP TABLE orders"',
    'dropdb scratch # guard: allow dropdb/drop-database -- scratch database of this job',
    '# guard: allow railway/volume-delete -- nothing here any more',
    'echo done',
    '# guard: allow psql/truncate',
    'psql -c "TRUNCATE orders"',
  ].join('\n');
  const result = await scan({ 'ops.sh': script });
  assert.deepEqual(rows(result), [
    'ops.sh:3 psql/drop-table destructive suppressed',
    'ops.sh:4 dropdb/drop-database destructive suppressed',
    'ops.sh:8 psql/truncate destructive',
    'ops.sh:5 scan/unused-suppression none',
    'ops.sh:7 scan/invalid-suppression none',
  ]);
  assert.equal(result.findings[0]?.suppressed?.reason, 'orders is rebuilt from the event log');
  assert.equal(result.summary.failing, 1);
  assert.equal((await scan({ 'ops.sh': script }, ['.'], 'write')).summary.failing, 3, 'suppression problems fail only --fail-on write');
});

test('scan: SQL suppressions use -- comments', async () => {
  const result = await scan({ 'm.sql': '-- guard: allow psql/drop-table -- replaced by orders_v2\nDROP TABLE orders;\n' });
  assert.deepEqual(rows(result), ['m.sql:2 psql/drop-table destructive suppressed']);
  assert.equal(result.summary.failing, 0);
});

test('scan: --fail-on thresholds', async () => {
  const files = { 'm.sql': 'INSERT INTO t VALUES (1);\n' };
  assert.equal((await scan(files, ['.'], 'destructive')).summary.failing, 0);
  assert.equal((await scan(files, ['.'], 'unknown')).summary.failing, 0);
  assert.equal((await scan(files, ['.'], 'write')).summary.failing, 1);
});

test('scan: what cannot be read or seen is unknown (fail closed)', async () => {
  const result = await scan(
    {
      'bad.sh': 'echo "unterminated\n',
      '.github/workflows/w.yml': 'jobs:\n  a:\n    steps:\n      - run: Remove-Item x\n        shell: pwsh\n',
      'package.json': '{"scripts": {',
      'dyn.sh': '$TOOL drop everything\n',
      'notes.txt': 'hello',
    },
    ['.', 'missing-dir', 'notes.txt'],
  );
  assert.deepEqual(rows(result), [
    '.github/workflows/w.yml:4 scan/unanalysable-shell unknown',
    'bad.sh:1 scan/unanalysable-shell unknown',
    'dyn.sh:1 scan/unresolved-command unknown',
    'package.json:1 scan/unanalysable-shell unknown',
    'missing-dir:1 scan/unreadable-file unknown',
    'notes.txt:1 scan/unrecognised-file unknown',
  ]);
  assert.equal(result.summary.failing, 6);
});

test('scan: stdin (-) is shell text', async () => {
  const result = await scan({}, ['-'], 'destructive', 'ls\nrailway volume delete --volume vol_1 --yes\n');
  assert.deepEqual(rows(result), ['<stdin>:2 railway/volume-delete destructive']);
  assert.deepEqual(result.files, ['<stdin>']);
});
