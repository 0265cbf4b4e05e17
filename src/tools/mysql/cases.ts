// The MySQL family's case table: must-run and must-stop rows per program, run by the shared tester.
import type { ToolCase } from '../tool.js';

function clientCases(p: 'mysql' | 'mariadb'): readonly ToolCase[] {
  return [
    { argv: [p, 'shop', '-e', 'SELECT * FROM orders'], risk: 'read', rules: [`${p}/read`] },
    { argv: [p, '-e', "SELECT 'DROP TABLE x'"], risk: 'read', rules: [`${p}/read`], note: 'a string literal that looks destructive' },
    { argv: [p, '--version'], risk: 'read', rules: [`${p}/read`] },
    { argv: [p, 'shop', '-e', 'DROP TABLE orders'], risk: 'destructive', rules: [`${p}/drop-table`] },
    { argv: [p, '-e', 'DROP DATABASE shop'], risk: 'destructive', rules: [`${p}/drop-database`] },
    { argv: [p, '-e', 'DROP VIEW v'], risk: 'destructive', rules: [`${p}/drop-object`] },
    { argv: [p, '-e', 'TRUNCATE TABLE orders'], risk: 'destructive', rules: [`${p}/truncate`] },
    { argv: [p, '-e', 'DELETE FROM orders'], risk: 'destructive', rules: [`${p}/delete-all`] },
    { argv: [p, '-e', 'DELETE FROM t WHERE 1=1'], risk: 'destructive', rules: [`${p}/delete-all`] },
    { argv: [p, '-e', 'UPDATE accounts SET balance = 0'], risk: 'destructive', rules: [`${p}/update-all`] },
    { argv: [p, '-e', 'ALTER TABLE orders DROP COLUMN note'], risk: 'destructive', rules: [`${p}/drop-column`] },
    { argv: [p, '-e', 'select 1; /*!50001 DROP TABLE t */'], risk: 'destructive', rules: [`${p}/drop-table`], note: 'BYPASSES: a version comment MySQL executes' },
    { argv: [p, '-e', 'DROP/**/TABLE users'], risk: 'destructive', rules: [`${p}/drop-table`] },
    { argv: [p, '-e', 'DELETE FROM orders WHERE id = 42'], risk: 'write', rules: [`${p}/delete-where`] },
    { argv: [p, '-e', "UPDATE orders SET note = 'x' WHERE id = 42"], risk: 'write', rules: [`${p}/update-where`] },
    { argv: [p, '-e', 'RENAME TABLE orders TO orders_old'], risk: 'write', rules: [`${p}/rename`] },
    { argv: [p, '-e', 'INSERT INTO orders (id) VALUES (1)'], risk: 'write', rules: [`${p}/write`] },
    { argv: [p, '-e', 'CREATE PROCEDURE p() BEGIN DROP TABLE t; END'], risk: 'unknown', rules: [`${p}/stored-program`] },
    { argv: [p, '-e', 'CALL purge_orders()'], risk: 'unknown', rules: [`${p}/call-procedure`] },
    { argv: [p, '-e', 'SELEC 1 FROM'], risk: 'unknown', rules: [`${p}/unparseable`] },
    { argv: [p, '-e', 'RETURN 1'], risk: 'unknown', rules: [`${p}/unrecognised-statement`], note: 'parsed, but no rule knows it' },
    { argv: [p, '-e', "SET PASSWORD = 'x'"], risk: 'write', rules: [`${p}/write`] },
    { argv: [p, '-e', "BINLOG 'AAAA'"], risk: 'unknown', rules: [`${p}/unparseable`], note: 'a statement outside the parser’s grammar fails closed' },
    { argv: [p, 'shop', '-e', 'SELECT my_func()'], risk: 'unknown', rules: [`${p}/user-function`], note: 'a stored function can write: unknown until its body is read' },
    { argv: [p, 'shop', '-e', 'DO purge_everything()'], risk: 'unknown', rules: [`${p}/user-function`], note: 'DO evaluates the call like SELECT' },
    { argv: [p, 'shop', '-e', 'SELECT COUNT(*), NOW(), LEFT(name, 3) FROM customers'], risk: 'read', rules: [`${p}/read`], note: 'built-in functions (generated from the server) only read' },
    { argv: [p, '-e', "DROP USER 'app'@'%'"], risk: 'destructive', rules: [`${p}/drop-object`] },
    { argv: [p, '-e', 'DROP PROCEDURE IF EXISTS shop.nightly'], risk: 'destructive', rules: [`${p}/drop-object`] },
    { argv: [p, '-e', 'KILL 5'], risk: 'destructive', rules: [`${p}/shutdown`], note: 'ends another client’s connection' },
    { argv: [p, '-e', 'KILL QUERY 5'], risk: 'write', rules: [`${p}/kill-query`] },
    { argv: [p, '-e', 'SHUTDOWN'], risk: 'destructive', rules: [`${p}/shutdown`] },
    { argv: [p, '-e', "PURGE BINARY LOGS BEFORE '2026-01-01'"], risk: 'destructive', rules: [`${p}/purge-logs`] },
    { argv: [p, '-e', 'RESET MASTER'], risk: 'destructive', rules: [`${p}/purge-logs`] },
    { argv: [p, '-e', 'FLUSH PRIVILEGES'], risk: 'write', rules: [`${p}/kill-query`] },
    { argv: [p, '-e', 'REVOKE ALL PRIVILEGES, GRANT OPTION FROM app'], risk: 'write', rules: [`${p}/privileges`] },
    { argv: [p, '-e', 'system rm -rf /'], risk: 'unknown', rules: [`${p}/shell-escape`] },
    { argv: [p, '-e', 'select 1 \\! rm -rf /'], risk: 'unknown', rules: [`${p}/shell-escape`], note: 'a backslash command inside a line' },
    { argv: [p, '-e', 'connect other db.prod.internal'], risk: 'unknown', rules: [`${p}/client-command`] },
    { argv: [p, '-e', 'source missing.sql'], risk: 'unknown', rules: [`${p}/unreadable-input`] },
    { argv: [p, '-e', 'source drop.sql'], risk: 'destructive', rules: [`${p}/drop-table`], world: { files: { 'drop.sql': 'DROP TABLE users;\n' } }, note: 'source is followed' },
    { argv: [p, '-e', '\\. drop.sql'], risk: 'destructive', rules: [`${p}/drop-table`], world: { files: { 'drop.sql': 'DROP TABLE users;\n' } }, note: '\\. is followed' },
    { argv: [p, '-e', 'source a.sql'], risk: 'unknown', rules: [`${p}/unreadable-input`], world: { files: { 'a.sql': 'source a.sql\n' } }, note: 'a source cycle' },
    { argv: [p, '-e', 'use shop; drop table orders'], risk: 'destructive', rules: [`${p}/drop-table`], note: 'a client command ends at the delimiter; the rest of the line runs' },
    { argv: [p, '-e', 'select 1; source drop.sql;'], risk: 'destructive', rules: [`${p}/drop-table`], world: { files: { 'drop.sql': 'DROP TABLE users;\n' } }, note: 'source after a statement on the same line' },
    { argv: [p, '-e', 'DROP TABLE t \\c'], risk: 'read', rules: [`${p}/read`], note: '\\c clears the statement: nothing runs' },
    { argv: [p, '-e', 'DELIMITER //\nCREATE TABLE t (a int)//\nDROP TABLE t//'], risk: 'destructive', rules: [`${p}/write`, `${p}/drop-table`], note: 'DELIMITER changes where statements end' },
    { argv: [p, '--frobnicate', '-e', 'select 1'], risk: 'unknown', rules: [`${p}/bad-arguments`] },
    { argv: [p, '--exec=DROP TABLE t'], risk: 'destructive', rules: [`${p}/drop-table`], note: 'my_getopt takes a unique prefix of a long option' },
    { argv: [p, '--init-command=DROP TABLE t', '-e', 'select 1'], risk: 'destructive', rules: [`${p}/drop-table`], note: '--init-command runs on connect' },
    { argv: [p, 'shop'], risk: 'destructive', rules: [`${p}/drop-table`], world: { stdin: 'select 1; drop table t;\n' }, note: 'SQL on stdin' },
    { argv: [p, 'shop'], risk: 'write', rules: [`${p}/interactive-session`], world: { stdin: 'tty' } },
    { argv: [p, '-e', 'select 1'], risk: 'destructive', rules: [`${p}/drop-table`], world: { files: { '.my.cnf': '[client]\nuser=app\n[mysql]\ninit-command="DROP TABLE users"\n' } }, note: '~/.my.cnf [mysql] init-command' },
    { argv: [p, '--no-defaults', '-e', 'select 1'], risk: 'read', rules: [`${p}/read`], world: { files: { '.my.cnf': '[mysql]\ninit-command="DROP TABLE users"\n' } }, note: '--no-defaults skips the option files' },
    { argv: [p, '--defaults-file=conf/my.cnf', '-e', 'select 1'], risk: 'destructive', rules: [`${p}/truncate`], world: { files: { 'conf/my.cnf': '!include extra.cnf\n', 'conf/extra.cnf': '[client]\ninit-command=TRUNCATE audit\n' } }, note: '--defaults-file with !include' },
    { argv: [p, '--defaults-file=nope.cnf', '-e', 'select 1'], risk: 'unknown', rules: [`${p}/unreadable-input`], note: 'a missing --defaults-file' },
    { argv: [p, '-h', 'db.prod.internal', '-e', 'SELECT 1'], risk: 'read', rules: [`${p}/read`], note: 'reads are allowed in production' },
  ];
}

function adminCases(p: 'mysqladmin' | 'mariadb-admin'): readonly ToolCase[] {
  return [
    { argv: [p, 'status'], risk: 'read', rules: [`${p}/read`] },
    { argv: [p, 'ping'], risk: 'read', rules: [`${p}/read`] },
    { argv: [p, 'create', 'shop2'], risk: 'write', rules: [`${p}/write`] },
    { argv: [p, '-f', 'drop', 'shop'], risk: 'destructive', rules: [`${p}/drop-database`] },
    { argv: [p, 'shutdown'], risk: 'destructive', rules: [`${p}/shutdown`] },
    { argv: [p, 'shut'], risk: 'destructive', rules: [`${p}/shutdown`], note: 'commands may be shortened' },
    { argv: [p, 'frobnicate'], risk: 'unknown', rules: [`${p}/bad-arguments`] },
    { argv: [p, 'password', 'n3w-secret'], risk: 'write', rules: [`${p}/write`] },
  ];
}

function dumpCases(p: 'mysqldump' | 'mariadb-dump'): readonly ToolCase[] {
  return [
    { argv: [p, 'shop'], risk: 'read', rules: [`${p}/read`] },
    { argv: [p, '--all-databases', '--delete-master-logs'], risk: 'destructive', rules: [`${p}/delete-master-logs`] },
    { argv: [p, '--frobnicate', 'shop'], risk: 'unknown', rules: [`${p}/bad-arguments`] },
  ];
}

export const mysqlCases: Readonly<Record<string, readonly ToolCase[]>> = {
  mariadb: clientCases('mariadb'),
  'mariadb-admin': adminCases('mariadb-admin'),
  'mariadb-dump': dumpCases('mariadb-dump'),
  mysql: clientCases('mysql'),
  mysqladmin: adminCases('mysqladmin'),
  mysqldump: dumpCases('mysqldump'),
};
