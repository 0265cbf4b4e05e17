// Append-only, hash-chained audit log of every decision, with secrets redacted before writing.
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

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
}

export interface AuditLog {
  append(record: AuditRecord): void;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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

export function fileAuditLog(guardDir: string): AuditLog {
  const path = join(guardDir, AUDIT_FILE);
  return {
    append(record) {
      mkdirSync(guardDir, { recursive: true, mode: 0o700 });
      const previous = lastLine(path);
      const prev = previous ? sha256(previous) : null;
      appendFileSync(path, `${JSON.stringify({ ...record, prev })}\n`, { mode: 0o600 });
    },
  };
}

export interface VerifyResult {
  readonly entries: number;
  readonly brokenAt: number | null; // 1-based line whose `prev` does not match
}

/** Checks the hash chain: each entry's `prev` is the sha256 of the line before it. */
export function verifyAuditLog(guardDir: string): VerifyResult {
  let text = '';
  try {
    text = readFileSync(join(guardDir, AUDIT_FILE), 'utf8');
  } catch {
    return { entries: 0, brokenAt: null };
  }
  const lines = text.split('\n').filter((line) => line.length > 0);
  for (let i = 0; i < lines.length; i++) {
    let prev: unknown;
    try {
      prev = (JSON.parse(lines[i] ?? '') as { prev?: unknown }).prev;
    } catch {
      return { entries: lines.length, brokenAt: i + 1 };
    }
    const expected = i === 0 ? null : sha256(lines[i - 1] ?? '');
    if (prev !== expected) return { entries: lines.length, brokenAt: i + 1 };
  }
  return { entries: lines.length, brokenAt: null };
}
