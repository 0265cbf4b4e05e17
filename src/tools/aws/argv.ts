// The aws CLI v1 argv grammar: global options anywhere (argparse, unique prefixes), then command, operation and its options.

/**
 * awscli/data/cli.json (aws-cli 1.45): the main parser's options. The CLI parses the whole argv
 * with them first (argparse parse_known_args, awscli/clidriver.py CLIDriver.main), so they may
 * stand before or after the command, and argparse accepts any unique prefix (`--prof prod`).
 */
export const GLOBAL_OPTIONS: Readonly<Record<string, 'value' | 'flag'>> = {
  debug: 'flag',
  'endpoint-url': 'value',
  'no-verify-ssl': 'flag',
  'no-paginate': 'flag',
  output: 'value',
  query: 'value',
  profile: 'value',
  region: 'value',
  version: 'flag',
  color: 'value',
  'no-sign-request': 'flag',
  'ca-bundle': 'value',
  'cli-read-timeout': 'value',
  'cli-connect-timeout': 'value',
  'v2-debug': 'flag',
};

/** One `--name [values…]` after the command, as written (names not yet matched to a table). */
export interface AwsOption {
  readonly name: string;
  readonly values: readonly string[];
  /** `--name=value`: exactly one value, attached. */
  readonly inline: boolean;
}

export interface AwsArgs {
  /** Global options by their full name (`profile`), the last one given winning, as argparse stores them. */
  readonly globals: Readonly<Record<string, string | true>>;
  /** Every token the main parser left, in order: command, operation, its options and positionals. */
  readonly rest: readonly string[];
  readonly problems: readonly string[];
}

/** argparse's option match: the exact name, else the one name the token is a unique prefix of. */
export function matchOption(token: string, names: readonly string[]): { name: string } | { ambiguous: string[] } | null {
  if (names.includes(token)) return { name: token };
  const candidates = names.filter((name) => name.startsWith(token));
  if (candidates.length === 1) return { name: candidates[0] as string };
  if (candidates.length > 1) return { ambiguous: candidates };
  return null;
}

const GLOBAL_NAMES = Object.keys(GLOBAL_OPTIONS);

/** A token argparse reads as an option rather than a value (it takes `-5` for a negative number). */
export function looksLikeOption(token: string): boolean {
  if (!token.startsWith('-') || token.length < 2) return false;
  const digits = token.slice(1);
  const negativeNumber = [...digits].every((c) => (c >= '0' && c <= '9') || c === '.') && digits[0] !== '.';
  return !negativeNumber;
}

/** The main parser's pass: globals are taken out wherever they stand; everything else stays, in order. */
export function parseAwsArgs(argv: readonly string[]): AwsArgs {
  const globals: Record<string, string | true> = {};
  const rest: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (!token.startsWith('--') || token.length === 2) {
      rest.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const written = token.slice(2, eq === -1 ? undefined : eq);
    const match = matchOption(written, GLOBAL_NAMES);
    if (match === null) {
      rest.push(token);
      continue;
    }
    if ('ambiguous' in match) {
      problems.push(`--${written} is ambiguous (${match.ambiguous.map((n) => `--${n}`).join(', ')}): the aws CLI refuses it`);
      continue;
    }
    if (GLOBAL_OPTIONS[match.name] === 'flag') {
      if (eq !== -1) problems.push(`--${match.name} takes no value`);
      globals[match.name] = true;
      continue;
    }
    if (eq !== -1) globals[match.name] = token.slice(eq + 1);
    else {
      const value = argv[i + 1];
      if (value === undefined || looksLikeOption(value)) problems.push(`--${match.name} expects a value`);
      else {
        globals[match.name] = value;
        i++;
      }
    }
  }
  return { globals, rest, problems };
}

export interface CommandLine {
  /** Positionals in order (command, operation, then a high-level command's paths). */
  readonly positionals: readonly string[];
  readonly options: readonly AwsOption[];
  /** Tokens after `--` (argparse takes them as positionals). */
  readonly afterDash: readonly string[];
}

/**
 * Splits what the main parser left into positionals and options. `valueArity` tells how many
 * values an option takes where the grammar knows it (the s3 commands); elsewhere an option takes
 * every following token up to the next option, as botocore's list and scalar arguments do.
 */
export function splitCommandLine(rest: readonly string[], valueArity?: (name: string) => 'flag' | 'one' | 'optional' | 'many' | null): CommandLine {
  const positionals: string[] = [];
  const options: AwsOption[] = [];
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] ?? '';
    if (token === '--') return { positionals, options, afterDash: rest.slice(i + 1) };
    if (!token.startsWith('--') || token.length === 2) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if (eq !== -1) {
      options.push({ name, values: [token.slice(eq + 1)], inline: true });
      continue;
    }
    const arity = valueArity ? valueArity(name) : 'many';
    const values: string[] = [];
    if (arity === 'one' || arity === 'optional') {
      const next = rest[i + 1];
      if (next !== undefined && !looksLikeOption(next)) {
        values.push(next);
        i++;
      }
    } else if (arity === 'many') {
      while (i + 1 < rest.length && !looksLikeOption(rest[i + 1] ?? '') && (valueArity !== undefined || positionals.length >= 2)) values.push(rest[++i] ?? '');
    }
    options.push({ name, values, inline: false });
  }
  return { positionals, options, afterDash: [] };
}
