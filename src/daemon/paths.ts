// Where the resident guard listens, and the checks that make a socket or directory there trustworthy (light: the client loads it).
import { lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { guardDirectory } from '../config/guard-directory.js';

/** A Unix socket path longer than this does not fit sockaddr_un on Linux and macOS (104 there). */
const MAX_SOCKET_PATH = 100;

/**
 * The private runtime directory: `$XDG_RUNTIME_DIR/guard` (per-user, tmpfs, gone at logout),
 * else `daemon/` in the guard directory. Only absolute paths: a relative one would trust the cwd.
 */
export function runtimeDirectory(env: Readonly<Record<string, string | undefined>>, home: string): string | null {
  const xdg = env.XDG_RUNTIME_DIR;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'guard');
  const guardDir = guardDirectory(env, home);
  return isAbsolute(guardDir) ? join(guardDir, 'daemon') : null;
}

/**
 * Why `dir` cannot hold guard's socket, or null when it can: it must be a real directory (not a
 * symlink), owned by this user and closed to everyone else. Another user who could write there
 * could put a socket of their own in guard's place and answer for it.
 */
export function untrustedDirectory(dir: string, uid: number): string | null {
  try {
    const info = lstatSync(dir);
    if (!info.isDirectory()) return `${dir} is not a directory`;
    if (info.uid !== uid) return `${dir} belongs to another user (uid ${info.uid})`;
    if ((info.mode & 0o077) !== 0) return `${dir} is open to other users (mode ${(info.mode & 0o777).toString(8)})`;
    return null;
  } catch (error) {
    return `${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}

/** Why the file at `path` is not a socket this user made, or null when it is. */
export function untrustedSocket(path: string, uid: number): string | null {
  try {
    const info = lstatSync(path);
    if (!info.isSocket()) return `${path} is not a socket`;
    if (info.uid !== uid) return `${path} belongs to another user (uid ${info.uid})`;
    return null;
  } catch (error) {
    return `${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}

/** Creates the runtime directory (0700) when missing; the caller still checks it with untrustedDirectory. */
export function ensureRuntimeDirectory(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // The guard directory (and ~/.config above it) may not exist yet on a first run.
      mkdirSync(join(dir, '..'), { recursive: true, mode: 0o700 });
      mkdirSync(dir, { mode: 0o700 });
    } else if (code !== 'EEXIST') throw error;
  }
}

/**
 * The build this code belongs to: a digest of every bundle chunk, written by scripts/bundle.mjs.
 * A client and a daemon of different builds never talk: the socket's name carries the build.
 */
export function readBuildId(bundleDir: string): string | null {
  try {
    const id = readFileSync(join(bundleDir, 'build-id'), 'utf8').trim();
    return /^[0-9a-f]{16,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The socket of one build's daemon, or null when its path would be too long for a Unix socket. */
export function socketPath(dir: string, buildId: string): string | null {
  const path = join(dir, `guard-${buildId.slice(0, 16)}.sock`);
  return path.length <= MAX_SOCKET_PATH ? path : null;
}

/** The marker a client leaves while the daemon it started loads (so fifty parallel first calls start one). */
export function startingMarker(socket: string): string {
  return `${socket}.starting`;
}
