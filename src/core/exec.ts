// Runs the real binary with full fidelity: same argv, inherited stdio, forwarded signals, same status.
import { accessSync, closeSync, constants, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { EXIT } from './errors.js';

/** First line of every PATH shim guard writes; exec skips such files (no recursion). */
export const SHIM_MARKER = '# guard-shim';

function isGuardShim(path: string): boolean {
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

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
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
    if (!isExecutableFile(candidate)) continue;
    if (self !== null && safeRealpath(candidate) === self) continue;
    if (isGuardShim(candidate)) continue;
    return candidate;
  }
  return null;
}

function safeRealpath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

export interface ExecRequest {
  readonly file: string;
  /** argv[0] as the user typed it, so the child sees the same name. */
  readonly argv0: string;
  readonly args: readonly string[];
  /** A file descriptor to use as the child's stdin instead of guard's own. */
  readonly stdinFd?: number;
}

/** Spawns and waits; resolves with the exit status guard must exit with (128+N on signal N). */
export async function execCommand(request: ExecRequest): Promise<number> {
  // child_process loads only when something runs (not for dry runs and refusals).
  const { spawn } = await import('node:child_process');
  return new Promise((resolvePromise) => {
    const child = spawn(request.file, [...request.args], {
      argv0: request.argv0,
      stdio: [request.stdinFd ?? 'inherit', 'inherit', 'inherit'],
    });
    const forwarders = FORWARDED_SIGNALS.map((signal) => {
      const forward = () => {
        child.kill(signal);
      };
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
      if (signal) finish(128 + (osConstants.signals[signal] ?? 0));
      else finish(code ?? EXIT.internal);
    });
  });
}
