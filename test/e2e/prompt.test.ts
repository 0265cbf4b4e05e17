// The typed confirmation under a real pseudo-terminal: guard reads the phrase at /dev/tty, never from stdin.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { describePty, runOnPty as runPty, type PtyAnswer, type PtyRun } from '../support/pty.js';
import { createSandbox, GUARD_BIN, guardEnv, type GuardSandbox } from '../support/run-guard.js';

const PHRASE = 'local/orders';
const PROMPT = `Type ${PHRASE} to run it, or press Enter to cancel:`;
const COMMAND = ['--offline', 'psql', '-X', '-c', 'DROP TABLE orders'];

let sandbox: GuardSandbox;
let fakes: FakeBin;

before(() => {
  sandbox = createSandbox('guard-prompt-');
});
after(() => sandbox.cleanup());
beforeEach(() => {
  fakes = createFakeBin({ psql: { exit: 0 } });
});
afterEach(() => fakes.cleanup());

/**
 * Answers typed in order: the first after the prompt appears, each later one after guard says,
 * inline, that the last did not match. A rejected answer stays in the field to be corrected, so a
 * later answer first clears the line (Ctrl-U), as a person retyping it would.
 */
function typed(...answers: string[]): PtyAnswer[] {
  return answers.map((text, i) => (i === 0 ? { text, after: [PROMPT] } : { text: `\u0015${text}`, after: ['does not match'] }));
}

function runOnPty(args: readonly string[], answers: PtyAnswer[], stdinText?: string): Promise<PtyRun> {
  return runPty({
    argv: [process.execPath, GUARD_BIN, ...args],
    env: { ...guardEnv({ sandbox, pathPrefix: [fakes.dir] }), TERM: 'xterm' },
    cwd: sandbox.dir,
    answers,
    ...(stdinText !== undefined ? { stdinText } : {}),
    timeoutSeconds: 15,
  });
}

function promptLines(run: PtyRun): string[] {
  return run.screen.filter((line) => line.includes(PROMPT));
}

describe('typed confirmation at the terminal', () => {
  test('the right phrase runs the command, after one prompt that names the target', { timeout: 30_000 }, async () => {
    const run = await runOnPty(COMMAND, typed(PHRASE));
    assert.equal(run.status, 0, describePty(run));
    assert.equal(run.unanswered, 0);
    assert.equal(promptLines(run).length, 1, describePty(run));
    assert.match(run.screen.join('\n'), /DESTRUCTIVE/);
    assert.deepEqual(fakes.record('psql')?.argv, COMMAND.slice(2));
  });

  test('three wrong phrases are refused with 77 and nothing runs; each is answered inline with the tries left', { timeout: 30_000 }, async () => {
    const run = await runOnPty(COMMAND, typed('local/order', 'production/orders', 'yes'));
    assert.equal(run.status, 77, describePty(run));
    assert.equal(run.unanswered, 0);
    assert.equal(promptLines(run).length, 1, describePty(run));
    assert.match(run.transcript, /that does not match local\/orders \(2 tries left\)/);
    assert.match(run.transcript, /that does not match local\/orders \(1 try left\)/);
    assert.match(run.transcript, /3 attempts did not match local\/orders/);
    assert.equal(fakes.record('psql'), null);
  });

  test('a wrong phrase corrected in the same prompt runs it', { timeout: 30_000 }, async () => {
    const run = await runOnPty(COMMAND, typed('local/order', PHRASE));
    assert.equal(run.status, 0, describePty(run));
    assert.equal(promptLines(run).length, 1, describePty(run));
    assert.deepEqual(fakes.record('psql')?.argv, COMMAND.slice(2));
  });

  test('an empty answer cancels with 77', { timeout: 30_000 }, async () => {
    const run = await runOnPty(COMMAND, typed(''));
    assert.equal(run.status, 77, describePty(run));
    assert.equal(promptLines(run).length, 1, describePty(run));
    assert.match(run.transcript, /cancelled/);
    assert.equal(fakes.record('psql'), null);
  });
});

describe('stdin piped while a terminal is present', () => {
  test('the phrase on stdin does not confirm: the terminal answers decide', { timeout: 30_000 }, async () => {
    const run = await runOnPty(COMMAND, typed('no', 'no', 'no'), `${PHRASE}\n${PHRASE}\n${PHRASE}\n`);
    assert.equal(run.status, 77, describePty(run));
    assert.equal(promptLines(run).length, 1, describePty(run));
    assert.match(run.transcript, /3 attempts did not match/);
    assert.equal(fakes.record('psql'), null);
  });

  test('the phrase typed at the terminal runs it, and the child still gets stdin untouched', { timeout: 30_000 }, async () => {
    const payload = 'row 1\nrow 2\nnot a phrase\n';
    const run = await runOnPty(COMMAND, typed(PHRASE), payload);
    assert.equal(run.status, 0, describePty(run));
    assert.equal(promptLines(run).length, 1, describePty(run));
    const expected = { sha256: createHash('sha256').update(payload).digest('hex'), bytes: Buffer.byteLength(payload) };
    assert.deepEqual(fakes.record('psql')?.stdin, expected);
  });
});

describe('no prompt in CI, and a hint that says where the phrase goes', () => {
  for (const [name, value] of [['CI', 'true'], ['GUARD_NO_PROMPT', '1']] as const) {
    test(`${name}=${value}: a terminal is there, yet guard never asks and refuses with 77`, { timeout: 30_000 }, async () => {
      const run = await runPty({
        argv: [process.execPath, GUARD_BIN, ...COMMAND],
        env: { ...guardEnv({ sandbox, pathPrefix: [fakes.dir] }), TERM: 'xterm', [name]: value },
        cwd: sandbox.dir,
        answers: [],
        timeoutSeconds: 15,
      });
      assert.equal(run.status, 77, describePty(run));
      assert.equal(promptLines(run).length, 0, describePty(run));
      assert.match(run.transcript, /no prompt: CI or GUARD_NO_PROMPT is set/);
      assert.equal(fakes.record('psql'), null);
    });
  }

  test('without a terminal the hint is the whole command with --confirm before it', async () => {
    const { runGuard } = await import('../support/run-guard.js');
    const run = await runGuard(COMMAND, { sandbox, pathPrefix: [fakes.dir] });
    assert.equal(run.status, 77);
    assert.match(run.stderrText, /re-run it as\n {2}guard --confirm local\/orders psql -X -c 'DROP TABLE orders'\n/);
  });

  test('through a shim the hint names GUARD_CONFIRM, the one way a shim can carry the phrase', async () => {
    const { runGuard } = await import('../support/run-guard.js');
    const run = await runGuard(['--offline', '--via', 'shim', '--', ...COMMAND.slice(1)], { sandbox, pathPrefix: [fakes.dir] });
    assert.equal(run.status, 77);
    assert.match(run.stderrText, /re-run it as\n {2}GUARD_CONFIRM=local\/orders psql -X -c 'DROP TABLE orders'\n/);
  });
});
