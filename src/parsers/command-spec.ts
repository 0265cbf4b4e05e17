// Compact command-tree specs for cobra-style CLIs (docker, doctl, fly, supabase): each command carries its rule key.
import { flagKinds, type CommandNode, type FlagKinds } from './cobra.js';

/**
 * One command as the CLI defines it. `flags` lists pflag definitions in one string:
 * `-f/--force --filter= -o/--output= --dry-run=?` — a trailing `=` takes a value, `=?` an optional one
 * (pflag NoOptDefVal), none is a switch.
 */
export interface CommandSpec<Key extends string> {
  /** The name cobra dispatches on, then its aliases: `'rm remove'`. */
  readonly names: string;
  readonly rule: Key;
  readonly flags?: string;
  /** PersistentFlags: inherited by every command below this one. */
  readonly persistent?: string;
  /** SetInterspersed(false): flags stop at the first positional (`docker run IMAGE CMD…`). */
  readonly interspersed?: false;
  readonly children?: readonly CommandSpec<Key>[];
}

export interface RuledNode<Key extends string> extends CommandNode {
  readonly rule: Key;
  readonly children: ReadonlyMap<string, RuledNode<Key>>;
}

/** `'-f/--force --filter='` → pflag kinds (long names are canonical). */
export function parseFlagList(list: string | undefined): FlagKinds {
  const values: string[] = [];
  const optional: string[] = [];
  const bools: string[] = [];
  const shorts: string[] = [];
  for (const token of (list ?? '').split(' ').filter(Boolean)) {
    const kind = token.endsWith('=?') ? 'optional' : token.endsWith('=') ? 'value' : 'bool';
    const names = token.replace(/=\??$/, '').split('/');
    const long = names.find((n) => n.startsWith('--'))?.slice(2);
    if (!long) throw new Error(`flag spec ${token} has no long name`);
    (kind === 'value' ? values : kind === 'optional' ? optional : bools).push(long);
    for (const name of names) if (/^-[^-]$/.test(name)) shorts.push(`${name.slice(1)}=${long}`);
  }
  return flagKinds({ values, optional, bools, shorts });
}

export function buildCommandTree<Key extends string>(spec: CommandSpec<Key>): RuledNode<Key> {
  const [name = '', ...aliases] = spec.names.split(' ');
  const children = new Map<string, RuledNode<Key>>();
  for (const child of spec.children ?? []) {
    const built = buildCommandTree(child);
    children.set(built.name, built);
  }
  return {
    name,
    aliases,
    rule: spec.rule,
    flags: parseFlagList(spec.flags),
    children,
    ...(spec.persistent ? { persistent: parseFlagList(spec.persistent) } : {}),
    ...(spec.interspersed === false ? { interspersed: false } : {}),
  };
}

/** The node a parsed path names (the path comes from the same tree, so every step exists). */
export function nodeAt<Key extends string>(root: RuledNode<Key>, path: readonly string[]): RuledNode<Key> {
  let node = root;
  for (const name of path) node = node.children.get(name) ?? node;
  return node;
}

/** Every command path of a tree with its flags' long names (for grammar checks against --help). */
export function* walkCommands<Key extends string>(root: RuledNode<Key>, prefix: readonly string[] = []): Generator<{ path: readonly string[]; node: RuledNode<Key> }> {
  for (const child of root.children.values()) {
    const path = [...prefix, child.name];
    yield { path, node: child };
    yield* walkCommands(child, path);
  }
}

/** A command row generated from a CLI's own help (`*-commands.generated.ts`). */
export interface GeneratedCommand {
  readonly aliases: readonly string[];
  readonly flags: string;
}

// Verbs that delete, as these CLIs spell them (rm, delete, destroy, remove, unset, release, prune…).
const DELETING_VERBS = new Set(['delete', 'del', 'rm', 'remove', 'destroy', 'unset', 'release', 'prune', 'purge', 'revoke', 'detach', 'reset', 'wipe']);

/**
 * A command group whose subcommands guard did not transcribe (`doctl registry`, `fly storage`): the first
 * positional is the subcommand the CLI dispatches on. One that deletes is not given the group's mild rule.
 */
export function untranscribedDeletion<Key extends string>(node: RuledNode<Key>, positionals: readonly string[]): string | null {
  const first = positionals[0];
  return node.children.size === 0 && first !== undefined && DELETING_VERBS.has(first) ? first : null;
}
