// terraform's argv as terraform itself reads it: -chdir, help anywhere, nested subcommands, TF_CLI_ARGS*, Go's flag package.
import { findCommand, GROUP_COMMANDS, TOFU_PLAN_CUSTOMISATION, type CommandSpec, type FlagTable } from './grammar.js';

export interface TerraformCommand {
  readonly program: string;
  /** `-chdir=DIR` as given (relative to guard's cwd), or null. */
  readonly chdir: string | null;
  readonly path: readonly string[];
  readonly spec: CommandSpec | null;
  /** Every value per flag, in order; bool flags hold `true` or `false`. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
  /** -help, -version or a bare group command: terraform prints text and does nothing else. */
  readonly infoOnly: boolean;
  /** Words terraform takes from TF_CLI_ARGS and TF_CLI_ARGS_<command>. */
  readonly environmentArgs: readonly string[];
  readonly problems: readonly string[];
}

const HELP = new Set(['-h', '-help', '--help']);
const VERSION = new Set(['-v', '-version', '--version']);

/** Go's strconv.ParseBool, which flag uses for `-name=value` on a bool flag. */
function parseBool(value: string): boolean | null {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return null;
}

/**
 * mattn/go-shellwords as terraform calls it for TF_CLI_ARGS: blanks split, quotes group,
 * backslash escapes; no variable or command expansion. Null when a quote is left open.
 */
export function splitShellWords(text: string): string[] | null {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < text.length) current += text[++i];
      else current += ch;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(current);
  return words;
}

/** TF_CLI_ARGS_<command> (spaces and dashes as underscores) first, then TF_CLI_ARGS: terraform's mergeEnvArgs order. */
function environmentArgs(path: readonly string[], env: Readonly<Record<string, string | undefined>>, problems: string[]): string[] {
  const words: string[] = [];
  const specific = `TF_CLI_ARGS_${path.join('_').replaceAll('-', '_')}`;
  for (const name of [specific, 'TF_CLI_ARGS']) {
    const value = env[name];
    if (value === undefined || value.trim() === '') continue;
    const split = splitShellWords(value);
    if (split === null) problems.push(`${name} has an unterminated quote`);
    else words.push(...split);
  }
  return words;
}

interface FlagParse {
  readonly flags: Map<string, string[]>;
  readonly positionals: string[];
  readonly help: boolean;
}

/** flag.FlagSet.Parse: one or two dashes, `=` or a separate value, stops at the first non-flag or `--`. */
function parseGoFlags(args: readonly string[], table: FlagTable, problems: string[]): FlagParse {
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  let i = 0;
  let help = false;
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) {
      problems.push(`bad flag syntax: ${arg}`);
      continue;
    }
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    if (name === 'h' || name === 'help') {
      help = true;
      continue;
    }
    const kind = table[name];
    if (!kind) {
      problems.push(`flag provided but not defined: -${name}`);
      continue;
    }
    if (kind === 'bool') {
      const value = eq === -1 ? true : parseBool(body.slice(eq + 1));
      if (value === null) problems.push(`invalid boolean value for -${name}: ${body.slice(eq + 1)}`);
      else add(name, String(value));
    } else if (eq !== -1) add(name, body.slice(eq + 1));
    else if (i + 1 < args.length) add(name, args[++i] as string);
    else problems.push(`flag needs an argument: -${name}`);
  }
  return { flags, positionals: args.slice(i), help };
}

export function parseTerraformArgs(program: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>): TerraformCommand {
  const problems: string[] = [];
  let chdir: string | null = null;
  let i = 0;
  let infoOnly = false;
  // Global options: only before the subcommand (main.go extractChdirOption, mitchellh/cli).
  for (; i < args.length && (args[i] as string).startsWith('-'); i++) {
    const arg = args[i] as string;
    if (arg === '--') break;
    if (arg.startsWith('-chdir=') && arg.length > '-chdir='.length) {
      if (chdir !== null) problems.push('-chdir given twice');
      chdir = arg.slice('-chdir='.length);
    } else if (HELP.has(arg) || VERSION.has(arg)) infoOnly = true;
    else problems.push(`invalid flag before the subcommand: ${arg}`);
  }
  // mitchellh/cli shows help, running nothing, for -h/-help/--help anywhere before `--`.
  const beforeTerminator = args.indexOf('--') === -1 ? args : args.slice(0, args.indexOf('--'));
  if (beforeTerminator.some((arg) => HELP.has(arg))) infoOnly = true;

  const words: string[] = [];
  for (let j = i; j < args.length && !(args[j] as string).startsWith('-'); j++) words.push(args[j] as string);
  const spec = findCommand(words);
  const path = spec ? spec.path : words.slice(0, 1);
  const rest = args.slice(i + path.length);
  const base = { program, chdir, path, spec, environmentArgs: [] as string[] };

  if (infoOnly || path.length === 0) {
    if (path.length === 0 && !infoOnly) problems.push('no subcommand');
    return { ...base, flags: new Map(), positionals: rest, infoOnly: infoOnly && problems.length === 0, problems };
  }
  if (!spec) {
    // A bare group (`terraform state`) prints its help; anything else is not a terraform command.
    const bareGroup = GROUP_COMMANDS.has(path[0] as string) && rest.every((arg) => arg.startsWith('-'));
    if (!bareGroup) problems.push(`unknown subcommand: ${words.slice(0, 2).join(' ')}`);
    return { ...base, flags: new Map(), positionals: rest, infoOnly: bareGroup && problems.length === 0, problems };
  }

  const fromEnvironment = environmentArgs(spec.path, env, problems);
  const table = program === 'tofu' && 'destroy' in spec.flags ? { ...spec.flags, ...TOFU_PLAN_CUSTOMISATION } : spec.flags;
  const parsed = parseGoFlags([...fromEnvironment, ...rest], table, problems);
  if (parsed.positionals.length > spec.maxPositionals) problems.push(`too many arguments for ${spec.path.join(' ')}: ${parsed.positionals.join(' ')}`);
  return {
    ...base,
    environmentArgs: fromEnvironment,
    flags: parsed.flags,
    positionals: parsed.positionals,
    infoOnly: parsed.help && problems.length === 0,
    problems,
  };
}

/** The last value a bool flag was given (Go keeps the last). */
export function boolFlag(command: TerraformCommand, name: string): boolean {
  const values = command.flags.get(name);
  return values !== undefined && values[values.length - 1] === 'true';
}

export function flagValues(command: TerraformCommand, name: string): readonly string[] {
  return command.flags.get(name) ?? [];
}
