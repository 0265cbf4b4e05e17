// Other names for a catalogued program: a path or a chain of symlinks that ends at one (`~/bin/pq` → psql).
import { lstatSync, readlinkSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { findExecutable } from './exec.js';

const MAX_LINKS = 8;

/**
 * The catalogued name `command` really runs, when it is another name for it: the file the
 * shell would run (PATH search with the command's own PATH, or the path as written), followed
 * link by link, stopping at the first name in the catalogue. Null when no hop is catalogued.
 * Each hop counts, not only the last: Debian's psql is itself a link to pg_wrapper.
 */
export function catalogued(command: string, env: Readonly<Record<string, string | undefined>>, cwd: string, isCatalogued: (name: string) => boolean): string | null {
  let path = findExecutable(command, env, cwd, null);
  for (let hop = 0; path !== null && hop <= MAX_LINKS; hop++) {
    const name = basename(path);
    if (isCatalogued(name)) return name;
    let target: string;
    try {
      // lstat first: readlink on a plain file throws, and most programs are plain files.
      if (!lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) return null;
      target = readlinkSync(path);
    } catch {
      return null; // not a link: a file of its own
    }
    path = resolve(dirname(path), target);
  }
  return null;
}
