// Pass-through of what Node would otherwise change: non-UTF-8 bytes, one Ctrl-C, SIGUSR1 without an inspector, job control.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { describePty, runOnPty } from '../support/pty.js';
import { createSandbox, describeRun, GUARD_BIN, guardEnv, spawnGuard, waitFor, type GuardSandbox } from '../support/run-guard.js';
import { createTerraformDir, HAS_TERRAFORM, TERRAFORM_ENV, type TerraformDir } from '../tools/terraform/fixture.js';

let sandbox: GuardSandbox;
before(() => {
  sandbox = createSandbox('guard-passthrough-');
});
after(() => sandbox.cleanup());

/** Runs guard from bash, so the words can carry bytes Node's spawn could not pass ($'\xff'). */
function guardFromBash(words: string, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec "$NODE" "$GUARD" ${words}`], {
      cwd: sandbox.dir,
      env: { ...guardEnv({ sandbox }), NODE: process.execPath, GUARD: GUARD_BIN, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr }));
  });
}

describe('bytes that are not UTF-8', () => {
  test("guard printf %s $'\\xff' prints the byte ff", async () => {
    const run = await guardFromBash(`printf %s $'\\xff'`);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.toString('hex'), 'ff');
  });

  test('several arguments with stray bytes, next to UTF-8 ones, each arrive unchanged', async () => {
    const run = await guardFromBash(`printf '%s|' $'a\\xfe\\xfdb' 'ü' $'\\xc3' $'x\\x80'`);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.toString('hex'), Buffer.concat([Buffer.from([0x61, 0xfe, 0xfd, 0x62]), Buffer.from('|ü|'), Buffer.from([0xc3]), Buffer.from('|x'), Buffer.from([0x80]), Buffer.from('|')]).toString('hex'));
  });

  test('a variable whose value is not UTF-8 reaches the program unchanged, and the rest of the environment too', async () => {
    // bash sets the variable itself from $'…': the test runner could not pass such bytes either.
    const run = await new Promise<{ status: number | null; stdout: Buffer }>((resolve, reject) => {
      const child = spawn('bash', ['-c', `export RAW_VALUE=$'v\\xff\\x01w'; exec "$NODE" "$GUARD" printenv RAW_VALUE PLAIN_VALUE`], {
        cwd: sandbox.dir,
        env: { ...guardEnv({ sandbox }), NODE: process.execPath, GUARD: GUARD_BIN, PLAIN_VALUE: 'plain ✓' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const out: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out) }));
    });
    assert.equal(run.status, 0);
    assert.equal(run.stdout.toString('hex'), Buffer.concat([Buffer.from([0x76, 0xff, 0x01, 0x77, 0x0a]), Buffer.from('plain ✓\n')]).toString('hex'));
  });
});

/** A child that counts every SIGINT it receives in a file, and says when it is ready. */
function interruptCounter(parent: string): { script: string; count: () => number; ready: () => boolean } {
  const dir = mkdtempSync(join(parent, 'counter-'));
  const counts = join(dir, 'interrupts');
  const readyFile = join(dir, 'counter-ready');
  const script = join(dir, 'count-interrupts.sh');
  writeFileSync(script, `#!/bin/sh\ntrap 'echo int >> "${counts}"' INT\ntouch "${readyFile}"\necho counting\ni=0\nwhile [ $i -lt 40 ]; do sleep 0.1; i=$((i+1)); done\n`, { mode: 0o755 });
  return {
    script,
    count: () => (existsSync(counts) ? readFileSync(counts, 'utf8').split('\n').filter(Boolean).length : 0),
    ready: () => existsSync(readyFile),
  };
}

describe('Ctrl-C at the terminal', () => {
  test('one Ctrl-C reaches the child once (it shares the terminal\'s foreground group with guard)', { timeout: 30_000 }, async () => {
    const counter = interruptCounter(sandbox.dir);
    const run = await runOnPty({
      argv: [process.execPath, GUARD_BIN, counter.script],
      env: { ...guardEnv({ sandbox }), TERM: 'xterm' },
      cwd: sandbox.dir,
      answers: [{ text: '\x03', after: ['counting'], enter: false }],
      timeoutSeconds: 20,
    });
    assert.equal(run.unanswered, 0, describePty(run));
    assert.equal(counter.count(), 1, `SIGINTs the child received\n${describePty(run)}`);
  });

  test('SIGINT sent to guard alone (not from a terminal) still reaches the child once', async () => {
    const counter = interruptCounter(sandbox.dir);
    const running = spawnGuard([counter.script], { sandbox });
    await waitFor(counter.ready, 15_000, 'the counter to start');
    const before = counter.count();
    process.kill(running.child.pid as number, 'SIGINT');
    await waitFor(() => counter.count() > before, 15_000, 'the child to count the interrupt');
    running.child.kill('SIGTERM');
    await running.result;
    assert.equal(counter.count() - before, 1);
  });

  test('one Ctrl-C under guard terraform apply: terraform shuts down gracefully, no "Two interrupts"', { skip: !HAS_TERRAFORM && 'terraform is not installed', timeout: 120_000 }, async () => {
    const tf: TerraformDir = createTerraformDir(`resource "terraform_data" "slow" {\n  provisioner "local-exec" {\n    command = "echo provisioning-started; sleep 30"\n  }\n}\n`);
    try {
      const run = await runOnPty({
        argv: [process.execPath, GUARD_BIN, 'terraform', 'apply', '-auto-approve'],
        env: { ...guardEnv({ sandbox }), ...TERRAFORM_ENV, TERM: 'xterm' },
        cwd: tf.dir,
        answers: [{ text: '\x03', after: ['provisioning-started'], enter: false }],
        timeoutSeconds: 90,
      });
      assert.equal(run.unanswered, 0, describePty(run));
      assert.equal(run.timedOut, false, describePty(run));
      assert.match(run.transcript, /Interrupt received/, describePty(run));
      assert.match(run.transcript, /Gracefully shutting down/, describePty(run));
      assert.doesNotMatch(run.transcript, /Two interrupts received/, describePty(run));
    } finally {
      tf.cleanup();
    }
  });
});

/** A child that records each signal it traps and exits with 7 on SIGUSR1. */
function signalRecorder(parent: string): { script: string; signals: () => string[]; ready: () => boolean } {
  const dir = mkdtempSync(join(parent, 'recorder-'));
  const log = join(dir, 'signals.log');
  const readyFile = join(dir, 'recorder-ready');
  const script = join(dir, 'record-signals.sh');
  writeFileSync(script, `#!/bin/sh\nfor s in USR1 USR2 WINCH CONT; do trap "echo $s >> '${log}'; [ $s = USR1 ] && exit 7" $s; done\ntouch '${readyFile}'\ni=0\nwhile [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done\n`, { mode: 0o755 });
  return { script, signals: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []), ready: () => existsSync(readyFile) };
}

/** Listening TCP ports (IPv4 and IPv6) from the kernel's own tables. */
function listeningPorts(): number[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].filter(existsSync).flatMap((file) =>
    readFileSync(file, 'utf8').split('\n').slice(1).map((line) => line.trim().split(/\s+/)).filter((f) => f[3] === '0A').map((f) => parseInt((f[1] ?? ':0').split(':')[1] ?? '0', 16)),
  );
}

function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '?';
}

describe('signals other than Ctrl-C', () => {
  test('SIGUSR1 to guard reaches the child and opens no inspector', async () => {
    const recorder = signalRecorder(sandbox.dir);
    const portsBefore = new Set(listeningPorts());
    const running = spawnGuard([recorder.script], { sandbox });
    await waitFor(recorder.ready, 15_000, 'the child to trap its signals');
    process.kill(running.child.pid as number, 'SIGUSR2');
    await waitFor(() => recorder.signals().includes('USR2'), 15_000, 'SIGUSR2 to arrive');
    process.kill(running.child.pid as number, 'SIGUSR1');
    const run = await running.result;
    assert.equal(run.status, 7, describeRun(run));
    assert.deepEqual(recorder.signals(), ['USR2', 'USR1']);
    assert.doesNotMatch(run.stderrText, /Debugger|inspector/i);
    const opened = listeningPorts().filter((port) => !portsBefore.has(port));
    assert.ok(!opened.includes(9229), `a debugger port opened: ${opened.join(', ')}`);
  });

  test('SIGUSR1 while guard is still deciding (before any child) opens no inspector either', async () => {
    // The hook waits for its whole input: the window an agent would aim for.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* input(): AsyncIterable<string> {
      yield '{"tool_name":"Bash","tool_input":{"command":';
      await gate;
      yield '"ls"}}';
    }
    const running = spawnGuard(['hook', 'claude'], { sandbox, stdin: input() });
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.kill(running.child.pid as number, 'SIGUSR1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const listening = listeningPorts().includes(9229);
    release();
    const run = await running.result;
    assert.equal(run.status, 0, describeRun(run));
    assert.doesNotMatch(run.stderrText, /Debugger listening/, describeRun(run));
    assert.equal(listening, false, 'port 9229 was listening while guard ran');
  });

  test('SIGTSTP sent to guard stops the child and guard; SIGCONT resumes both (job control)', { timeout: 60_000 }, async () => {
    const recorder = signalRecorder(sandbox.dir);
    const pidFile = join(sandbox.dir, `guard-${Date.now()}.pid`);
    // A job-control parent of its own, as a shell in a terminal is: a new session, guard in its own
    // process group (the kernel ignores Ctrl-Z for a group with no parent in the session to resume it).
    const parent = [
      'import os, sys',
      'os.setsid()',
      'pid = os.fork()',
      'if pid == 0:',
      '    os.setpgid(0, 0)',
      '    os.execv(sys.argv[1], sys.argv[1:])',
      'open(os.environ["PIDFILE"], "w").write(str(pid))',
      '_, status = os.waitpid(pid, 0)',
      'sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))',
    ].join('\n');
    const shell = spawn('python3', ['-c', parent, process.execPath, GUARD_BIN, recorder.script], {
      cwd: sandbox.dir,
      env: { ...guardEnv({ sandbox }), PIDFILE: pidFile },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => shell.on('close', resolve));
    await waitFor(recorder.ready, 15_000, 'the child to start');
    const guardPid = Number(readFileSync(pidFile, 'utf8').trim());
    const childPid = Number(readFileSync(`/proc/${guardPid}/task/${guardPid}/children`, 'utf8').trim().split(' ')[0]);
    process.kill(guardPid, 'SIGTSTP');
    await waitFor(() => processState(guardPid) === 'T' && processState(childPid) === 'T', 15_000, 'guard and the child to stop');
    process.kill(guardPid, 'SIGCONT');
    // SIGCONT went to guard alone: the child runs again only because guard passed it on.
    await waitFor(() => processState(guardPid) !== 'T' && processState(childPid) !== 'T', 15_000, 'guard and the child to resume');
    await waitFor(() => recorder.signals().includes('CONT'), 15_000, 'the child to trap SIGCONT');
    process.kill(guardPid, 'SIGUSR1');
    assert.equal(await exited, 7, 'the child exits 7 on SIGUSR1 and guard passes its status on');
  });
});
