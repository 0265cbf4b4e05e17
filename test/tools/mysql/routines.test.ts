// Live: calls of stored functions and procedures judged by their bodies on a real MariaDB; the built-in list kept fresh.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { generateFrom, MYSQL_BUILTINS_FILE, socketClient } from '../../../scripts/generate-mysql-builtins.js';
import { mariadbService } from '../../support/services/mariadb.js';
import { useService } from '../../support/services/use.js';
import { createSandbox, runGuard } from '../../support/run-guard.js';

const service = await useService(mariadbService);
const skip = service.skipReason ?? false;
const socket = service.env?.GUARD_TEST_MARIADB_SOCKET ?? '';
const sandbox = createSandbox('guard-mariadb-routines-');
after(() => sandbox.cleanup());

function sql(input: string): string {
  const result = spawnSync('mariadb', ['--no-defaults', '-S', socket, '-u', 'root', '--batch', '--skip-column-names'], { input, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

// A database of its own: the shared shop/app databases keep the routine counts other tests assert.
before(() => {
  if (skip) return;
  sql(`DROP DATABASE IF EXISTS fn; CREATE DATABASE fn; USE fn;
CREATE TABLE orders (id INT PRIMARY KEY); INSERT INTO orders VALUES (1), (2), (3);
DELIMITER $$
CREATE FUNCTION count_orders() RETURNS INT READS SQL DATA RETURN (SELECT COUNT(*) FROM orders)$$
CREATE FUNCTION wipe_orders() RETURNS INT READS SQL DATA BEGIN DELETE FROM orders; RETURN 1; END$$
CREATE FUNCTION touch(x INT) RETURNS INT MODIFIES SQL DATA BEGIN DECLARE n INT DEFAULT 0; IF x > 0 THEN UPDATE orders SET id = id WHERE id = x; END IF; RETURN n; END$$
CREATE FUNCTION calls_wipe() RETURNS INT NO SQL RETURN wipe_orders()$$
CREATE PROCEDURE report() READS SQL DATA BEGIN SELECT COUNT(*) FROM orders; END$$
CREATE PROCEDURE purge_all() BEGIN TRUNCATE TABLE orders; END$$
DELIMITER ;
`);
});

interface JsonReport {
  risk: string;
  unverified: string[];
  reasons: string[];
}

async function judge(statement: string, extra: readonly string[] = []): Promise<{ status: number | null; report: JsonReport }> {
  const run = await runGuard(['--dry-run', '--json', ...extra, 'mariadb', '-S', socket, '-u', 'root', 'fn', '-e', statement], { sandbox, timeoutMs: 60_000, env: { USER: 'root' } });
  return { status: run.status, report: JSON.parse(run.stdoutText) as JsonReport };
}

test('a function whose body only reads is read, whatever it declares', { skip }, async () => {
  const { status, report } = await judge('SELECT count_orders()');
  assert.equal(status, 0);
  assert.equal(report.risk, 'read');
  assert.ok(report.reasons.some((r) => /fn\.count_orders is a FUNCTION declared READS SQL DATA .*only reads/.test(r)), report.reasons.join('\n'));
});

test('a function declared READS SQL DATA whose body deletes every row is destructive: the declaration is not trusted', { skip }, async () => {
  const { status, report } = await judge('SELECT wipe_orders()');
  assert.equal(status, 77);
  assert.equal(report.risk, 'destructive');
  assert.ok(report.reasons.some((r) => /wipe_orders .*advisory.*deletes or overwrites/.test(r)), report.reasons.join('\n'));
  assert.equal(sql('SELECT COUNT(*) FROM fn.orders'), '3');
});

test('a bounded UPDATE in a body is a write; a call through another function is followed', { skip }, async () => {
  assert.equal((await judge('SELECT touch(1)')).report.risk, 'write');
  const nested = await judge('SELECT calls_wipe()');
  assert.equal(nested.report.risk, 'destructive');
  assert.ok(nested.report.reasons.some((r) => /calls_wipe .*NO SQL.*it calls fn\.wipe_orders/.test(r)), nested.report.reasons.join('\n'));
});

test('CALL is judged by the procedure body', { skip }, async () => {
  assert.equal((await judge('CALL report()')).report.risk, 'read');
  assert.equal((await judge('CALL purge_all()')).report.risk, 'destructive');
});

test('a function the server does not have stays unknown, and offline every call is unknown', { skip }, async () => {
  const missing = await judge('SELECT nosuch()');
  assert.equal(missing.report.risk, 'unknown');
  assert.ok(missing.report.reasons.some((r) => /no stored function fn\.nosuch/.test(r)), missing.report.reasons.join('\n'));
  const offline = await judge('SELECT count_orders()', ['--offline']);
  assert.equal(offline.status, 77);
  assert.equal(offline.report.risk, 'unknown');
});

test('the built-in function list is what `npm run gen:mysql-builtins` makes from this server', { skip }, () => {
  const fresh = generateFrom(socketClient(socket));
  const version = /MARIADB_BUILTINS_VERSION = "([^"]+)"/.exec(fresh)?.[1];
  const committed = readFileSync(MYSQL_BUILTINS_FILE, 'utf8');
  if (!committed.includes(`MARIADB_BUILTINS_VERSION = "${version}"`)) assert.fail(`${MYSQL_BUILTINS_FILE} is from another MariaDB than this server (${version}): run npm run gen:mysql-builtins`);
  assert.ok(committed === fresh, `${MYSQL_BUILTINS_FILE} is stale: run npm run gen:mysql-builtins`);
});
