// A snapshot that cannot be taken, kept or trusted refuses the run: store permissions, a full disk, size, corruption; and S3 copies through moto.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { describeRun } from '../support/run-guard.js';
import { motoService } from '../support/services/moto.js';
import { useService } from '../support/services/use.js';
import { startSnapshotWorld, type SnapshotWorld } from '../support/snapshot-world.js';

const moto = await useService(motoService);
let world: SnapshotWorld;

before(async () => {
  world = await startSnapshotWorld('guard-snapshot-failures-');
}, { timeout: 120_000 });

after(async () => {
  await world?.stop();
});

function writeUserConfig(config: Record<string, unknown>): void {
  mkdirSync(world.sandbox.configDir, { recursive: true });
  writeFileSync(join(world.sandbox.configDir, 'config.json'), JSON.stringify(config));
}

/** Runs DROP TABLE with --snapshot and checks it was refused and the table is still whole. */
async function assertRefused(db: string, pattern: RegExp, env: Record<string, string> = {}): Promise<void> {
  const before = await world.fingerprint(db, 'orders');
  const run = await world.guard(['--snapshot', '--confirm', 'local/orders', 'psql', '-X', '-c', 'DROP TABLE orders CASCADE'], db, env);
  assert.equal(run.status, 77, describeRun(run));
  assert.match(run.stderrText, pattern);
  assert.doesNotMatch(run.stdoutText, /DROP TABLE/, 'psql never ran');
  assert.equal(await world.fingerprint(db, 'orders'), before, 'the table survives');
}

describe('the store', () => {
  after(() => {
    rmSync(world.store, { recursive: true, force: true });
    writeUserConfig({});
  });

  test('open to others (0755): refused before the prompt, and said why', async () => {
    const db = await world.freshDatabase(3);
    mkdirSync(world.store, { recursive: true });
    chmodSync(world.store, 0o755);
    await assertRefused(db, /a snapshot is required \(--snapshot\) but none can be taken: the snapshot store is unfit: .* is open to others \(mode 755\)/);
    rmSync(world.store, { recursive: true, force: true });
  });

  test("another user's directory: refused", async () => {
    const db = await world.freshDatabase(3);
    mkdirSync(world.store, { recursive: true, mode: 0o700 });
    const other = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    chownSync(world.store, Number(other), Number(other));
    await assertRefused(db, /belongs to another user/);
    rmSync(world.store, { recursive: true, force: true });
  });

  test('a symbolic link: refused', async () => {
    const db = await world.freshDatabase(3);
    const elsewhere = join(world.sandbox.dir, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true, mode: 0o700 });
    mkdirSync(dirname(world.store), { recursive: true });
    symlinkSync(elsewhere, world.store);
    await assertRefused(db, /is a symbolic link/);
    rmSync(world.store, { force: true });
  });

  test("a configured directory inside the server's own data directory: refused", async () => {
    const db = await world.freshDatabase(3);
    const dataDirectory = await world.pg.psql('SHOW data_directory;');
    writeUserConfig({ snapshots: { directory: join(dataDirectory, 'guard-snapshots') } });
    await assertRefused(db, /is inside .*, which this command destroys/);
    assert.ok(!existsSync(join(dataDirectory, 'guard-snapshots')), 'nothing was created there');
    writeUserConfig({});
  });

  test('a full disk (a 64 kB tmpfs): refused, nothing half-written is kept', { skip: process.getuid?.() !== 0 ? 'mounting a tmpfs needs root' : false }, async (t) => {
    const db = await world.freshDatabase(3);
    await world.pg.psql("INSERT INTO orders SELECT g, md5(g::text) || md5((g * 7)::text) || md5((g * 13)::text) FROM generate_series(1000, 9000) g;", db);
    mkdirSync(world.store, { recursive: true, mode: 0o700 });
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', world.store], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      t.skip(`cannot mount a tmpfs here: ${mounted.stderr.trim()}`);
      return;
    }
    try {
      await assertRefused(db, /the snapshot could not be taken or verified, so nothing was run: .*(No space left|could not write|space)/i);
      assert.deepEqual(readdirSync(world.store), [], 'the failed snapshot was removed');
    } finally {
      spawnSync('umount', [world.store]);
    }
  });

  test('over snapshots.maxBytes without a terminal: refused', async () => {
    const db = await world.freshDatabase(3);
    writeUserConfig({ snapshots: { maxBytes: 100 } });
    await assertRefused(db, /over snapshots\.maxBytes \(100 bytes\) and there is no terminal to ask/);
    writeUserConfig({});
  });

  test('--offline: guard cannot plan it, so it refuses', async () => {
    const db = await world.freshDatabase(3);
    const run = await world.guard(['--offline', '--snapshot', '--confirm', 'local/orders', 'psql', '-X', '-c', 'DROP TABLE orders CASCADE'], db);
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /with --offline guard looks nothing up/);
  });
});

describe('a corrupted snapshot', () => {
  test('show reports it (exit 1), restore refuses it (exit 77)', async () => {
    const db = await world.freshDatabase(20);
    const run = await world.guard(['--snapshot', '--confirm', 'local/orders', 'psql', '-X', '-c', 'DROP TABLE orders CASCADE'], db);
    assert.equal(run.status, 0, describeRun(run));
    const snapshot = (await world.list(db)).pop();
    assert.ok(snapshot);
    const shown = await world.guard(['snapshots', 'show', snapshot.id], db);
    assert.equal(shown.status, 0, describeRun(shown));
    assert.match(shown.stdoutText, /public\.orders: 20 rows in the dump = 20 live when it was taken/);

    const dump = join(snapshot.path, 'part-0.pgdump');
    const bytes = readFileSync(dump);
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] ?? 0) ^ 0xff;
    writeFileSync(dump, bytes);
    const corrupted = await world.guard(['snapshots', 'show', snapshot.id], db);
    assert.equal(corrupted.status, 1, describeRun(corrupted));
    assert.match(corrupted.stderrText, /is corrupted: corrupted: part-0\.pgdump: checksum/);
    const refused = await world.guard(['snapshots', 'restore', snapshot.id], db);
    assert.equal(refused.status, 77, describeRun(refused));
    assert.match(refused.stderrText, /refusing to restore a corrupted snapshot/);
    assert.equal(await world.fingerprint(db, 'orders'), null, 'nothing was restored');
  });

  test('an unknown id: a plain message, exit 1', async () => {
    const run = await world.guard(['snapshots', 'show', 'no-such-snapshot'], 'postgres');
    assert.equal(run.status, 1, describeRun(run));
    assert.match(run.stderrText, /no snapshot no-such-snapshot/);
  });
});

describe('snapshots kept in S3 (moto)', { skip: moto.skipReason ?? false }, () => {
  const endpoint = moto.env?.GUARD_TEST_MOTO_URL ?? '';
  const bucket = `guard-snapshots-${process.pid}${Date.now().toString(36)}`;
  const credentials = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint };
  let awsDir = '';

  before(() => {
    const found = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim();
    awsDir = found.includes('/shims/') ? dirname(spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' }).stdout.trim()) : dirname(found);
    const made = spawnSync(join(awsDir, 'aws'), ['--endpoint-url', endpoint, 's3', 'mb', `s3://${bucket}`], { encoding: 'utf8', env: { ...process.env, ...credentials } });
    assert.equal(made.status, 0, made.stderr);
  });

  after(() => writeUserConfig({}));

  test('uploaded, checked by downloading it again, listed with its s3:// path, restored from there', async () => {
    writeUserConfig({ snapshots: { s3: `s3://${bucket}/guard` } });
    const db = await world.freshDatabase(15);
    const before = await world.fingerprint(db, 'orders');
    const run = await world.guard(['--snapshot', '--confirm', 'local/orders', 'psql', '-X', '-c', 'DROP TABLE orders CASCADE'], db, credentials, [world.pg.binDir, awsDir]);
    assert.equal(run.status, 0, describeRun(run));
    const snapshot = (await world.list(db)).pop();
    assert.equal(snapshot?.path, `s3://${bucket}/guard/${snapshot?.id}`);
    assert.deepEqual(readdirSync(join(world.store, snapshot?.id ?? '')), ['manifest.json'], 'only the manifest stays on this machine');
    const listed = spawnSync(join(awsDir, 'aws'), ['--endpoint-url', endpoint, 's3', 'ls', `s3://${bucket}/guard/${snapshot?.id}/`], { encoding: 'utf8', env: { ...process.env, ...credentials } });
    assert.match(listed.stdout, /part-0\.pgdump/);
    const restored = await world.guard(['snapshots', 'restore', snapshot?.id ?? ''], db, credentials, [world.pg.binDir, awsDir]);
    assert.equal(restored.status, 0, describeRun(restored));
    assert.equal(await world.fingerprint(db, 'orders'), before);
  });
});
