// Runs the real binary with full fidelity: same argv, inherited stdio, forwarded signals, same status.
import { accessSync, closeSync, constants, openSync, readSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { EXIT } from './errors.js';
import { hex, RAW_EXEC_SCRIPT } from './raw-bytes.js';
import { currentProcessGroup, FORWARDED_SIGNALS, shouldForward, type ForwardedSignal } from './signals.js';

/** First line of every PATH shim guard writes; exec skips such files (no recursion). */
export const SHIM_MARKER = '# guard-shim';

function readsAsGuardShim(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('utf8').includes(SHIM_MARKER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Whether a file found on PATH is one of guard's shims, kept per path while the file's identity,
 * size, mtime and ctime stay the same (a rewrite changes ctime, which cannot be set back). Only
 * for files last changed over two seconds ago: file times tick coarsely, and a second write within
 * the tick of the one read would keep them. A resident guard asks this on every lookup.
 */
const shimFiles = new Map<string, { readonly key: string; readonly shim: boolean }>();

function isGuardShim(path: string, info: BigIntStats): boolean {
  const key = `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  const known = shimFiles.get(path);
  if (known?.key === key) return known.shim;
  const shim = readsAsGuardShim(path);
  if (BigInt(Date.now()) * 1_000_000n - info.ctimeNs > 2_000_000_000n) shimFiles.set(path, { key, shim });
  return shim;
}

/** The file's status when it is a regular file this process may execute (what a PATH search accepts). */
function executableFile(path: string): BigIntStats | null {
  try {
    // Most PATH directories do not hold the name: no exception for those.
    const info = statSync(path, { throwIfNoEntry: false, bigint: true });
    if (!info?.isFile()) return null;
    accessSync(path, constants.X_OK);
    return info;
  } catch {
    return null;
  }
}

/** A regular file this process may execute (what a PATH search accepts). */
export function isExecutableFile(path: string): boolean {
  return executableFile(path) !== null;
}

/**
 * The real binary for `name`: PATH order, skipping guard itself and guard's shims.
 * A name with a slash is used as given, as a shell would.
 */
export function findExecutable(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  guardBinary: string | null,
): string | null {
  if (name.includes('/')) {
    const path = isAbsolute(name) ? name : resolve(cwd, name);
    return isExecutableFile(path) ? path : null;
  }
  const self = guardBinary ? safeRealpath(guardBinary) : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir === '' ? cwd : dir, name);
    const info = executableFile(candidate);
    if (info === null) continue;
    if (self !== null && safeRealpath(candidate) === self) continue;
    if (isGuardShim(candidate, info)) continue;
    return candidate;
  }
  return null;
}

function safeRealpath(path: string): string | null {
  try {
    // One realpath(3) call; the JS realpathSync lstat()s each component.
    return realpathSync.native(path);
  } catch {
    return null;
  }
}

export interface ExecRequest {
  readonly file: string;
  /** argv[0] as the user typed it, so the child sees the same name. */
  readonly argv0: string;
  readonly args: readonly string[];
  /** A file descriptor to use as the child's stdin instead of guard's own. */
  readonly stdinFd?: number;
  /** argv0 and args as guard received them, when they are not UTF-8 (src/core/raw-bytes.ts). */
  readonly rawArgv?: readonly Buffer[] | null;
  /** The environment as guard received it, when some entry is not UTF-8. */
  readonly rawEnviron?: readonly Buffer[] | null;
}

const PERL_CANDIDATES = ['/usr/bin/perl', '/bin/perl', '/usr/local/bin/perl', '/opt/homebrew/bin/perl'];

/** How to start the child: directly, or through perl when bytes Node cannot pass must reach it. */
function spawnPlan(request: ExecRequest): { file: string; args: string[]; argv0: string; env: NodeJS.ProcessEnv } {
  const direct = { file: request.file, args: [...request.args], argv0: request.argv0, env: process.env };
  if (!request.rawArgv && !request.rawEnviron) return direct;
  const perl = PERL_CANDIDATES.find(isExecutableFile);
  if (!perl) {
    process.stderr.write('guard: perl is missing, so bytes that are not UTF-8 in the arguments or environment reach the command re-encoded.\n');
    return direct;
  }
  const argv = request.rawArgv ?? [request.argv0, ...request.args].map((word) => Buffer.from(word, 'utf8'));
  const env = request.rawEnviron ? { GUARD_RAW_ENVIRON: request.rawEnviron.map(hex).join(',') } : process.env;
  return { file: perl, args: ['-e', RAW_EXEC_SCRIPT, hex(Buffer.from(request.file, 'utf8')), ...argv.map(hex)], argv0: 'perl', env };
}

/** Spawns and waits; resolves with the exit status guard must exit with (128+N on signal N). */
export async function execCommand(request: ExecRequest): Promise<number> {
  // child_process loads only when something runs (not for dry runs and refusals); getBuiltinModule,
  // because an import() in the daemon client's start-up code would start Node's ES-module loader.
  const { spawn, execFileSync } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const runPs = (args: readonly string[]) => execFileSync('ps', [...args], { encoding: 'utf8', timeout: 2000 });
  return new Promise((resolvePromise) => {
    const plan = spawnPlan(request);
    const child = spawn(plan.file, plan.args, {
      argv0: plan.argv0,
      env: plan.env,
      stdio: [request.stdinFd ?? 'inherit', 'inherit', 'inherit'],
    });
    const forwarders = FORWARDED_SIGNALS.map((signal) => {
      const forward = () => onSignal(signal, child, runPs, forward);
      process.on(signal, forward);
      return () => process.off(signal, forward);
    });
    let finished = false;
    const finish = (status: number) => {
      if (finished) return;
      finished = true;
      for (const off of forwarders) off();
      if (request.stdinFd !== undefined) closeSync(request.stdinFd);
      resolvePromise(status);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(`guard: ${request.argv0}: ${error.message}\n`);
      finish(error.code === 'ENOENT' ? EXIT.notFound : 126);
    });
    child.on('exit', (code, signal) => {
      if (signal) finish(128 + ((process.getBuiltinModule('node:os') as typeof import('node:os')).constants.signals[signal] ?? 0));
      else finish(code ?? EXIT.internal);
    });
  });
}

/**
 * One signal guard received while the child runs. What the terminal already delivered to the
 * child (it shares guard's foreground process group) is not sent again; the rest is passed on.
 * Ctrl-Z then stops guard as it would any program: the listener steps aside and guard sends
 * itself SIGTSTP with its default action, so the kernel's own rules apply (a group with no
 * shell to resume it is not stopped), the shell sees the job stop, and `fg` resumes both.
 */
function onSignal(signal: ForwardedSignal, child: { kill(signal: NodeJS.Signals): boolean }, runPs: (args: readonly string[]) => string, listener: () => void): void {
  if (shouldForward(signal, currentProcessGroup(runPs))) child.kill(signal);
  if (signal !== 'SIGTSTP') return;
  process.off('SIGTSTP', listener);
  try {
    process.kill(process.pid, 'SIGTSTP');
  } finally {
    process.on('SIGTSTP', listener);
  }
}
