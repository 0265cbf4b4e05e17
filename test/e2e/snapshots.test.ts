// guard --snapshot in front of the real psql and PostgreSQL 15: DROP/TRUNCATE/DELETE, then guard snapshots restore brings the rows back.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { describeRun } from '../support/run-guard.js';
import { modesUnder, startSnapshotWorld, type SnapshotWorld } from '../support/snapshot-world.js';

let world: SnapshotWorld;

before(async () => {
  world = await startSnapshotWorld('guard-snapshots-e2e-');
}, { timeout: 120_000 });

after(async () => {
  await world?.stop();
});

describe('DROP TABLE with --snapshot, then guard snapshots restore', () => {
  test('drops the table, lists one verified private snapshot outside the server, restores every row', async () => {
    const db = await world.freshDatabase(40);
    const before = await world.fingerprint(db, 'orders');
    const run = await world.guard(['--snapshot', '--confirm', 'local/orders', 'psql', '-X', '-c', 'DROP TABLE orders CASCADE'], db);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stderrText, /snapshot\s+public\.orders, ~[\d.]+ kB, to ~\/data\/guard\/snapshots\/\d{8}-\d{6}-[0-9a-f]{6}\s+\(required: --snapshot\)/);
    assert.match(run.stderrText, /and from the snapshot taken first: guard snapshots restore \d{8}-\d{6}-[0-9a-f]{6}/);
    assert.equal(await world.fingerprint(db, 'orders'), null, 'the table is gone');

    const listed = await world.list(db);
    assert.equal(listed.length, 1);
    const [snapshot] = listed;
    assert.ok(snapshot);
    assert.deepEqual(Object.keys(snapshot), ['id', 'tool', 'environment', 'targets', 'path', 'bytes', 'createdAt', 'verified', 'restore']);
    assert.equal(snapshot.tool, 'psql');
    assert.equal(snapshot.environment, 'local');
    assert.deepEqual(snapshot.targets, ['public.orders']);
    assert.equal(snapshot.verified, true);
    assert.equal(snapshot.restore, `guard snapshots restore ${snapshot.id}`);
    assert.ok(snapshot.bytes > 0);
    assert.ok(snapshot.path.startsWith(world.store), `${snapshot.path} is in the sandbox's store`);
    const dataDirectory = await world.pg.psql('SHOW data_directory;');
    assert.ok(!snapshot.path.startsWith(dataDirectory), 'not in the database server\'s own storage');
    assert.deepEqual(modesUnder(snapshot.path), { '.': '0700', 'manifest.json': '0600', 'part-0.pgdump': '0600' });
    assert.equal(modesUnder(world.store)['.'], '0700');

    const audit = world.sandbox.readAudit().filter((record) => record.outcome === 'exited');
    const last = audit[audit.length - 1] as { snapshot?: { id: string; checksum: string } } | undefined;
    assert.equal(last?.snapshot?.id, snapshot.id);
    assert.match(last?.snapshot?.checksum ?? '', /^[0-9a-f]{64}$/);

    const restored = await world.guard(['snapshots', 'restore', snapshot.id], db);
    assert.equal(restored.status, 0, describeRun(restored));
    assert.equal(await world.fingerprint(db, 'orders'), before, 'every row is back, notes and all');
    assert.equal(await world.pg.psql("SELECT count(*) FROM pg_indexes WHERE tablename = 'orders';", db), '1', 'its primary key is back too');
    assert.equal(await world.pg.psql("SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.order_items'::regclass AND contype = 'f';", db), '1', 'the foreign key CASCADE dropped from order_items is back');

    const again = await world.guard(['snapshots', 'restore', snapshot.id], db);
    assert.equal(again.status, 77, describeRun(again));
    assert.match(again.stderrText, /public\.orders has rows now/);
    assert.equal(await world.fingerprint(db, 'orders'), before, 'a second restore changes nothing');
  });
});

describe('rows emptied in place come back into the same table', () => {
  for (const sql of ['TRUNCATE orders CASCADE', 'DELETE FROM orders', 'UPDATE orders SET note = \'gone\'']) {
    test(sql, async () => {
      const db = await world.freshDatabase(30);
      const before = await world.fingerprint(db, 'orders');
      const items = await world.pg.psql('SELECT count(*) FROM order_items;', db);
      if (sql.startsWith('DELETE')) await world.pg.psql('DELETE FROM order_items;', db);
      const itemsBefore = await world.pg.psql('SELECT count(*) FROM order_items;', db);
      const run = await world.guard(['--snapshot', '--confirm', 'local/orders', 'psql', '-X', '-c', sql], db);
      assert.equal(run.status, 0, describeRun(run));
      assert.notEqual(await world.fingerprint(db, 'orders'), before, `${sql} changed the rows`);
      const listed = await world.list(db);
      const snapshot = listed[listed.length - 1];
      assert.ok(snapshot);
      if (sql.startsWith('TRUNCATE')) {
        assert.deepEqual([...snapshot.targets].sort(), ['public.order_items', 'public.orders'], 'CASCADE empties order_items too: it is copied');
        assert.equal(await world.pg.psql('SELECT count(*) FROM order_items;', db), '0');
      }
      if (sql.startsWith('UPDATE')) {
        // The changed rows are still there: restore refuses to mix them, and says what to do.
        const refused = await world.guard(['snapshots', 'restore', snapshot.id], db);
        assert.equal(refused.status, 77, describeRun(refused));
        assert.match(refused.stderrText, /has rows now/);
        await world.pg.psql('TRUNCATE orders CASCADE;', db);
      }
      const restored = await world.guard(['snapshots', 'restore', snapshot.id], db);
      assert.equal(restored.status, 0, describeRun(restored));
      assert.equal(await world.fingerprint(db, 'orders'), before);
      if (sql.startsWith('TRUNCATE')) assert.equal(await world.pg.psql('SELECT count(*) FROM order_items;', db), items);
      else if (!sql.startsWith('UPDATE')) assert.equal(await world.pg.psql('SELECT count(*) FROM order_items;', db), itemsBefore);
    });
  }

  test('DROP DATABASE: the whole database is dumped and created again', async () => {
    const db = await world.freshDatabase(12);
    const before = await world.fingerprint(db, 'orders');
    const run = await world.guard(['--snapshot', '--confirm', `local/${db}`, 'psql', '-X', '-d', 'postgres', '-c', `DROP DATABASE ${db}`], 'postgres');
    assert.equal(run.status, 0, describeRun(run));
    assert.equal(await world.pg.psql(`SELECT count(*) FROM pg_database WHERE datname = '${db}';`), '0');
    const snapshot = (await world.list('postgres')).pop();
    assert.deepEqual(snapshot?.targets, [`${db} (database)`]);
    const restored = await world.guard(['snapshots', 'restore', snapshot?.id ?? ''], 'postgres');
    assert.equal(restored.status, 0, describeRun(restored));
    assert.equal(await world.fingerprint(db, 'orders'), before);
  });
});

describe('--dry-run and the JSON report', () => {
  test('shows the plan in the JSON report, takes nothing', async () => {
    const db = await world.freshDatabase(5);
    const count = (await world.list(db)).length;
    const run = await world.guard(['--dry-run', '--json', '--snapshot', 'psql', '-X', '-c', 'DROP TABLE orders'], db);
    assert.equal(run.status, 77, describeRun(run));
    const report = JSON.parse(run.stdoutText) as { snapshot: Record<string, unknown> };
    assert.equal(report.snapshot.requirement, 'required');
    assert.equal(report.snapshot.copyable, true);
    assert.deepEqual(report.snapshot.targets, ['public.orders']);
    assert.match(String(report.snapshot.restore), /^guard snapshots restore \d{8}-\d{6}-[0-9a-f]{6}$/);
    assert.equal((await world.list(db)).length, count, 'a dry run takes no snapshot');
    assert.notEqual(await world.fingerprint(db, 'orders'), null);
  });
});

describe('a password in the connection string', () => {
  test('reaches pg_dump, never the manifest, the report or the audit log; restore reads it from PGPASSWORD', async () => {
    const db = await world.freshDatabase(7);
    const { user, password } = world.pg.passwordRole;
    await world.pg.psql(`ALTER TABLE orders OWNER TO ${user}; ALTER TABLE order_items OWNER TO ${user}; GRANT CREATE ON SCHEMA public TO ${user};`, db);
    const before = await world.fingerprint(db, 'orders');
    const dry = await world.guard(['--dry-run', '--snapshot', 'psql', world.pg.url(db), '-X', '-c', 'DROP TABLE orders CASCADE'], db);
    const phrase = /confirmation phrase: (\S+)/.exec(dry.stderrText)?.[1] ?? '';
    const run = await world.guard(['--snapshot', '--confirm', phrase, 'psql', world.pg.url(db), '-X', '-c', 'DROP TABLE orders CASCADE'], db);
    assert.equal(run.status, 0, describeRun(run));
    const snapshot = (await world.list(db)).pop();
    assert.ok(snapshot);
    const manifestText = readFileSync(join(snapshot.path, 'manifest.json'), 'utf8');
    assert.ok(manifestText.includes(user), 'the manifest names the user');
    for (const text of [manifestText, run.stderrText, readFileSync(world.sandbox.auditFile, 'utf8')]) assert.ok(!text.includes(password), 'the password is nowhere');
    const without = await world.guard(['snapshots', 'restore', snapshot.id], db);
    assert.equal(without.status, 77, describeRun(without));
    assert.match(without.stderrText, /restore failed: .*password/);
    const withPassword = await world.guard(['snapshots', 'restore', snapshot.id], db, { PGPASSWORD: password });
    assert.equal(withPassword.status, 0, describeRun(withPassword));
    assert.equal(await world.fingerprint(db, 'orders'), before);
  });
});

describe('--snapshot on a command that destroys nothing', () => {
  test('runs it as it is and says nothing was copied', async () => {
    const db = await world.freshDatabase(2);
    const count = (await world.list(db)).length;
    const run = await world.guard(['--snapshot', 'psql', '-X', '-At', '-c', 'SELECT count(*) FROM orders'], db);
    assert.equal(run.status, 0, describeRun(run));
    assert.equal(run.stdoutText, '2\n');
    assert.match(run.stderrText, /--snapshot: psql destroys nothing here \(risk read\), so nothing was copied/);
    assert.equal((await world.list(db)).length, count);
  });
});

describe('policy', () => {
  /** A user config naming the test server production, with a snapshot policy, and optionally a project file. */
  function configure(user: Record<string, unknown>, project?: Record<string, unknown>): string {
    mkdirSync(world.sandbox.configDir, { recursive: true });
    writeFileSync(join(world.sandbox.configDir, 'config.json'), JSON.stringify({ environments: { production: { match: { postgres: [{ host: world.pg.host }] } } }, ...user }));
    const cwd = join(world.sandbox.dir, `project-${Date.now()}`);
    mkdirSync(cwd, { recursive: true });
    if (project) writeFileSync(join(cwd, 'guard.config.json'), JSON.stringify(project));
    return cwd;
  }

  after(() => writeFileSync(join(world.sandbox.configDir, 'config.json'), '{}'));

  test('required in a protected environment: a snapshot is taken without --snapshot, and a restore there asks for the phrase', async () => {
    configure({ snapshots: { protected: 'required' } });
    const db = await world.freshDatabase(8);
    const before = await world.fingerprint(db, 'orders');
    const run = await world.guard(['--confirm', 'production/orders', 'psql', '-X', '-c', 'DROP TABLE orders CASCADE'], db);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stderrText, /\(required: policy: snapshots\.protected is required\)/);
    const snapshot = (await world.list(db)).pop();
    assert.equal(snapshot?.environment, 'production');
    const unconfirmed = await world.guard(['snapshots', 'restore', snapshot?.id ?? ''], db);
    assert.equal(unconfirmed.status, 77, describeRun(unconfirmed));
    assert.match(unconfirmed.stderrText, /--confirm production\/orders/);
    assert.equal(await world.fingerprint(db, 'orders'), null);
    const agent = await world.guard(['snapshots', 'restore', snapshot?.id ?? '', '--confirm', 'production/orders'], db, { CLAUDECODE: '1' });
    assert.equal(agent.status, 77, describeRun(agent));
    assert.match(agent.stderrText, /a human must run this restore/);
    const confirmed = await world.guard(['snapshots', 'restore', snapshot?.id ?? '', '--confirm', 'production/orders'], db);
    assert.equal(confirmed.status, 0, describeRun(confirmed));
    assert.equal(await world.fingerprint(db, 'orders'), before);
  });

  test('required, and the snapshot cannot be taken (no pg_dump on PATH): refused, the table survives', async () => {
    configure({ snapshots: { protected: 'required' } });
    const db = await world.freshDatabase(3);
    // A bare PATH with psql but no pg_dump.
    const bin = join(world.sandbox.dir, 'psql-only');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'psql'), `#!/bin/sh\nexec ${join(world.pg.binDir, 'psql')} "$@"\n`, { mode: 0o755 });
    const run = await world.guard(['--confirm', 'production/orders', 'psql', '-X', '-c', 'DROP TABLE orders CASCADE'], db, { PATH: bin }, []);
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /refused \(exit 77\): the snapshot could not be taken or verified, so nothing was run: .*pg_dump is not on PATH/);
    assert.notEqual(await world.fingerprint(db, 'orders'), null);
  });

  test('a manifest edited to name an unprotected environment does not skip the phrase: restore checks where its connection goes', async () => {
    configure({ snapshots: { protected: 'required' } });
    const db = await world.freshDatabase(4);
    const run = await world.guard(['--confirm', 'production/orders', 'psql', '-X', '-c', 'DROP TABLE orders CASCADE'], db);
    assert.equal(run.status, 0, describeRun(run));
    const snapshot = (await world.list(db)).pop();
    assert.ok(snapshot);
    const file = join(snapshot.path, 'manifest.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"environment": "production"', '"environment": "staging"'));
    const restored = await world.guard(['snapshots', 'restore', snapshot.id], db);
    assert.equal(restored.status, 77, describeRun(restored));
    assert.match(restored.stderrText, /the snapshot says staging, but its connection .* is in production, a protected environment: not restored/);
    assert.equal(await world.fingerprint(db, 'orders'), null);
  });

  test('the project file may raise the policy, never lower it', async () => {
    const db = await world.freshDatabase(3);
    const raised = configure({}, { snapshots: { protected: 'required' } });
    const dry = await world.guardIn(raised, ['--dry-run', '--json', 'psql', '-X', '-c', 'DROP TABLE orders'], db);
    assert.equal((JSON.parse(dry.stdoutText) as { snapshot?: { requirement: string } }).snapshot?.requirement, 'required', describeRun(dry));
    const lowered = configure({ snapshots: { protected: 'required' } }, { snapshots: { protected: 'off', directory: '/tmp' } });
    const still = await world.guardIn(lowered, ['--dry-run', '--json', 'psql', '-X', '-c', 'DROP TABLE orders'], db);
    const report = JSON.parse(still.stdoutText) as { snapshot?: { requirement: string; to: string } };
    assert.equal(report.snapshot?.requirement, 'required');
    assert.ok(report.snapshot?.to.startsWith('~/data/guard/snapshots/'), 'the project file cannot move the store');
    assert.ok(readFileSync(join(lowered, 'guard.config.json'), 'utf8').includes('off'));
  });
});
