// The MySQL snapshotter against the real MariaDB: dump what a DROP/TRUNCATE/DELETE loses, verify, run it, restore.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { mysqlSnapshotter } from '../../src/snapshots/families/mysql.js';
import { mariadbService } from '../support/services/mariadb.js';
import { useService } from '../support/services/use.js';
import { buildWorld } from '../support/world.js';
import { planFor, takeFor } from './harness.js';

const service = await useService(mariadbService);
const skip = service.skipReason ?? false;
const socket = service.env?.GUARD_TEST_MARIADB_SOCKET ?? '';
const DB = 'snap_mysql';
const SECRET = 'S3cret-snap-pw';

function sql(query: string, database = ''): string {
  const result = spawnSync('mariadb', ['--no-defaults', '-S', socket, '-u', 'root', '--batch', '--skip-column-names', ...(database ? [database] : []), '-e', query], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

/** Data a dump must carry exactly: quotes, newlines, tabs, NULLs, bytes that are not text. */
function seed(): void {
  sql(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
    CREATE TABLE orders (id INT PRIMARY KEY, note TEXT NULL, payload BLOB NULL) ENGINE=InnoDB;
    INSERT INTO orders SELECT seq, CONCAT('it''s line ', seq, '\\n\\ttabbed'), UNHEX('00FF0A0D27') FROM seq_1_to_250;
    INSERT INTO orders VALUES (1000, NULL, NULL);
    CREATE TABLE \`odd\`\`name\` (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO \`odd\`\`name\` VALUES (1),(2);
    CREATE TABLE keep (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO keep VALUES (7);
    CREATE PROCEDURE touch() SELECT 1;`);
  sql(`CREATE USER IF NOT EXISTS 'snap'@'localhost' IDENTIFIED BY '${SECRET}'; GRANT ALL ON ${DB}.* TO 'snap'@'localhost'; GRANT RELOAD, PROCESS ON *.* TO 'snap'@'localhost'`);
}

const checksum = (table: string) => sql(`CHECKSUM TABLE ${DB}.${table}`).split('\t')[1];

const world = buildWorld({ offline: false, env: { USER: 'root' } });
after(() => world.cleanup());
before(() => {
  if (!skip) seed();
});

test('DROP TABLE: the dump holds every row, verifies, and restore brings the table back exactly', { skip }, async () => {
  const before = checksum('orders');
  const argv = ['mariadb', '-S', socket, '-u', 'root', DB, '-e', 'DROP TABLE orders'];
  const taken = await takeFor(mysqlSnapshotter, argv, world.ctx);
  assert.deepEqual(taken.plan.targets, [`${DB}.orders`]);
  assert.ok((taken.plan.estimatedBytes ?? 0) > 0, 'the live size of the table is the estimate');
  assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
  assert.match(taken.verification.checks.join('\n'), /snap_mysql\.orders: CREATE TABLE present, 251 rows in the dump, 251 counted live/);
  for (const file of Object.keys(taken.manifest.checksums)) assert.equal(statSync(join(taken.dir, file)).mode & 0o777, 0o600);

  sql('DROP TABLE orders', DB);
  await mysqlSnapshotter.restore(taken.manifest, taken.dir, world.ctx);
  assert.equal(sql(`SELECT COUNT(*) FROM ${DB}.orders`), '251');
  assert.equal(checksum('orders'), before);
  // Again, now that the table has its rows: refused, nothing replaced.
  sql('DELETE FROM orders WHERE id > 10', DB);
  await assert.rejects(mysqlSnapshotter.restore(taken.manifest, taken.dir, world.ctx), /snap_mysql\.orders has 10 rows now: restoring would replace them/);
  assert.equal(sql(`SELECT COUNT(*) FROM ${DB}.orders`), '10');
  sql('DELETE FROM orders', DB);
  await mysqlSnapshotter.restore(taken.manifest, taken.dir, world.ctx);
  assert.equal(checksum('orders'), before);
});

test('TRUNCATE and DELETE without WHERE: the rows come back; a table nobody named is not copied', { skip }, async () => {
  for (const statement of ['TRUNCATE TABLE `odd``name`', 'DELETE FROM `odd``name`']) {
    const argv = ['mariadb', '--socket', socket, '--user=root', '-e', `USE ${DB}; ${statement}`];
    const taken = await takeFor(mysqlSnapshotter, argv, world.ctx);
    assert.deepEqual(taken.plan.targets, [`${DB}.odd\`name`]);
    assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
    assert.doesNotMatch(readFileSync(join(taken.dir, Object.keys(taken.manifest.checksums)[0] ?? ''), 'utf8'), /CREATE TABLE `keep`/);
    sql(statement, DB);
    assert.equal(sql(`SELECT COUNT(*) FROM ${DB}.\`odd\`\`name\``), '0');
    await mysqlSnapshotter.restore(taken.manifest, taken.dir, world.ctx);
    assert.equal(sql(`SELECT GROUP_CONCAT(id ORDER BY id) FROM ${DB}.\`odd\`\`name\``), '1,2');
  }
});

test('mysqladmin drop: the whole database with its routines comes back', { skip }, async () => {
  const argv = ['mysqladmin', '-S', socket, '-u', 'root', '-f', 'drop', DB];
  const taken = await takeFor(mysqlSnapshotter, argv, world.ctx);
  assert.deepEqual(taken.plan.targets, [DB]);
  assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
  sql(`DROP DATABASE ${DB}`);
  await mysqlSnapshotter.restore(taken.manifest, taken.dir, world.ctx);
  assert.equal(sql(`SELECT COUNT(*) FROM ${DB}.orders`), '251');
  assert.equal(sql(`SELECT COUNT(*) FROM ${DB}.keep`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA='${DB}'`), '1');
});

test('a password on the command line is used for the copy and never stored; restore reads MYSQL_PWD', { skip }, async () => {
  const argv = ['mariadb', '-S', socket, '-u', 'snap', `-p${SECRET}`, DB, '-e', 'DELETE FROM keep'];
  const taken = await takeFor(mysqlSnapshotter, argv, world.ctx);
  assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
  assert.doesNotMatch(JSON.stringify(taken.manifest.settings), new RegExp(SECRET));
  assert.doesNotMatch(JSON.stringify(taken.manifest.facts), new RegExp(SECRET));
  sql('DELETE FROM keep', DB);
  // A later process: no password kept in memory, the environment gives it as it gave the client.
  const later = { ...taken.manifest, settings: { ...taken.manifest.settings, passwordKey: null } };
  await assert.rejects(mysqlSnapshotter.restore(later, taken.dir, world.ctx), /Access denied/);
  const withPassword = buildWorld({ offline: false, env: { USER: 'root', MYSQL_PWD: SECRET } });
  try {
    await mysqlSnapshotter.restore(later, taken.dir, withPassword.ctx);
  } finally {
    withPassword.cleanup();
  }
  assert.equal(sql(`SELECT id FROM ${DB}.keep`), '7');
});

test('an edited manifest cannot restore unconfirmed into a protected environment it does not name', { skip }, async () => {
  const taken = await takeFor(mysqlSnapshotter, ['mariadb', '-S', socket, '-u', 'root', DB, '-e', 'TRUNCATE orders'], world.ctx);
  assert.equal(taken.manifest.environment, 'local');
  // The same server is production in the user's config now: the manifest still says local.
  const config = { user: { file: 'config.json', environments: { production: { protected: true, match: { mysql: [{ host: socket }] } } }, policy: {} }, project: null, policy: {} };
  const protectedWorld = buildWorld({ offline: false, env: { USER: 'root' }, config });
  try {
    sql('DELETE FROM orders', DB);
    await assert.rejects(mysqlSnapshotter.restore(taken.manifest, taken.dir, protectedWorld.ctx), /the snapshot says local, but its connection .* is in production, a protected environment: not restored/);
    assert.equal(sql(`SELECT COUNT(*) FROM ${DB}.orders`), '0');
  } finally {
    protectedWorld.cleanup();
  }
  await mysqlSnapshotter.restore(taken.manifest, taken.dir, world.ctx);
  assert.equal(sql(`SELECT COUNT(*) FROM ${DB}.orders`), '251');
});

test('a dump with a row taken out no longer verifies', { skip }, async () => {
  const taken = await takeFor(mysqlSnapshotter, ['mariadb', '-S', socket, '-u', 'root', DB, '-e', 'TRUNCATE orders'], world.ctx);
  const file = join(taken.dir, Object.keys(taken.manifest.checksums)[0] ?? '');
  const lines = readFileSync(file, 'utf8').split('\n');
  writeFileSync(file, lines.filter((line, i) => i !== lines.findIndex((l) => l.startsWith('INSERT INTO `orders`'))).join('\n'));
  const verification = await mysqlSnapshotter.verify(taken.manifest, taken.dir, world.ctx);
  assert.equal(verification.ok, false);
  assert.match(verification.checks.join('\n'), /250 rows in the dump, 251 counted live \(MISMATCH\)/);
});

test('nothing to copy: a missing table fails the take; CALL and DROP VIEW are not copyable, with a reason', { skip }, async () => {
  await assert.rejects(takeFor(mysqlSnapshotter, ['mariadb', '-S', socket, '-u', 'root', DB, '-e', 'DROP TABLE IF EXISTS nosuch'], world.ctx), /nosuch does not exist/);
  // A procedure guard cannot read stays unknown (one it reads, like touch(), is judged by its body).
  const call = await planFor(mysqlSnapshotter, ['mariadb', '-S', socket, '-u', 'root', DB, '-e', 'CALL nosuch_proc()'], world.ctx);
  assert.equal(call.copyable, false);
  assert.match(call.reason ?? '', /cannot tell what it changes/);
  const mixed = await planFor(mysqlSnapshotter, ['mariadb', '-S', socket, '-u', 'root', DB, '-e', 'DROP TABLE keep; DROP VIEW v'], world.ctx);
  assert.equal(mixed.copyable, false, 'a partial copy is not offered as a safety net');
  const unqualified = await planFor(mysqlSnapshotter, ['mariadb', '-S', socket, '-u', 'root', '-e', 'DROP TABLE keep'], world.ctx);
  assert.equal(unqualified.copyable, false);
  assert.match(unqualified.reason ?? '', /no database selected/);
});

test('a dump program that fails (a server that is not there) is a SnapshotError naming it', { skip }, async () => {
  const plan = await planFor(mysqlSnapshotter, ['mariadb', '-S', `${socket}.absent`, '-u', 'root', DB, '-e', 'DROP TABLE keep'], world.ctx);
  assert.equal(plan.copyable, true);
  await assert.rejects(mysqlSnapshotter.take(plan, join(world.root), world.ctx), (error: Error) => error.name === 'SnapshotError' && /absent/.test(error.message));
});
