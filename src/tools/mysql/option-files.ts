// The option files a MySQL/MariaDB client reads, in its order: my.cnf groups, !include, !includedir, ~/.my.cnf.
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { Context } from '../../core/context.js';
import { decodeMyloginCnf } from './mylogin.js';

/** One `name=value` line of a group the program reads. */
export interface FileOption {
  readonly name: string;
  readonly value: string | null;
  /** `/etc/mysql/my.cnf [client]`: where it was read (shown in reports). */
  readonly origin: string;
}

export interface OptionFileResult {
  readonly options: readonly FileOption[];
  /** Files read, in order (for notes). */
  readonly files: readonly string[];
  readonly problems: readonly string[];
}

/** What decides which files and groups: the leading --no-defaults/--defaults-* arguments. */
export interface DefaultsRequest {
  readonly noDefaults: boolean;
  readonly defaultsFile: string | null;
  readonly extraFile: string | null;
  readonly groupSuffix: string | null;
  readonly loginPath: string | null;
}

const MAX_INCLUDE_DEPTH = 10;
const MAX_FILES = 64;

/** Unquotes a value as my_load_defaults does: "…" or '…' with backslash escapes, else trimmed. */
function unquote(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', s: ' ', '"': '"', "'": "'", '\\': '\\' };
    return inner.replace(/\\(.)/g, (_all, letter: string) => escapes[letter] ?? `\\${letter}`);
  }
  // An unquoted value ends at a # comment that follows whitespace.
  const comment = value.search(/\s#/);
  return (comment >= 0 ? value.slice(0, comment) : value).trim();
}

interface ReadState {
  readonly groups: ReadonlySet<string>;
  readonly options: FileOption[];
  readonly files: string[];
  readonly problems: string[];
}

async function readOptionFile(path: string, state: ReadState, ctx: Context, depth: number, required: boolean): Promise<void> {
  if (state.files.length >= MAX_FILES || depth > MAX_INCLUDE_DEPTH) {
    state.problems.push(`option file ${path}: too many nested includes`);
    return;
  }
  if (!ctx.fileExists(path)) {
    if (required) state.problems.push(`option file ${path} does not exist`);
    return;
  }
  let text: string;
  try {
    text = (await ctx.readFile(path)).toString('utf8');
  } catch (error) {
    state.problems.push(`option file ${path} cannot be read: ${(error as Error).message}`);
    return;
  }
  state.files.push(path);
  let group: string | null = null;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('!include ') || line.startsWith('!includedir ')) {
      const directive = line.startsWith('!includedir ') ? 'dir' : 'file';
      const target = line.slice(directive === 'dir' ? '!includedir '.length : '!include '.length).trim();
      const resolved = isAbsolute(target) ? target : join(dirname(path), target);
      if (directive === 'file') await readOptionFile(resolved, state, ctx, depth + 1, false);
      else await readIncludeDir(resolved, state, ctx, depth + 1);
      continue;
    }
    if (line.startsWith('[')) {
      const end = line.indexOf(']');
      group = end > 0 ? line.slice(1, end).trim().toLowerCase() : null;
      continue;
    }
    if (group === null || !state.groups.has(group)) continue;
    const eq = line.indexOf('=');
    const name = (eq < 0 ? line : line.slice(0, eq)).trim().toLowerCase().replace(/_/g, '-');
    const value = eq < 0 ? null : unquote(line.slice(eq + 1));
    state.options.push({ name, value, origin: `${path} [${group}]` });
  }
}

/** `!includedir`: every `*.cnf` file in the directory, in name order. */
async function readIncludeDir(dir: string, state: ReadState, ctx: Context, depth: number): Promise<void> {
  let names: string[];
  try {
    const { readdirSync } = await import('node:fs');
    names = readdirSync(dir).filter((name) => name.endsWith('.cnf')).sort();
  } catch {
    return; // the clients skip a missing include directory silently
  }
  for (const name of names) await readOptionFile(join(dir, name), state, ctx, depth, false);
}

/** The groups a program reads (`mysql --help` lists them), with --defaults-group-suffix copies. */
export function optionGroups(programGroups: readonly string[], suffix: string | null): Set<string> {
  const groups = new Set(programGroups);
  if (suffix) for (const group of programGroups) groups.add(`${group}${suffix}`);
  return groups;
}

/**
 * Reads the option files in the order the client does (later options win): /etc/my.cnf,
 * /etc/mysql/my.cnf, $MYSQL_HOME/my.cnf, --defaults-extra-file, ~/.my.cnf, then ~/.mylogin.cnf
 * (MySQL's obfuscated login file; MariaDB's clients ignore it). --defaults-file replaces the list;
 * --no-defaults reads none.
 */
export async function readOptionFiles(request: DefaultsRequest, programGroups: readonly string[], ctx: Context): Promise<OptionFileResult> {
  const groups = optionGroups(programGroups, request.groupSuffix);
  const state: ReadState = { groups, options: [], files: [], problems: [] };
  if (request.noDefaults) return { options: [], files: [], problems: [] };
  const home = ctx.home;
  if (request.defaultsFile !== null) {
    await readOptionFile(resolveFrom(ctx.cwd, request.defaultsFile), state, ctx, 0, true);
  } else {
    await readOptionFile('/etc/my.cnf', state, ctx, 0, false);
    await readOptionFile('/etc/mysql/my.cnf', state, ctx, 0, false);
    const mysqlHome = ctx.env.MARIADB_HOME ?? ctx.env.MYSQL_HOME;
    if (mysqlHome) await readOptionFile(join(mysqlHome, 'my.cnf'), state, ctx, 0, false);
    if (request.extraFile !== null) await readOptionFile(resolveFrom(ctx.cwd, request.extraFile), state, ctx, 0, true);
    await readOptionFile(join(home, '.my.cnf'), state, ctx, 0, false);
  }
  const loginFile = ctx.env.MYSQL_TEST_LOGIN_FILE ?? join(home, '.mylogin.cnf');
  if (ctx.fileExists(loginFile)) {
    const loginGroups = new Set([...groups, ...(request.loginPath ? [request.loginPath] : [])]);
    try {
      const text = decodeMyloginCnf(await ctx.readFile(loginFile));
      let group: string | null = null;
      state.files.push(`${loginFile} (decoded)`);
      for (const rawLine of text.split(/\r?\n/)) {
        const line = rawLine.trim();
        if (line.startsWith('[')) group = line.slice(1, line.indexOf(']')).trim().toLowerCase();
        else if (line && group !== null && loginGroups.has(group)) {
          const eq = line.indexOf('=');
          state.options.push({
            name: (eq < 0 ? line : line.slice(0, eq)).trim().toLowerCase().replace(/_/g, '-'),
            value: eq < 0 ? null : unquote(line.slice(eq + 1)),
            origin: `${basename(loginFile)} [${group}]`,
          });
        }
      }
    } catch (error) {
      state.problems.push(`${loginFile} cannot be decoded: ${(error as Error).message}`);
    }
  } else if (request.loginPath) {
    state.problems.push(`--login-path=${request.loginPath}: ${loginFile} does not exist`);
  }
  return { options: state.options, files: state.files, problems: state.problems };
}

function resolveFrom(cwd: string, path: string): string {
  return isAbsolute(path) ? path : join(cwd, path);
}
