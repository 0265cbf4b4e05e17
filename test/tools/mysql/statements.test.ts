// Offline classification of what node-sql-parser lacks (DROP USER, KILL, PURGE…) and of calls that are not built in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyMysqlSql } from '../../../src/tools/mysql/sql.js';
import { routineStatements } from '../../../src/tools/mysql/routine-body.js';
import { tokenizeSql } from '../../../src/tools/mysql/sql-tokens.js';

const one = async (text: string, database: string | null = 'shop') => {
  const verdict = await classifyMysqlSql(text, { database });
  assert.equal(verdict.findings.length, 1, text);
  return verdict.findings[0]!;
};

test('statements the parser lacks get their own rule from their tokens', async () => {
  const expected: Record<string, string> = {
    'DROP USER bob': 'drop-object',
    "DROP USER IF EXISTS 'al'@'%', bob@localhost": 'drop-object',
    'DROP ROLE r': 'drop-object',
    'DROP PROCEDURE IF EXISTS p': 'drop-object',
    'DROP FUNCTION f': 'drop-object',
    'DROP EVENT e': 'drop-object',
    'DROP SEQUENCE s': 'drop-object',
    'DROP TRIGGER tr': 'drop-object',
    'DROP VIEW v': 'drop-object',
    'KILL 42': 'shutdown',
    'KILL CONNECTION 42': 'shutdown',
    'KILL HARD QUERY 42': 'kill-query',
    'FLUSH TABLES': 'kill-query',
    'FLUSH PRIVILEGES': 'kill-query',
    'RESET MASTER': 'purge-logs',
    'RESET REPLICA ALL': 'purge-logs',
    "PURGE BINARY LOGS TO 'mysql-bin.010'": 'purge-logs',
    'PURGE MASTER LOGS BEFORE NOW()': 'purge-logs',
    'SHUTDOWN': 'shutdown',
    '/*!50001 SHUTDOWN */': 'shutdown',
    'GRANT ALL ON *.* TO bob': 'privileges',
    'REVOKE ALL PRIVILEGES, GRANT OPTION FROM bob': 'privileges',
    "ALTER USER bob IDENTIFIED BY 'x'": 'privileges',
    'RENAME USER a TO b': 'privileges',
  };
  for (const [sql, rule] of Object.entries(expected)) assert.equal((await one(sql)).rule, rule, sql);
});

test('dropped routines and users are named, qualified by the current database where they live in one', async () => {
  assert.deepEqual((await one("DROP USER 'al'@'%', bob@localhost")).objects, [{ kind: 'user', name: "al@'%'" }, { kind: 'user', name: 'bob@localhost' }]);
  assert.deepEqual((await one('DROP PROCEDURE IF EXISTS p')).objects, [{ kind: 'procedure', name: 'shop.p' }]);
  assert.deepEqual((await one('DROP FUNCTION `app`.`f`')).objects, [{ kind: 'function', name: 'app.f' }]);
});

test('a call of a function that is not built in is unknown offline; built-ins (keyword spellings too) are read', async () => {
  const call = await one('SELECT my_func()');
  assert.equal(call.rule, 'user-function');
  assert.deepEqual(call.routines, [{ name: 'shop.my_func', type: 'FUNCTION' }]);
  assert.equal(call.ruleWithoutRoutines, 'read');
  for (const sql of ['SELECT COUNT(*), NOW(), LEFT(name, 2), IF(a, 1, 2), TIME(x), ROW_NUMBER() OVER (ORDER BY a), JSON_EXTRACT(j, "$.a") FROM t', 'SELECT CONCAT(`a`, b), CURRENT_TIMESTAMP']) {
    assert.equal((await one(sql)).rule, 'read', sql);
  }
  // A schema-qualified call is always a stored function, even with a built-in's name.
  assert.equal((await one('SELECT app.concat(1)')).rule, 'user-function');
  // Backticked, a keyword spelling is no longer the built-in: `time`() calls shop.time.
  assert.equal((await one('SELECT `time`(1)')).rule, 'user-function');
  // A function that only later MariaDB versions build in is a stored function here.
  assert.equal((await one('SELECT uuid_v4()')).rule, 'user-function');
});

test('calls hide anywhere: WHERE, SET, VALUES, subqueries, DO, CALL arguments, aggregates', async () => {
  for (const sql of ['DELETE FROM t WHERE f(a) = 1', 'UPDATE t SET a = f(a) WHERE id = 1', 'INSERT INTO t VALUES (f(1))', 'SELECT * FROM t WHERE a IN (SELECT f(b) FROM u)', 'DO f()', 'SET @x = f()', 'SELECT my_agg(x) FROM t']) {
    const finding = await one(sql);
    assert.equal(finding.rule, 'user-function', sql);
    assert.deepEqual(finding.routines?.map((r) => r.name), ['shop.f'].filter(() => !sql.includes('my_agg')).concat(sql.includes('my_agg') ? ['shop.my_agg'] : []), sql);
  }
  assert.equal((await one('DELETE FROM t WHERE f(a) = 1')).ruleWithoutRoutines, 'delete-where');
  const call = await one('CALL p(g(1))');
  assert.equal(call.rule, 'call-procedure');
  assert.deepEqual(call.routines, [{ name: 'shop.p', type: 'PROCEDURE' }, { name: 'shop.g', type: 'FUNCTION' }]);
  // A statement destructive on its own stays so; a definition stores the call for later.
  assert.equal((await one('DELETE FROM t WHERE 1 OR f(a)')).rule, 'delete-all');
  assert.equal((await one('CREATE VIEW v AS SELECT f()')).rule, 'write');
  // A sequence's next value is a write, though NEXTVAL is built in.
  assert.equal((await one('SELECT NEXTVAL(s)')).rule, 'write');
});

test('the tokenizer keeps quotes, comments and variables apart', () => {
  const tokens = tokenizeSql("SELECT 'a;b', `x``y`, @v, @@global.x -- c;\n /* ; */ # ;\n 1.5;");
  assert.deepEqual(tokens.map((t) => `${t.kind}:${t.text}`), ['word:SELECT', 'string:a;b', 'punct:,', 'quoted:x`y', 'punct:,', 'variable:@v', 'punct:,', 'variable:@@global.x', 'number:1.5', 'punct:;']);
});

test('a routine body becomes the statements it runs, every branch and condition included', () => {
  const body = routineStatements(`BEGIN
    DECLARE n INT DEFAULT (SELECT COUNT(*) FROM t);
    DECLARE c CURSOR FOR SELECT id FROM u;
    DECLARE CONTINUE HANDLER FOR NOT FOUND, SQLSTATE '02000' SET n = 0;
    lbl: WHILE n > g(1) DO
      IF n = 1 THEN DELETE FROM t; ELSEIF n = 2 THEN UPDATE t SET a = 1; ELSE LEAVE lbl; END IF;
    END WHILE lbl;
    RETURN n;
  END`);
  assert.deepEqual(body.problems, []);
  assert.deepEqual(body.statements, ['SELECT (SELECT COUNT(*) FROM t)', 'SELECT id FROM u', 'SET n = 0', 'SELECT n > g(1)', 'SELECT n = 1', 'DELETE FROM t', 'SELECT n = 2', 'UPDATE t SET a = 1', 'SELECT n']);
  assert.deepEqual(routineStatements('RETURN (SELECT 1)').statements, ['SELECT (SELECT 1)']);
  assert.ok(routineStatements('IF x DELETE FROM t').problems.length > 0);
});
