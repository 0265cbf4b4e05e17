// Parses a Postgres client program's argv with its real grammar, and says what it will do.
import { getoptLong } from './getopt.js';
import { PROGRAM_GRAMMARS } from './grammars.js';
import { isConnectionString, parseConnectionString } from './conninfo.js';
import type { ParsedPostgresArgs, PostgresProgram, PsqlInput } from './model.js';

export { PROGRAM_GRAMMARS } from './grammars.js';

export function parsePostgresArgs(program: PostgresProgram, args: readonly string[]): ParsedPostgresArgs {
  const grammar = PROGRAM_GRAMMARS[program];
  const result = getoptLong(grammar.options, args);
  if (result.info) {
    return { program, options: result.options, positionals: result.positionals, problems: [], infoOnly: true };
  }
  const problems = [...result.problems];
  const given = new Set(result.options.map((occurrence) => occurrence.name));
  const capacity = grammar.positionalTakenBy && given.has(grammar.positionalTakenBy) ? 0 : grammar.positionals.length;
  const extra = result.positionals[capacity];
  if (extra !== undefined && grammar.extraPositionals === 'error') {
    problems.push(`too many command-line arguments (first is "${extra}")`);
  }
  const required = grammar.requiredPositional;
  if (required && result.positionals.length === 0 && !(required.unlessOption && given.has(required.unlessOption))) {
    problems.push(required.message);
  }
  for (const conflict of grammar.conflicts ?? []) {
    const [left, right] = conflict.options;
    const rightGiven = given.has(right) || (right === grammar.positionalTakenBy && result.positionals.length > 0);
    if (given.has(left) && rightGiven) problems.push(conflict.message);
  }
  return { program, options: result.options, positionals: result.positionals, problems, infoOnly: false };
}

/** The value of the last occurrence: for every option here the program keeps the last one. */
export function lastOption(parsed: ParsedPostgresArgs, name: string): string | undefined {
  let value: string | undefined;
  for (const occurrence of parsed.options) if (occurrence.name === name) value = occurrence.value;
  return value;
}

export function lastOptionSpelling(parsed: ParsedPostgresArgs, name: string): string | undefined {
  let spelling: string | undefined;
  for (const occurrence of parsed.options) if (occurrence.name === name) spelling = occurrence.spelling;
  return spelling;
}

export function hasOption(parsed: ParsedPostgresArgs, name: string): boolean {
  return parsed.options.some((occurrence) => occurrence.name === name);
}

export interface PsqlPlan {
  /**
   * -c and -f in argv order, the order psql runs them. psql ignores them under -l (it lists
   * databases and exits) but they are still reported: listing them costs nothing.
   */
  readonly inputs: readonly PsqlInput[];
  /**
   * No -c/-f, no -l, not help/version: psql reads stdin (as `-f -` when stdin is not a
   * terminal, interactively otherwise). The caller knows whether stdin is a terminal.
   */
  readonly readsStdinByDefault: boolean;
  /** -v/--set/--variable NAME=VALUE in order; a bare NAME unsets (so it is absent here). */
  readonly variables: Readonly<Record<string, string>>;
  /**
   * psql runs the system psqlrc and ~/.psqlrc (or $PSQLRC) before -c, -f, stdin and even -l;
   * only -X skips them (-c stopped implying -X in 9.6; startup.c calls process_psqlrc
   * whenever !no_psqlrc).
   */
  readonly readsPsqlrc: boolean;
  readonly listOnly: boolean;
  /**
   * The shell command of the first `-o |cmd`. psql popen()s it while parsing options, so it
   * runs even when a later -o replaces it, and even before a later --version.
   */
  readonly outputPipe: string | null;
  readonly singleTransaction: boolean;
}

export function planPsql(parsed: ParsedPostgresArgs): PsqlPlan {
  const inputs: PsqlInput[] = [];
  const variables: Record<string, string> = {};
  let outputPipe: string | null = null;
  for (const { name, value } of parsed.options) {
    if (name === 'command') inputs.push({ kind: 'command', text: value });
    else if (name === 'file') inputs.push({ kind: 'file', path: value });
    else if (name === 'set') {
      const equals = value.indexOf('=');
      if (equals < 0) delete variables[value];
      else variables[value.slice(0, equals)] = value.slice(equals + 1);
    } else if (name === 'output' && value.startsWith('|') && outputPipe === null) outputPipe = value.slice(1);
  }
  const listOnly = hasOption(parsed, 'list');
  return {
    inputs,
    readsStdinByDefault: inputs.length === 0 && !listOnly && !parsed.infoOnly,
    variables,
    readsPsqlrc: !hasOption(parsed, 'no-psqlrc'),
    listOnly,
    outputPipe,
    singleTransaction: hasOption(parsed, 'single-transaction'),
  };
}

export interface ProgramTarget {
  /** The database the program acts on (drops, creates, vacuums, dumps, restores into…). */
  database?: string;
  /** dropuser's ROLENAME. */
  role?: string;
  /** pg_restore/pg_dump/pg_dumpall -c/--clean. */
  clean?: boolean;
  /** pg_restore/pg_dump -C/--create. */
  create?: boolean;
  /**
   * pg_restore: the existing database the archive is restored into (-d without -C). With -C
   * the archive's own database is created (name inside the archive) and -d only connects.
   */
  restoreIntoDatabase?: string;
  /** pg_restore's archive file; absent means stdin. */
  archive?: string;
  /** vacuumdb/reindexdb/clusterdb -a/--all. */
  allDatabases?: boolean;
}

/**
 * What a non-psql program acts on, from argv alone. Where the program would fall back to
 * PGDATABASE or the user name (createdb, vacuumdb, pg_dump without a name) `database` is
 * absent: resolveConnection knows those. A -d that is a connection string yields its dbname.
 */
export function programTarget(parsed: ParsedPostgresArgs): ProgramTarget {
  const first = parsed.positionals[0];
  const dbnameOption = databaseIn(lastOption(parsed, 'dbname'));
  switch (parsed.program) {
    case 'dropdb':
    case 'createdb':
      // Used as a name in DROP/CREATE DATABASE, never expanded as a connection string.
      return withDefined({ database: first });
    case 'dropuser':
      return withDefined({ role: first });
    case 'vacuumdb':
    case 'reindexdb':
    case 'clusterdb':
      if (hasOption(parsed, 'all')) return { allDatabases: true };
      return withDefined({ database: dbnameOption ?? databaseIn(first) });
    case 'pg_dump':
      // pg_dump takes the positional over -d (it reads it after the option loop).
      return withDefined({
        database: databaseIn(first) ?? dbnameOption,
        clean: hasOption(parsed, 'clean') || undefined,
        create: hasOption(parsed, 'create') || undefined,
      });
    case 'pg_dumpall':
      return withDefined({ clean: hasOption(parsed, 'clean') || undefined });
    case 'pg_restore': {
      const create = hasOption(parsed, 'create');
      return withDefined({
        database: dbnameOption,
        clean: hasOption(parsed, 'clean') || undefined,
        create: create || undefined,
        restoreIntoDatabase: create ? undefined : dbnameOption,
        archive: first,
      });
    }
    case 'pg_isready':
      return withDefined({ database: dbnameOption });
    case 'psql': {
      const dbname = lastOption(parsed, 'dbname') ?? first;
      return withDefined({ database: databaseIn(dbname) });
    }
  }
}

/** A dbname argument may be a whole connection string; its dbname is what it names. */
function databaseIn(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isConnectionString(value)) return value;
  const parsed = parseConnectionString(value);
  return 'error' in parsed ? undefined : parsed['dbname'];
}

function withDefined(target: ProgramTarget): ProgramTarget {
  const out: ProgramTarget = {};
  for (const [key, value] of Object.entries(target)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}
