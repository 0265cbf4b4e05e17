// GNU getopt_long as the PostgreSQL client programs use it, driven by a grammar table.
import type { OptionOccurrence } from './model.js';

export type ValueKind = 'none' | 'required' | 'optional';

/** One row of a program's option table, as in the program's `long_options[]` and optstring. */
export interface OptionSpec {
  /** Canonical long name, without dashes. */
  readonly long: string;
  readonly short?: string;
  readonly value: ValueKind;
  /** Other long names getopt_long maps to the same option (`--variable` for `--set`). */
  readonly aliases?: readonly string[];
  /**
   * `help`/`version`: the program prints and exits where getopt meets it.
   * `refused`: getopt accepts the name but the program exits with a usage error (pg_dump's
   * `--help` anywhere but first).
   */
  readonly effect?: 'help' | 'version' | 'refused';
  /** The short form is only valid as a whole argument (psql checks `argv[optind-1]` is exactly `-?`). */
  readonly standalone?: boolean;
  /** The only values the program accepts (psql `--help=commands`). */
  readonly allowedValues?: readonly string[];
}

export interface GetoptResult {
  readonly options: readonly OptionOccurrence[];
  readonly positionals: readonly string[];
  readonly problems: readonly string[];
  /** Set when a help or version option is reached before any usage error. */
  readonly info: 'help' | 'version' | null;
}

interface Matched {
  readonly spec: OptionSpec;
  readonly spelling: string;
}

/**
 * Every PostgreSQL client checks argv[1] for exactly these before getopt runs
 * (`handle_help_version_opts`, and psql's own copy of it).
 */
const FIRST_ARGUMENT_INFO: Readonly<Record<string, 'help' | 'version'>> = {
  '--help': 'help',
  '-?': 'help',
  '--version': 'version',
  '-V': 'version',
};

/**
 * Permutes like glibc: options anywhere, positionals collected in order, `--` ends options,
 * a lone `-` is a positional. Keeps going after a usage error so the report can show what
 * else was asked, but only a help/version option met before the first error counts, since
 * the program exits at whichever comes first.
 */
export function getoptLong(specs: readonly OptionSpec[], args: readonly string[]): GetoptResult {
  const first = args[0];
  const firstInfo = first === undefined ? undefined : FIRST_ARGUMENT_INFO[first];
  if (firstInfo) return { options: [], positionals: [], problems: [], info: firstInfo };

  const options: OptionOccurrence[] = [];
  const positionals: string[] = [];
  const problems: string[] = [];
  let index = 0;

  // Returns an info kind when parsing must stop because the program exits there.
  const record = (matched: Matched, value: string, wholeArgument: string): 'help' | 'version' | null => {
    const { spec, spelling } = matched;
    if (spec.standalone && !spelling.startsWith('--') && wholeArgument !== spelling) {
      problems.push(`option ${spelling} is only accepted on its own, not in ${wholeArgument}`);
      return null;
    }
    if (spec.allowedValues && value !== '' && !spec.allowedValues.includes(value)) {
      problems.push(`unsupported value for ${spelling}: "${value}" (accepted: ${spec.allowedValues.join(', ')})`);
      return null;
    }
    if (spec.effect === 'refused') {
      problems.push(`${spelling} is only honoured as the first argument; elsewhere the program exits with a usage error`);
      return null;
    }
    options.push({ name: spec.long, value, spelling });
    if ((spec.effect === 'help' || spec.effect === 'version') && problems.length === 0) return spec.effect;
    return null;
  };

  while (index < args.length) {
    const arg = args[index] as string;
    index += 1;
    if (arg === '--') {
      positionals.push(...args.slice(index));
      break;
    }
    if (arg.startsWith('--')) {
      const body = arg.slice(2);
      const equals = body.indexOf('=');
      const name = equals < 0 ? body : body.slice(0, equals);
      const inline = equals < 0 ? undefined : body.slice(equals + 1);
      const found = matchLong(specs, name);
      if (typeof found === 'string') {
        problems.push(found);
        continue;
      }
      const spelling = inline === undefined ? `--${name}` : `--${name}=…`;
      let value = '';
      if (found.value === 'none') {
        if (inline !== undefined) {
          problems.push(`option '--${found.long}' doesn't allow an argument`);
          continue;
        }
      } else if (inline !== undefined) {
        value = inline;
      } else if (found.value === 'required') {
        if (index >= args.length) {
          problems.push(`option '--${found.long}' requires an argument`);
          continue;
        }
        value = args[index] as string;
        index += 1;
      }
      const info = record({ spec: found, spelling }, value, arg);
      if (info) return { options, positionals, problems, info };
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let at = 1; at < arg.length; at += 1) {
        const letter = arg[at] as string;
        const spec = specs.find((candidate) => candidate.short === letter);
        if (!spec) {
          problems.push(`invalid option -- '${letter}'`);
          break;
        }
        let value = '';
        let consumedRest = false;
        if (spec.value === 'required') {
          consumedRest = true;
          const rest = arg.slice(at + 1);
          if (rest !== '') value = rest;
          else if (index < args.length) {
            value = args[index] as string;
            index += 1;
          } else {
            problems.push(`option requires an argument -- '${letter}'`);
            break;
          }
        }
        const info = record({ spec, spelling: `-${letter}` }, value, arg);
        if (info) return { options, positionals, problems, info };
        if (consumedRest) break;
      }
      continue;
    }
    positionals.push(arg);
  }
  return { options, positionals, problems, info: null };
}

/** Exact name first, then a unique prefix (glibc's rule; aliases of one option are not ambiguous). */
function matchLong(specs: readonly OptionSpec[], name: string): OptionSpec | string {
  const namesOf = (spec: OptionSpec) => [spec.long, ...(spec.aliases ?? [])];
  const exact = specs.find((spec) => namesOf(spec).includes(name));
  if (exact) return exact;
  const candidates = specs.filter((spec) => namesOf(spec).some((long) => long.startsWith(name)));
  if (candidates.length === 1) return candidates[0] as OptionSpec;
  if (candidates.length === 0) return `unrecognized option '--${name}'`;
  const possibilities = candidates.flatMap((spec) => namesOf(spec).filter((long) => long.startsWith(name)));
  return `option '--${name}' is ambiguous; possibilities: ${possibilities.map((long) => `'--${long}'`).join(' ')}`;
}
