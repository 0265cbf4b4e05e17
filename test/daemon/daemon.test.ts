// The resident guard as a user meets it: answers, falls back when it is killed, stale, foreign or hung, serves 50 calls at once, exits when idle.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT, createSandbox, runGuard, waitFor, type GuardResult, type GuardSandbox } from '../support/run-guard.js';
import { buildId, daemonEnv, daemonSocket, daemonSocketFor, daemonStatus, startTestDaemon } from '../support/daemon.js';
import { PROTOCOL_VERSION } from '../../src/daemon/protocol.js';
import { startingMarker } from '../../src/daemon/paths.js';

const sandboxes: GuardSandbox[] = [];
function sandbox(): GuardSandbox {
  const made = createSandbox('guard-daemon-');
  sandboxes.push(made);
  return made;
}
after(async () => {
  // A client that finds a dead daemon's socket starts a new one in the background (by design): stop
  // any such daemon, and wait for it to go, before its sandbox is removed.
  for (const made of sandboxes) {
    const env = daemonEnv(made);
    const pid = daemonStatus(env).pid;
    if (pid !== undefined) {
      await runGuard(['daemon', 'stop'], { sandbox: made, env });
      await waitFor(() => !alive(pid), 30_000, 'a background daemon to exit');
    }
    made.cleanup();
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function payload(command: string, cwd: string): string {
  return JSON.stringify({ session_id: 't', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, cwd });
}
const ALLOWED = 'ls -la && git status';
/**
 * The hook's fail-closed answers when its time budget runs out: the whole answer's, the line
 * engine's, or reading the payload (a process starved past 2 s before it read stdin sees none).
 */
const OVER_BUDGET = /no answer within \d+ ms|longer than the time budget|the hook payload on stdin was empty/;
const DENIED = 'railway volume -e production delete -v pg-data --yes';

function hook(box: GuardSandbox, command: string, env: Record<string, string>): Promise<GuardResult> {
  return runGuard(['hook', 'claude'], { sandbox: box, env, stdin: payload(command, box.dir), timeoutMs: 60_000 });
}

function decisionOf(result: GuardResult): string {
  const answer = result.stdoutText.trim() ? (JSON.parse(result.stdoutText) as { hookSpecificOutput?: { permissionDecision?: string } }) : null;
  return answer?.hookSpecificOutput?.permissionDecision ?? 'allow';
}

/** The same call with GUARD_DAEMON=0: the in-process answer every daemon answer must equal. */
async function inProcess(box: GuardSandbox, command: string): Promise<GuardResult> {
  return hook(box, command, daemonEnv(box, { GUARD_DAEMON: '0' }));
}

function same(actual: GuardResult, expected: GuardResult): void {
  assert.equal(actual.status, expected.status, actual.stderrText);
  assert.equal(actual.stdoutText, expected.stdoutText);
  assert.equal(actual.stderrText, expected.stderrText);
}

test('a running daemon answers an allowed hook call and a dry run, exactly as in-process', async () => {
  const box = sandbox();
  const daemon = await startTestDaemon(box);
  try {
    const before = daemonStatus(daemon.env).served ?? 0;
    same(await hook(box, ALLOWED, daemon.env), await inProcess(box, ALLOWED));
    const dry = await runGuard(['--dry-run', '--json', '--offline', 'psql', '-c', 'DROP TABLE orders'], { sandbox: box, env: daemon.env });
    const dryInProcess = await runGuard(['--dry-run', '--json', '--offline', 'psql', '-c', 'DROP TABLE orders'], { sandbox: box, env: { ...daemon.env, GUARD_DAEMON: '0' } });
    same(dry, dryInProcess);
    assert.equal(dry.status, 77);
    assert.equal(daemonStatus(daemon.env).served, before + 2, 'both were answered by the daemon');
  } finally {
    await daemon.stop();
  }
});

test('a denied hook call is handed back: the client records the approval request itself', async () => {
  const box = sandbox();
  const daemon = await startTestDaemon(box);
  try {
    const result = await hook(box, DENIED, daemon.env);
    assert.equal(decisionOf(result), 'deny');
    const status = daemonStatus(daemon.env);
    assert.equal(status.served, 0, 'the daemon never records approvals on a client\'s behalf');
    assert.equal(status.requests, 1);
  } finally {
    await daemon.stop();
  }
});

test('a daemon hung or killed in the middle of a request: the client answers in-process', async () => {
  const box = sandbox();
  const daemon = await startTestDaemon(box);
  try {
    const expected = await inProcess(box, DENIED);
    // Stopped: it accepts the connection (the kernel does) but never answers.
    daemon.child.kill('SIGSTOP');
    same(await hook(box, DENIED, daemon.env), expected);
    same(await hook(box, ALLOWED, daemon.env), await inProcess(box, ALLOWED));
    // Killed while a request waits on it.
    const pending = hook(box, DENIED, daemon.env);
    await new Promise((resolve) => setTimeout(resolve, 200));
    daemon.child.kill('SIGKILL');
    same(await pending, expected);
    await daemon.exited;
    // Its socket is left behind: the next call is refused at connect and still answers.
    assert.ok(existsSync(daemon.socket));
    same(await hook(box, DENIED, { ...daemon.env, GUARD_DAEMON: '0' }), expected);
    same(await hook(box, DENIED, daemon.env), expected);
  } finally {
    await daemon.stop();
  }
});

/** A fake daemon at guard's socket path that answers every request with `reply`. */
async function fakeDaemon(socket: string, reply: (request: Record<string, unknown>) => string): Promise<{ close(): Promise<void>; requests: number }> {
  const state = { requests: 0 };
  const server = createServer((connection) => {
    let text = '';
    connection.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes('\n')) return;
      state.requests++;
      connection.end(reply(JSON.parse(text.slice(0, text.indexOf('\n'))) as Record<string, unknown>));
    });
    connection.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const FAKE_ALLOW = JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: 'fake' } });

test('a daemon of another build, or one answering garbage, is never believed', async () => {
  const box = sandbox();
  const env = daemonEnv(box);
  mkdirSync(join(box.dir, 'run', 'guard'), { mode: 0o700 });
  const expected = await inProcess(box, DENIED);
  const replies = [
    // A stale daemon (an older build) that would allow.
    () => `${JSON.stringify({ v: PROTOCOL_VERSION, build: '0123456789abcdef', status: 'answer', stdout: FAKE_ALLOW, stderr: '', exitCode: 0 })}\n`,
    // The right build id, but an exit status no answer has.
    () => `${JSON.stringify({ v: PROTOCOL_VERSION, build: buildId(), status: 'answer', stdout: FAKE_ALLOW, stderr: '', exitCode: 1 })}\n`,
    // Another protocol version.
    () => `${JSON.stringify({ v: 99, build: buildId(), status: 'answer', stdout: FAKE_ALLOW, stderr: '', exitCode: 0 })}\n`,
    () => 'not json at all\n',
    () => '',
  ];
  for (const reply of replies) {
    const fake = await fakeDaemon(daemonSocket(box), reply);
    try {
      same(await hook(box, DENIED, env), expected);
      assert.equal(fake.requests, 1, 'the client did ask it');
    } finally {
      await fake.close();
    }
  }
});

/** A stand-in `psql` (guard catalogues it) that runs `script` in sh; the real one is not needed to run. */
function standInPsql(box: GuardSandbox, script: string): string {
  const dir = join(box.dir, 'stand-in-bin');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'psql'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, 'psql'), 0o755);
  return dir;
}

function withPath(env: Record<string, string>, dir: string): Record<string, string> {
  return { ...env, PATH: `${dir}:${env.PATH}` };
}

interface LoggedRun {
  readonly argv: readonly string[];
  readonly outcome: string;
  readonly exitStatus: number | null;
  readonly decision: string;
  readonly tool: string | null;
}

function auditLog(box: GuardSandbox): LoggedRun[] {
  const file = join(box.configDir, 'audit.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LoggedRun);
}

/** A record without what differs between two runs of the same command (time, chain). */
function essence(run: LoggedRun | undefined): Partial<LoggedRun> {
  return run ? { argv: run.argv, outcome: run.outcome, exitStatus: run.exitStatus, decision: run.decision, tool: run.tool } : {};
}

/** The same guarded command in-process and through the daemon; their output and status must be the same. */
async function bothWays(box: GuardSandbox, daemon: { env: Record<string, string> }, bin: string, args: readonly string[], daemonFirst = false): Promise<GuardResult> {
  const inProcess = () => runGuard(args, { sandbox: box, env: withPath({ ...daemon.env, GUARD_DAEMON: '0' }, bin) });
  const viaDaemon = () => runGuard(args, { sandbox: box, env: withPath(daemon.env, bin) });
  const [first, second] = daemonFirst ? [await viaDaemon(), await inProcess()] : [await inProcess(), await viaDaemon()];
  same(first, second);
  return daemonFirst ? first : second;
}

test('an allowed run (`guard psql -c …`) is judged by the daemon, run by the client, and recorded as in-process', async () => {
  const box = sandbox();
  const bin = standInPsql(box, 'echo "ran $*"; echo "to stderr" >&2; exit 3');
  const daemon = await startTestDaemon(box);
  try {
    const viaDaemon = await bothWays(box, daemon, bin, ['--offline', 'psql', '-X', '-c', 'select 1']);
    assert.equal(viaDaemon.status, 3);
    assert.equal(viaDaemon.stdoutText, 'ran -X -c select 1\n');
    assert.equal(daemonStatus(daemon.env).served, 1, 'the daemon judged the run');
    const [first, second] = auditLog(box);
    assert.deepEqual(essence(second), essence(first));
    assert.equal(second?.outcome, 'ran');
    assert.equal(second?.exitStatus, 3, 'the status the client reported');
  } finally {
    await daemon.stop();
  }
});

test('a destructive run confirmed with --confirm: the write-ahead record first, then the exit, as in-process', async () => {
  const box = sandbox();
  const bin = standInPsql(box, 'exit 0');
  const daemon = await startTestDaemon(box);
  try {
    const viaDaemon = await bothWays(box, daemon, bin, ['--offline', '--confirm', 'production/orders', 'psql', '-h', 'db.prod.internal', '-c', 'DROP TABLE orders']);
    assert.equal(viaDaemon.status, 0, viaDaemon.stderrText);
    assert.equal(daemonStatus(daemon.env).served, 1);
    const records = auditLog(box);
    assert.equal(records.length, 4, JSON.stringify(records));
    assert.deepEqual(records.slice(2).map(essence), records.slice(0, 2).map(essence));
    assert.deepEqual(records.slice(2).map((record) => [record.outcome, record.exitStatus]), [['confirmed', null], ['exited', 0]]);
  } finally {
    await daemon.stop();
  }
});

test('a refused run is handed back: the client refuses it in-process, with the same words', async () => {
  const box = sandbox();
  const bin = standInPsql(box, 'echo "must not run"; exit 0');
  const daemon = await startTestDaemon(box);
  try {
    // The daemon is asked first, so its request count below is this call's alone.
    const viaDaemon = await bothWays(box, daemon, bin, ['--offline', 'psql', '-h', 'db.prod.internal', '-c', 'DROP TABLE orders'], true);
    assert.equal(viaDaemon.status, 77);
    assert.doesNotMatch(viaDaemon.stdoutText, /must not run/);
    const status = daemonStatus(daemon.env);
    assert.equal(status.requests, 1);
    assert.equal(status.served, 0, 'a confirmation is never the daemon\'s to take');
  } finally {
    await daemon.stop();
  }
});

test('the daemon killed while the command runs: the client records the run itself', async () => {
  const box = sandbox();
  const daemon = await startTestDaemon(box);
  const bin = standInPsql(box, `kill -9 ${daemon.child.pid}; sleep 0.2; exit 4`);
  try {
    const run = await runGuard(['--offline', 'psql', '-X', '-c', 'select 1'], { sandbox: box, env: withPath(daemon.env, bin) });
    assert.equal(run.status, 4, run.stderrText);
    assert.equal(run.stderrText, '');
    await daemon.exited;
    const records = auditLog(box);
    assert.equal(records.length, 1, JSON.stringify(records));
    assert.equal(records[0]?.outcome, 'ran');
    assert.equal(records[0]?.exitStatus, 4);
  } finally {
    await daemon.stop();
  }
});

test('a fake daemon that names another command to run is not followed', async () => {
  const box = sandbox();
  const bin = standInPsql(box, 'echo "the real psql ran"; exit 0');
  const env = withPath(daemonEnv(box), bin);
  mkdirSync(join(box.dir, 'run', 'guard'), { mode: 0o700, recursive: true });
  const marker = join(box.dir, 'should-not-exist');
  const fake = await fakeDaemon(daemonSocket(box), () =>
    `${JSON.stringify({ v: PROTOCOL_VERSION, build: buildId(), status: 'run', stdout: '', stderr: '', file: '/usr/bin/touch', argv0: 'touch', args: [marker], token: null, record: null })}\n`);
  try {
    const run = await runGuard(['--offline', 'psql', '-X', '-c', 'select 1'], { sandbox: box, env });
    assert.equal(fake.requests, 1, 'the client did ask it');
    assert.equal(run.status, 0, run.stderrText);
    assert.equal(run.stdoutText, 'the real psql ran\n');
    assert.equal(existsSync(marker), false, 'the command the fake named never ran');
  } finally {
    await fake.close();
  }
});

test("a socket or runtime directory that is not the user's own is refused, by the client and by daemon start", async () => {
  const box = sandbox();
  const env = daemonEnv(box);
  const dir = join(box.dir, 'run', 'guard');
  mkdirSync(dir, { mode: 0o700 });
  const expected = await inProcess(box, DENIED);
  // Another user's socket in guard's place (root can make one for nobody, as an attacker would their own).
  const fake = await fakeDaemon(daemonSocket(box), () => `${JSON.stringify({ v: PROTOCOL_VERSION, build: buildId(), status: 'answer', stdout: FAKE_ALLOW, stderr: '', exitCode: 0 })}\n`);
  try {
    chownSync(daemonSocket(box), 65534, 65534);
    same(await hook(box, DENIED, env), expected);
    assert.equal(fake.requests, 0, 'the client never connected to it');
    const start = await runGuard(['daemon', 'start'], { sandbox: box, env });
    assert.equal(start.status, 77, start.stderrText);
    assert.match(start.stderrText, /belongs to another user/);
    assert.match(daemonStatus(env).problem ?? '', /belongs to another user/);
  } finally {
    await fake.close();
  }
  rmSync(daemonSocket(box), { force: true });
  // A regular file in its place.
  writeFileSync(daemonSocket(box), 'x');
  same(await hook(box, DENIED, env), expected);
  rmSync(daemonSocket(box));
  // A directory others can write to: their socket could be in it.
  const open = await fakeDaemon(daemonSocket(box), () => `${JSON.stringify({ v: PROTOCOL_VERSION, build: buildId(), status: 'answer', stdout: FAKE_ALLOW, stderr: '', exitCode: 0 })}\n`);
  try {
    chmodSync(dir, 0o777);
    same(await hook(box, DENIED, env), expected);
    assert.equal(open.requests, 0);
    const start = await runGuard(['daemon', 'start'], { sandbox: box, env });
    assert.equal(start.status, 77, start.stderrText);
    assert.match(start.stderrText, /open to other users/);
  } finally {
    await open.close();
    chmodSync(dir, 0o700);
  }
});

test('50 parallel hook calls are all answered correctly', async () => {
  const box = sandbox();
  const daemon = await startTestDaemon(box);
  try {
    const commands = Array.from({ length: 50 }, (_, i) => (i % 5 === 4 ? DENIED : i % 2 ? ALLOWED : `cat notes-${i}.txt | wc -l`));
    const results = await Promise.all(commands.map((command) => hook(box, command, daemon.env)));
    results.forEach((result, i) => {
      assert.equal(result.status, 0, result.stderrText);
      if (commands[i] === DENIED) return assert.equal(decisionOf(result), 'deny', commands[i]);
      // A call the daemon could not take in time is assessed in-process; on a machine loaded past
      // the hook's 2 s budget that ends in the budget's fail-closed deny, never in an allow it did not compute.
      if (decisionOf(result) !== 'allow') assert.match(result.stdoutText, OVER_BUDGET, `${commands[i]}: ${result.stdoutText}`);
    });
    const status = daemonStatus(daemon.env);
    assert.equal(status.requests, 50);
    assert.ok((status.served ?? 0) > 0, 'the daemon answered some of them itself');
  } finally {
    await daemon.stop();
  }
});

test('GUARD_DAEMON=0, daemon: "off" and CI never start one; otherwise the first call starts it in the background', async () => {
  const box = sandbox();
  await hook(box, ALLOWED, daemonEnv(box, { GUARD_DAEMON: '0' }));
  // A CI job: its machine goes away, so nothing is left running there.
  await hook(box, ALLOWED, daemonEnv(box, { GUARD_DAEMON: 'auto', CI: 'true' }));
  await runGuard(['--dry-run', '--offline', 'kubectl', 'get', 'pods'], { sandbox: box, env: daemonEnv(box, { GUARD_DAEMON: 'auto', CI: '1' }) });
  mkdirSync(box.configDir, { recursive: true });
  writeFileSync(join(box.configDir, 'config.json'), JSON.stringify({ daemon: 'off' }));
  await hook(box, ALLOWED, daemonEnv(box, { GUARD_DAEMON: 'auto' }));
  assert.equal(existsSync(daemonSocket(box)), false, 'no daemon was started');
  // A start leaves its marker before the call returns, so a start still binding is caught too.
  assert.equal(existsSync(startingMarker(daemonSocket(box))), false, 'no daemon is starting');
  rmSync(join(box.configDir, 'config.json'));
  const env = daemonEnv(box, { GUARD_DAEMON: 'auto' });
  same(await hook(box, ALLOWED, env), await inProcess(box, ALLOWED));
  try {
    await waitFor(() => daemonStatus(env).running, 60_000, 'the daemon started on demand');
    assert.equal(decisionOf(await hook(box, ALLOWED, env)), 'allow');
    assert.ok((daemonStatus(env).served ?? 0) >= 1);
  } finally {
    const pid = daemonStatus(env).pid;
    const stop = await runGuard(['daemon', 'stop'], { sandbox: box, env });
    assert.match(stop.stdoutText, /stopped pid/);
    // It is not our child: wait until it is gone (it writes its code cache into the sandbox on the way out).
    if (pid !== undefined) await waitFor(() => !alive(pid), 30_000, 'the stopped daemon to exit');
  }
  assert.equal(daemonStatus(env).running, false);
});

test('a first run with no ~/.config and no XDG_RUNTIME_DIR: daemon start makes the guard directory (0700) and listens there', async () => {
  const box = sandbox();
  const configDir = join(box.dir, 'new-home', '.config', 'guard');
  const env = daemonEnv(box, { XDG_RUNTIME_DIR: undefined, GUARD_CONFIG_DIR: configDir });
  const start = await runGuard(['daemon', 'start'], { sandbox: box, env });
  try {
    assert.equal(start.status, 0, start.stderrText);
    const status = daemonStatus(env);
    assert.equal(status.running, true, JSON.stringify(status));
    assert.equal(statSync(join(configDir, 'daemon')).mode & 0o777, 0o700);
    assert.equal(statSync(configDir).mode & 0o777, 0o700);
  } finally {
    const pid = daemonStatus(env).pid;
    await runGuard(['daemon', 'stop'], { sandbox: box, env });
    if (pid !== undefined) await waitFor(() => !alive(pid), 30_000, 'the stopped daemon to exit');
  }
});

test('an idle daemon exits by itself after its idle time', async () => {
  const box = sandbox();
  const daemon = await startTestDaemon(box, { GUARD_DAEMON_IDLE_SECONDS: '2' });
  try {
    assert.equal(await daemon.exited, 0);
    assert.equal(existsSync(daemon.socket), false, 'it removed its socket');
  } finally {
    await daemon.stop();
  }
});

test('after an upgrade the old daemon is never asked, and it exits when it sees the new build', async () => {
  const box = sandbox();
  // A copy of the installed guard, so this test can "upgrade" it without touching the repository's build.
  const install = join(box.dir, 'install');
  cpSync(join(REPO_ROOT, 'bin'), join(install, 'bin'), { recursive: true });
  cpSync(join(REPO_ROOT, 'dist', 'bundle'), join(install, 'dist', 'bundle'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(install, 'package.json'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(install, 'node_modules'));
  const bin = join(install, 'bin', 'guard');
  const env = daemonEnv(box);
  const child = spawn(process.execPath, [bin, 'daemon', 'run'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor(() => log.includes('listening at'), 60_000, 'the daemon listening');
    const oldSocket = daemonSocketFor(box, readFileSync(join(install, 'dist', 'bundle', 'build-id'), 'utf8').trim());
    assert.ok(existsSync(oldSocket));
    // The upgrade: a new build id (new chunks, as `npm run build` or a new release writes them).
    writeFileSync(join(install, 'dist', 'bundle', 'build-id'), 'fedcba9876543210\n');
    const upgraded = spawnSync(process.execPath, [bin, 'daemon', 'status', '--json'], { env, encoding: 'utf8' });
    const status = JSON.parse(upgraded.stdout) as { running: boolean; socket: string };
    assert.equal(status.running, false, 'the new build does not see the old daemon as its own');
    assert.notEqual(status.socket, oldSocket);
    assert.equal(await exited, 0);
    assert.match(log, /guard was rebuilt or upgraded/);
    assert.equal(existsSync(oldSocket), false);
  } finally {
    child.kill('SIGKILL');
  }
});
