// The MySQL/MariaDB family's rule tables: the client (mysql, mariadb), the dump and admin programs.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

const NO_UNDO = 'No undo: restore from a dump (mysqldump/mariadb-dump) or a backup plus binary logs taken before it ran.';
const UNKNOWN_UNDO = 'Unknown: guard cannot tell what this changes.';

type Rows<K extends string> = Record<K, { risk: Risk; description: string; reason: string; recovery?: string }>;

function table<K extends string>(program: string, rows: Rows<K>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `${program}/${key}`, ...rows[key] };
  return out;
}

/** The SQL findings classifyMysqlSql reports: shared by the client tables and other families. */
export const SQL_RULE_ROWS = {
  'drop-database': {
    risk: 'destructive',
    description: 'DROP DATABASE / DROP SCHEMA',
    reason: 'DROP DATABASE removes the database with every table, view, routine, trigger and event in it.',
    recovery: NO_UNDO,
  },
  'drop-table': {
    risk: 'destructive',
    description: 'DROP TABLE',
    reason: 'DROP TABLE removes the table and all its rows; its triggers go with it.',
    recovery: NO_UNDO,
  },
  'drop-object': {
    risk: 'destructive',
    description: 'DROP of another object (view, index, trigger, procedure, function, event, user…)',
    reason: 'DROP removes the object; whatever uses it stops working.',
    recovery: 'Recreate it from its definition (migrations or a schema dump); a dropped user needs its grants again.',
  },
  truncate: {
    risk: 'destructive',
    description: 'TRUNCATE TABLE, ALTER TABLE … TRUNCATE PARTITION',
    reason: 'TRUNCATE removes every row at once; it cannot be rolled back.',
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
    reason: 'The UPDATE overwrites the columns in every row; the old values are gone.',
    recovery: NO_UNDO,
  },
  'drop-column': {
    risk: 'destructive',
    description: 'ALTER TABLE … DROP COLUMN / DROP PARTITION',
    reason: 'Dropping a column or partition discards its values in every row.',
    recovery: NO_UNDO,
  },
  shutdown: {
    risk: 'destructive',
    description: 'SHUTDOWN, KILL [CONNECTION] (ends the server or another client’s session)',
    reason: 'Stops the server, or ends another client’s connection and rolls back its open transaction, for everyone using it.',
    recovery: 'Start the server again; killed transactions are rolled back and must be redone by their clients.',
  },
  'purge-logs': {
    risk: 'destructive',
    description: 'PURGE BINARY/MASTER LOGS, RESET MASTER, RESET REPLICA/SLAVE',
    reason: 'Deletes binary or relay logs (or the replica’s position): point-in-time recovery and replication from before it become impossible.',
    recovery: 'No undo: purged logs are gone unless copied elsewhere; a reset replica must be set up again.',
  },
  'user-function': {
    risk: 'unknown',
    description: 'A call of a function that is not built into MariaDB/MySQL (a stored or loadable function)',
    reason: 'A stored function can change data (the server does not enforce READS SQL DATA or NO SQL); guard has not read its body.',
    recovery: 'Unknown: read the body with SHOW CREATE FUNCTION.',
  },
  'stored-program': {
    risk: 'unknown',
    description: 'CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT (code that runs later), PREPARE/EXECUTE',
    reason: 'The statement defines or runs code whose statements guard does not analyse.',
    recovery: UNKNOWN_UNDO,
  },
  'call-procedure': {
    risk: 'unknown',
    description: 'CALL of a stored procedure (live: judged by its body)',
    reason: 'The procedure body can change or delete anything; guard has not read it.',
    recovery: 'Unknown: read the body with SHOW CREATE PROCEDURE.',
  },
  unparseable: {
    risk: 'unknown',
    description: 'SQL the MySQL/MariaDB parser rejects',
    reason: 'guard could not parse this SQL, so it cannot tell what it does.',
    recovery: UNKNOWN_UNDO,
  },
  'unrecognised-statement': {
    risk: 'unknown',
    description: 'A parsed statement guard has no rule for',
    reason: 'guard does not recognise this statement, so it cannot tell what it does.',
    recovery: UNKNOWN_UNDO,
  },
  'kill-query': { risk: 'write', description: 'KILL QUERY, FLUSH …, RESET QUERY CACHE', reason: 'Cancels a statement or clears caches; the client can run it again.' },
  privileges: { risk: 'write', description: 'GRANT, REVOKE, CREATE/ALTER/RENAME USER or ROLE, SET DEFAULT ROLE', reason: 'Changes who may do what; what a REVOKE or ALTER USER takes away breaks whoever used it until it is given back.' },
  'delete-where': { risk: 'write', description: 'DELETE with a WHERE clause', reason: 'Deletes the rows its condition selects.' },
  'update-where': { risk: 'write', description: 'UPDATE with a WHERE clause', reason: 'Changes the rows its condition selects.' },
  rename: { risk: 'write', description: 'RENAME TABLE, ALTER TABLE … RENAME', reason: 'Renaming keeps the data; whatever uses the old name breaks until it is renamed back.' },
  write: { risk: 'write', description: 'INSERT, REPLACE, CREATE, ALTER, GRANT, LOAD DATA, SET GLOBAL…', reason: 'The statement changes data or schema without removing any.' },
  read: { risk: 'read', description: 'SELECT, SHOW, DESCRIBE, EXPLAIN, USE, session settings', reason: 'The statements only read.' },
} as const satisfies Rows<string>;

export type SqlRuleKey = keyof typeof SQL_RULE_ROWS;

const CLIENT_ROWS = {
  ...SQL_RULE_ROWS,
  'shell-escape': {
    risk: 'unknown',
    description: 'Client commands that run programs: system / \\!, pager / \\P, edit / \\e',
    reason: 'The client hands this to a shell or an editor; guard cannot see what it does.',
    recovery: UNKNOWN_UNDO,
  },
  'client-command': {
    risk: 'unknown',
    description: 'connect / \\r and backslash commands guard does not know',
    reason: 'The client command changes the connection or does something guard cannot follow.',
    recovery: UNKNOWN_UNDO,
  },
  'unreadable-input': {
    risk: 'unknown',
    description: 'A source / \\. file or option file guard cannot read (missing, a cycle, too deep)',
    reason: 'The client would execute input guard could not read.',
    recovery: UNKNOWN_UNDO,
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options the client does not document, or missing option values',
    reason: 'guard does not recognise these arguments, so it cannot tell what the client will do.',
    recovery: UNKNOWN_UNDO,
  },
  'interactive-session': {
    risk: 'write',
    description: 'An interactive session at a terminal',
    reason: 'The user types the statements; guard sees them only through the shell hook of an agent, not here.',
  },
} as const satisfies Rows<string>;

export type ClientRuleKey = keyof typeof CLIENT_ROWS;

export const mysqlRules = table('mysql', CLIENT_ROWS);
export const mariadbRules = table('mariadb', CLIENT_ROWS);

const DUMP_ROWS = {
  read: { risk: 'read', description: 'Dumping databases', reason: 'A dump reads the server; it writes only to its output.' },
  'delete-master-logs': {
    risk: 'destructive',
    description: '--delete-master-logs (--master-data with PURGE BINARY LOGS)',
    reason: 'Deletes the server’s binary logs after the dump: point-in-time recovery before it becomes impossible.',
    recovery: 'No undo: purged binary logs are gone unless copied elsewhere.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options the dump program does not document, or missing values',
    reason: 'guard does not recognise these arguments.',
    recovery: UNKNOWN_UNDO,
  },
} as const satisfies Rows<string>;

export type DumpRuleKey = keyof typeof DUMP_ROWS;
export const mysqldumpRules = table('mysqldump', DUMP_ROWS);
export const mariadbDumpRules = table('mariadb-dump', DUMP_ROWS);

const ADMIN_ROWS = {
  read: { risk: 'read', description: 'status, ping, version, variables, processlist, extended-status', reason: 'These commands only read server state.' },
  write: { risk: 'write', description: 'create, flush-*, reload, refresh, password, start/stop-replica…', reason: 'Changes server state without removing data.' },
  'drop-database': {
    risk: 'destructive',
    description: 'drop DATABASE',
    reason: 'Removes the database and everything in it (with -f, without the program’s own question).',
    recovery: NO_UNDO,
  },
  shutdown: {
    risk: 'destructive',
    description: 'shutdown, kill',
    reason: 'Stops the server (or ends other clients’ connections and their transactions) for everyone using it.',
    recovery: 'Start the server again; killed transactions are rolled back and must be redone by their clients.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options or commands the admin program does not document',
    reason: 'guard does not recognise these arguments.',
    recovery: UNKNOWN_UNDO,
  },
} as const satisfies Rows<string>;

export type AdminRuleKey = keyof typeof ADMIN_ROWS;
export const mysqladminRules = table('mysqladmin', ADMIN_ROWS);
export const mariadbAdminRules = table('mariadb-admin', ADMIN_ROWS);
