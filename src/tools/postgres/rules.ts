// The Postgres family's rule tables: one per program, plain data, ids `<program>/<rule>`.
import type { Rule, RuleTable } from '../../core/types.js';
import type { Risk } from '../../core/risk.js';

const NO_UNDO = 'No undo: restore from a dump or a point-in-time backup taken before it ran.';

function table<K extends string>(
  program: string,
  rows: Record<K, { risk: Risk; description: string; reason: string; recovery?: string }>,
): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `${program}/${key}`, ...rows[key] };
  return out;
}

export const psqlRules = table('psql', {
  'drop-database': {
    risk: 'destructive',
    description: 'DROP DATABASE',
    reason: 'DROP DATABASE removes the database, every object in it and all its data.',
    recovery: `${NO_UNDO} Point-in-time recovery needs a base backup and WAL archive from outside this database.`,
  },
  'drop-schema': {
    risk: 'destructive',
    description: 'DROP SCHEMA',
    reason: 'DROP SCHEMA removes the schema; with CASCADE, every table and row in it.',
    recovery: NO_UNDO,
  },
  'drop-table': {
    risk: 'destructive',
    description: 'DROP TABLE (and DROP MATERIALIZED VIEW, DROP FOREIGN TABLE)',
    reason: 'DROP TABLE removes the table and all its rows.',
    recovery: 'No automatic recovery: restore from a dump taken before the drop.',
  },
  'drop-object': {
    risk: 'destructive',
    description: 'DROP of any other object (view, index, function, extension, sequence, type…)',
    reason: 'DROP removes the object; with CASCADE, everything that depends on it, tables included.',
    recovery: 'Recreate it from its definition (migrations or a schema dump); CASCADE losses need a data restore.',
  },
  'drop-role': {
    risk: 'destructive',
    description: 'DROP ROLE / DROP USER / DROP GROUP / DROP OWNED / REASSIGN OWNED',
    reason: 'Removes a role or the objects and privileges it owns; applications using it stop connecting.',
    recovery: 'Recreate the role and re-grant its privileges; objects removed by DROP OWNED need a restore.',
  },
  truncate: {
    risk: 'destructive',
    description: 'TRUNCATE',
    reason: 'TRUNCATE removes every row at once, without a WHERE and without row-level triggers.',
    recovery: NO_UNDO,
  },
  'delete-all': {
    risk: 'destructive',
    description: 'DELETE without WHERE, or with a WHERE that is always true',
    reason: 'The DELETE has no condition that limits it: every row goes.',
    recovery: NO_UNDO,
  },
  'update-all': {
    risk: 'destructive',
    description: 'UPDATE without WHERE, or with a WHERE that is always true',
    reason: 'The UPDATE overwrites the column in every row; the old values are gone.',
    recovery: NO_UNDO,
  },
  'rewrite-column': {
    risk: 'destructive',
    description: 'ALTER TABLE … ALTER COLUMN … TYPE … USING an expression that reads no column',
    reason: 'Every row\'s value in the column is replaced by the same constant; the old values are gone.',
    recovery: NO_UNDO,
  },
  'drop-column': {
    risk: 'destructive',
    description: 'ALTER TABLE … DROP COLUMN',
    reason: 'Dropping a column discards its values in every row.',
    recovery: NO_UNDO,
  },
  'dangerous-function': {
    risk: 'destructive',
    description: 'Calls of functions that destroy or disconnect (lo_unlink, pg_drop_replication_slot, pg_terminate_backend…)',
    reason: 'The statement calls a function that deletes data or ends other sessions.',
    recovery: 'Depends on the function: large objects and replication slots cannot be brought back.',
  },
  'opaque-code': {
    risk: 'unknown',
    description: 'DO blocks, function bodies or dynamic SQL guard cannot analyse',
    reason: 'The code runs statements guard cannot see; it is treated as destructive.',
    recovery: 'Unknown: guard cannot tell what this code changes.',
  },
  'user-function': {
    risk: 'unknown',
    description: 'Calls of functions that are not built in (SELECT purge_old_orders(), SELECT * FROM cleanup(), CALL …)',
    reason: 'The statement calls a function guard cannot see: its body can change or delete anything.',
    recovery: 'Unknown: guard cannot tell what the function changes. Read its body (\\sf NAME in psql); STABLE and IMMUTABLE SQL and PL/pgSQL functions cannot modify data.',
  },
  unparseable: {
    risk: 'unknown',
    description: 'SQL the Postgres parser rejects, or input too large to analyse',
    reason: 'guard could not parse this SQL, so it cannot tell what it does.',
    recovery: 'Unknown: guard cannot tell what this SQL changes.',
  },
  'unrecognised-statement': {
    risk: 'unknown',
    description: 'SQL statements or psql meta-commands guard does not know',
    reason: 'guard does not recognise this statement, so it cannot tell what it does.',
    recovery: 'Unknown: guard cannot tell what this statement changes.',
  },
  'shell-escape': {
    risk: 'unknown',
    description: 'psql meta-commands that run shell commands or generated SQL (\\!, \\gexec, \\o |, \\copy … program)',
    reason: 'psql hands this to a shell or executes SQL generated at run time; guard cannot see what it does.',
    recovery: 'Unknown: guard cannot tell what this command changes.',
  },
  'unresolved-variable': {
    risk: 'unknown',
    description: 'psql :variables guard cannot resolve',
    reason: 'The statement depends on a psql variable whose value guard does not know.',
    recovery: 'Unknown: guard cannot tell what this SQL changes.',
  },
  'unreadable-input': {
    risk: 'unknown',
    description: 'An -f file or \\i include guard cannot read (missing, too deep, a cycle, binary)',
    reason: 'psql would execute input guard could not read.',
    recovery: 'Unknown: guard cannot tell what this input changes.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options psql does not document, or missing option values',
    reason: 'guard does not recognise these arguments, so it cannot tell what psql will do.',
    recovery: 'Unknown: guard cannot tell what this command changes.',
  },
  'delete-where': {
    risk: 'write',
    description: 'DELETE with a real WHERE',
    reason: 'Deletes the rows that match its condition.',
  },
  'update-where': {
    risk: 'write',
    description: 'UPDATE with a real WHERE',
    reason: 'Changes the rows that match its condition.',
  },
  write: {
    risk: 'write',
    description: 'INSERT, CREATE, ALTER (other), GRANT, REVOKE, VACUUM, REINDEX, COPY FROM, CALL…',
    reason: 'Changes data or schema without removing existing data.',
  },
  read: {
    risk: 'read',
    description: 'SELECT, SHOW, EXPLAIN (no ANALYZE), SET, transaction control, psql \\d…',
    reason: 'Reads only.',
  },
  'interactive-session': {
    risk: 'write',
    description: 'An interactive psql session (no -c or -f, stdin a terminal)',
    reason: 'An interactive session can run anything; guard names the environment it connects to.',
  },
});

function programRules(program: string, risk: Risk, description: string, reason: string, recovery?: string) {
  return table(program, {
    [risk === 'read' ? 'read' : risk === 'write' ? 'write' : 'destructive']: { risk, description, reason, recovery },
    'bad-arguments': {
      risk: 'unknown',
      description: `Options ${program} does not document, or missing option values`,
      reason: `guard does not recognise these arguments, so it cannot tell what ${program} will do.`,
      recovery: 'Unknown: guard cannot tell what this command changes.',
    },
    info: { risk: 'read', description: '--help, --version', reason: 'Prints information and exits.' },
  } as Record<string, { risk: Risk; description: string; reason: string; recovery?: string }>);
}

export const dropdbRules = table('dropdb', {
  'drop-database': {
    risk: 'destructive',
    description: 'dropdb DBNAME',
    reason: 'dropdb removes the database, every object in it and all its data.',
    recovery: `${NO_UNDO} Point-in-time recovery needs a base backup and WAL archive from outside this database.`,
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options dropdb does not document, or missing option values',
    reason: 'guard does not recognise these arguments, so it cannot tell what dropdb will do.',
    recovery: 'Unknown: guard cannot tell what this command changes.',
  },
  info: { risk: 'read', description: '--help, --version', reason: 'Prints information and exits.' },
});

export const dropuserRules = table('dropuser', {
  'drop-role': {
    risk: 'destructive',
    description: 'dropuser ROLENAME',
    reason: 'dropuser removes the role; applications that log in with it stop connecting.',
    recovery: 'Recreate the role and re-grant its privileges.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options dropuser does not document, or missing option values',
    reason: 'guard does not recognise these arguments, so it cannot tell what dropuser will do.',
    recovery: 'Unknown: guard cannot tell what this command changes.',
  },
  info: { risk: 'read', description: '--help, --version', reason: 'Prints information and exits.' },
});

export const pgRestoreRules = table('pg_restore', {
  clean: {
    risk: 'destructive',
    description: 'pg_restore --clean (-c) into a database',
    reason: '--clean drops every object in the archive from the target database before recreating it.',
    recovery: 'The dropped objects hold whatever the archive holds now; data written since the archive was made is lost.',
  },
  'into-existing': {
    risk: 'destructive',
    description: 'pg_restore -d DB without --create: restores into an existing database',
    reason: 'Restoring into an existing database mixes archive data with live data and can overwrite or fail half-way.',
    recovery: 'Restore the database from a dump taken before the restore ran.',
  },
  create: {
    risk: 'write',
    description: 'pg_restore --create without --clean: creates a new database from the archive',
    reason: 'Creates a new database; fails if it already exists.',
  },
  'to-script': {
    risk: 'read',
    description: 'pg_restore without -d: writes SQL to stdout or a file',
    reason: 'Only writes a script; touches no database.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options pg_restore does not document, or missing option values',
    reason: 'guard does not recognise these arguments, so it cannot tell what pg_restore will do.',
    recovery: 'Unknown: guard cannot tell what this command changes.',
  },
  info: { risk: 'read', description: '--help, --version', reason: 'Prints information and exits.' },
});

export const createdbRules = programRules('createdb', 'write', 'createdb DBNAME', 'Creates a database.');
export const vacuumdbRules = programRules('vacuumdb', 'write', 'vacuumdb', 'Vacuums and analyses; takes locks but removes no live data.');
export const reindexdbRules = programRules('reindexdb', 'write', 'reindexdb', 'Rebuilds indexes; takes locks but removes no data.');
export const clusterdbRules = programRules('clusterdb', 'write', 'clusterdb', 'Rewrites tables in index order; takes exclusive locks but removes no data.');
export const pgDumpRules = programRules('pg_dump', 'read', 'pg_dump', 'Reads a database into an archive or script.');
export const pgDumpallRules = programRules('pg_dumpall', 'read', 'pg_dumpall', 'Reads every database of a cluster into a script.');
export const pgIsreadyRules = programRules('pg_isready', 'read', 'pg_isready', 'Checks whether the server accepts connections.');

export type PsqlRuleKey = keyof typeof psqlRules;

export const ALL_POSTGRES_RULE_TABLES: Readonly<Record<string, RuleTable>> = {
  clusterdb: clusterdbRules,
  createdb: createdbRules,
  dropdb: dropdbRules,
  dropuser: dropuserRules,
  pg_dump: pgDumpRules,
  pg_dumpall: pgDumpallRules,
  pg_isready: pgIsreadyRules,
  pg_restore: pgRestoreRules,
  psql: psqlRules,
  reindexdb: reindexdbRules,
  vacuumdb: vacuumdbRules,
};
