// What the family snapshotters share: private files, bounded subprocess runs, secrets kept out of the manifest.
import { randomUUID } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context, SubprocessResult } from '../../core/context.js';
import { SnapshotError } from '../model.js';

/** Copies and restores take longer than a look-up: a dump of a large table is minutes, not seconds. */
export const COPY_TIMEOUT_MS = 10 * 60_000;

/** Writes one snapshot file, readable by its owner only (snapshots hold data and sometimes secrets). */
export async function writePrivateFile(dir: string, name: string, content: string | Buffer): Promise<number> {
  const path = join(dir, name);
  await writeFile(path, content, { mode: 0o600 });
  // The umask cannot widen 0600, but a file that existed keeps its mode: set it again.
  await chmod(path, 0o600);
  return (await stat(path)).size;
}

/** A file a program wrote itself (`--result-file`, `-f`): made 0600 and measured; missing is an error. */
export async function privateFileSize(dir: string, name: string): Promise<number> {
  const path = join(dir, name);
  try {
    await chmod(path, 0o600);
    return (await stat(path)).size;
  } catch {
    throw new SnapshotError(`${name} was not written`);
  }
}

export async function readSnapshotFile(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch {
    throw new SnapshotError(`${name} is missing from the snapshot`);
  }
}

/** The real binary, or a SnapshotError that says which package is missing. */
export function requireBinary(ctx: Context, names: readonly string[], why: string): string {
  for (const name of names) {
    const found = ctx.which(name);
    if (found !== null) return found;
  }
  throw new SnapshotError(`${names.join(' or ')} is not installed: ${why}`);
}

/** The first line of what a failed program said, for a SnapshotError (callers strip secrets they passed). */
export function failureLine(result: SubprocessResult, program: string): string {
  if (result.timedOut) return `${program} did not finish within ${COPY_TIMEOUT_MS / 60_000} minutes`;
  if (result.truncated) return `${program} wrote more output than guard reads`;
  const text = (result.stderr.trim() || result.stdout.trim()).split('\n').find((line) => line.trim() !== '') ?? '';
  return `${program} failed (${result.status === null ? `signal ${result.signal ?? '?'}` : `exit ${result.status}`})${text ? `: ${text}` : ''}`;
}

/**
 * Runs `file args` with `input` as its stdin, through /bin/sh's redirection: the context's
 * subprocess runner gives children no stdin, and a restore must feed a dump to a client. The path
 * and the argv travel as positional parameters, never inside the script text.
 */
export async function runWithStdinFile(
  ctx: Context,
  input: string,
  file: string,
  args: readonly string[],
  options: { readonly env?: Readonly<Record<string, string | undefined>>; readonly cwd?: string },
): Promise<SubprocessResult> {
  return ctx.subprocess.run('/bin/sh', ['-c', 'input=$1; shift; exec "$@" < "$input"', 'guard-restore', input, file, ...args], {
    ...options,
    timeoutMs: COPY_TIMEOUT_MS,
    maxOutputBytes: 4 << 20,
  });
}

/**
 * Secrets a plan needs for the copy taken right after it, in this process only: the manifest (and
 * so the plan's settings) must never hold one. A plan carries the key; restore, in a later
 * process, finds nothing here and reads the password where the command did (environment, files).
 */
const sessionSecrets = new Map<string, string>();

export function keepSessionSecret(secret: string | null): string | null {
  if (secret === null) return null;
  const key = randomUUID();
  sessionSecrets.set(key, secret);
  return key;
}

export function sessionSecret(key: unknown): string | null {
  return typeof key === 'string' ? (sessionSecrets.get(key) ?? null) : null;
}

/** Settings values read back from a manifest: the manifest is a file, so each is checked. */
export function settingString(settings: Readonly<Record<string, unknown>>, name: string): string | null {
  const value = settings[name];
  return typeof value === 'string' ? value : null;
}

export function settingStrings(settings: Readonly<Record<string, unknown>>, name: string): string[] {
  const value = settings[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The manifest is a file the same user can edit: the environment its connection resolves to
 * today must be the one the restore was confirmed for, or a less protected one, never a
 * protected one it does not name (the Postgres snapshotter makes the same check).
 */
export async function assertRestoreEnvironment(manifest: { readonly environment: string }, resolved: { readonly name: string; readonly protected: boolean }, where: string, ctx: Context): Promise<void> {
  const { isProtectedEnvironment } = await import('../../core/environment.js');
  if (resolved.protected && resolved.name !== manifest.environment && !isProtectedEnvironment(manifest.environment, ctx.config)) {
    throw new SnapshotError(`the snapshot says ${manifest.environment}, but its connection (${where}) is in ${resolved.name}, a protected environment: not restored`);
  }
}
