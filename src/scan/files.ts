// Which files `guard scan` reads: kinds by name, extension or shebang; directory walks, bounded.
import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, extname, join, sep } from 'node:path';
import type { FileKind } from './model.js';

/** Directories never walked into: dependencies, version control and build output. */
export const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', '.hg', '.svn']);

export const WALK_LIMITS = { maxFiles: 20_000, maxDepth: 32 } as const;

const SHELL_EXTENSIONS = new Set(['.sh', '.bash', '.zsh']);
const SHEBANG_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);
const MAKEFILE_NAMES = new Set(['Makefile', 'makefile', 'GNUmakefile']);

/** The kind a path names without reading it, or null (shell scripts may still be told by their shebang). */
export function kindFromName(path: string): FileKind | null {
  const name = basename(path);
  const extension = extname(name).toLowerCase();
  if (name === 'package.json') return 'package-json';
  if (MAKEFILE_NAMES.has(name) || extension === '.mk') return 'make';
  if (name === '.gitlab-ci.yml' || name.endsWith('.gitlab-ci.yml')) return 'gitlab-ci';
  if ((extension === '.yml' || extension === '.yaml') && isWorkflowPath(path)) return 'github-actions';
  if (extension === '.sql') return 'sql';
  const migration = codeMigrationKind(path);
  if (migration) return migration;
  if (SHELL_EXTENSIONS.has(extension)) return 'shell';
  return null;
}

const CODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx', '.py']);
const CODE_SHEBANGS = new Set(['node', 'python', 'python3', 'tsx', 'ts-node', 'deno', 'bun', 'zx']);
/** Directories whose code files a walk reads: scripts people and agents run, not an application's sources. */
const SCRIPT_DIRECTORIES = new Set(['scripts', 'script', 'bin', 'tools', 'ops', 'deploy']);

/**
 * A code file guard reads: any named on the command line; in a directory walk, those with a
 * node/python shebang or inside a scripts/bin/tools/ops/deploy directory.
 */
export function codeKind(path: string, explicit: boolean, head: () => string): 'code' | null {
  const extension = extname(path).toLowerCase();
  const interpreter = shebangInterpreter(head());
  if (interpreter !== null && CODE_SHEBANGS.has(interpreter)) return 'code';
  if (!CODE_EXTENSIONS.has(extension)) return null;
  if (explicit) return 'code';
  return path.split(sep).slice(0, -1).some((part) => SCRIPT_DIRECTORIES.has(part)) ? 'code' : null;
}

/**
 * Code migrations by their frameworks' layouts: Rails `db/migrate/<version>_x.rb`, Django
 * `<app>/migrations/0001_x.py`, Alembic `…/versions/x.py` beside an env.py's directory name
 * (`alembic`, `migrations`), and JS `migrations/<timestamp>[-_]x.js|ts`.
 */
function codeMigrationKind(path: string): FileKind | null {
  const parts = path.split(sep);
  const name = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2] ?? '';
  const grandparent = parts[parts.length - 3] ?? '';
  if (parent === 'migrate' && grandparent === 'db' && /^\d+_\w+\.rb$/.test(name)) return 'rails-migration';
  if (parent === 'migrations' && /^\d{4}_\w+\.py$/.test(name)) return 'python-migration';
  if (parent === 'versions' && /alembic|migrations/.test(grandparent) && name.endsWith('.py') && name !== '__init__.py') return 'python-migration';
  if (parent === 'migrations' && /^\d{8,}[-_.\w]*\.(c|m)?(js|ts)$/.test(name) && !name.endsWith('.d.ts')) return 'js-migration';
  return null;
}

function isWorkflowPath(path: string): boolean {
  const parts = path.split(sep);
  const at = parts.lastIndexOf('workflows');
  return at >= 1 && parts[at - 1] === '.github' && at === parts.length - 2;
}

/** The interpreter a `#!` line names (`/bin/sh`, `/usr/bin/env bash`, `env -S bash -e`), or null. */
export function shebangInterpreter(head: string): string | null {
  if (!head.startsWith('#!')) return null;
  const words = head.slice(2, head.includes('\n') ? head.indexOf('\n') : undefined).replaceAll('\t', ' ').split(' ').filter((word) => word.length > 0);
  let index = 0;
  if (basename(words[0] ?? '') === 'env') {
    index = 1;
    while ((words[index] ?? '').startsWith('-')) index++;
  }
  return words[index] ? basename(words[index] ?? '') : null;
}

export function isShellShebang(head: string): boolean {
  const interpreter = shebangInterpreter(head);
  return interpreter !== null && SHEBANG_SHELLS.has(interpreter);
}

/** First bytes of a file, for the shebang; '' when unreadable (the read itself reports that later). */
export function readHead(path: string, bytes = 256): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface WalkEntry {
  readonly path: string;
  readonly kind: FileKind;
}

export interface WalkProblem {
  readonly path: string;
  readonly why: string;
}

/** Files of a kind guard scans under `dir`, sorted; symlinked directories are not followed (no loops). */
export function walkDirectory(dir: string, found: WalkEntry[], problems: WalkProblem[], depth = 0): void {
  if (depth > WALK_LIMITS.maxDepth) {
    problems.push({ path: dir, why: `nested deeper than ${WALK_LIMITS.maxDepth} directories; not scanned` });
    return;
  }
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    problems.push({ path: dir, why: `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    return;
  }
  for (const name of names) {
    if (found.length >= WALK_LIMITS.maxFiles) {
      problems.push({ path: dir, why: `more than ${WALK_LIMITS.maxFiles} files to scan; the rest was not scanned` });
      return;
    }
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue; // a dangling symlink names nothing that could run
    }
    if (stat.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(name) || isSymlinkedDirectory(path)) continue;
      walkDirectory(path, found, problems, depth + 1);
    } else if (stat.isFile()) {
      const kind = kindFromName(path) ?? (isShellShebang(readHead(path)) ? 'shell' : null) ?? codeKind(path, false, () => readHead(path));
      if (kind) found.push({ path, kind });
    }
  }
}

function isSymlinkedDirectory(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return true;
  }
}
