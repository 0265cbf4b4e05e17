// Parses gcloud argv as calliope does: groups and a command among interspersed flags, `--flag=value`, switches with `--no-`.
import { GCLOUD_ROOT, type FlagKind, type GcloudNode } from './tree.js';
import type { GcloudNodeRule } from './verbs.js';

/**
 * Short options: the completion tree lists long names only, so the letters come from each
 * command's --help (gcloud 528: `gcloud storage rm --help`…) and gcloud's global -q/-h.
 */
const GLOBAL_SHORTS: Readonly<Record<string, string>> = { q: 'quiet', h: 'help' };
const COMMAND_SHORTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'storage rm': { a: 'all-versions', c: 'continue-on-error', I: 'read-paths-from-stdin', R: 'recursive', r: 'recursive' },
  'storage rsync': { c: 'continue-on-error', J: 'gzip-in-flight-all', n: 'no-clobber', P: 'preserve-posix', R: 'recursive', r: 'recursive', u: 'skip-if-dest-has-newer-mtime', U: 'skip-unsupported' },
  'storage cp': { A: 'all-versions', c: 'continue-on-error', D: 'daisy-chain', J: 'gzip-in-flight-all', Z: 'gzip-local-all', n: 'no-clobber', P: 'preserve-posix', v: 'print-created-message', I: 'read-paths-from-stdin', R: 'recursive', r: 'recursive', U: 'skip-unsupported' },
  'storage mv': { A: 'all-versions', c: 'continue-on-error', D: 'daisy-chain', J: 'gzip-in-flight-all', Z: 'gzip-local-all', n: 'no-clobber', P: 'preserve-posix', v: 'print-created-message', I: 'read-paths-from-stdin', U: 'skip-unsupported' },
  'storage ls': { a: 'all-versions', b: 'buckets', e: 'etag', L: 'full', j: 'json', l: 'long', I: 'read-paths-from-stdin', R: 'recursive' },
  'storage du': { a: 'all-versions', r: 'readable-sizes', s: 'summarize', c: 'total' },
  'storage cat': { d: 'display-url' },
  'storage buckets delete': { c: 'continue-on-error' },
};

export interface GcloudArgs {
  /** The command path as typed, release track included: `['beta', 'sql', 'instances', 'delete']`. */
  readonly path: readonly string[];
  /** The path without its release track, as rules and short options are keyed. */
  readonly command: string;
  /** The runnable command's rule; null when the words name only a group (or nothing). */
  readonly rule: GcloudNodeRule | null;
  /** Values by long flag name; switches hold 'true', `--no-NAME` holds 'false'. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
  /** --help, -h, `gcloud help …`, --version: nothing runs. */
  readonly infoOnly: boolean;
  /** A word where a command or group was expected that names none (a newer SDK, a typo, a hidden command). */
  readonly unknownCommand: string | null;
  readonly problems: readonly string[];
}

const TRACKS = new Set(['alpha', 'beta', 'preview']);

function kindIn(scopes: readonly GcloudNode[], long: string): { kind: FlagKind; long: string; negated: boolean } | null {
  for (const scope of scopes) {
    const kind = scope.flags.get(long);
    if (kind) return { kind, long, negated: false };
  }
  // gcloud's Boolean flags take a `--no-` form; a flag really named --no-… is found above first.
  if (long.startsWith('no-')) {
    const positive = long.slice(3);
    for (const scope of scopes) if (scope.flags.get(positive) === 'switch') return { kind: 'switch', long: positive, negated: true };
  }
  return null;
}

export function parseGcloudArgs(args: readonly string[]): GcloudArgs {
  const path: string[] = [];
  const scopes: GcloudNode[] = [GCLOUD_ROOT];
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const problems: string[] = [];
  let node: GcloudNode = GCLOUD_ROOT;
  let unknownCommand: string | null = null;
  let infoOnly = false;
  let commandSearch = true;
  const record = (long: string, value: string): void => {
    if (long === 'help' || long === 'version') infoOnly = true;
    flags.set(long, [...(flags.get(long) ?? []), value]);
  };
  const commandKey = (): string => (TRACKS.has(path[0] ?? '') ? path.slice(1) : path).join(' ');

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const found = kindIn(scopes, name);
      if (!found) {
        problems.push(`unknown flag --${name} for gcloud ${path.join(' ')}`.trimEnd());
        continue;
      }
      if (found.kind === 'switch') {
        if (eq >= 0) problems.push(`--${name} takes no value`);
        record(found.long, found.negated ? 'false' : 'true');
      } else if (eq >= 0) record(found.long, arg.slice(eq + 1));
      else {
        const value = args[i + 1];
        if (value === undefined) problems.push(`--${name} needs a value`);
        else i++;
        record(found.long, value ?? '');
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1 && !isNumberLike(arg)) {
      // gcloud's short options are all switches; a bundle (`-rq`) sets each.
      const shorts = { ...GLOBAL_SHORTS, ...(COMMAND_SHORTS[commandKey()] ?? {}) };
      for (const letter of arg.slice(1)) {
        const long = shorts[letter];
        if (long) record(long, 'true');
        else problems.push(`unknown option -${letter} in ${arg} for gcloud ${path.join(' ')}`.trimEnd());
      }
      continue;
    }
    if (commandSearch) {
      const child = node.child(arg);
      if (child) {
        path.push(arg);
        node = child;
        scopes.unshift(child);
        continue;
      }
      commandSearch = false;
      if (node === GCLOUD_ROOT && arg === 'help') {
        infoOnly = true;
        continue;
      }
      if (node.isGroup) unknownCommand = arg;
    }
    positionals.push(arg);
  }
  return { path, command: commandKey(), rule: node.rule, flags, positionals, infoOnly, unknownCommand, problems };
}

export function lastValue(args: GcloudArgs, long: string): string | undefined {
  const values = args.flags.get(long);
  return values ? values[values.length - 1] : undefined;
}

export function isOn(args: GcloudArgs, long: string): boolean {
  const value = lastValue(args, long);
  return value !== undefined && value !== 'false';
}

/** `-5`, `-0.5`: a negative number is a value, never an option (argparse's own rule). */
function isNumberLike(word: string): boolean {
  const first = word[1] ?? '';
  return (first >= '0' && first <= '9') || first === '.';
}
