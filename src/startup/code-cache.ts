// A private on-disk V8 code cache for guard's bundle chunks: Node 20 has no compile cache of its own.
import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync, constants } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { homeDirectory } from '../config/guard-directory.js';

/**
 * Where cached bytecode lives, or null when there must be none. A cache that another user
 * could write would let them run code as whoever runs guard, so the directory must be ours,
 * a real directory (not a symlink) and closed to everyone else; anything else turns caching off.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv): string | null {
  if (env.GUARD_CODE_CACHE === '0') return null;
  const uid = process.getuid?.();
  if (uid === undefined) return null;
  try {
    // Only absolute paths (as XDG asks): a relative one would trust whatever the working directory holds.
    const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homeDirectory(process.env), '.cache');
    const base = env.GUARD_CACHE_DIR || join(xdg, 'guard');
    if (!isAbsolute(base)) return null;
    // One directory per Node build: V8 rejects another version's bytecode anyway.
    const dir = join(base, `v8-${process.version}-${process.arch}`);
    makeDirectories(dir);
    const info = lstatSync(dir);
    if (!info.isDirectory() || info.uid !== uid || (info.mode & 0o077) !== 0) return null;
    return dir;
  } catch {
    return null;
  }
}

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync spins forever where mkdir says
 * ENOENT under a parent that exists (under /proc, for one), and guard must never hang.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = dirname(current)) {
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * The cache file of one chunk. V8 checks only a source's length, so the name carries what
 * changes whenever the chunk's bytes do: its path, size, inode and ctime (which, unlike mtime,
 * no one can set back).
 */
export function cacheFileName(chunkPath: string, info: { size: bigint; ino: bigint; ctimeNs: bigint }): string {
  return `${fnv1a(chunkPath)}-${info.size}-${info.ino}-${info.ctimeNs}.v8`;
}

/** Reads cached bytecode only from a regular file we own that nobody else can write; null otherwise. */
export function readCache(dir: string, name: string): Buffer | null {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: a FIFO in the cache's place must not hold guard at open().
    fd = openSync(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile() || info.uid !== process.getuid?.() || (info.mode & 0o022) !== 0 || info.size === 0) return null;
    const data = Buffer.allocUnsafe(info.size);
    let offset = 0;
    while (offset < data.length) {
      const read = readSync(fd, data, offset, data.length - offset, offset);
      if (read === 0) return null;
      offset += read;
    }
    return data;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes bytecode atomically (private temp file, then rename); a failure only means no cache next time. */
export function writeCache(dir: string, name: string, data: Buffer): void {
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, join(dir, name));
  } catch {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already gone
    }
  }
}

/** 32-bit FNV-1a: a short, stable file-name part without loading node:crypto (~1 ms) at start-up. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
