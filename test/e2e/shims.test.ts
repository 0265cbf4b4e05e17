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

test('only installed programs get a shim; refresh adds programs installed later and drops those gone', async (t) => {
  if (spawnSync('sh', ['-c', 'command -v railway']).status === 0) {
    t.skip('a real railway is installed here');
    return;
  }
  const sandbox = createSandbox('guard-shims-e2e-');
  const shims = join(sandbox.dir, 'shims');
  const fakes = createFakeBin({ railway: {} });
  try {
    const install = await runGuard(['shims', 'install', shims], { sandbox });
    assert.equal(install.status, 0, describeRun(install));
    assert.match(install.stderrText, /not installed, so not shimmed: .*railway/);
    // An install-if-missing script must still see that railway is missing.
    const probe = await runShell('bash', ['-c', 'command -v railway || echo missing'], sandbox, [shims]);
    assert.equal(probe.stdoutText, 'missing\n', describeRun(probe));

    const refreshed = await runGuard(['shims', 'refresh', shims], { sandbox, pathPrefix: [fakes.dir] });
    assert.equal(refreshed.status, 0, describeRun(refreshed));
    assert.match(refreshed.stdoutText, /written +.*\/shims\/railway/);
    const refused = await runShell('bash', ['-c', 'railway down -y'], sandbox, [shims, fakes.dir]);
    assert.equal(refused.status, 77, describeRun(refused));
    assert.equal(fakes.runs('railway'), 0);

    const dropped = await runGuard(['shims', 'refresh', shims], { sandbox });
    assert.match(dropped.stdoutText, /removed +.*\/shims\/railway/);
  } finally {
    fakes.cleanup();
    sandbox.cleanup();
  }
});

test('curl and wget are shimmed only when asked for (--with-http), and refresh keeps that choice', async () => {
  const sandbox = createSandbox('guard-shims-e2e-');
  const shims = join(sandbox.dir, 'shims');
  const fakes = createFakeBin({ curl: {} });
  try {
    const plain = await runGuard(['shims', 'install', shims], { sandbox, pathPrefix: [fakes.dir] });
    assert.doesNotMatch(plain.stdoutText, /shims\/curl/);
    assert.match(plain.stderrText, /curl.* not shimmed \(opt in with --with-http\)/);
    const withHttp = await runGuard(['shims', 'install', '--with-http', shims], { sandbox, pathPrefix: [fakes.dir] });
    assert.match(withHttp.stdoutText, /written +.*\/shims\/curl/);
    const refreshed = await runGuard(['shims', 'refresh', shims], { sandbox, pathPrefix: [fakes.dir] });
    assert.match(refreshed.stdoutText, /unchanged +.*\/shims\/curl/);
  } finally {
    fakes.cleanup();
    sandbox.cleanup();
  }
});

test('a relative DIR is said as the absolute directory it resolved to', async () => {
  const sandbox = createSandbox('guard-shims-e2e-');
  try {
    const run = await runGuard(['shims', 'install', 'rel-shims'], { sandbox, cwd: sandbox.dir });
    assert.equal(run.status, 0, describeRun(run));
    assert.ok(run.stdoutText.startsWith(`shims directory: ${join(sandbox.dir, 'rel-shims')}\n`), run.stdoutText);
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
