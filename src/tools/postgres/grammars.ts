// The argument grammars of the PostgreSQL client programs: one typed table per program.
//
// Checked against PostgreSQL 15.18 (Debian 15.18-0+deb12u1) client binaries:
//  - each program's `--help`;
//  - the binaries themselves, probed with an unreachable PGHOST: every short letter
//    (invalid / takes a value / flag), every long name (glibc's "ambiguous; possibilities"
//    list per first letter gives the complete set, hidden ones included), help/version
//    outside argv[1], and positional limits ("too many command-line arguments");
//  - src/bin/psql/startup.c (parse_psql_options, main) for psql's -?, --help=, -l, -o;
//  - docs: https://www.postgresql.org/docs/15/app-psql.html, app-dropdb.html,
//    app-dropuser.html, app-pgrestore.html, app-pgdump.html, app-pg-dumpall.html,
//    app-createdb.html, app-vacuumdb.html, app-reindexdb.html, app-clusterdb.html,
//    app-pg-isready.html.
// test/tools/postgres/programs.test.ts re-checks every table against `--help` when the
// binaries are installed.
import type { OptionSpec, ValueKind } from './getopt.js';
import type { PostgresProgram } from './model.js';

export interface ProgramGrammar {
  readonly options: readonly OptionSpec[];
  /** Names of the positional arguments, in order; their count is the most accepted. */
  readonly positionals: readonly string[];
  /** psql only warns about extra positionals and ignores them; the others refuse to run. */
  readonly extraPositionals: 'error' | 'ignored';
  /** When this option is given the positional slot is already taken (vacuumdb -d a b fails). */
  readonly positionalTakenBy?: string;
  /** The program refuses to run without its first positional, unless `unlessOption` is given. */
  readonly requiredPositional?: { readonly message: string; readonly unlessOption?: string };
  /** Pairs the program rejects together, with its own message. */
  readonly conflicts?: readonly { readonly options: readonly [string, string]; readonly message: string }[];
  /** Options the program documents in `--help` only under another name, or not at all. */
  readonly undocumented?: readonly string[];
}

function option(short: string | null, long: string, value: ValueKind = 'none', more: Partial<OptionSpec> = {}): OptionSpec {
  return { long, value, ...(short ? { short } : {}), ...more };
}
const valued = (short: string | null, long: string, more: Partial<OptionSpec> = {}) => option(short, long, 'required', more);

const CONNECTION: readonly OptionSpec[] = [
  valued('h', 'host'),
  valued('p', 'port'),
  valued('U', 'username'),
  option('w', 'no-password'),
  option('W', 'password'),
];
const MAINTENANCE_DB = valued(null, 'maintenance-db');

const psql: ProgramGrammar = {
  options: [
    option('a', 'echo-all'),
    option('A', 'no-align'),
    option('b', 'echo-errors'),
    valued('c', 'command'),
    valued('d', 'dbname'),
    option('e', 'echo-queries'),
    option('E', 'echo-hidden'),
    valued('f', 'file'),
    valued('F', 'field-separator'),
    option('H', 'html'),
    option('l', 'list'),
    valued('L', 'log-file'),
    option('n', 'no-readline'),
    valued('o', 'output'),
    valued('P', 'pset'),
    option('q', 'quiet'),
    valued('R', 'record-separator'),
    option('s', 'single-step'),
    option('S', 'single-line'),
    option('t', 'tuples-only'),
    valued('T', 'table-attr'),
    valued('v', 'set', { aliases: ['variable'] }),
    option('V', 'version', 'none', { effect: 'version' }),
    option('x', 'expanded'),
    option('X', 'no-psqlrc'),
    option('z', 'field-separator-zero'),
    option('0', 'record-separator-zero'),
    option('1', 'single-transaction'),
    option('?', 'help', 'optional', {
      effect: 'help',
      standalone: true,
      allowedValues: ['options', 'commands', 'variables'],
    }),
    option(null, 'csv'),
    ...CONNECTION,
  ],
  positionals: ['DBNAME', 'USERNAME'],
  extraPositionals: 'ignored',
};

const dropdb: ProgramGrammar = {
  options: [
    option('e', 'echo'),
    option('f', 'force'),
    option('i', 'interactive'),
    option(null, 'if-exists'),
    ...CONNECTION,
    MAINTENANCE_DB,
  ],
  positionals: ['DBNAME'],
  extraPositionals: 'error',
  requiredPositional: { message: 'missing required argument database name' },
};

const dropuser: ProgramGrammar = {
  options: [option('e', 'echo'), option('i', 'interactive'), option(null, 'if-exists'), ...CONNECTION],
  positionals: ['ROLENAME'],
  extraPositionals: 'error',
  // With -i dropuser asks for the role on the terminal instead.
  requiredPositional: { message: 'missing required argument role name', unlessOption: 'interactive' },
};

const createdb: ProgramGrammar = {
  options: [
    valued('D', 'tablespace'),
    option('e', 'echo'),
    valued('E', 'encoding'),
    valued('l', 'locale'),
    valued(null, 'lc-collate'),
    valued(null, 'lc-ctype'),
    valued(null, 'icu-locale'),
    valued(null, 'locale-provider'),
    valued('O', 'owner'),
    valued('S', 'strategy'),
    valued('T', 'template'),
    ...CONNECTION,
    MAINTENANCE_DB,
  ],
  positionals: ['DBNAME', 'DESCRIPTION'],
  extraPositionals: 'error',
};

/** vacuumdb, reindexdb and clusterdb share this shape: [DBNAME] or -d, or -a for all. */
function maintenanceProgram(specific: readonly OptionSpec[]): ProgramGrammar {
  return {
    options: [
      option('a', 'all'),
      valued('d', 'dbname'),
      option('e', 'echo'),
      option('q', 'quiet'),
      option('v', 'verbose'),
      ...specific,
      ...CONNECTION,
      MAINTENANCE_DB,
    ],
    positionals: ['DBNAME'],
    extraPositionals: 'error',
    positionalTakenBy: 'dbname',
    conflicts: [{ options: ['all', 'dbname'], message: 'cannot act on all databases and a specific one at the same time' }],
  };
}

const vacuumdb = maintenanceProgram([
  option(null, 'disable-page-skipping'),
  option('f', 'full'),
  option('F', 'freeze'),
  option(null, 'force-index-cleanup'),
  valued('j', 'jobs'),
  valued(null, 'min-mxid-age'),
  valued(null, 'min-xid-age'),
  option(null, 'no-index-cleanup'),
  option(null, 'no-process-toast'),
  option(null, 'no-truncate'),
  valued('P', 'parallel'),
  option(null, 'skip-locked'),
  valued('t', 'table'),
  option('z', 'analyze'),
  option('Z', 'analyze-only'),
  option(null, 'analyze-in-stages'),
]);

const reindexdb = maintenanceProgram([
  option(null, 'concurrently'),
  valued('i', 'index'),
  valued('j', 'jobs'),
  option('s', 'system'),
  valued('S', 'schema'),
  valued('t', 'table'),
  valued(null, 'tablespace'),
]);

const clusterdb = maintenanceProgram([valued('t', 'table')]);

/** Options pg_dump and pg_dumpall share, long-only. */
const DUMP_LONG_ONLY: readonly OptionSpec[] = [
  option(null, 'binary-upgrade'),
  option(null, 'column-inserts', 'none', { aliases: ['attribute-inserts'] }),
  option(null, 'disable-dollar-quoting'),
  option(null, 'disable-triggers'),
  valued(null, 'extra-float-digits'),
  option(null, 'if-exists'),
  option(null, 'inserts'),
  option(null, 'load-via-partition-root'),
  valued(null, 'lock-wait-timeout'),
  option(null, 'no-comments'),
  option(null, 'no-publications'),
  option(null, 'no-security-labels'),
  option(null, 'no-subscriptions'),
  option(null, 'no-sync'),
  option(null, 'no-table-access-method'),
  option(null, 'no-tablespaces'),
  option(null, 'no-toast-compression'),
  option(null, 'no-unlogged-table-data'),
  option(null, 'on-conflict-do-nothing'),
  option(null, 'quote-all-identifiers'),
  valued(null, 'restrict-key'),
  valued(null, 'role'),
  valued(null, 'rows-per-insert'),
  option(null, 'use-set-session-authorization'),
];

const pgDump: ProgramGrammar = {
  options: [
    option('a', 'data-only'),
    option('b', 'blobs'),
    option('B', 'no-blobs'),
    option('c', 'clean'),
    option('C', 'create'),
    valued('d', 'dbname'),
    valued('e', 'extension'),
    valued('E', 'encoding'),
    valued('f', 'file'),
    valued('F', 'format'),
    valued('j', 'jobs'),
    valued('n', 'schema'),
    valued('N', 'exclude-schema'),
    option('O', 'no-owner'),
    option('R', 'no-reconnect'),
    option('s', 'schema-only'),
    valued('S', 'superuser'),
    valued('t', 'table'),
    valued('T', 'exclude-table'),
    option('v', 'verbose'),
    option('x', 'no-privileges', 'none', { aliases: ['no-acl'] }),
    valued('Z', 'compress'),
    option(null, 'enable-row-security'),
    valued(null, 'exclude-table-data'),
    valued(null, 'include-foreign-data'),
    valued(null, 'section'),
    option(null, 'serializable-deferrable'),
    valued(null, 'snapshot'),
    option(null, 'strict-names'),
    // In long_options, but the switch has no case for them: only argv[1] works.
    option(null, 'help', 'none', { effect: 'refused' }),
    option(null, 'version', 'none', { effect: 'refused' }),
    ...DUMP_LONG_ONLY,
    ...CONNECTION,
  ],
  positionals: ['DBNAME'],
  extraPositionals: 'error',
  positionalTakenBy: 'dbname',
  undocumented: ['no-reconnect', 'no-acl', 'attribute-inserts', 'help', 'version'],
};

const pgDumpall: ProgramGrammar = {
  options: [
    option('a', 'data-only'),
    option('c', 'clean'),
    valued('d', 'dbname'),
    valued('E', 'encoding'),
    valued('f', 'file'),
    option('g', 'globals-only'),
    valued('l', 'database'),
    option('O', 'no-owner'),
    option('r', 'roles-only'),
    option('s', 'schema-only'),
    valued('S', 'superuser'),
    option('t', 'tablespaces-only'),
    option('v', 'verbose'),
    option('x', 'no-privileges', 'none', { aliases: ['no-acl'] }),
    valued(null, 'exclude-database'),
    option(null, 'no-role-passwords'),
    ...DUMP_LONG_ONLY,
    ...CONNECTION,
  ],
  positionals: [],
  extraPositionals: 'error',
  undocumented: ['no-acl', 'attribute-inserts'],
};

const pgRestore: ProgramGrammar = {
  options: [
    option('1', 'single-transaction'),
    option('a', 'data-only'),
    option('c', 'clean'),
    option('C', 'create'),
    valued('d', 'dbname'),
    option('e', 'exit-on-error'),
    valued('f', 'file'),
    valued('F', 'format'),
    valued('I', 'index'),
    valued('j', 'jobs'),
    option('l', 'list'),
    valued('L', 'use-list'),
    valued('n', 'schema'),
    valued('N', 'exclude-schema'),
    option('O', 'no-owner'),
    valued('P', 'function'),
    option('R', 'no-reconnect'),
    option('s', 'schema-only'),
    valued('S', 'superuser'),
    valued('t', 'table'),
    valued('T', 'trigger'),
    option('v', 'verbose'),
    option('x', 'no-privileges'),
    option(null, 'disable-triggers'),
    option(null, 'enable-row-security'),
    option(null, 'if-exists'),
    option(null, 'no-comments'),
    option(null, 'no-data-for-failed-tables'),
    option(null, 'no-publications'),
    option(null, 'no-security-labels'),
    option(null, 'no-subscriptions'),
    option(null, 'no-table-access-method'),
    option(null, 'no-tablespaces'),
    valued(null, 'restrict-key'),
    valued(null, 'role'),
    valued(null, 'section'),
    option(null, 'strict-names'),
    option(null, 'use-set-session-authorization'),
    ...CONNECTION,
  ],
  positionals: ['FILE'],
  extraPositionals: 'error',
  conflicts: [{ options: ['dbname', 'file'], message: 'options -d/--dbname and -f/--file cannot be used together' }],
  undocumented: ['no-reconnect'],
};

const pgIsready: ProgramGrammar = {
  options: [
    valued('d', 'dbname'),
    valued('h', 'host'),
    valued('p', 'port'),
    option('q', 'quiet'),
    valued('t', 'timeout'),
    valued('U', 'username'),
  ],
  positionals: [],
  extraPositionals: 'error',
};

export const PROGRAM_GRAMMARS: Readonly<Record<PostgresProgram, ProgramGrammar>> = {
  clusterdb,
  createdb,
  dropdb,
  dropuser,
  pg_dump: pgDump,
  pg_dumpall: pgDumpall,
  pg_isready: pgIsready,
  pg_restore: pgRestore,
  psql,
  reindexdb,
  vacuumdb,
};
