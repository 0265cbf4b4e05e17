// guard scan through the real bin/guard: fixture repositories, every output format, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, describeRun, REPO_ROOT, runGuard, type GuardResult } from '../support/run-guard.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'scan');
const ENGINE_BUILT = existsSync(join(REPO_ROOT, 'dist', 'src', 'shell', 'assess.js'));

async function scan(args: readonly string[], repository: string, stdin = ''): Promise<GuardResult> {
  const sandbox = createSandbox('guard-scan-e2e-');
  try {
    return await runGuard(['scan', ...args], { sandbox, cwd: join(FIXTURES, repository), stdin });
  } finally {
    sandbox.cleanup();
  }
}

test('a repository with a destructive migration: exit 77 naming the file and the line', async () => {
  const run = await scan(['.'], 'migration-repo');
  assert.equal(run.status, 77, describeRun(run));
  assert.match(run.stdoutText, /^migrations\/0002_drop_legacy\.sql:4:1 {2}FAIL {2}DESTRUCTIVE {2}psql\/drop-table$/m);
  assert.match(run.stdoutText, /DROP TABLE legacy_orders/);
  assert.doesNotMatch(run.stdoutText, /0001_create_orders\.sql:\d+:\d+ {2}FAIL/);
});

test('the same repository in JSON, SARIF and GitHub annotations', async () => {
  const json = await scan(['--json', 'migrations'], 'migration-repo');
  assert.equal(json.status, 77, describeRun(json));
  const result = JSON.parse(json.stdoutText) as { offline: boolean; findings: { file: string; line: number; risk: string; rules: { id: string }[] }[]; summary: { failing: number } };
  assert.equal(result.offline, true, 'scan runs offline unless --live');
  assert.deepEqual(result.findings.filter((f) => f.risk === 'destructive').map((f) => [f.file, f.line, f.rules[0]?.id]), [['migrations/0002_drop_legacy.sql', 4, 'psql/drop-table']]);

  const sarif = await scan(['--sarif', '.'], 'migration-repo');
  assert.equal(sarif.status, 77, describeRun(sarif));
  const log = JSON.parse(sarif.stdoutText) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
  assert.equal(log.version, '2.1.0');
  const error = log.runs[0]?.results.find((r) => r.level === 'error');
  assert.equal(error?.ruleId, 'psql/drop-table');
  assert.deepEqual([error?.locations[0]?.physicalLocation.artifactLocation.uri, error?.locations[0]?.physicalLocation.region.startLine], ['migrations/0002_drop_legacy.sql', 4]);

  const github = await scan(['--github', '.'], 'migration-repo');
  assert.equal(github.status, 77, describeRun(github));
  assert.match(github.stdoutText, /^::error file=migrations\/0002_drop_legacy\.sql,line=4,col=1,title=guard%3A destructive \(psql\/drop-table\)::DROP TABLE legacy_orders/m);
});

test('thresholds: writes pass by default and fail with --fail-on write', async () => {
  const clean = await scan(['migrations'], 'clean-repo');
  assert.equal(clean.status, 0, describeRun(clean));
  const strict = await scan(['--fail-on', 'write', 'migrations'], 'clean-repo');
  assert.equal(strict.status, 77, describeRun(strict));
});

test('usage errors are 64; a path that cannot be read fails closed (77)', async () => {
  for (const args of [[], ['--fail-on', 'sometimes', '.'], ['--json', '--sarif', '.'], ['-', '-']]) {
    const run = await scan(args, 'clean-repo');
    assert.equal(run.status, 64, `${args.join(' ')}: ${describeRun(run)}`);
  }
  const missing = await scan(['no-such-dir'], 'clean-repo');
  assert.equal(missing.status, 77, describeRun(missing));
  assert.match(missing.stdoutText, /no-such-dir:1:1 {2}FAIL {2}UNKNOWN {2}scan\/unreadable-file/);
});

test('shell, Makefile, workflow and package.json fixtures through the shell engine', { skip: ENGINE_BUILT ? false : 'the shell-line engine (src/shell/assess.ts) is not built yet' }, async () => {
  const mixed = await scan(['--json', '.'], 'mixed-repo');
  assert.equal(mixed.status, 77, describeRun(mixed));
  const result = JSON.parse(mixed.stdoutText) as { findings: { file: string; line: number; rules: { id: string }[]; suppressed?: unknown }[] };
  const rows = result.findings.map((f) => `${f.file}:${f.line} ${f.rules.map((r) => r.id).join(',')}${f.suppressed ? ' suppressed' : ''}`);
  for (const expected of [
    '.github/workflows/reset.yml:11 railway/volume-delete',
    'Makefile:10 psql/drop-database',
    'package.json:5 dropdb/drop-database',
    'scripts/seed.sh:3 psql/truncate suppressed',
    'scripts/seed.sh:4 scan/unused-suppression',
    'db/0003_cleanup.sql:2 psql/drop-table suppressed',
  ]) assert.ok(rows.includes(expected), `${expected} not in\n${rows.join('\n')}`);

  const clean = await scan(['.'], 'clean-repo');
  assert.equal(clean.status, 0, describeRun(clean));
  const piped = await scan(['-'], 'clean-repo', 'ls\nrailway volume delete --volume vol_1 --yes\n');
  assert.equal(piped.status, 77, describeRun(piped));
  assert.match(piped.stdoutText, /<stdin>:2:1 {2}FAIL/);
});
