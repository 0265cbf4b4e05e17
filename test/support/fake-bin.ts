// Stand-in executables on PATH that record exactly what guard handed them (argv, stdin bytes, signals).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeBehaviour {
  /** Bytes written to stdout before exiting (default: a fixed line plus every byte value). */
  readonly stdout?: string | Buffer;
  readonly stderr?: string | Buffer;
  /** Exit status once done (default 0). */
  readonly exit?: number;
  /** Kill itself with this signal instead of exiting. */
  readonly signal?: NodeJS.Signals;
  /** Stay alive after recording until SIGTERM/SIGINT/SIGHUP arrives, then record it and exit with this status. */
  readonly exitOnSignal?: number;
}

export interface FakeRecord {
  readonly argv: string[];
  /** Raw NUL-separated argv bytes as the fake saw them. */
  readonly argvBytes: Buffer;
  /** null when stdin was a terminal (the fake does not read a terminal). */
  readonly stdin: { readonly sha256: string; readonly bytes: number } | null;
  readonly signals: string[];
}

export interface FakeBin {
  /** Put this first on PATH. */
  readonly dir: string;
  /** What the fake named `name` recorded on its last run, or null if it never ran. */
  record(name: string): FakeRecord | null;
  /** True once the fake has recorded its input and installed its signal handlers. */
  ready(name: string): boolean;
  /** How many times the fake named `name` has started (record() keeps only the last run). */
  runs(name: string): number;
  cleanup(): void;
}

/** Every byte value once, so a test notices any re-encoding of the child's output. */
export const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
export const DEFAULT_STDOUT = Buffer.concat([Buffer.from('fake stdout: ünïcødé ✓\n'), ALL_BYTES, Buffer.from('\n')]);
export const DEFAULT_STDERR = Buffer.from('fake stderr: NOTICE something\n\r\n\x1b[31mred\x1b[0m\n');

// CommonJS so it runs from a directory without package.json. Streams stdin through sha256:
// constant memory however many bytes guard forwards.
const FAKE_SOURCE = String.raw`
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const tty = require('node:tty');
const config = JSON.parse(fs.readFileSync(__filename + '.json', 'utf8'));
const records = config.recordDir;
fs.mkdirSync(records, { recursive: true });
for (const name of ['argv', 'stdin', 'signals', 'ready']) fs.rmSync(path.join(records, name), { force: true });
fs.writeFileSync(path.join(records, 'argv'), process.argv.slice(2).map((a) => a + '\0').join(''));
fs.appendFileSync(path.join(records, 'runs'), '.');
if (config.exitOnSignal !== undefined) {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.on(signal, () => {
      fs.appendFileSync(path.join(records, 'signals'), signal + '\n');
      process.exit(config.exitOnSignal);
    });
  }
}
function finish() {
  process.stdout.write(Buffer.from(config.stdout, 'base64'), () => {
    process.stderr.write(Buffer.from(config.stderr, 'base64'), () => {
      fs.writeFileSync(path.join(records, 'ready'), '');
      if (config.exitOnSignal !== undefined) setInterval(() => undefined, 1 << 30);
      else if (config.signal) process.kill(process.pid, config.signal);
      else process.exit(config.exit);
    });
  });
}
let stat = null;
try { stat = fs.fstatSync(0); } catch {}
if (stat === null || tty.isatty(0)) {
  fs.writeFileSync(path.join(records, 'stdin'), stat === null ? 'closed' : 'tty');
  finish();
} else {
  const hash = createHash('sha256');
  let bytes = 0;
  const input = fs.createReadStream('', { fd: 0, highWaterMark: 1 << 20 });
  input.on('data', (chunk) => { hash.update(chunk); bytes += chunk.length; });
  input.on('error', () => { fs.writeFileSync(path.join(records, 'stdin'), 'error'); finish(); });
  input.on('end', () => {
    fs.writeFileSync(path.join(records, 'stdin'), hash.digest('hex') + ' ' + bytes);
    finish();
  });
}
`;

function toBase64(value: string | Buffer | undefined, fallback: Buffer): string {
  if (value === undefined) return fallback.toString('base64');
  return (typeof value === 'string' ? Buffer.from(value) : value).toString('base64');
}

export function createFakeBin(fakes: Record<string, FakeBehaviour>): FakeBin {
  const root = mkdtempSync(join(tmpdir(), 'guard-fake-'));
  const dir = join(root, 'bin');
  mkdirSync(dir);
  const recordDir = (name: string) => join(root, 'records', name);
  for (const [name, behaviour] of Object.entries(fakes)) {
    const script = join(dir, name);
    writeFileSync(`${script}.json`, JSON.stringify({
      recordDir: recordDir(name),
      stdout: toBase64(behaviour.stdout, DEFAULT_STDOUT),
      stderr: toBase64(behaviour.stderr, DEFAULT_STDERR),
      exit: behaviour.exit ?? 0,
      signal: behaviour.signal ?? null,
      exitOnSignal: behaviour.exitOnSignal,
    }));
    writeFileSync(script, `#!${process.execPath}\n${FAKE_SOURCE}`);
    chmodSync(script, 0o755);
  }
  return {
    dir,
    record(name) {
      const base = recordDir(name);
      if (!existsSync(join(base, 'argv'))) return null;
      const argvBytes = readFileSync(join(base, 'argv'));
      const argvText = argvBytes.toString('utf8');
      const argv = argvText === '' ? [] : argvText.slice(0, -1).split('\0');
      const stdinText = existsSync(join(base, 'stdin')) ? readFileSync(join(base, 'stdin'), 'utf8') : '';
      const [sha256, bytes] = stdinText.split(' ');
      const stdin = bytes !== undefined && sha256 !== undefined ? { sha256, bytes: Number(bytes) } : null;
      const signalsFile = join(base, 'signals');
      const signals = existsSync(signalsFile) ? readFileSync(signalsFile, 'utf8').split('\n').filter(Boolean) : [];
      return { argv, argvBytes, stdin, signals };
    },
    ready: (name) => existsSync(join(recordDir(name), 'ready')),
    runs: (name) => (existsSync(join(recordDir(name), 'runs')) ? readFileSync(join(recordDir(name), 'runs'), 'utf8').length : 0),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
