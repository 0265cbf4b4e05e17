// Parses gsutil argv as Python's getopt does (gsutil's own parser): options stop at the first operand, long options by unique prefix.
import { GSUTIL_COMMANDS, GSUTIL_GLOBAL_OPTIONS, type GsutilOptionSpec } from './gsutil-commands.generated.js';

export interface GetoptResult {
  /** `[option, value]` pairs: `-r` → ['r', ''], `--quiet` → ['quiet', ''], `-o x` → ['o', 'x']. */
  readonly options: readonly (readonly [string, string])[];
  readonly operands: readonly string[];
  readonly problems: readonly string[];
}

function longOption(spec: GsutilOptionSpec, word: string, next: string | undefined): { name: string; value: string; consumed: boolean } | string {
  const eq = word.indexOf('=');
  const typed = eq >= 0 ? word.slice(2, eq) : word.slice(2);
  const names = spec.long.map((long) => (long.endsWith('=') ? long.slice(0, -1) : long));
  // getopt accepts an exact name, else a unique prefix.
  const exact = names.indexOf(typed);
  const candidates = exact >= 0 ? [exact] : names.flatMap((name, index) => (name.startsWith(typed) ? [index] : []));
  if (candidates.length !== 1) return candidates.length === 0 ? `option --${typed} not recognized` : `option --${typed} not a unique prefix`;
  const index = candidates[0] ?? 0;
  const name = names[index] ?? typed;
  const takesValue = (spec.long[index] ?? '').endsWith('=');
  if (!takesValue) return eq >= 0 ? `option --${name} must not have an argument` : { name, value: '', consumed: false };
  if (eq >= 0) return { name, value: word.slice(eq + 1), consumed: false };
  if (next === undefined) return `option --${name} requires argument`;
  return { name, value: next, consumed: true };
}

/** Python's getopt.getopt: POSIX order, so the first operand ends the options. */
export function getopt(args: readonly string[], spec: GsutilOptionSpec): GetoptResult {
  const options: [string, string][] = [];
  const problems: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const word = args[i] ?? '';
    if (word === '--') {
      i++;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    if (word.startsWith('--')) {
      const found = longOption(spec, word, args[i + 1]);
      if (typeof found === 'string') {
        problems.push(found);
        continue;
      }
      options.push([found.name, found.value]);
      if (found.consumed) i++;
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const letter = word[j] ?? '';
      const at = spec.short.indexOf(letter);
      if (letter === ':' || at < 0) {
        problems.push(`option -${letter} not recognized`);
        break;
      }
      if (spec.short[at + 1] !== ':') {
        options.push([letter, '']);
        continue;
      }
      const rest = word.slice(j + 1);
      if (rest !== '') options.push([letter, rest]);
      else if (args[i + 1] === undefined) problems.push(`option -${letter} requires argument`);
      else options.push([letter, args[++i] ?? '']);
      break;
    }
  }
  return { options, operands: args.slice(i), problems };
}

export interface GsutilArgs {
  readonly globals: GetoptResult;
  /** The canonical command name (`rm` for `del`), or null. */
  readonly command: string | null;
  readonly typedCommand: string | null;
  readonly sub: GetoptResult;
  readonly problems: readonly string[];
}

function canonical(name: string): string | null {
  if (Object.prototype.hasOwnProperty.call(GSUTIL_COMMANDS, name)) return name;
  return Object.entries(GSUTIL_COMMANDS).find(([, spec]) => spec.aliases.includes(name))?.[0] ?? null;
}

export function parseGsutilArgs(args: readonly string[]): GsutilArgs {
  const globals = getopt(args, GSUTIL_GLOBAL_OPTIONS);
  const typedCommand = globals.operands[0] ?? null;
  const command = typedCommand === null ? null : canonical(typedCommand);
  const spec = command ? GSUTIL_COMMANDS[command] : undefined;
  const sub = spec ? getopt(globals.operands.slice(1), spec) : { options: [], operands: globals.operands.slice(1), problems: [] };
  const problems = [...globals.problems, ...sub.problems];
  if (typedCommand !== null && command === null) problems.push(`gsutil has no command ${typedCommand}`);
  return { globals, command, typedCommand, sub, problems };
}

export const hasOption = (result: GetoptResult, ...names: string[]): boolean => result.options.some(([name]) => names.includes(name));
export const optionValues = (result: GetoptResult, name: string): string[] => result.options.filter(([n]) => n === name).map(([, value]) => value);
