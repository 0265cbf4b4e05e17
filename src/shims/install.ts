// `guard shims install|uninstall DIR`: one tiny executable per catalogued program that runs guard.
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIM_MARKER } from '../core/exec.js';
import { quotePosix } from './shell-init.js';

/** What happened to one program's shim. */
export interface ShimChange {
  readonly program: string;
  readonly path: string;
  readonly outcome: 'written' | 'updated' | 'unchanged' | 'skipped' | 'removed';
  /** Why a file was left alone (it is not a guard shim). */
  readonly why?: string;
}

/**
 * The shim for one program. The marker sits on the second line, inside the first bytes that
 * guard's exec reads, so guard never mistakes a shim for the real binary (no recursion).
 */
export function shimScript(program: string, guardBinary: string): string {
  return [
    '#!/bin/sh',
    SHIM_MARKER,
    `# Runs ${program} under guard. Written by 'guard shims install'; 'guard shims uninstall' removes it.`,
    `exec ${quotePosix(guardBinary)} --via shim -- ${program} "$@"`,
    '',
  ].join('\n');
}

/** True for a file guard wrote: the same test guard's exec uses to skip shims. */
export function isGuardShimFile(path: string): boolean {
  let fd: number | undefined;
  try {
    // Most names on PATH are not there: no exception for those (the hook asks this for every PATH entry × program).
    if (!lstatSync(path, { throwIfNoEntry: false })?.isFile()) return false;
    fd = openSync(path, 'r');
    const head = Buffer.alloc(256);
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).toString('utf8').includes(SHIM_MARKER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes a shim for every program; idempotent; never overwrites a file that is not a guard shim. */
export function installShims(dir: string, programs: readonly string[], guardBinary: string): ShimChange[] {
  mkdirSync(dir, { recursive: true });
  return programs.map((program) => {
    const path = join(dir, program);
    const script = shimScript(program, guardBinary);
    if (existsSync(path) || isSymlink(path)) {
      if (!isGuardShimFile(path)) return { program, path, outcome: 'skipped', why: `${path} exists and is not a guard shim; left alone` };
      if (readFileSync(path, 'utf8') === script) return { program, path, outcome: 'unchanged' };
      writeAtomically(path, script);
      return { program, path, outcome: 'updated' };
    }
    writeAtomically(path, script);
    return { program, path, outcome: 'written' };
  });
}

/** The guard shims in a directory, by program name. */
export function listShims(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => isGuardShimFile(join(dir, name)));
}

/** Programs that are opt-in: shimming every curl and wget call is a choice, not a default. */
export const OPT_IN_PROGRAMS: readonly string[] = ['curl', 'http', 'https', 'wget'];

/**
 * Which programs to shim: the catalogued ones installed somewhere on PATH outside DIR (a shim
 * for a missing program would make `command -v` succeed and break install-if-missing scripts),
 * without the opt-in ones unless asked for or already shimmed.
 */
export function programsToShim(options: {
  readonly catalogue: readonly string[];
  readonly installed: (program: string) => boolean;
  readonly includeOptIn: boolean;
  readonly alreadyShimmed: readonly string[];
}): string[] {
  return options.catalogue.filter((program) => {
    if (!options.installed(program)) return false;
    if (OPT_IN_PROGRAMS.includes(program)) return options.includeOptIn || options.alreadyShimmed.includes(program);
    return true;
  });
}

/** Removes the shims of programs that are no longer installed (or no longer catalogued). */
export function removeStaleShims(dir: string, keep: readonly string[]): ShimChange[] {
  return listShims(dir)
    .filter((name) => !keep.includes(name))
    .map((name) => {
      const path = join(dir, name);
      rmSync(path, { force: true });
      return { program: name, path, outcome: 'removed' as const };
    });
}

/** Removes every guard shim in the directory (also for programs no longer catalogued), nothing else. */
export function uninstallShims(dir: string): ShimChange[] {
  if (!existsSync(dir)) return [];
  const changes: ShimChange[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!isGuardShimFile(path)) continue;
    rmSync(path, { force: true });
    changes.push({ program: name, path, outcome: 'removed' });
  }
  return changes;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

// A shell that runs the program mid-write must see the old shim or the new one, never half of one.
function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.guard-tmp-${process.pid}`;
  writeFileSync(temporary, content, { mode: 0o755 });
  chmodSync(temporary, 0o755);
  renameSync(temporary, path);
}
