// The local snapshot store: a private directory per snapshot, its manifest, checksums and permissions.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SnapshotsConfig } from '../config/types.js';
import { SnapshotError, type SnapshotManifest } from './model.js';

export const MANIFEST_FILE = 'manifest.json';

/** Where snapshots go by default: $XDG_DATA_HOME/guard/snapshots, else ~/.local/share/guard/snapshots. */
export function defaultStoreRoot(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const data = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(data, 'guard', 'snapshots');
}

/** The local store for this configuration (a configured directory, or the default). */
export function storeRoot(config: SnapshotsConfig | undefined, env: Readonly<Record<string, string | undefined>>, home: string, cwd: string): string {
  const configured = config?.directory;
  if (configured) return resolve(cwd, configured.startsWith('~/') ? join(home, configured.slice(2)) : configured);
  return defaultStoreRoot(env, home);
}

/** `~/…` for paths under the home directory, as the report shows them. */
export function displayPath(path: string, home: string): string {
  const inside = relative(home, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? `~/${inside}` : path;
}

/** True when `path` is `parent` or inside it. */
export function isInside(path: string, parent: string): boolean {
  const inside = relative(resolve(parent), resolve(path));
  return inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside));
}

/**
 * Why the store cannot hold snapshots, or null. Snapshots hold data and sometimes secrets: a store
 * another user owns or can read (or a symlink someone could point elsewhere) is refused, not fixed.
 */
export function storeProblem(root: string): string | null {
  if (!existsSync(root)) return null;
  let info;
  try {
    info = lstatSync(root);
  } catch (error) {
    return `cannot read ${root} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (info.isSymbolicLink()) return `${root} is a symbolic link; point the store at a real directory`;
  if (!info.isDirectory()) return `${root} is not a directory`;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) return `${root} belongs to another user (uid ${info.uid})`;
  if ((info.mode & 0o077) !== 0) return `${root} is open to others (mode ${(info.mode & 0o777).toString(8)}); make it private: chmod 700 ${root}`;
  return null;
}

/** Creates the store (0700) if needed and checks it; throws SnapshotError when it is unfit. */
export function openStore(root: string): void {
  try {
    if (!existsSync(root)) mkdirSync(root, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new SnapshotError(`cannot create the snapshot store ${root} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const problem = storeProblem(root);
  if (problem) throw new SnapshotError(`the snapshot store is unfit: ${problem}`);
}

/** `20261202-004512-3f9c2a`: sortable by time, unique by its random tail, short enough to type. */
export function newSnapshotId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** A fresh 0700 directory for one snapshot; fails if it exists (ids never repeat). */
export function createSnapshotDirectory(root: string, id: string): string {
  const dir = join(root, id);
  try {
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch (error) {
    throw new SnapshotError(`cannot create ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return dir;
}

/** Makes every file under a snapshot directory 0600 and every directory 0700, whatever a tool left. */
export function tightenPermissions(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      chmodSync(path, 0o700);
      tightenPermissions(path);
    } else chmodSync(path, 0o600);
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function checksumFiles(dir: string, files: readonly string[]): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const file of files) {
    if (!isSafeRelative(file)) throw new SnapshotError(`a snapshot file name leaves its directory: ${file}`);
    sums[file] = await sha256File(join(dir, file));
  }
  return sums;
}

function isSafeRelative(file: string): boolean {
  return file !== '' && !isAbsolute(file) && !file.split(/[\\/]/).includes('..') && file !== MANIFEST_FILE;
}

/** Files whose bytes differ from the manifest's checksums (or are missing): empty when intact. */
export async function checksumProblems(manifest: SnapshotManifest, dir: string): Promise<string[]> {
  const problems: string[] = [];
  const entries = Object.entries(manifest.checksums);
  if (entries.length === 0) problems.push('the manifest lists no files');
  for (const [file, expected] of entries) {
    if (!isSafeRelative(file)) {
      problems.push(`${file}: a file name that leaves the snapshot directory`);
      continue;
    }
    const path = join(dir, file);
    if (!existsSync(path)) {
      problems.push(`${file}: missing`);
      continue;
    }
    const actual = await sha256File(path);
    if (actual !== expected) problems.push(`${file}: checksum ${actual.slice(0, 12)}… does not match the manifest's ${expected.slice(0, 12)}…`);
  }
  return problems;
}

/** One checksum for the whole snapshot (its files' checksums, sorted): what the audit record names. */
export function snapshotDigest(checksums: Readonly<Record<string, string>>): string {
  const lines = Object.keys(checksums)
    .sort()
    .map((file) => `${checksums[file]}  ${file}\n`)
    .join('');
  return createHash('sha256').update(lines).digest('hex');
}

export function bytesOf(dir: string, files: readonly string[]): number {
  return files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
}

/** Writes manifest.json (0600) through a temporary file, so a reader never sees half of one. */
export function writeManifest(dir: string, manifest: SnapshotManifest): void {
  const path = join(dir, MANIFEST_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new SnapshotError(`cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function readManifest(dir: string): SnapshotManifest {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw new SnapshotError(`the manifest of ${dir} cannot be read: ${(error as Error).message}`);
  }
  const manifest = value as Partial<SnapshotManifest> | null;
  if (!manifest || manifest.version !== 1 || typeof manifest.id !== 'string' || typeof manifest.family !== 'string' || typeof manifest.checksums !== 'object' || manifest.checksums === null) {
    throw new SnapshotError(`the manifest of ${dir} is not a guard snapshot manifest (version 1)`);
  }
  return manifest as SnapshotManifest;
}

export interface StoredSnapshot {
  readonly dir: string;
  readonly manifest: SnapshotManifest | null;
  /** Why the manifest could not be read, when it could not. */
  readonly problem: string | null;
}

/** Every snapshot directory in the store, oldest first (ids sort by time). */
export function listStored(root: string): StoredSnapshot[] {
  if (!existsSync(root)) return [];
  const out: StoredSnapshot[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(root, entry.name);
    try {
      out.push({ dir, manifest: readManifest(dir), problem: null });
    } catch (error) {
      out.push({ dir, manifest: null, problem: (error as Error).message });
    }
  }
  return out;
}

/** One snapshot by id, or by a prefix only it has; throws SnapshotError otherwise. */
export function findStored(root: string, id: string): StoredSnapshot {
  const all = listStored(root);
  const exact = all.find((s) => s.manifest?.id === id || s.dir.endsWith(`${sep}${id}`));
  if (exact) return exact;
  const matches = all.filter((s) => (s.manifest?.id ?? '').startsWith(id) || (s.manifest?.id ?? '').endsWith(id));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) throw new SnapshotError(`${id} matches ${matches.length} snapshots; give more of the id (guard snapshots list)`);
  throw new SnapshotError(`no snapshot ${id} in ${root} (guard snapshots list)`);
}

export function removeSnapshotDirectory(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
