// Parses az argv as azure-cli does: @file values expanded, leading words lower-cased into a command, then argparse options.
import { resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { AZ_GLOBALS, findAzCommand, isAzGroup, type AzCommand, type AzOption } from './table.js';

const MAX_FILE_BYTES = 1024 * 1024;

export interface AzArgs {
  /** The command as azure-cli finds it (lower-cased words), or null. */
  readonly command: AzCommand | null;
  /** The words typed where a command was expected, lower-cased. */
  readonly words: readonly string[];
  /** Values by the option's first long name (`--resource-group` for `-g`, `-n` or `--name` in `group delete`). */
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
  readonly infoOnly: boolean;
  /** Words naming only a group (`az storage`): az prints help. */
  readonly groupOnly: boolean;
  readonly problems: readonly string[];
  /** @files read in place of values, for the report. */
  readonly files: readonly string[];
  /** Options read without the table's word on them (a command whose arguments azure-cli could not load). */
  readonly guessed: readonly string[];
}

/**
 * azure-cli replaces a word `@path` (or the value of `--x=@path`) with the file's contents, minus
 * the trailing newline; a file it cannot read leaves the word as typed. `@-` reads stdin.
 */
export async function expandAtFiles(args: readonly string[], ctx: Context): Promise<{ args: string[]; files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const load = async (word: string): Promise<string> => {
    if (!word.startsWith('@') || word.length === 1) return word;
    const path = word.slice(1);
    if (path === '-') {
      problems.push(`${word}: az reads this value from stdin, which guard does not read`);
      return word;
    }
    try {
      const full = resolvePath(ctx.cwd, path.startsWith('~/') ? `${ctx.home}/${path.slice(2)}` : path);
      if (!ctx.fileExists(full)) return word;
      const bytes = await ctx.readFile(full);
      if (bytes.length > MAX_FILE_BYTES) {
        problems.push(`${word} is larger than guard reads`);
        return word;
      }
      files.push(path);
      return bytes.toString('utf8').replace(/\r?\n$/, '');
    } catch {
      return word;
    }
  };
  const out: string[] = [];
  for (const arg of args) {
    const eq = arg.indexOf('=');
    out.push(eq >= 0 ? `${arg.slice(0, eq)}=${await load(arg.slice(eq + 1))}` : await load(arg));
  }
  return { args: out, files, problems };
}

function longName(option: AzOption): string {
  return option.names.find((name) => name.startsWith('--')) ?? option.names[0] ?? '';
}

/** argparse: an exact spelling, else a unique prefix of the long spellings. */
function findOption(scope: readonly AzOption[], typed: string): AzOption | string {
  const exact = scope.find((option) => option.names.includes(typed));
  if (exact) return exact;
  if (!typed.startsWith('--')) return `unrecognized argument ${typed}`;
  const matches = scope.filter((option) => option.names.some((name) => name.startsWith('--') && name.startsWith(typed)));
  if (matches.length === 1 && matches[0]) return matches[0];
  return matches.length === 0 ? `unrecognized argument ${typed}` : `ambiguous option ${typed}`;
}

/** argparse treats `-x…` as an option unless it is a negative number. */
const looksLikeOption = (word: string | undefined): boolean => word !== undefined && word.startsWith('-') && word.length > 1 && !(word[1] !== undefined && word[1] >= '0' && word[1] <= '9');

export function parseAzArgs(args: readonly string[]): AzArgs {
  // knack: the command is the leading words that are not options, matched case-insensitively.
  let lead = 0;
  while (lead < args.length && (args[lead] ?? '') !== '' && !(args[lead] ?? '').startsWith('-')) lead++;
  const leading = args.slice(0, lead).map((word) => word.toLowerCase());
  let command: AzCommand | null = null;
  let used = 0;
  for (let n = leading.length; n > 0 && !command; n--) {
    command = findAzCommand(leading.slice(0, n).join(' '));
    if (command) used = n;
  }
  const words = command ? leading.slice(0, used) : leading;
  const groupOnly = !command && (leading.length === 0 || isAzGroup(leading.join(' ')));
  const problems: string[] = [];
  if (!command && !groupOnly) problems.push(`az ${leading.join(' ')} is not a command of the azure-cli guard knows`);
  const scope: readonly AzOption[] = [...(command?.options ?? []), ...AZ_GLOBALS()];
  const options = new Map<string, string[]>();
  const positionals: string[] = [...args.slice(used, lead)];
  const guessed: string[] = [];
  let infoOnly = false;
  const record = (option: AzOption, value: string): void => {
    const name = longName(option);
    if (name === '--help') infoOnly = true;
    options.set(name, [...(options.get(name) ?? []), value]);
  };
  for (let i = lead; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!looksLikeOption(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const typed = eq >= 0 ? arg.slice(0, eq) : arg.startsWith('--') ? arg : arg.slice(0, 2);
    const inline = eq >= 0 ? arg.slice(eq + 1) : !arg.startsWith('--') && arg.length > 2 ? arg.slice(2) : null;
    const found = findOption(scope, typed);
    if (typeof found === 'string') {
      if (command?.argumentsUnknown) {
        // azure-cli could not load this command's arguments where the table was made: its verb still
        // decides the risk, so an unlisted option is read as one taking a value (a name, an ID).
        const value = inline ?? (looksLikeOption(args[i + 1]) ? '' : (args[++i] ?? ''));
        options.set(typed, [...(options.get(typed) ?? []), value]);
        guessed.push(typed);
        continue;
      }
      problems.push(found);
      continue;
    }
    if (found.kind === 's') {
      if (inline !== null && eq >= 0) problems.push(`${typed} takes no value`);
      record(found, 'true');
      // `-yq`: argparse lets single-letter switches share one dash.
      if (inline !== null && eq < 0) for (const letter of inline) {
        const next = findOption(scope, `-${letter}`);
        if (typeof next === 'string' || next.kind !== 's') {
          problems.push(`unrecognized argument -${letter} in ${arg}`);
          break;
        }
        record(next, 'true');
      }
      continue;
    }
    if (inline !== null) {
      record(found, inline);
      continue;
    }
    if (found.kind === 'n') {
      let taken = 0;
      while (i + 1 < args.length && !looksLikeOption(args[i + 1]) && args[i + 1] !== '--') {
        record(found, args[++i] ?? '');
        taken++;
      }
      if (taken === 0) problems.push(`${typed} needs at least one value`);
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || looksLikeOption(next)) {
      if (found.kind === 'v') problems.push(`${typed} needs a value`);
      record(found, '');
      continue;
    }
    i++;
    record(found, next);
  }
  if (command && positionals.length > 0 && !infoOnly) problems.push(`unrecognized arguments: ${positionals.join(' ')}`);
  return { command, words, options, positionals, infoOnly, groupOnly, problems, files: [], guessed };
}

export function optionValue(args: AzArgs, long: string): string | undefined {
  const values = args.options.get(long);
  return values ? values[values.length - 1] : undefined;
}

export function optionValues(args: AzArgs, long: string): readonly string[] {
  return args.options.get(long) ?? [];
}

/** The value given for whichever option of the command is spelled `spelling` (`--resource-group` is `--name` in `group delete`). */
export function valueOfSpelling(args: AzArgs, spelling: string): string | undefined {
  const option = [...(args.command?.options ?? []), ...AZ_GLOBALS()].find((candidate) => candidate.names.includes(spelling));
  return option ? optionValue(args, longName(option)) : optionValue(args, spelling);
}

export function valuesOfSpelling(args: AzArgs, spelling: string): readonly string[] {
  const option = [...(args.command?.options ?? []), ...AZ_GLOBALS()].find((candidate) => candidate.names.includes(spelling));
  return option ? optionValues(args, longName(option)) : optionValues(args, spelling);
}

/** Whether the command takes an option spelled so (assumed for a command whose arguments are unknown: most take -g). */
export function hasSpelling(args: AzArgs, spelling: string): boolean {
  return args.command?.argumentsUnknown === true || [...(args.command?.options ?? []), ...AZ_GLOBALS()].some((candidate) => candidate.names.includes(spelling));
}
