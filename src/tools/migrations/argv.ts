// One option scanner for every migration CLI, configured per tool with the option tables from its docs.
//
// The tools use different parsers (prisma: arg, knex: commander, sequelize/typeorm: yargs, alembic:
// argparse, goose/golang-migrate: Go's flag package, flyway: its own -key=value, rails: rake's
// OptionParser). What matters for guard is the same in all of them: which options take a value
// (so the verb is not mistaken), where options may stand, and what the positional words are.

export interface ArgvGrammar {
  /** Options that take a value, without dashes (`schema`, `e`); both `--x v` and `--x=v`. */
  readonly valueOptions: readonly string[];
  /** Options that take no value. */
  readonly flags: readonly string[];
  /** Go's flag package and argparse before the subcommand: options end at the first positional. */
  readonly optionsBeforeCommandOnly?: boolean;
  /** Single-dash long options (`-url=…`, `-database url`): Go flag, flyway. */
  readonly singleDashLong?: boolean;
  /** Accept any `-key=value` / `--key=value` not listed (flyway and liquibase configuration keys). */
  readonly anyAssignedOption?: boolean;
}

export interface ParsedOption {
  readonly name: string;
  readonly value: string;
  readonly spelling: string;
}

export interface ParsedArgv {
  readonly options: readonly ParsedOption[];
  readonly positionals: readonly string[];
  /** Anything guard could not read with certainty: each makes the command unknown. */
  readonly problems: readonly string[];
}

export function scanArgv(program: string, args: readonly string[], grammar: ArgvGrammar): ParsedArgv {
  const options: ParsedOption[] = [];
  const positionals: string[] = [];
  const problems: string[] = [];
  const takesValue = (name: string) => grammar.valueOptions.includes(name);
  const isFlag = (name: string) => grammar.flags.includes(name);
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-' || (grammar.optionsBeforeCommandOnly && positionals.length > 0)) {
      positionals.push(word);
      continue;
    }
    const long = word.startsWith('--') || (grammar.singleDashLong === true && word.length > 2);
    if (long) {
      const body = word.replace(/^--?/, '');
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      if (eq >= 0) {
        if (takesValue(name) || grammar.anyAssignedOption || isFlag(name)) options.push({ name, value: body.slice(eq + 1), spelling: word.slice(0, word.length - body.length + eq) });
        else problems.push(`${program}: unrecognised option ${word.slice(0, word.length - body.length + eq)}`);
        continue;
      }
      if (takesValue(name)) {
        const value = args[i + 1];
        if (value === undefined) problems.push(`${program}: ${word} needs a value`);
        else options.push({ name, value, spelling: word });
        i++;
      } else if (isFlag(name) || (name.startsWith('no-') && isFlag(name.slice(3)))) options.push({ name, value: '', spelling: word });
      else problems.push(`${program}: unrecognised option ${word}`);
      continue;
    }
    // A bundle of short options: `-fy`, `-e production`, `-eproduction`.
    for (let j = 1; j < word.length; j++) {
      const letter = word[j] as string;
      if (takesValue(letter)) {
        const inline = word.slice(j + 1).replace(/^=/, '');
        const value = inline !== '' ? inline : args[++i];
        if (value === undefined) problems.push(`${program}: -${letter} needs a value`);
        else options.push({ name: letter, value, spelling: `-${letter}` });
        break;
      }
      if (isFlag(letter)) options.push({ name: letter, value: '', spelling: `-${letter}` });
      else {
        problems.push(`${program}: unrecognised option -${letter}`);
        break;
      }
    }
  }
  return { options, positionals, problems };
}

/** The last value of an option under any of its names, or undefined. */
export function optionValue(parsed: ParsedArgv, ...names: string[]): string | undefined {
  for (let i = parsed.options.length - 1; i >= 0; i--) {
    const option = parsed.options[i] as ParsedOption;
    if (names.includes(option.name)) return option.value;
  }
  return undefined;
}

/** Whether a flag was given (and not negated afterwards). */
export function hasFlag(parsed: ParsedArgv, ...names: string[]): boolean {
  for (let i = parsed.options.length - 1; i >= 0; i--) {
    const option = parsed.options[i] as ParsedOption;
    if (names.includes(option.name)) return option.value !== 'false';
    if (names.some((name) => option.name === `no-${name}`)) return false;
  }
  return false;
}

export const HELP_FLAGS = ['help', 'h', 'version', 'V'];
