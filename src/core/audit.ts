// Append-only, hash-chained audit log of every decision (locked appends, a head record), secrets redacted before writing.
import { appendFileSync, closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { nodeCrypto } from './node-crypto.js';
import { sha256Hex } from './sha256.js';

export const AUDIT_FILE = 'audit.jsonl';

export interface AuditRecord {
  readonly time: string;
  readonly cwd: string;
  /** Already redacted by the caller (redactArgv). */
  readonly argv: readonly string[];
  readonly tool: string | null;
  readonly risk: string;
  readonly environment: string | null;
  readonly targets: readonly string[];
  readonly rules: readonly string[];
  readonly decision: string;
  /** ran, refused, confirmed, dry-run, error */
  readonly outcome: string;
  readonly exitStatus: number | null;
  readonly agent: boolean;
  /** The snapshot taken before the run (guard --snapshot): its id and the digest of its files' checksums. */
  readonly snapshot?: { readonly id: string; readonly checksum: string };
}

export interface AuditLog {
  append(record: AuditRecord): void;
}

/**
 * Verification hashes with node:crypto itself, loaded only here: appends (every guarded run) use
 * sha256Hex so that node:crypto stays off the start-up path, and a difference between the two
 * would show as a broken chain rather than pass unseen.
 */
function sha256(text: string): string {
  return nodeCrypto().createHash('sha256').update(text).digest('hex');
}

let uniqueCount = 0;
/** A name part no other guard process (another pid) nor this one (a counter) uses at once; the directory is private. */
function uniqueSuffix(): string {
  return `${process.pid}-${process.hrtime.bigint().toString(36)}-${uniqueCount++}`;
}

/** The last line of a file without reading all of it (the log only grows). */
function lastLine(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return null;
    // Read a growing window from the end until it holds a whole last line.
    for (let window = 4096; ; window *= 4) {
      const start = Math.max(0, size - window);
      const buffer = Buffer.alloc(size - start);
      readSync(fd, buffer, 0, buffer.length, start);
      const text = buffer.toString('utf8').replace(/\n+$/, '');
      const newline = text.lastIndexOf('\n');
      if (newline >= 0 || start === 0) return text.slice(newline + 1);
    }
  } finally {
    closeSync(fd);
  }
}

/** Keeps the count and the last line's hash, so a log cut short, replaced or deleted is noticed. */
export const AUDIT_HEAD_FILE = 'audit.head.json';
const LOCK_FILE = 'audit.lock';
/** A lock older than this, or held by a process that no longer exists, is taken over. */
const STALE_LOCK_MS = 10_000;
/** How long an append waits for the lock before it fails (and a destructive run is refused). */
const LOCK_WAIT_MS = 5_000;

interface AuditHead {
  readonly count: number;
  readonly last: string | null;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An O_EXCL lock file holding the owner's pid; a stale one (dead owner, or too old) is removed. */
function withLock<T>(dir: string, work: () => T): T {
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    let fd: number | null = null;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      writeSync(fd, `${process.pid}\n`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsStale(path)) {
        // Rename first: of several processes taking over one stale lock, only one removes it.
        const aside = `${path}.stale-${uniqueSuffix()}`;
        try {
          renameSync(path, aside);
          rmSync(aside, { force: true });
        } catch {
          // someone else took it over first
        }
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the audit log is locked (${path}); another guard is writing it`);
      sleepSync(Math.min(50, 2 + attempt * 2));
      continue;
    } finally {
      if (fd !== null) closeSync(fd);
    }
    try {
      return work();
    } finally {
      rmSync(path, { force: true });
    }
  }
}

function lockIsStale(path: string): boolean {
  try {
    const info = statSync(path);
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) return true;
    return Date.now() - info.mtimeMs > STALE_LOCK_MS;
  } catch {
    return false; // gone already: the next attempt takes it
  }
}

function readHead(dir: string): AuditHead | null {
  try {
    const value = JSON.parse(readFileSync(join(dir, AUDIT_HEAD_FILE), 'utf8')) as Partial<AuditHead>;
    if (typeof value.count !== 'number' || !(typeof value.last === 'string' || value.last === null)) return null;
    return { count: value.count, last: value.last };
  } catch {
    return null;
  }
}

function writeHead(dir: string, head: AuditHead): void {
  const temp = join(dir, `.${AUDIT_HEAD_FILE}.${uniqueSuffix()}.tmp`);
  writeFileSync(temp, `${JSON.stringify(head)}\n`, { mode: 0o600 });
  renameSync(temp, join(dir, AUDIT_HEAD_FILE));
}

function countLines(path: string): number {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((line) => line.length > 0).length;
  } catch {
    return 0;
  }
}

export function fileAuditLog(guardDir: string): AuditLog {
  const path = join(guardDir, AUDIT_FILE);
  return {
    append(record) {
      mkdirSync(guardDir, { recursive: true, mode: 0o700 });
      withLock(guardDir, () => {
        const previous = lastLine(path);
        const prev = previous ? sha256Hex(previous) : null;
        const line = JSON.stringify({ ...record, prev });
        appendFileSync(path, `${line}\n`, { mode: 0o600 });
        // A log from before the head record existed is counted once.
        const count = (readHead(guardDir)?.count ?? (previous ? countLines(path) - 1 : 0)) + 1;
        writeHead(guardDir, { count, last: sha256Hex(line) });
      });
    },
  };
}

export interface VerifyResult {
  readonly entries: number;
  readonly brokenAt: number | null; // 1-based line whose `prev` does not match
  /** What else is wrong: entries cut off the end, the log replaced or deleted, no head record. */
  readonly problem: string | null;
}

/** Checks the hash chain (each entry's `prev` is the sha256 of the line before it) and the head record. */
export function verifyAuditLog(guardDir: string): VerifyResult {
  const head = readHead(guardDir);
  const headExists = existsSync(join(guardDir, AUDIT_HEAD_FILE));
  let text: string | null = null;
  try {
    text = readFileSync(join(guardDir, AUDIT_FILE), 'utf8');
  } catch {
    text = null;
  }
  if (text === null) {
    if (head && head.count > 0) return { entries: 0, brokenAt: null, problem: `the audit log is missing, but its head record says it held ${head.count} entries: it was deleted` };
    return { entries: 0, brokenAt: null, problem: null };
  }
  const lines = text.split('\n').filter((line) => line.length > 0);
  for (let i = 0; i < lines.length; i++) {
    let prev: unknown;
    try {
      prev = (JSON.parse(lines[i] ?? '') as { prev?: unknown }).prev;
    } catch {
      return { entries: lines.length, brokenAt: i + 1, problem: `entry ${i + 1} is not a JSON record` };
    }
    const expected = i === 0 ? null : sha256(lines[i - 1] ?? '');
    if (prev !== expected) return { entries: lines.length, brokenAt: i + 1, problem: `entry ${i + 1} does not follow from the one before it (changed, removed or inserted)` };
  }
  if (!head) {
    if (lines.length === 0) return { entries: 0, brokenAt: null, problem: null };
    return { entries: lines.length, brokenAt: null, problem: headExists ? 'the head record is damaged: guard cannot tell whether entries were cut off the end' : 'the head record is missing: guard cannot tell whether entries were cut off the end or the log was replaced' };
  }
  const last = lines.length > 0 ? sha256(lines[lines.length - 1] ?? '') : null;
  if (lines.length < head.count) return { entries: lines.length, brokenAt: null, problem: `the log holds ${lines.length} entries but ${head.count} were written: ${head.count - lines.length} were cut off the end` };
  if (lines.length !== head.count || last !== head.last) return { entries: lines.length, brokenAt: null, problem: `the log does not end where guard last wrote it (${head.count} entries): it was replaced or appended to by something other than guard` };
  return { entries: lines.length, brokenAt: null, problem: null };
}
