// Tests of SQL classification from the Postgres syntax tree: tables of statements and their rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySqlSync, loadSqlParser } from '../../../src/tools/postgres/sql.js';
import { psqlRules, type PsqlRuleKey } from '../../../src/tools/postgres/rules.js';

await loadSqlParser();
const rulesOf = (sql: string): PsqlRuleKey[] => classifySqlSync(sql).findings.map((f) => f.rule);

const cases: { sql: string; rules: PsqlRuleKey[] }[] = [
  // BYPASSES.md
  { sql: 'DROP/**/TABLE users', rules: ['drop-table'] },
  { sql: 'delete from "Users" where true', rules: ['delete-all'] },
  { sql: 'DELETE FROM t WHERE 1=1', rules: ['delete-all'] },
  { sql: 'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', rules: ['delete-all'] },
  { sql: "DO $$ BEGIN EXECUTE 'DROP TABLE t'; END $$", rules: ['drop-table'] },
  { sql: "SELECT 'DROP TABLE x'", rules: [] },
  { sql: 'SELECT * FROM deleted_users', rules: [] },
  // destructive
  { sql: 'DROP DATABASE prod', rules: ['drop-database'] },
  { sql: 'DROP SCHEMA app CASCADE', rules: ['drop-schema'] },
  { sql: 'DROP MATERIALIZED VIEW mv; DROP FOREIGN TABLE ft', rules: ['drop-table', 'drop-table'] },
  { sql: 'DROP INDEX i; DROP FUNCTION f(int); DROP EXTENSION e', rules: ['drop-object', 'drop-object', 'drop-object'] },
  { sql: 'DROP ROLE a; DROP USER b; DROP OWNED BY c; REASSIGN OWNED BY d TO e', rules: ['drop-role', 'drop-role', 'drop-role', 'drop-role'] },
  { sql: 'TRUNCATE a, b', rules: ['truncate'] },
  { sql: "DELETE FROM t WHERE 'a'='a'", rules: ['delete-all'] },
  { sql: 'DELETE FROM t WHERE NOT false', rules: ['delete-all'] },
  { sql: 'DELETE FROM t WHERE x = 1 OR true', rules: ['delete-all'] },
  { sql: 'DELETE FROM t WHERE EXISTS (SELECT 1)', rules: ['delete-all'] },
  { sql: 'UPDATE t SET a = 1', rules: ['update-all'] },
  { sql: 'UPDATE t SET a = 1 WHERE 2 > 1', rules: ['update-all'] },
  { sql: 'ALTER TABLE orders DROP COLUMN note', rules: ['drop-column'] },
  { sql: 'SELECT lo_unlink(42)', rules: ['dangerous-function'] },
  { sql: 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity', rules: ['dangerous-function'] },
  { sql: "SELECT pg_drop_replication_slot('s')", rules: ['dangerous-function'] },
  { sql: 'EXPLAIN ANALYZE DELETE FROM t', rules: ['delete-all'] },
  { sql: 'PREPARE p AS DELETE FROM t; EXECUTE p', rules: ['delete-all', 'delete-all'] },
  { sql: 'CREATE RULE r AS ON INSERT TO t DO INSTEAD DELETE FROM u', rules: ['write', 'delete-all'] },
  { sql: 'CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ TRUNCATE t $$', rules: ['write', 'truncate'] },
  { sql: 'MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE', rules: ['delete-all'] },
  // unknown
  { sql: "SELECT dblink_exec('conn', 'DROP TABLE x')", rules: ['opaque-code'] },
  { sql: "DO $$ BEGIN EXECUTE 'DROP TABLE ' || 't'; END $$", rules: ['opaque-code'] },
  { sql: 'DO LANGUAGE plpython3u $$ import os $$', rules: ['opaque-code'] },
  { sql: 'EXECUTE never_prepared', rules: ['opaque-code'] },
  { sql: 'SELECT FROM WHERE', rules: ['unparseable'] },
  { sql: 'SET standard_conforming_strings = off', rules: ['opaque-code'] },
  { sql: "COPY t TO PROGRAM 'rm -rf /'", rules: ['shell-escape'] },
  // write
  { sql: 'DELETE FROM t WHERE id = 5', rules: ['delete-where'] },
  { sql: 'UPDATE t SET a = 1 WHERE id = 5', rules: ['update-where'] },
  { sql: 'DELETE FROM t WHERE 1 = 2', rules: ['delete-where'] },
  { sql: 'INSERT INTO t VALUES (1)', rules: ['write'] },
  { sql: 'CREATE TABLE t (id int)', rules: ['write'] },
  { sql: 'ALTER TABLE t ADD COLUMN x int', rules: ['write'] },
  { sql: 'GRANT SELECT ON t TO bob; REVOKE ALL ON t FROM bob', rules: ['write', 'write'] },
  { sql: 'VACUUM; REINDEX TABLE t; CLUSTER t', rules: ['write', 'write', 'write'] },
  { sql: 'COPY t FROM STDIN', rules: ['write'] },
  { sql: 'CALL p()', rules: ['write', 'user-function'] },
  { sql: 'CALL pg_catalog.p()', rules: ['write'] },
  { sql: 'SELECT 1 INTO t2', rules: ['write'] },
  // read
  { sql: 'SELECT 1; SHOW work_mem; SET search_path = app; RESET ALL', rules: [] },
  { sql: 'BEGIN; COMMIT; ROLLBACK', rules: [] },
  { sql: 'EXPLAIN DELETE FROM t', rules: [] },
  { sql: 'COPY t TO STDOUT', rules: [] },
  { sql: "SELECT 'a'::text = 'a'", rules: [] },
];

test('statements classify to their rules', () => {
  for (const c of cases) assert.deepEqual(rulesOf(c.sql), c.rules, c.sql);
});

test('every rule key used exists in the psql rule table', () => {
  for (const c of cases) for (const rule of c.rules) assert.ok(psqlRules[rule], rule);
});

test('findings name their objects as written', () => {
  const objects = (sql: string) => classifySqlSync(sql).findings.flatMap((f) => f.objects.map((o) => `${o.kind}:${o.name}`));
  assert.deepEqual(objects('DROP TABLE public.orders, "Users"'), ['table:public.orders', 'table:"Users"']);
  assert.deepEqual(objects('DROP DATABASE shop'), ['database:shop']);
  assert.deepEqual(objects('ALTER TABLE orders DROP COLUMN note'), ['column:orders.note']);
  assert.deepEqual(objects('DROP ROLE app'), ['role:app']);
});

test('summaries are SQL keywords and never carry string literals', () => {
  const summaries = (sql: string) => classifySqlSync(sql).findings.map((f) => f.summary);
  assert.deepEqual(summaries('DROP TABLE orders'), ['DROP TABLE orders']);
  assert.deepEqual(summaries('DELETE FROM orders'), ['DELETE FROM orders (no WHERE)']);
  for (const sql of ["ALTER ROLE app PASSWORD 'hunter2secret'", "CREATE ROLE app LOGIN PASSWORD 'hunter2secret'", "CREATE USER u PASSWORD 'hunter2secret'", "SELECT FROM 'hunter2secret'"]) {
    for (const summary of summaries(sql)) assert.ok(!summary.includes('hunter2secret'), `${sql} -> ${summary}`);
  }
});

test('DELETE/UPDATE with a WHERE carry the statement for the planner', () => {
  const [finding] = classifySqlSync('DELETE FROM t WHERE id = 5').findings;
  assert.equal(finding?.statementText, 'DELETE FROM t WHERE id = 5');
});
