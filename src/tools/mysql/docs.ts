// The MySQL/MariaDB family's page in docs/tools/: what the client executes, how it connects, what the look-ups ask.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'MySQL and MariaDB: mysql, mariadb, the dump and admin programs',
  resolution: [
    'Options are read as the client reads them: the command line (my_getopt: unique prefixes such as `--exec`, `-`/`_` alike, `--skip-`/`--loose-`), then the option files in the client\'s order — `/etc/my.cnf`, `/etc/mysql/my.cnf` with `!include`/`!includedir`, `$MYSQL_HOME/my.cnf`, `--defaults-extra-file`, `~/.my.cnf` — or only `--defaults-file`, or none with `--no-defaults` (honoured only at the front of argv, as the client does). Groups: `[client]`, `[mysql]`, `[mariadb-client]`, `[client-server]`, `[client-mariadb]`, plus `--defaults-group-suffix` copies.',
    'MySQL\'s `~/.mylogin.cnf` (mysql_config_editor) is decoded as MySQL\'s client decodes it — it is obfuscated, not encrypted — and its `[client]` and `--login-path` groups are read last. MariaDB\'s clients ignore the file, so guard may see more than they do, never less.',
    'The connection: command line, then option files, then `MYSQL_HOST`, `MYSQL_TCP_PORT`, `MYSQL_UNIX_PORT`; `localhost` is the Unix socket unless `--protocol=TCP` (or, as in MariaDB ≥ 10.6.1, a `--port` on the command line). Passwords (`-p…`, `--password=`, option files, `MYSQL_PWD`, SQL `IDENTIFIED BY`/`PASSWORD`) are never shown.',
    'The environment comes from your `environments.<name>.match.mysql` rules (`host` or socket path, `port`, `database`, `user` globs); otherwise a socket or loopback host is `local`, a host or database containing "prod" is `production`, anything else `unknown` (protected).',
    'What the client executes: every `-e`, stdin when it is not a terminal (spooled, then handed on byte for byte), `source`/`\\.` files (bounded, cycles caught), `--init-command` (also from option files), split as the client splits it (DELIMITER, `\\c`, `\\g`, a client command ending at the delimiter). `system`/`\\!`, `pager` and `edit` are unknown.',
  ],
  liveLookups: [
    'Through the real `mariadb`/`mysql` binary with `--no-defaults` and the resolved connection (the password in `MYSQL_PWD`), in `SET SESSION TRANSACTION READ ONLY; START TRANSACTION READ ONLY`, 5 s timeout.',
    'Tables: `information_schema.TABLES` (engine, estimated rows, data and index bytes), then an exact `COUNT(*)` when the estimate is at most 200,000 rows; the report says which.',
    'Foreign keys that reference the table (`KEY_COLUMN_USAGE`), views whose definition uses it (`VIEWS`), triggers that go with it (`TRIGGERS`).',
    'DROP DATABASE: its tables, estimated rows, bytes, views, routines, triggers and events, and foreign keys from other databases into it.',
  ],
  notes: [
    'Snapshots (`--snapshot`): `mariadb-dump --single-transaction --skip-extended-insert` of the tables a DROP/TRUNCATE/DELETE or UPDATE without WHERE/DROP COLUMN loses, or the database (with routines, events, triggers) for DROP DATABASE and `mysqladmin drop`; verified by each table\'s INSERT lines equalling a live `COUNT(*)`; restored through the client with the password from `MYSQL_PWD` or the option files the command read, refused while a table in the dump has rows again.',
    'SQL is parsed with node-sql-parser\'s MariaDB grammar after unwrapping `/*! … */` and `/*M! … */`, which the server executes; whatever it rejects (stored-program bodies, statements outside its grammar) is unknown, and so are `CALL`, `PREPARE`/`EXECUTE`.',
    '`classifyMysqlSql(text)` (src/tools/mysql/sql.ts) is the same classification for other families; `guard scan` uses it for SQL migrations MySQL reads better than Postgres.',
    '`--safe-updates` is noted, not trusted.',
  ],
};
