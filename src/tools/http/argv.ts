// One option scanner for curl, wget and httpie, driven by each program's grammar table.

export interface HttpOptionSpec {
  /** Canonical long name without dashes. */
  readonly long: string;
  readonly short?: string;
  readonly value: boolean;
  /** The program prints something and exits (`--help`, `--version`). */
  readonly info?: boolean;
}

export interface ScannerRules {
  /** `--name=value` is one argument (wget, httpie); curl has no such form. */
  readonly equalsForm: boolean;
  /** `--no-NAME` switches a boolean option off (curl, wget). */
  readonly negatedBooleans: boolean;
  /** `--expand-NAME` (curl 8.3+): NAME's value gets `{{variable}}` expansion. */
  readonly expandPrefix?: boolean;
  /** Arguments that end one request and start the next (curl `-:`/`--next`). */
  readonly separators?: readonly string[];
}

export interface OptionUse {
  readonly name: string;
  readonly value: string;
  readonly spelling: string;
  readonly negated?: boolean;
  readonly expanded?: boolean;
}

export interface ScannedArgs {
  /** Options and positionals in command-line order, split at separators. */
  readonly groups: readonly { readonly options: OptionUse[]; readonly positionals: string[] }[];
  readonly problems: string[];
  readonly info: boolean;
}

interface Lookup {
  readonly byLong: ReadonlyMap<string, HttpOptionSpec>;
  readonly byShort: ReadonlyMap<string, HttpOptionSpec>;
  readonly all: readonly HttpOptionSpec[];
}

export function lookup(specs: readonly HttpOptionSpec[]): Lookup {
  return {
    byLong: new Map(specs.map((spec) => [spec.long, spec])),
    byShort: new Map(specs.flatMap((spec) => (spec.short ? [[spec.short, spec] as const] : []))),
    all: specs,
  };
}

/** Exact name, else a unique prefix (curl, getopt_long and argparse all accept one). */
function findLong(table: Lookup, name: string): HttpOptionSpec | string {
  const exact = table.byLong.get(name);
  if (exact) return exact;
  const candidates = table.all.filter((spec) => spec.long.startsWith(name));
  if (candidates.length === 1) return candidates[0] as HttpOptionSpec;
  return candidates.length === 0 ? `unknown option --${name}` : `ambiguous option --${name}`;
}

export function scanArgs(specs: Lookup, rules: ScannerRules, args: readonly string[]): ScannedArgs {
  const groups: { options: OptionUse[]; positionals: string[] }[] = [{ options: [], positionals: [] }];
  const problems: string[] = [];
  let info = false;
  let index = 0;
  const current = () => groups[groups.length - 1] as { options: OptionUse[]; positionals: string[] };
  const take = (what: string): string | null => {
    if (index >= args.length) {
      problems.push(`option ${what} needs a value`);
      return null;
    }
    return args[index++] as string;
  };

  while (index < args.length) {
    const arg = args[index++] as string;
    if (rules.separators?.includes(arg)) {
      groups.push({ options: [], positionals: [] });
      continue;
    }
    if (arg === '--') {
      current().positionals.push(...args.slice(index));
      break;
    }
    if (arg.startsWith('--')) {
      let name = arg.slice(2);
      let inline: string | undefined;
      const equals = rules.equalsForm ? name.indexOf('=') : -1;
      if (equals >= 0) {
        inline = name.slice(equals + 1);
        name = name.slice(0, equals);
      }
      let expanded = false;
      if (rules.expandPrefix && name.startsWith('expand-') && !specs.byLong.has(name)) {
        expanded = true;
        name = name.slice('expand-'.length);
      }
      let found = findLong(specs, name);
      let negated = false;
      if (typeof found === 'string' && rules.negatedBooleans && name.startsWith('no-')) {
        const positive = findLong(specs, name.slice(3));
        if (typeof positive !== 'string' && !positive.value) {
          found = positive;
          negated = true;
        }
      }
      if (typeof found === 'string') {
        problems.push(found);
        continue;
      }
      if (found.info) info = true;
      if (!found.value) {
        if (inline !== undefined) problems.push(`option --${found.long} takes no value`);
        current().options.push({ name: found.long, value: '', spelling: arg, ...(negated ? { negated } : {}) });
        continue;
      }
      const value = inline ?? take(`--${found.long}`);
      if (value !== null) current().options.push({ name: found.long, value, spelling: `--${name}`, ...(expanded ? { expanded } : {}) });
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let at = 1; at < arg.length; at += 1) {
        const letter = arg[at] as string;
        const spec = specs.byShort.get(letter);
        if (!spec) {
          problems.push(`unknown option -${letter}`);
          break;
        }
        if (spec.info) info = true;
        if (!spec.value) {
          current().options.push({ name: spec.long, value: '', spelling: `-${letter}` });
          continue;
        }
        const rest = arg.slice(at + 1);
        const value = rest !== '' ? rest : take(`-${letter}`);
        if (value !== null) current().options.push({ name: spec.long, value, spelling: `-${letter}` });
        break;
      }
      continue;
    }
    current().positionals.push(arg);
  }
  return { groups, problems, info };
}

/** Builds a table from `v|long` (valued) and `f|long` (flag) words: compact, and diffable against `--help`. */
export function specsFrom(valued: string, flags: string, info: readonly string[] = []): HttpOptionSpec[] {
  const parse = (words: string, value: boolean): HttpOptionSpec[] =>
    words
      .split(' ')
      .filter((word) => word !== '')
      .map((word) => {
        const bar = word.indexOf('|');
        const long = bar < 0 ? word : word.slice(bar + 1);
        const short = bar < 0 ? undefined : word.slice(0, bar);
        return { long, value, ...(short ? { short } : {}), ...(info.includes(long) ? { info: true } : {}) };
      });
  return [...parse(valued, true), ...parse(flags, false)];
}
