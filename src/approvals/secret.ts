// The secret that signs approvals: created by `guard approve` (0600), read by whoever checks an approval.
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, writeSync, constants } from 'node:fs';
import { join } from 'node:path';
import { nodeCrypto } from '../core/node-crypto.js';

/** In the user's guard directory (never under a project): the project config cannot name another. */
export const SECRET_DIR = 'keys';
export const SECRET_FILE = 'approval.key';

export function secretPath(guardDir: string): string {
  return join(guardDir, SECRET_DIR, SECRET_FILE);
}

function readChecked(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error(`${path} is not a regular file`);
    // Anyone else able to read it could sign approvals.
    if ((info.mode & 0o077) !== 0) throw new Error(`${path} is readable by others (mode ${(info.mode & 0o777).toString(8)}); it must be 0600`);
    if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw new Error(`${path} belongs to another user`);
    const key = readFileSync(fd);
    if (key.length < 32) throw new Error(`${path} is too short to be guard's key`);
    return key;
  } finally {
    closeSync(fd);
  }
}

/** The key, or null when there is none yet (then no approval can be valid). Throws on a tampered file. */
export function readSecret(guardDir: string): Buffer | null {
  try {
    return readChecked(secretPath(guardDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Only `guard approve` calls this: the first approval creates the key, exclusively. */
export function ensureSecret(guardDir: string): Buffer {
  const existing = readSecret(guardDir);
  if (existing) return existing;
  mkdirSync(join(guardDir, SECRET_DIR), { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(secretPath(guardDir), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      writeSync(fd, nodeCrypto().randomBytes(32));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    // Another approve created it between the read and the open: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readChecked(secretPath(guardDir));
}

export function sign(key: Buffer, payload: string): string {
  return nodeCrypto().createHmac('sha256', key).update(payload).digest('hex');
}

export function verifySignature(key: Buffer, payload: string, mac: unknown): boolean {
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
  const expected = Buffer.from(sign(key, payload), 'hex');
  return nodeCrypto().timingSafeEqual(expected, Buffer.from(mac, 'hex'));
}
