// Parses cobra/pflag argv (kubectl, helm, docker, doctl, fly, supabase): subcommands found among interspersed flags.

/** One command's flag kinds, by long name; `shorts` maps a letter to its long name. */
export interface FlagKinds {
  readonly values: ReadonlySet<string>;
  /** pflag NoOptDefVal: `--dry-run` alone is valid and never takes the next word. */
  readonly optional: ReadonlySet<string>;
  readonly bools: ReadonlySet<string>;
  readonly shorts: ReadonlyMap<string, string>;
}

export interface CommandNode {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly flags: FlagKinds;
  readonly children: ReadonlyMap<string, CommandNode>;
  /** cobra PersistentFlags: also accepted by every command below this one. */
  readonly persistent?: FlagKinds;
  /** pflag SetInterspersed(false) (`docker run IMAGE CMD…`): after the first positional, every word is an argument. */
  readonly interspersed?: boolean;
}

export interface ParsedArgs {
  /** Canonical command path: `['rollout', 'restart']`; empty when no command was named. */
  readonly path: readonly string[];
  /** Values by long flag name; switches hold 'true' (or the value given with `=`). */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
  /** Everything after `--` (kubectl exec's command), or null when there was no `--`. */
  readonly afterDash: readonly string[] | null;
  /** -h/--help, or `help`: nothing runs. */
  readonly infoOnly: boolean;
  /** A word in command position that names no command (a plugin, a typo). */
  readonly unknownCommand: string | null;
  readonly problems: readonly string[];
}

export function flagKinds(spec: { values: readonly string[]; optional?: readonly string[]; bools: readonly string[]; shorts: readonly string[] }): FlagKinds {
  return {
    values: new Set(spec.values),
    optional: new Set(spec.optional ?? []),
    bools: new Set(spec.bools),
    shorts: new Map(spec.shorts.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])),
  };
}

const HELP = flagKinds({ values: [], bools: ['help'], shorts: ['h=help'] });

type Kind = 'value' | 'optional' | 'bool';

function kindOf(scopes: readonly FlagKinds[], long: string): Kind | null {
  for (const scope of scopes) {
    if (scope.values.has(long)) return 'value';
    if (scope.optional.has(long)) return 'optional';
    if (scope.bools.has(long)) return 'bool';
  }
  return null;
}

function longOfShort(scopes: readonly FlagKinds[], letter: string): string | null {
  for (const scope of scopes) {
    const long = scope.shorts.get(letter);
    if (long) return long;
  }
  return null;
}

function childNamed(node: CommandNode, word: string): CommandNode | undefined {
  return node.children.get(word) ?? [...node.children.values()].find((child) => child.aliases.includes(word));
}

/**
 * cobra finds the command from the words left once flags are stripped, so global flags may come
 * before or after the verb; pflag then parses every flag of the command and its parents.
 */
export function parseArgs(root: CommandNode, global: FlagKinds, args: readonly string[], program: string, options: { unlistedAreSwitches?: boolean } = {}): ParsedArgs {
  const path: string[] = [];
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const problems: string[] = [];
  let afterDash: string[] | null = null;
  let node = root;
  let commandSearch = true;
  let unknownCommand: string | null = null;
  let infoOnly = false;
  const inherited: FlagKinds[] = root.persistent ? [root.persistent] : [];
  const scopes = (): FlagKinds[] => [HELP, node.flags, ...inherited, global];
  const record = (long: string, value: string): void => {
    if (long === 'help') infoOnly = true;
    flags.set(long, [...(flags.get(long) ?? []), value]);
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (node.interspersed === false && positionals.length > 0) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      afterDash = args.slice(i + 1);
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const long = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const kind = kindOf(scopes(), long) ?? (options.unlistedAreSwitches ? 'bool' : null);
      if (!kind) {
        problems.push(`unknown flag --${long} for ${[program, ...path].join(' ')}`);
        continue;
      }
      if (eq >= 0) record(long, arg.slice(eq + 1));
      else if (kind === 'value') {
        const value = args[i + 1];
        if (value === undefined) problems.push(`flag needs an argument: --${long}`);
        else i++;
        record(long, value ?? '');
      } else record(long, kind === 'optional' ? '' : 'true');
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // A cluster of short flags (`-it`); a value flag takes the rest (`-nprod`, `-n=prod`) or the next word.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] ?? '';
        const long = longOfShort(scopes(), letter);
        const kind = long ? (kindOf(scopes(), long) ?? (options.unlistedAreSwitches ? 'bool' : null)) : null;
        if (!long || !kind) {
          problems.push(`unknown shorthand flag: '${letter}' in ${arg}`);
          break;
        }
        if (kind === 'bool' || kind === 'optional') {
          if (arg[j + 1] === '=') {
            record(long, arg.slice(j + 2));
            break;
          }
          record(long, kind === 'bool' ? 'true' : '');
          continue;
        }
        let rest = arg.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest.length > 0 || arg[j + 1] === '=') record(long, rest);
        else {
          const value = args[i + 1];
          if (value === undefined) problems.push(`flag needs an argument: -${letter}`);
          else i++;
          record(long, value ?? '');
        }
        break;
      }
      continue;
    }
    if (commandSearch) {
      const child = childNamed(node, arg);
      if (child) {
        path.push(child.name);
        node = child;
        if (child.persistent) inherited.push(child.persistent);
        continue;
      }
      commandSearch = false;
      if (node === root) {
        if (arg === 'help') infoOnly = true;
        else unknownCommand = arg;
      }
    }
    positionals.push(arg);
  }
  return { path, flags, positionals, afterDash, infoOnly, unknownCommand, problems };
}

export function lastValue(parsed: ParsedArgs, long: string): string | undefined {
  const values = parsed.flags.get(long);
  return values ? values[values.length - 1] : undefined;
}

export function allValues(parsed: ParsedArgs, long: string): readonly string[] {
  return parsed.flags.get(long) ?? [];
}

/** A switch given without `=false`. */
export function isOn(parsed: ParsedArgs, long: string): boolean {
  const value = lastValue(parsed, long);
  return value !== undefined && value !== 'false';
}
