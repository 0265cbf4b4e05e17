// Shims and shell functions end to end: a non-interactive bash (no terminal) with the real bin/guard and stand-in binaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createFakeBin } from '../support/fake-bin.js';
import { createSandbox, describeRun, GUARD_BIN, guardEnv, runGuard, type GuardResult, type GuardSandbox } from '../support/run-guard.js';

/** Runs a shell command line in its own session (no controlling terminal), stdin from /dev/null. */
function runShell(shell: string, args: readonly string[], sandbox: GuardSandbox, pathPrefix: readonly string[]): Promise<GuardResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell, [...args], { cwd: sandbox.dir, env: guardEnv({ sandbox, pathPrefix }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, 30_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err);
      resolve({ status, signal, stdout, stderr, stdoutText: stdout.toString('utf8'), stderrText: stderr.toString('utf8'), timedOut: false });
    });
  });
}

test('shims first on PATH: a destructive psql in a non-interactive bash is refused (77) and the real psql never runs', async () => {
  const sandbox = createSandbox('guard-shims-e2e-');
  const fakes = createFakeBin({ psql: {} });
  const shims = join(sandbox.dir, 'shims');
  try {
    const install = await runGuard(['shims', 'install', shims], { sandbox });
    assert.equal(install.status, 0, describeRun(install));
    assert.match(install.stdoutText, /written +.*\/shims\/psql/);

    const refused = await runShell('bash', ['-c', 'psql -h db.example.internal -c "DROP TABLE t"'], sandbox, [shims, fakes.dir]);
    assert.equal(refused.status, 77, describeRun(refused));
    assert.match(refused.stderrText, /psql\/drop-table/);
    assert.equal(fakes.record('psql'), null, 'the stand-in psql must not have run');

    const args = ['-h', 'db.example.internal', '-c', "SELECT 'it''s' AS \"x y\"", ''];
    const read = await runShell('bash', ['-c', 'psql "$@"', 'bash', ...args], sandbox, [shims, fakes.dir]);
    assert.equal(read.status, 0, describeRun(read));
    assert.deepEqual(fakes.record('psql')?.argv, args, 'the stand-in ran with identical argv');

    const uninstall = await runGuard(['shims', 'uninstall', shims], { sandbox });
    assert.equal(uninstall.status, 0, describeRun(uninstall));
    assert.match(uninstall.stdoutText, /removed +.*\/shims\/psql/);
  } finally {
    fakes.cleanup();
    sandbox.cleanup();
  }
});

test('a shim with no real binary behind it: 127 with a clear message, no recursion', async (t) => {
  if (spawnSync('sh', ['-c', 'command -v railway']).status === 0) {
    t.skip('a real railway is installed here');
    return;
  }
  const sandbox = createSandbox('guard-shims-e2e-');
  const shims = join(sandbox.dir, 'shims');
  try {
    assert.equal((await runGuard(['shims', 'install', shims], { sandbox })).status, 0);
    const run = await runShell('bash', ['-c', 'railway volume list'], sandbox, [shims]);
    assert.equal(run.status, 127, describeRun(run));
    assert.match(run.stderrText, /railway: command not found/);
  } finally {
    sandbox.cleanup();
  }
});

test('guard shims and shell init: usage errors are 64', async () => {
  const sandbox = createSandbox('guard-shims-e2e-');
  try {
    const unknownShell = await runGuard(['shell', 'init', 'tcsh'], { sandbox });
    assert.equal(unknownShell.status, 64, describeRun(unknownShell));
    assert.match(unknownShell.stderrText, /unknown shell 'tcsh'/);
    assert.equal((await runGuard(['shims', 'install'], { sandbox })).status, 64);
  } finally {
    sandbox.cleanup();
  }
});

const SHELLS = [
  { shell: 'bash', line: (init: string) => ['-c', `eval "${init}"\npsql -h db.example.internal -c "DROP TABLE t"`] },
  { shell: 'zsh', line: (init: string) => ['-c', `eval "${init}"\npsql -h db.example.internal -c "DROP TABLE t"`] },
  { shell: 'fish', line: (init: string) => ['-c', `${init.slice(2, -1)} | source; psql -h db.example.internal -c "DROP TABLE t"`] },
];

for (const { shell, line } of SHELLS) {
  test(`shell init ${shell}: the functions route a destructive psql through guard, which refuses it`, async (t) => {
    if (spawnSync('sh', ['-c', `command -v ${shell}`]).status !== 0) {
      t.skip(`${shell} is not installed`);
      return;
    }
    const sandbox = createSandbox('guard-shell-e2e-');
    const fakes = createFakeBin({ psql: {} });
    try {
      const init = `$('${process.execPath}' '${GUARD_BIN}' shell init ${shell})`;
      const run = await runShell(shell, line(init), sandbox, [fakes.dir]);
      assert.equal(run.status, 77, describeRun(run));
      assert.equal(fakes.record('psql'), null);
    } finally {
      fakes.cleanup();
      sandbox.cleanup();
    }
  });
}
