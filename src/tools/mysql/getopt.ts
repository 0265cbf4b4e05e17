// MySQL's my_getopt as the clients use it: long options by unique prefix, -/_ alike, skip-/loose- prefixes, -xVALUE.

/** How an option takes its value: none, always (next argument if not attached), or only attached (`-pSECRET`). */
export type ArgumentKind = 'none' | 'required' | 'optional';

export interface OptionSpec {
  /** The long name with dashes: `init-command`. */
  readonly name: string;
  /** Its letters: usually one, `?I` for help. */
  readonly short?: string;
  readonly argument: ArgumentKind;
  /** Other long names my_getopt accepts for it (`i-am-a-dummy` for safe-updates). */
  readonly aliases?: readonly string[];
}

export interface ParsedOption {
  /** The canonical long name. */
  readonly name: string;
  /** The value; null for a flag or an optional value not given. */
  readonly value: string | null;
  /** `--skip-x`, `--disable-x`, `--x=0|off|false`. */
  readonly negated: boolean;
  /** Index in argv of the argument that carried the option (and of its value, when separate). */
  readonly index: number;
  readonly valueIndex?: number;
}

export interface GetoptResult {
  readonly options: readonly ParsedOption[];
  readonly positionals: readonly string[];
  readonly problems: readonly string[];
}

const normalise = (name: string) => name.toLowerCase().replace(/_/g, '-');
const FALSE_WORDS = new Set(['0', 'off', 'false', 'no']);

function findLong(table: readonly OptionSpec[], typed: string): { spec: OptionSpec | null; ambiguous: boolean } {
  const name = normalise(typed);
  const exact = table.find((spec) => spec.name === name || spec.aliases?.includes(name));
  if (exact) return { spec: exact, ambiguous: false };
  // my_getopt accepts any unambiguous prefix of a long option (`--exec` for `--execute`).
  const candidates = table.filter((spec) => spec.name.startsWith(name) || spec.aliases?.some((alias) => alias.startsWith(name)));
  if (candidates.length === 1) return { spec: candidates[0] ?? null, ambiguous: false };
  return { spec: null, ambiguous: candidates.length > 1 };
}

/**
 * Parses argv the way handle_options() does. Options and positional arguments may mix; `--`
 * ends the options. A `--loose-` option guard does not know is skipped, as the client skips it.
 */
export function parseMysqlOptions(args: readonly string[], table: readonly OptionSpec[]): GetoptResult {
  const options: ParsedOption[] = [];
  const positionals: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      let name = normalise(eq < 0 ? arg.slice(2) : arg.slice(2, eq));
      let value: string | null = eq < 0 ? null : arg.slice(eq + 1);
      let loose = false;
      let negated = false;
      if (name.startsWith('loose-')) {
        loose = true;
        name = name.slice('loose-'.length);
      }
      let found = findLong(table, name);
      for (const prefix of ['skip-', 'disable-', 'enable-', 'maximum-']) {
        if (found.spec || !name.startsWith(prefix)) continue;
        const rest = findLong(table, name.slice(prefix.length));
        if (rest.spec) {
          found = rest;
          negated = prefix === 'skip-' || prefix === 'disable-';
        }
      }
      const spec = found.spec;
      if (!spec) {
        if (!loose) problems.push(found.ambiguous ? `ambiguous option ${arg.split('=')[0]}` : `unknown option ${arg.split('=')[0]}`);
        continue;
      }
      if (spec.argument === 'none') {
        if (value !== null && FALSE_WORDS.has(value.toLowerCase())) negated = !negated;
        options.push({ name: spec.name, value: null, negated, index: i });
        continue;
      }
      if (value === null && spec.argument === 'required') {
        if (i + 1 >= args.length) {
          problems.push(`option --${spec.name} requires a value`);
          continue;
        }
        value = args[i + 1] ?? '';
        options.push({ name: spec.name, value, negated, index: i, valueIndex: i + 1 });
        i++;
        continue;
      }
      options.push({ name: spec.name, value, negated, index: i });
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // A bundle of short letters: flags until one that takes a value swallows the rest.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] ?? '';
        const spec = table.find((candidate) => candidate.short?.includes(letter) === true);
        if (!spec) {
          problems.push(`unknown option -${letter}`);
          break;
        }
        if (spec.argument === 'none') {
          options.push({ name: spec.name, value: null, negated: false, index: i });
          continue;
        }
        const attached = arg.slice(j + 1);
        if (attached.length > 0) options.push({ name: spec.name, value: attached, negated: false, index: i });
        else if (spec.argument === 'optional') options.push({ name: spec.name, value: null, negated: false, index: i });
        else if (i + 1 < args.length) {
          options.push({ name: spec.name, value: args[i + 1] ?? '', negated: false, index: i, valueIndex: i + 1 });
          i++;
        } else problems.push(`option -${letter} requires a value`);
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  return { options, positionals, problems };
}

/** The last value given for an option (later ones override earlier, as in the clients). */
export function lastValue(options: readonly ParsedOption[], name: string): string | null | undefined {
  const found = options.filter((option) => option.name === name && !option.negated);
  const last = found[found.length - 1];
  return last === undefined ? undefined : last.value;
}

export function hasFlag(options: readonly ParsedOption[], name: string): boolean {
  const found = options.filter((option) => option.name === name);
  const last = found[found.length - 1];
  return last !== undefined && !last.negated;
}
