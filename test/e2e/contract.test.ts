// DESIGN.md's command-line contract, checked against the real bin/guard: exit codes, JSON report, policy, audit log.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { createSandbox, describeRun, REPO_ROOT, runGuard, type GuardSandbox, type RunGuardOptions } from '../support/run-guard.js';

const DESIGN_FIELDS = [
  'version', 'argv', 'tool', 'risk', 'rules', 'environment', 'targets', 'blastRadius',
  'credential', 'recovery', 'decision', 'confirmPhrase', 'reasons',
];
// Fields guard adds beyond DESIGN.md (allowed: "fields may be added"); listed so additions are deliberate.
const ADDED_FIELDS = ['unverified', 'agent'];
const AUDIT_FIELDS = ['time', 'cwd', 'argv', 'tool', 'risk', 'environment', 'targets', 'decision', 'outcome', 'exitStatus', 'agent'];

const DROP_USERS = ['psql', '-c', 'DROP TABLE users'];
const PROD_DROP = ['psql', '-h', 'db.prod.internal', '-c', 'DROP TABLE orders'];

let sandbox: GuardSandbox;
let fakes: FakeBin;

beforeEach(() => {
  sandbox = createSandbox();
  fakes = createFakeBin({ psql: { exit: 0 } });
});
afterEach(() => {
  sandbox.cleanup();
  fakes.cleanup();
});

function guard(args: readonly string[], options: Partial<RunGuardOptions> = {}) {
  return runGuard(args, { sandbox, pathPrefix: [fakes.dir], ...options });
}

function parseReport(stdout: string): Record<string, unknown> {
  // Exactly one JSON document and nothing else: JSON.parse rejects any stray text around it.
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('help, version and usage errors', () => {
  test('--help exits 0 and shows examples', async () => {
    const run = await guard(['--help']);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdoutText, /Examples:/);
    assert.match(run.stdoutText, /--dry-run/);
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await guard(['--version']);
    assert.equal(run.status, 0, describeRun(run));
    assert.equal(run.stdoutText.trim(), version);
  });

  const usageErrors: [string, string[]][] = [
    ['no command', []],
    ['an unknown option', ['--bogus', 'psql']],
    ['a yes flag (guard never offers one)', ['--yes', 'psql', '-c', 'select 1']],
    ['--json without --dry-run', ['--json', 'psql', '-c', 'select 1']],
  ];
  for (const [name, args] of usageErrors) {
    test(`usage error → 64: ${name}`, async () => {
      const run = await guard(args);
      assert.equal(run.status, 64, describeRun(run));
      assert.notEqual(run.stderrText, '', 'a usage error says what is wrong');
      assert.equal(fakes.record('psql'), null, 'nothing runs after a usage error');
    });
  }
});

describe('--dry-run --json', () => {
  test('a destructive psql command: exit 77 and exactly the report of DESIGN.md', async () => {
    const run = await guard(['--dry-run', '--json', '--offline', ...DROP_USERS]);
    assert.equal(run.status, 77, describeRun(run));
    const report = parseReport(run.stdoutText);
    assert.deepEqual(Object.keys(report).sort(), [...DESIGN_FIELDS, ...ADDED_FIELDS].sort());
    assert.equal(report.version, 1);
    assert.deepEqual(report.argv, DROP_USERS);
    assert.equal(report.tool, 'psql');
    assert.equal(report.risk, 'destructive');
    const rules = report.rules as { id: string; risk: string; summary: string }[];
    const drop = rules.find((rule) => rule.id === 'psql/drop-table');
    assert.ok(drop, `psql/drop-table among ${JSON.stringify(rules)}`);
    assert.deepEqual(Object.keys(drop).sort(), ['id', 'risk', 'summary']);
    assert.equal(drop.risk, 'destructive');
    assert.match(drop.summary, /DROP TABLE users/);
    const environment = report.environment as { name: string; protected: boolean; source: string };
    assert.equal(environment.name, 'local');
    assert.equal(environment.protected, false);
    assert.equal(typeof environment.source, 'string');
    assert.ok(Array.isArray(report.targets) && Array.isArray(report.blastRadius) && Array.isArray(report.reasons));
    assert.ok((report.reasons as string[]).length > 0, 'a refusal gives reasons');
    assert.equal(report.decision, 'confirm');
    assert.equal(report.confirmPhrase, 'local/users');
    assert.equal(typeof report.recovery, 'string');
    assert.equal(fakes.record('psql'), null, '--dry-run never executes');
  });

  test('--dry-run never executes, even when it would allow', async () => {
    const run = await guard(['--dry-run', '--offline', 'psql', '-c', 'select 1']);
    assert.equal(run.status, 0, describeRun(run));
    assert.equal(fakes.record('psql'), null);
  });

  test('--dry-run --confirm with the right phrase exits 0, a wrong phrase 77, and neither runs', async () => {
    const right = await guard(['--dry-run', '--offline', '--confirm', 'local/users', ...DROP_USERS]);
    assert.equal(right.status, 0, describeRun(right));
    const wrong = await guard(['--dry-run', '--offline', '--confirm', 'staging/users', ...DROP_USERS]);
    assert.equal(wrong.status, 77, describeRun(wrong));
    assert.equal(fakes.record('psql'), null);
  });
});

describe('commands guard does not guard', () => {
  test('run untouched with their own exit status', async () => {
    const run = await guard(['sh', '-c', 'printf out; printf err >&2; exit 3']);
    assert.equal(run.status, 3, describeRun(run));
    assert.equal(run.stdoutText, 'out');
    assert.equal(run.stderrText, 'err');
  });

  test('dry-run reports risk none and would run', async () => {
    const run = await guard(['--dry-run', '--json', 'true']);
    assert.equal(run.status, 0, describeRun(run));
    const report = parseReport(run.stdoutText);
    assert.equal(report.risk, 'none');
    assert.equal(report.tool, null);
    assert.equal(report.decision, 'allow');
  });

  test('a command that does not exist → 127', async () => {
    const run = await guard(['guard-test-no-such-command', '--flag']);
    assert.equal(run.status, 127, describeRun(run));
    assert.match(run.stderrText, /guard-test-no-such-command/);
  });
});

describe('confirmation without a terminal', () => {
  test('refused with 77 and told which phrase to pass; nothing runs', async () => {
    const run = await guard(['--offline', ...DROP_USERS]);
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /refused \(exit 77\)/);
    assert.match(run.stderrText, /--confirm local\/users/);
    assert.equal(fakes.record('psql'), null);
  });

  test('the phrase on stdin never confirms', async () => {
    const run = await guard(['--offline', ...DROP_USERS], { stdin: 'local/users\n' });
    assert.equal(run.status, 77, describeRun(run));
    assert.equal(fakes.record('psql'), null);
  });

  test('--confirm with the resolved phrase runs the command with its argv', async () => {
    const run = await guard(['--offline', '--confirm', 'local/users', ...DROP_USERS]);
    assert.equal(run.status, 0, describeRun(run));
    assert.deepEqual(fakes.record('psql')?.argv, DROP_USERS.slice(1));
  });

  test('GUARD_CONFIRM works like --confirm, and a wrong one refuses', async () => {
    const wrong = await guard(['--offline', ...DROP_USERS], { env: { GUARD_CONFIRM: 'production/users' } });
    assert.equal(wrong.status, 77, describeRun(wrong));
    assert.equal(fakes.record('psql'), null);
    const right = await guard(['--offline', ...DROP_USERS], { env: { GUARD_CONFIRM: 'local/users' } });
    assert.equal(right.status, 0, describeRun(right));
    assert.deepEqual(fakes.record('psql')?.argv, DROP_USERS.slice(1));
  });
});

describe('agents', () => {
  for (const marker of ['GUARD_AGENT', 'CLAUDECODE']) {
    test(`${marker}=1: destructive in production is denied, with no phrase to copy`, async () => {
      const env = { [marker]: '1' };
      const dry = await guard(['--dry-run', '--json', '--offline', ...PROD_DROP], { env });
      assert.equal(dry.status, 77, describeRun(dry));
      const report = parseReport(dry.stdoutText);
      assert.equal(report.decision, 'deny');
      assert.equal(report.confirmPhrase, null);
      assert.equal(report.agent, true);
      assert.ok(!dry.stdoutText.includes('production/orders') && !dry.stderrText.includes('production/orders'));

      const run = await guard(['--offline', ...PROD_DROP], { env });
      assert.equal(run.status, 77, describeRun(run));
      assert.match(run.stderrText, /a human must approve this with 'guard approve'/);
      assert.ok(!run.stderrText.includes('production/orders'), 'the phrase is never shown to an agent');
      assert.ok(!run.stderrText.includes('--confirm'), 'an agent is never told the bypass');
      assert.equal(fakes.record('psql'), null);
    });
  }

  test('an agent cannot pass the production phrase itself', async () => {
    const run = await guard(['--offline', '--confirm', 'production/orders', ...PROD_DROP], { env: { CLAUDECODE: '1' } });
    assert.equal(run.status, 77, describeRun(run));
    assert.equal(fakes.record('psql'), null);
  });

  test('an agent may confirm in an unprotected environment with the right phrase', async () => {
    // decide.ts: "a matching --confirm still works where policy lets an agent confirm".
    const run = await guard(['--offline', '--confirm', 'local/users', ...DROP_USERS], { env: { GUARD_AGENT: '1' } });
    assert.equal(run.status, 0, describeRun(run));
    assert.deepEqual(fakes.record('psql')?.argv, DROP_USERS.slice(1));
  });
});

describe('secrets and the audit log', () => {
  test('a password in the connection URL appears nowhere guard writes', async () => {
    const secret = 's3cr3tpw';
    const argv = ['psql', `postgresql://app:${secret}@db.prod.internal/shop`, '-c', 'DROP TABLE t'];
    for (const args of [['--dry-run', '--json', ...argv], ['--dry-run', '--json', '--offline', ...argv], argv]) {
      const run = await guard(args, { env: { PGCONNECT_TIMEOUT: '3' } });
      assert.equal(run.status, 77, describeRun(run));
      assert.ok(!run.stdout.includes(secret), `stdout of guard ${args.join(' ')}`);
      assert.ok(!run.stderr.includes(secret), `stderr of guard ${args.join(' ')}:\n${run.stderrText}`);
    }
    const audit = readFileSync(sandbox.auditFile, 'utf8');
    assert.equal(audit.trim().split('\n').length, 3);
    assert.ok(!audit.includes(secret), 'the audit log holds no password');
    assert.match(audit, /app:\*\*\*@db\.prod\.internal/);
  });

  test('one line per decision, a verifiable hash chain, and tampering is detected', async () => {
    await guard(['--dry-run', '--offline', ...DROP_USERS]);
    await guard(['--offline', ...DROP_USERS]);
    await guard(['--offline', '--confirm', 'local/users', ...DROP_USERS]);
    await guard(['--offline', 'psql', '-c', 'select 1']);
    await guard(['true']); // uncatalogued commands are not recorded

    const entries = sandbox.readAudit();
    // The destructive run is recorded before it starts (write-ahead), then its exit status.
    assert.deepEqual(entries.map((e) => e.outcome), ['dry-run', 'refused', 'confirmed', 'exited', 'ran']);
    for (const entry of entries) {
      for (const field of AUDIT_FIELDS) assert.ok(field in entry, `audit entry has ${field}: ${JSON.stringify(entry)}`);
      assert.equal(entry.tool, 'psql');
      assert.equal(entry.agent, false);
      assert.equal(entry.cwd, sandbox.dir);
      assert.ok(!Number.isNaN(Date.parse(String(entry.time))));
    }
    assert.deepEqual(entries.map((e) => e.decision), ['confirm', 'confirm', 'confirm', 'confirm', 'allow']);
    assert.deepEqual(entries.map((e) => e.exitStatus), [null, 77, null, 0, 0]);
    assert.deepEqual(entries[0]?.targets, ['local/users']);

    const intact = await guard(['log', '--verify']);
    assert.equal(intact.status, 0, describeRun(intact));
    assert.match(intact.stdoutText, /intact: 5 entries/);

    const lines = readFileSync(sandbox.auditFile, 'utf8').split('\n');
    lines[1] = (lines[1] ?? '').replace('"refused"', '"confirmed"');
    writeFileSync(sandbox.auditFile, lines.join('\n'));
    const broken = await guard(['log', '--verify']);
    assert.notEqual(broken.status, 0, describeRun(broken));
    assert.match(broken.stderrText, /broken at entry 3 of 5/);
  });
});
