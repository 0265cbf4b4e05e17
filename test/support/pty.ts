// Runs a command under a real pseudo-terminal (python3's pty), typing answers when prompts appear.
import { spawn } from 'node:child_process';

// python3's pty.fork() gives guard a controlling terminal, as an interactive shell would.
// Each answer waits for its markers (in order) and a short silence, so keystrokes never
// arrive before the prompt that should read them. The screen is replayed through a tiny
// VT100 model so re-renders of one prompt count once.
const DRIVER = String.raw`
import json, os, pty, re, select, signal, struct, sys, time, fcntl, termios, base64
cfg = json.loads(sys.argv[1])
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
            answer = answers.pop(0)
            os.write(fd, answer['text'].encode() + (b'\r' if answer.get('enter', True) else b''))
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

/** One line typed at the terminal once every marker has appeared (in order) since the last answer. */
export interface PtyAnswer {
  readonly text: string;
  readonly after: readonly string[];
  /** Press Enter after the text (default true); false to type a control key such as Ctrl-C ("\x03") alone. */
  readonly enter?: boolean;
}

export interface PtyOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly answers: readonly PtyAnswer[];
  /** Bytes on the child's stdin (a pipe), while the terminal stays its controlling terminal. */
  readonly stdinText?: string;
  /** The driver kills the child after this long (bounded, so a hung prompt fails the test). */
  readonly timeoutSeconds?: number;
}

export interface PtyRun {
  readonly status: number | null;
  readonly signal: number | null;
  readonly timedOut: boolean;
  /** Every byte the terminal showed, escape sequences included. */
  readonly transcript: string;
  /** The final screen as a person would see it (re-rendered prompts count once). */
  readonly screen: string[];
  /** Answers never typed because their markers never appeared. */
  readonly unanswered: number;
}

export function runOnPty(options: PtyOptions): Promise<PtyRun> {
  const config = JSON.stringify({
    argv: options.argv,
    env: options.env,
    cwd: options.cwd,
    answers: options.answers,
    stdin_text: options.stdinText ?? null,
    timeout: options.timeoutSeconds ?? 15,
  });
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', DRIVER, config], { stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Explains a failed expectation with the screen the user would have seen. */
export function describePty(run: PtyRun): string {
  return `status ${run.status} signal ${run.signal} timedOut ${run.timedOut} unanswered ${run.unanswered}\n--- screen\n${run.screen.join('\n')}`;
}
