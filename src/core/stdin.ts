// Reading the wrapped command's stdin without changing a byte of what the command receives.
import { createReadStream, createWriteStream, fstatSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** Stdin copied to a private temp file: analysed from there, then handed to the child. */
export interface SpooledInput {
  readonly path: string;
  readonly size: number;
  /** A fresh stream over the spooled bytes (for analysis). */
  open(): Readable;
  /** A file descriptor positioned at byte 0, for the child's stdin. */
  openForChild(): number;
  remove(): void;
}

export interface StdinSource {
  /** stdin is a terminal (the user types into the command). */
  readonly isTTY: boolean;
  /** stdin is absent/closed (e.g. `<&-`). */
  readonly closed: boolean;
  /** Copy all of stdin to a private file; constant memory whatever its size. */
  spool(): Promise<SpooledInput>;
}

export function spooledFile(path: string, cleanupDir?: string): SpooledInput {
  return {
    path,
    size: statSync(path).size,
    open: () => createReadStream(path, { highWaterMark: 1 << 20 }),
    openForChild: () => openSync(path, 'r'),
    remove: () => rmSync(cleanupDir ?? path, { recursive: true, force: true }),
  };
}

/**
 * Fd 0 of this process. Never touches `process.stdin`: Node makes a pipe non-blocking when it
 * creates that stream, and the child shares the same open file description.
 */
export function processStdin(): StdinSource {
  let closed = false;
  try {
    fstatSync(0);
  } catch {
    closed = true;
  }
  return {
    isTTY: !closed && isatty(0),
    closed,
    async spool() {
      // 0700 directory: the SQL may hold secrets; nobody else may read it while we analyse.
      const dir = mkdtempSync(join(tmpdir(), 'guard-stdin-'));
      const path = join(dir, 'stdin');
      const { pipeline } = await import('node:stream/promises');
      if (closed) writeFileSync(path, '', { mode: 0o600 });
      else await pipeline(createReadStream('', { fd: 0, autoClose: false, highWaterMark: 1 << 20 }), createWriteStream(path, { mode: 0o600 }));
      return spooledFile(path, dir);
    },
  };
}

/**
 * Names under which a program opening a file reads its own standard input: `-` (by the
 * program's convention) and the kernel's aliases of descriptor 0. `psql -f /dev/stdin` reads
 * the heredoc exactly like `psql -f -`.
 */
const STDIN_PATHS = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0', '/proc/thread-self/fd/0']);

export function isStdinPath(path: string): boolean {
  return STDIN_PATHS.has(path) || STDIN_PATHS.has(path.replace(/\/{2,}/g, '/'));
}
