// classifyMysqlSql, the export other families use: statements, version comments, DELIMITER, USE, objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyMysqlSql } from '../../../src/tools/mysql/sql.js';
import { unwrapVersionComments } from '../../../src/tools/mysql/sql-text.js';

const rules = async (text: string) => (await classifyMysqlSql(text)).findings.map((f) => f.rule);

test('each statement gets its own rule, in order', async () => {
  assert.deepEqual(await rules('SELECT 1; DROP TABLE t; DELETE FROM u WHERE id = 3; UPDATE v SET a = 1;'), ['read', 'drop-table', 'delete-where', 'update-all']);
});

test('executable comments are code, ordinary comments and strings are not', async () => {
  assert.deepEqual(await rules('/*!40101 SET @x = 1 */; /*! DROP TABLE t */; /* DROP TABLE u */ SELECT 1; SELECT "/*! DROP TABLE v */";'), ['read', 'drop-table', 'read', 'read']);
  assert.deepEqual(await rules('/*M!100100 TRUNCATE t */'), ['truncate']);
  assert.equal(unwrapVersionComments("SELECT '/*!50001 x */'"), "SELECT '/*!50001 x */'");
});

test('DELIMITER changes where statements end; a procedure body is one stored program', async () => {
  assert.deepEqual(await rules('DELIMITER $$\nCREATE PROCEDURE p() BEGIN DELETE FROM t; END$$\nDELIMITER ;\nCALL p();\n'), ['stored-program', 'call-procedure']);
});

test('USE qualifies the objects of later statements', async () => {
  const verdict = await classifyMysqlSql('USE shop; DROP TABLE orders, archive.old; ALTER TABLE customers DROP COLUMN email;');
  assert.deepEqual(verdict.findings.map((f) => f.objects.map((o) => `${o.kind}:${o.name}`)), [['table:shop.orders', 'table:archive.old'], ['column:shop.customers.email']]);
  assert.equal(verdict.database, 'shop');
  assert.equal((await classifyMysqlSql('DROP TABLE t', { database: 'app' })).findings[0]?.objects[0]?.name, 'app.t');
});

test('always-true conditions count as no condition', async () => {
  for (const where of ['TRUE', '1', '1=1', "'a'='a'", 'id = id', '0 OR 1']) assert.deepEqual(await rules(`DELETE FROM t WHERE ${where}`), ['delete-all'], where);
  assert.deepEqual(await rules('DELETE FROM t WHERE 1 = 0'), ['delete-where']);
});

test('RENAME and ALTER … RENAME are renames; DROP DATABASE names its database', async () => {
  assert.deepEqual(await rules('RENAME TABLE a TO b; ALTER TABLE c RENAME TO d'), ['rename', 'rename']);
  const drop = await classifyMysqlSql('DROP DATABASE IF EXISTS shop');
  assert.deepEqual(drop.findings[0]?.objects, [{ kind: 'database', name: 'shop' }]);
});

test('what the parser rejects is unparseable; client commands are not followed here', async () => {
  assert.deepEqual(await rules('SELEC 1'), ['unparseable']);
  assert.deepEqual(await rules('source nuke.sql'), ['unrecognised-statement']);
  assert.equal((await classifyMysqlSql('SELECT 1; SELECT 2')).statementCount, 2);
});
