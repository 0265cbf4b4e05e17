// The typed confirmation under a real pseudo-terminal: guard reads the phrase at /dev/tty, never from stdin.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { createSandbox, GUARD_BIN, guardEnv, type GuardSandbox } from '../support/run-guard.js';

// python3's pty.fork() gives guard a controlling terminal, as an interactive shell would.
// Each answer waits for its markers (in order) and a short silence, so keystrokes never
// arrive before the prompt that should read them. The screen is replayed through a tiny
// VT100 model so re-renders of one prompt count once.
const DRIVER = String.raw`
import json, os, pty, re, select, signal, struct, sys, time, fcntl, termios, base64
cfg = json.load(open(sys.argv[1]))
stdin_r = None
if cfg.get('stdin_text') is not None:
    stdin_r, stdin_w = os.pipe()
pid, fd = pty.fork()
if pid == 0:
    if stdin_r is not None:
        os.dup2(stdin_r, 0)
    os.chdir(cfg['cwd'])
    os.execvpe(cfg['argv'][0], cfg['argv'], cfg['env'])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 160, 0, 0))
if stdin_r is not None:
    os.close(stdin_r)
    os.write(stdin_w, cfg['stdin_text'].encode())
    os.close(stdin_w)
out = b''
answers = cfg['answers']
sent_at = 0
last_output = time.time()
deadline = time.time() + cfg['timeout']
timed_out = False
def markers_seen(text, markers):
    pos = 0
    for m in markers:
        i = text.find(m, pos)
        if i < 0:
            return False
        pos = i + len(m)
    return True
while True:
    if time.time() > deadline:
        timed_out = True
        os.kill(pid, signal.SIGKILL)
        break
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        last_output = time.time()
        continue
    if answers and time.time() - last_output > 0.15:
        since = out[sent_at:].decode('utf-8', 'replace')
        if markers_seen(since, answers[0]['after']):
            sent_at = len(out)
            os.write(fd, answers.pop(0)['text'].encode() + b'\r')
_, status = os.waitpid(pid, 0)

def screen(data):
    lines = [[]]
    row = col = 0
    saved = (0, 0)
    text = data.decode('utf-8', 'replace')
    i = 0
    def put(ch):
        nonlocal_line = lines[row]
        while len(nonlocal_line) < col:
            nonlocal_line.append(' ')
        if col < len(nonlocal_line):
            nonlocal_line[col] = ch
        else:
            nonlocal_line.append(ch)
    while i < len(text):
        ch = text[i]
        if ch == '\x1b':
            m = re.match(r'\x1b\[([?0-9;]*)([@-~])', text[i:])
            if m:
                params, final = m.group(1), m.group(2)
                nums = [int(p) for p in params.lstrip('?').split(';') if p.isdigit()]
                n = nums[0] if nums else 1
                if final == 'A': row = max(0, row - n)
                elif final == 'B': row += n
                elif final == 'C': col += n
                elif final == 'D': col = max(0, col - n)
                elif final == 'G': col = max(0, n - 1)
                elif final == 'E': row += n; col = 0
                elif final == 'F': row = max(0, row - n); col = 0
                elif final == 'K':
                    mode = nums[0] if nums else 0
                    line = lines[row] if row < len(lines) else []
                    if mode == 0: del line[col:]
                    elif mode == 1: line[:col] = [' '] * min(col, len(line))
                    else: line.clear()
                elif final == 'J':
                    mode = nums[0] if nums else 0
                    if mode == 0:
                        if row < len(lines): del lines[row][col:]
                        del lines[row + 1:]
                    else: lines[:] = [[]]; row = col = 0
                i += len(m.group(0))
                while len(lines) <= row: lines.append([])
                continue
            m = re.match(r'\x1b\][^\x07]*\x07', text[i:])
            if m: i += len(m.group(0)); continue
            if text[i:i+2] == '\x1b7': saved = (row, col)
            elif text[i:i+2] == '\x1b8': row, col = saved
            i += 2
            continue
        if ch == '\r': col = 0
        elif ch == '\n':
            row += 1
            while len(lines) <= row: lines.append([])
        elif ch == '\b': col = max(0, col - 1)
        elif ch >= ' ':
            put(ch); col += 1
        i += 1
    return [''.join(l).rstrip() for l in lines]

print(json.dumps({
    'status': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    'timedOut': timed_out,
    'transcript': base64.b64encode(out).decode(),
    'screen': screen(out),
    'unanswered': len(answers),
}))
`;

interface PtyRun {
  readonly status: number | null;
  readonly signal: number | null;
  readonly timedOut: boolean;
  readonly transcript: string;
  readonly screen: string[];
  readonly unanswered: number;
}

const PHRASE = 'local/orders';
const PROMPT = `Type ${PHRASE} to run it, or press Enter to cancel:`;
const COMMAND = ['--offline', 'psql', '-X', '-c', 'DROP TABLE orders'];

let sandbox: GuardSandbox;
let fakes: FakeBin;
let driver: string;

before(() => {
  sandbox = createSandbox('guard-prompt-');
  driver = join(sandbox.dir, 'pty-driver.py');
  writeFileSync(driver, DRIVER);
});
after(() => sandbox.cleanup());
beforeEach(() => {
  fakes = createFakeBin({ psql: { exit: 0 } });
});
afterEach(() => fakes.cleanup());

/** Answers typed in order: the first after the prompt appears, each later one after guard says the last did not match. */
function typed(...answers: string[]) {
  return answers.map((text, i) => ({ text, after: i === 0 ? [PROMPT] : ['does not match', PROMPT] }));
}

function runOnPty(args: readonly string[], answers: { text: string; after: string[] }[], stdinText?: string): Promise<PtyRun> {
  const config = join(sandbox.dir, `pty-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(config, JSON.stringify({
    argv: [process.execPath, GUARD_BIN, ...args],
    env: { ...guardEnv({ sandbox, pathPrefix: [fakes.dir] }), TERM: 'xterm' },
    cwd: sandbox.dir,
    answers,
    stdin_text: stdinText ?? null,
    timeout: 15,
  }));
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [driver, config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`pty driver failed (${code}): ${stderr}`));
      const parsed = JSON.parse(stdout) as Omit<PtyRun, 'transcript'> & { transcript: string };
      resolve({ ...parsed, transcript: Buffer.from(parsed.transcript, 'base64').toString('utf8') });
    });
  });
}

function describePty(run: PtyRun): string {
  return `status ${run.status} signal ${run.signal} timedOut ${run.timedOut} unanswered ${run.unanswered}\n--- screen\n${run.screen.join('\n')}`;
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

  test('three wrong phrases are refused with 77 and nothing runs; one prompt per try', { timeout: 30_000 }, async () => {
    const run = await runOnPty(COMMAND, typed('local/order', 'production/orders', 'yes'));
    assert.equal(run.status, 77, describePty(run));
    assert.equal(run.unanswered, 0);
    assert.equal(promptLines(run).length, 3, describePty(run));
    assert.match(run.transcript, /3 attempts did not match local\/orders/);
    assert.equal(fakes.record('psql'), null);
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
    assert.equal(promptLines(run).length, 3, describePty(run));
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
