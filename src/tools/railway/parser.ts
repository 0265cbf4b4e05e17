// Parses railway argv the way clap does: nested subcommands, global vs local flags, aliases, `--flag=value`.

/** How many values a flag takes: none (a switch), one, an optional one, or exactly n. */
export type FlagArity = 'none' | 'value' | 'optional' | number;

export interface FlagSpec {
  /** Canonical name (the long name clap derives): `service`, `2fa-code`. */
  readonly name: string;
  readonly longs: readonly string[];
  readonly shorts: readonly string[];
  readonly arity: FlagArity;
  /** clap `global = true`: also accepted after the subcommand, by every descendant. */
  readonly global: boolean;
}

export interface CommandSpec<Action extends string = string> {
  /** The name clap dispatches on, then its visible aliases. */
  readonly names: readonly string[];
  readonly flags: readonly FlagSpec[];
  /** Positional slots, in order; `many` swallows every remaining positional. */
  readonly positionals: readonly { readonly name: string; readonly many?: boolean }[];
  /** clap `trailing_var_arg`: after the first positional, everything is passed on untouched. */
  readonly trailing?: boolean;
  readonly subcommands: readonly CommandSpec<Action>[];
  /** What this command does when no subcommand is given (or it has none). */
  readonly action: Action;
  /** Accept flags guard does not know (commands whose flags guard does not need to see). */
  readonly lenient?: boolean;
  /** `railway scale --us-west1 3`: unknown long flags are legacy region assignments. */
  readonly legacyRegionFlags?: boolean;
  /** clap `allow_hyphen_values` on the first positional (`railway api '-…'`). */
  readonly hyphenPositional?: boolean;
}

export interface ParsedCommand<Action extends string = string> {
  /** Canonical names of the matched command path: `['volume', 'delete']`. */
  readonly path: readonly string[];
  readonly spec: CommandSpec<Action> | null;
  /** Values by canonical flag name; switches hold `''`. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
  /** `--help`, `-h`, `--version`, `-V`, or `railway help …`: nothing runs. */
  readonly infoOnly: boolean;
  readonly problems: readonly string[];
}

/** Spec helper: `flag('-s/--service', 'value')`, `flag('--json')`, `flag('-y/--yes')`. */
export function flag(names: string, arity: FlagArity = 'none', global = false): FlagSpec {
  const longs: string[] = [];
  const shorts: string[] = [];
  for (const part of names.split('/')) {
    if (part.startsWith('--')) longs.push(part.slice(2));
    else if (part.startsWith('-')) shorts.push(part.slice(1));
  }
  return { name: longs[0] ?? shorts[0] ?? names, longs, shorts, arity, global };
}

export function globalFlag(names: string, arity: FlagArity = 'none'): FlagSpec {
  return flag(names, arity, true);
}

const HELP = flag('-h/--help');
const VERSION = flag('-V/--version');

function findLong(flags: readonly FlagSpec[], name: string): FlagSpec | undefined {
  return flags.find((f) => f.longs.includes(name));
}

function findShort(flags: readonly FlagSpec[], name: string): FlagSpec | undefined {
  return flags.find((f) => f.shorts.includes(name));
}

function takesValue(spec: FlagSpec): boolean {
  return spec.arity !== 'none';
}

/** Parses argv (without the program name) against a root command spec. */
export function parseCommand<Action extends string>(root: CommandSpec<Action>, args: readonly string[]): ParsedCommand<Action> {
  const path: string[] = [];
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const problems: string[] = [];
  let infoOnly = false;
  let command: CommandSpec<Action> = root;
  let inherited: FlagSpec[] = [];
  let endOfFlags = false;
  let trailingStarted = false;
  let positionalsHere = 0;

  const inScope = (): FlagSpec[] => [HELP, VERSION, ...command.flags, ...inherited];
  const record = (spec: FlagSpec, value: string): void => {
    const list = flags.get(spec.name) ?? [];
    list.push(value);
    flags.set(spec.name, list);
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (endOfFlags || trailingStarted) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      endOfFlags = true;
      continue;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const spec = findLong(inScope(), name);
      if (!spec) {
        if (command.legacyRegionFlags) {
          const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
          positionals.push(`${name}=${value ?? ''}`);
        } else if (!command.lenient) problems.push(`unknown option --${name} for railway ${path.join(' ') || '(root)'}`);
        continue;
      }
      if (spec === HELP || spec === VERSION) infoOnly = true;
      if (eq >= 0) {
        if (!takesValue(spec)) problems.push(`--${name} takes no value`);
        record(spec, arg.slice(eq + 1));
      } else if (spec.arity === 'value' || typeof spec.arity === 'number') {
        const count = typeof spec.arity === 'number' ? spec.arity : 1;
        const values = args.slice(i + 1, i + 1 + count);
        if (values.length < count) problems.push(`--${name} needs a value`);
        i += values.length;
        record(spec, values.join(' '));
      } else if (spec.arity === 'optional') {
        const next = args[i + 1];
        if (next !== undefined && !next.startsWith('-') && !isSubcommand(command, next)) {
          record(spec, next);
          i++;
        } else record(spec, '');
      } else record(spec, '');
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1 && !(command.hyphenPositional && positionalsHere === 0 && !findShort(inScope(), arg.slice(1, 2)))) {
      // A cluster of short switches, the last of which may take a value (`-yv pg-data`, `-vpg-data`, `-e=prod`).
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] ?? '';
        const spec = findShort(inScope(), letter);
        if (!spec) {
          if (!command.lenient) problems.push(`unknown option -${letter} for railway ${path.join(' ') || '(root)'}`);
          break;
        }
        if (spec === HELP || spec === VERSION) infoOnly = true;
        if (!takesValue(spec)) {
          record(spec, '');
          continue;
        }
        let rest = arg.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest.length > 0) record(spec, rest);
        else if (spec.arity === 'optional') record(spec, '');
        else {
          const count = typeof spec.arity === 'number' ? spec.arity : 1;
          const values = args.slice(i + 1, i + 1 + count);
          if (values.length < count) problems.push(`-${letter} needs a value`);
          i += values.length;
          record(spec, values.join(' '));
        }
        break;
      }
      continue;
    }
    // A word: a subcommand while no positional of this command has been taken, else a positional.
    const sub = positionalsHere === 0 ? command.subcommands.find((s) => s.names.includes(arg)) : undefined;
    if (sub) {
      path.push(sub.names[0] ?? arg);
      inherited = [...inherited, ...command.flags.filter((f) => f.global)];
      command = sub;
      continue;
    }
    if (command === root && arg === 'help') {
      infoOnly = true;
      break;
    }
    if (command.positionals.length === 0 && !command.lenient) {
      problems.push(command.subcommands.length > 0 ? `unknown subcommand '${arg}' for railway ${path.join(' ') || '(root)'}` : `unexpected argument '${arg}' for railway ${path.join(' ')}`);
      if (command.subcommands.length > 0) return { path, spec: null, flags, positionals, infoOnly, problems };
      continue;
    }
    const many = command.positionals.some((p) => p.many);
    if (positionalsHere >= command.positionals.length && !many && !command.lenient) problems.push(`unexpected argument '${arg}' for railway ${path.join(' ')}`);
    positionals.push(arg);
    positionalsHere++;
    if (command.trailing) trailingStarted = true;
  }
  return { path, spec: command, flags, positionals, infoOnly, problems };
}

function isSubcommand(command: CommandSpec, word: string): boolean {
  return command.subcommands.some((s) => s.names.includes(word));
}

/** The last value given for a flag, or undefined. */
export function flagValue(parsed: ParsedCommand, name: string): string | undefined {
  const values = parsed.flags.get(name);
  return values ? values[values.length - 1] : undefined;
}

export function hasFlag(parsed: ParsedCommand, name: string): boolean {
  return parsed.flags.has(name);
}
