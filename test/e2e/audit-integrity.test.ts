// The audit log under pressure: 20 concurrent guards keep the chain, and a log cut short, replaced or deleted is reported.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../support/run-guard.js';

let sandbox: GuardSandbox;
let fakes: FakeBin;
before(() => {
  sandbox = createSandbox('guard-audit-');
  fakes = createFakeBin({ psql: { exit: 0, stdout: 'DROP TABLE\n', stderr: '' } });
});
after(() => {
  fakes.cleanup();
  sandbox.cleanup();
});

const DROP = ['--offline', 'psql', '-h', 'localhost', '-c', 'DROP TABLE t'];
const verify = () => runGuard(['log', '--verify'], { sandbox });

test('20 guard processes writing at once leave an intact chain of 20 entries', { timeout: 120_000 }, async () => {
  const runs = await Promise.all(Array.from({ length: 20 }, () => runGuard(['--dry-run', ...DROP], { sandbox, timeoutMs: 90_000 })));
  for (const run of runs) assert.equal(run.status, 77, describeRun(run));
  const result = await verify();
  assert.equal(result.status, 0, describeRun(result));
  assert.match(result.stdoutText, /audit log intact: 20 entries/);
  assert.equal(sandbox.readAudit().length, 20);
});

test('a log cut short is reported by guard log --verify and guard doctor', async () => {
  const lines = readFileSync(sandbox.auditFile, 'utf8').split('\n').filter((l) => l.length > 0);
  writeFileSync(sandbox.auditFile, `${lines.slice(0, -3).join('\n')}\n`);
  const result = await verify();
  assert.equal(result.status, 1, describeRun(result));
  assert.match(result.stderrText, /17 entries but 20 were written: 3 were cut off the end/);
  const doctor = await runGuard(['doctor'], { sandbox });
  assert.match(doctor.stdoutText, /audit chain\s+NOT INTACT: .*cut off the end/);
});

test('a log replaced by a shorter valid chain, or deleted, is reported', async () => {
  const lines = readFileSync(sandbox.auditFile, 'utf8').split('\n').filter((l) => l.length > 0);
  writeFileSync(sandbox.auditFile, `${lines[0]}\n`);
  const replaced = await verify();
  assert.equal(replaced.status, 1, describeRun(replaced));
  assert.match(replaced.stderrText, /cut off the end/);
  rmSync(sandbox.auditFile);
  const deleted = await verify();
  assert.equal(deleted.status, 1, describeRun(deleted));
  assert.match(deleted.stderrText, /missing, but its head record says it held 20 entries: it was deleted/);
});

test('a log with its head record removed is not reported intact', async () => {
  const fresh = createSandbox('guard-audit-head-');
  try {
    await runGuard(['--dry-run', ...DROP], { sandbox: fresh });
    rmSync(join(fresh.configDir, 'audit.head.json'));
    const result = await runGuard(['log', '--verify'], { sandbox: fresh });
    assert.equal(result.status, 1, describeRun(result));
    assert.match(result.stderrText, /head record is missing/);
  } finally {
    fresh.cleanup();
  }
});

test('a stale lock left by a dead guard is taken over', async () => {
  const fresh = createSandbox('guard-audit-lock-');
  try {
    mkdirSync(fresh.configDir, { recursive: true });
    // pid 2^22 + 1 is above Linux's pid_max default and never alive.
    writeFileSync(join(fresh.configDir, 'audit.lock'), `${2 ** 22 + 1}\n`);
    const run = await runGuard(['--dry-run', ...DROP], { sandbox: fresh });
    assert.equal(run.status, 77, describeRun(run));
    assert.equal(fresh.readAudit().length, 1, describeRun(run));
  } finally {
    fresh.cleanup();
  }
});

test('when the record of a destructive run cannot be written, it does not run (a human, with the right phrase)', async () => {
  const fresh = createSandbox('guard-audit-closed-');
  try {
    // A directory where the log should be: every append fails, as on a full or read-only disk.
    mkdirSync(join(fresh.configDir, 'audit.jsonl'), { recursive: true });
    const before = fakes.runs('psql');
    const run = await runGuard(['--confirm', 'local/t', ...DROP], { sandbox: fresh, pathPrefix: [fakes.dir] });
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /audit record of this destructive run cannot be written/);
    assert.equal(fakes.runs('psql'), before, 'psql must not run');
    // A read is not held back by the audit log.
    const read = await runGuard(['--offline', 'psql', '-h', 'localhost', '-c', 'select 1'], { sandbox: fresh, pathPrefix: [fakes.dir] });
    assert.equal(read.status, 0, describeRun(read));
  } finally {
    fresh.cleanup();
  }
});
