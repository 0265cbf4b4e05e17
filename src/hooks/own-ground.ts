// guard's own state is protected ground: what an agent's command or file edit would change there, by resolved path.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { Context } from '../core/context.js';
import type { LineAssessment, LineCommand } from '../shell/model.js';
import { secretPath } from '../approvals/secret.js';
import { guardDirectory } from '../config/load.js';
import { runtimeDirectory } from '../daemon/paths.js';
import { AGENTS, type AgentName } from './model.js';
import { configFile, inspectHook } from './install.js';
import { isGuardShimFile } from '../shims/install.js';
import { PROGRAMS } from '../tools/registry.js';
import { SUBCOMMAND_ALIASES } from '../cli/commands/index.js';

/** One place guard keeps state, and what it is in the user's words. */
interface Place {
  readonly path: string;
  readonly what: string;
  /** Reading it is as bad as writing it (the approval key). */
  readonly secret?: boolean;
}

/** Why a request touches guard's own state. */
export interface OwnGroundHit {
  readonly what: string;
  readonly path: string;
  /** The command or tool that would do it, as written. */
  readonly by: string;
}

/**
 * Programs that only read the files they name. Anything else that names guard's state (an
 * editor, cp, sed, git, a script) is taken to change it: guard cannot see what it does there.
 */
const CONTENT_READERS = new Set([
  'cat', 'less', 'more', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'wc', 'jq', 'diff', 'cmp',
  'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'bat', 'od', 'xxd', 'hexdump', 'strings', 'nl', 'column',
]);
/** Programs that look at names and metadata only: they never read the key's bytes. */
const METADATA_READERS = new Set(['ls', 'stat', 'file', 'test', '[', 'readlink', 'realpath', 'du', 'tree', 'basename', 'dirname', 'echo', 'printf', 'pwd', 'cd', 'true', 'false']);

/** guard subcommands only a human may run: they approve, loosen or unwire guard. */
function guardSubcommandHit(argv: readonly string[]): string | null {
  const words = argv.slice(1).filter((word) => !word.startsWith('-'));
  const [typed, second] = words;
  // An alias is its command: `guard hooks uninstall …` is `guard hook uninstall …`.
  const first = typed === undefined ? undefined : SUBCOMMAND_ALIASES[typed] ?? typed;
  // `--list` only reads (it approves nothing, whatever else is on the line).
  if (first === 'approve' && !argv.includes('--list')) return "'guard approve' (approving a refused request)";
  if (first === 'config' && second !== 'path' && second !== 'get' && second !== undefined) return `'guard config ${second}' (changing guard's configuration)`;
  if (first === 'hook' && (second === 'install' || second === 'uninstall')) return `'guard hook ${second}' (changing how guard is wired into the agent)`;
  if (first === 'shims' && second === 'uninstall') return "'guard shims uninstall' (removing guard's PATH shims)";
  if (first === 'snapshots' && second === 'prune' && !argv.includes('--dry-run')) return "'guard snapshots prune' (deleting the snapshots a destructive run can be undone from)";
  if (first === 'snapshots' && second === 'restore') return "'guard snapshots restore' (writing a snapshot back into its environment)";
  return null;
}

function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/**
 * The real path of `path`, following symlinks as far as the path exists, normalised (no `..`, no
 * trailing slash) so that containment is a comparison of strings. existsSync for the walk up (a
 * missing path costs no exception) and one realpath(3) call for the part that exists (the JS
 * realpathSync lstat()s every component): asked for every place on every hook call.
 */
function realPath(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) return canonical(path);
    rest.unshift(existing.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    existing = parent;
  }
  try {
    const real = realpathSync.native(existing);
    return rest.length === 0 ? real : canonical(join(real, ...rest));
  } catch {
    return canonical(path);
  }
}

function canonical(path: string): string {
  const normal = normalize(path);
  return normal.length > 1 && normal.endsWith(sep) ? normal.slice(0, -1) : normal;
}

/** `path` is `root` or below it; both are canonical absolute paths (realPath's). */
function within(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Every place guard keeps state, in its default and its current location. */
export function guardPlaces(ctx: Context, cwd: string): Place[] {
  const env = ctx.env;
  const places: Place[] = [];
  // The default and the current location are often one path: resolved once per call.
  const resolved = new Map<string, string>();
  const add = (path: string | undefined, what: string, secret = false) => {
    if (!path || !isAbsolute(path)) return;
    let real = resolved.get(path);
    if (real === undefined) resolved.set(path, (real = realPath(path)));
    places.push({ path: real, what, ...(secret ? { secret } : {}) });
  };
  add(ctx.guardDir, "guard's configuration, audit log and approvals");
  add(guardDirectory({ XDG_CONFIG_HOME: env.XDG_CONFIG_HOME }, ctx.home), "guard's configuration, audit log and approvals (default location)");
  add(guardDirectory({}, ctx.home), "guard's configuration, audit log and approvals (default location)");
  if (env.GUARD_CONFIG_DIR) add(env.GUARD_CONFIG_DIR, "guard's configuration directory");
  add(secretPath(ctx.guardDir), "guard's approval key", true);
  add(join(ctx.home, '.cache', 'guard'), "guard's cache");
  if (env.XDG_CACHE_HOME) add(join(env.XDG_CACHE_HOME, 'guard'), "guard's cache");
  if (env.GUARD_CACHE_DIR) add(env.GUARD_CACHE_DIR, "guard's cache");
  add(join(env.XDG_STATE_HOME || join(ctx.home, '.local', 'state'), 'guard'), "guard's state");
  // A socket of the agent's own there would answer guard's hook calls: the daemon's directory is guard's.
  add(runtimeDirectory(env, ctx.home) ?? undefined, "guard's resident daemon (its socket)");
  for (const agent of AGENTS) {
    for (const scope of ['project', 'user'] as const) {
      const file = configFile(agent, scope, cwd, ctx.home);
      if (file && runsGuardHook(agent, file)) add(file, `the ${agent} settings file that runs guard's hook`);
    }
  }
  // Snapshots are the way back from a destructive run: deleting them is erasing guard's safety net.
  add(join(env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(ctx.home, '.local', 'share'), 'guard'), "guard's snapshots");
  const configured = ctx.config.snapshots?.directory;
  if (configured) add(configured, "guard's snapshots (the configured store)");
  for (const dir of (env.PATH ?? '').split(':')) {
    if (isAbsolute(dir) && holdsGuardShims(dir)) add(dir, "guard's PATH shims");
  }
  return places;
}

/**
 * Whether a change made at `ctimeNs` is old enough to key a cache by: file times tick coarsely
 * (a few ms), so a second change within the same tick as the one read would keep the same times.
 * An answer read from something changed in the last two seconds is not kept.
 */
function settled(ctimeNs: bigint): boolean {
  return BigInt(Date.now()) * 1_000_000n - ctimeNs > 2_000_000_000n;
}

/**
 * Whether a PATH directory holds one of guard's shims. The answer is kept for as long as the
 * directory's inode, mtime and ctime stay the same: adding, removing or renaming an entry changes
 * both times, and ctime cannot be set back. A resident guard asks this on every hook call.
 */
const shimDirectories = new Map<string, { readonly key: string; readonly shims: boolean }>();

function holdsGuardShims(dir: string): boolean {
  const info = statSync(dir, { throwIfNoEntry: false, bigint: true });
  if (!info?.isDirectory()) return false;
  const key = `${info.dev}:${info.ino}:${info.mtimeNs}:${info.ctimeNs}`;
  const known = shimDirectories.get(dir);
  if (known?.key === key) return known.shims;
  const shims = PROGRAMS.some((program) => isGuardShimFile(join(dir, program)));
  if (settled(info.ctimeNs)) shimDirectories.set(dir, { key, shims });
  return shims;
}

/**
 * Whether an agent's settings file runs guard's hook. That depends on the file's bytes only, so
 * the answer is kept while the file's identity, size, mtime and ctime stay the same (any write
 * changes ctime, which cannot be set back); a resident guard would otherwise read and parse the
 * user's settings on every hook call.
 */
const settingsFiles = new Map<string, { readonly key: string; readonly installed: boolean }>();

function runsGuardHook(agent: AgentName, file: string): boolean {
  const info = statSync(file, { throwIfNoEntry: false, bigint: true });
  if (!info) return false;
  const key = `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  const known = settingsFiles.get(`${agent}\0${file}`);
  if (known?.key === key) return known.installed;
  const installed = inspectHook(agent, file).installed;
  if (settled(info.ctimeNs)) settingsFiles.set(`${agent}\0${file}`, { key, installed });
  return installed;
}

type Access = 'write' | 'read' | 'metadata';

/**
 * The place `path` touches for this kind of access: writes count inside a place or above it
 * (deleting a parent deletes it too); reads count only for the key (or a directory holding it,
 * read recursively); a look at names and metadata never does.
 */
function placeOf(path: string, places: readonly Place[], access: Access = 'write'): Place | null {
  if (access === 'metadata') return null;
  const real = realPath(path);
  const matches = places.filter((place) => within(real, place.path) || within(place.path, real));
  const key = matches.find((place) => place.secret);
  if (access === 'read') return key ?? null;
  return matches.find((place) => !place.secret) ?? key ?? null;
}

function accessOf(program: string): Access {
  if (METADATA_READERS.has(program)) return 'metadata';
  return CONTENT_READERS.has(program) ? 'read' : 'write';
}

/** Words of a command that may name a file: its arguments, and the value of `--opt=value` / `of=value`. */
function pathWords(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of argv.slice(1)) {
    const eq = word.indexOf('=');
    if (word.startsWith('-')) {
      if (eq > 0) out.push(word.slice(eq + 1));
      continue;
    }
    out.push(word);
    if (eq > 0) out.push(word.slice(eq + 1));
  }
  return out.filter((word) => word.length > 0);
}

function commandHits(command: LineCommand, places: readonly Place[], cwd: string): OwnGroundHit[] {
  const program = programName(command.argv[0] ?? '');
  const by = command.origin.text;
  if (program === 'guard') {
    const sub = guardSubcommandHit(command.argv);
    if (sub) return [{ what: sub, path: '', by }];
  }
  const access = accessOf(program);
  const hits: OwnGroundHit[] = [];
  for (const word of pathWords(command.argv)) {
    const place = placeOf(resolve(command.cwd ?? cwd, word), places, access);
    if (place) hits.push({ what: place.what, path: place.path, by });
  }
  return hits;
}

/** What in a shell line would write, move, delete or truncate guard's state (or read its key). */
export function ownGroundOfLine(line: LineAssessment, ctx: Context): OwnGroundHit[] {
  const places = guardPlaces(ctx, ctx.cwd);
  const hits = line.commands.flatMap(({ command }) => commandHits(command, places, ctx.cwd));
  for (const write of line.writes ?? []) {
    if (write.kind !== 'file') continue;
    const place = placeOf(write.path, places);
    if (place) hits.push({ what: place.what, path: place.path, by: write.origin });
  }
  return hits;
}

/** A file tool (Write, Edit…) on these paths; `reads` for tools that only read (only the key is off limits then). */
export function ownGroundOfFiles(tool: string, paths: readonly string[], reads: boolean, ctx: Context): OwnGroundHit[] {
  const places = guardPlaces(ctx, ctx.cwd);
  const hits: OwnGroundHit[] = [];
  for (const path of paths) {
    const place = placeOf(resolve(ctx.cwd, path), places, reads ? 'read' : 'write');
    if (place) hits.push({ what: place.what, path: place.path, by: `${tool} ${path}` });
  }
  return hits;
}
