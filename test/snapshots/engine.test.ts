// The snapshot store, manifest checks, policy merge, pg helpers and the hook's word on snapshots, without a server.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { mergeSnapshots } from '../../src/config/load.js';
import { conninfo, qualifiedPattern, sqlLiteral } from '../../src/snapshots/families/postgres-client.js';
import { reorderTableData } from '../../src/snapshots/families/postgres.js';
import type { SnapshotManifest } from '../../src/snapshots/model.js';
import { checksumFiles, checksumProblems, defaultStoreRoot, findStored, isInside, newSnapshotId, snapshotDigest, storeProblem, writeManifest } from '../../src/snapshots/store.js';
import { hookAsAgent } from '../support/agent-hook.js';
import { createSandbox } from '../support/run-guard.js';

const scratch = mkdtempSync(join(tmpdir(), 'guard-snapshot-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function manifest(id: string, checksums: Record<string, string>): SnapshotManifest {
  return { version: 1, id, family: 'postgres', tool: 'psql', environment: 'local', targets: ['public.orders'], path: join(scratch, id), bytes: 3, createdAt: '2026-12-01T00:00:00.000Z', verified: true, restore: `guard snapshots restore ${id}`, checksums, command: ['psql'], settings: {}, facts: {} };
}

describe('the store', () => {
  test('defaults to $XDG_DATA_HOME/guard/snapshots, else ~/.local/share (a relative XDG_DATA_HOME is ignored, as the spec says)', () => {
    assert.equal(defaultStoreRoot({ XDG_DATA_HOME: '/data' }, '/home/u'), '/data/guard/snapshots');
    assert.equal(defaultStoreRoot({}, '/home/u'), '/home/u/.local/share/guard/snapshots');
    assert.equal(defaultStoreRoot({ XDG_DATA_HOME: 'relative' }, '/home/u'), '/home/u/.local/share/guard/snapshots');
  });

  test('a private directory passes; one open to others, a symlink or a file does not', () => {
    const good = join(scratch, 'good');
    mkdirSync(good, { mode: 0o700 });
    assert.equal(storeProblem(good), null);
    const open = join(scratch, 'open');
    mkdirSync(open);
    chmodSync(open, 0o750);
    assert.match(storeProblem(open) ?? '', /open to others \(mode 750\)/);
    const link = join(scratch, 'link');
    symlinkSync(good, link);
    assert.match(storeProblem(link) ?? '', /symbolic link/);
    const file = join(scratch, 'file');
    writeFileSync(file, '');
    assert.match(storeProblem(file) ?? '', /not a directory/);
    assert.equal(storeProblem(join(scratch, 'absent')), null, 'a store not yet made is made private');
  });

  test('ids sort by time and differ', () => {
    const a = newSnapshotId(new Date('2026-12-02T00:45:12Z'));
    assert.match(a, /^20261202-004512-[0-9a-f]{6}$/);
    assert.notEqual(a, newSnapshotId(new Date('2026-12-02T00:45:12Z')));
  });

  test('isInside: the path itself and below, not a sibling with the same prefix', () => {
    assert.ok(isInside('/var/lib/postgresql/15/main/x', '/var/lib/postgresql/15/main'));
    assert.ok(isInside('/var/lib/postgresql/15/main', '/var/lib/postgresql/15/main/'));
    assert.ok(!isInside('/var/lib/postgresql/15/main2', '/var/lib/postgresql/15/main'));
  });

  test('checksums catch a changed byte, a missing file and a name that leaves the directory', async () => {
    const dir = join(scratch, 'snap');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'part-0.pgdump'), 'abc');
    const sums = await checksumFiles(dir, ['part-0.pgdump']);
    assert.equal(sums['part-0.pgdump'], 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.deepEqual(await checksumProblems(manifest('x', sums), dir), []);
    writeFileSync(join(dir, 'part-0.pgdump'), 'abd');
    assert.match((await checksumProblems(manifest('x', sums), dir))[0] ?? '', /part-0\.pgdump: checksum .* does not match/);
    assert.match((await checksumProblems(manifest('x', { 'gone.pgdump': 'x' }), dir))[0] ?? '', /gone\.pgdump: missing/);
    assert.match((await checksumProblems(manifest('x', { '../escape': 'x' }), dir))[0] ?? '', /leaves the snapshot directory/);
    await assert.rejects(checksumFiles(dir, ['../escape']), /leaves its directory/);
    assert.equal(snapshotDigest({ b: '2', a: '1' }), snapshotDigest({ a: '1', b: '2' }), 'the digest does not depend on key order');
  });

  test('findStored: by id or a unique prefix; an ambiguous or unknown one is an error', () => {
    const root = join(scratch, 'root');
    for (const id of ['20261201-000000-aaaaaa', '20261201-000001-bbbbbb']) {
      mkdirSync(join(root, id), { recursive: true, mode: 0o700 });
      writeManifest(join(root, id), manifest(id, { f: 'x' }));
    }
    assert.equal(findStored(root, '20261201-000001-bbbbbb').manifest?.id, '20261201-000001-bbbbbb');
    assert.equal(findStored(root, 'aaaaaa').manifest?.id, '20261201-000000-aaaaaa');
    assert.throws(() => findStored(root, '20261201'), /matches 2 snapshots/);
    assert.throws(() => findStored(root, 'nope'), /no snapshot nope/);
  });
});

describe('policy: the project file may only raise it', () => {
  test('requirements take the stricter; where and how long come from the user only; maxBytes the lower', () => {
    assert.deepEqual(mergeSnapshots({ protected: 'offer' }, { protected: 'required', unprotected: 'offer' }), { protected: 'required', unprotected: 'offer' });
    assert.deepEqual(mergeSnapshots({ protected: 'required' }, { protected: 'off' }), { protected: 'required' });
    assert.deepEqual(mergeSnapshots({ directory: '/safe', maxAgeDays: 30 }, { directory: '/on/the/volume', s3: 's3://theirs', maxAgeDays: 1 } as never), { directory: '/safe', maxAgeDays: 30 });
    assert.deepEqual(mergeSnapshots({ maxBytes: 1000 }, { maxBytes: 5000 }), { maxBytes: 1000 });
    assert.deepEqual(mergeSnapshots({ maxBytes: 1000 }, { maxBytes: 10 }), { maxBytes: 10 });
  });
});

describe('pg helpers', () => {
  test('conninfo gives every setting explicitly and quotes values as libpq reads them', () => {
    assert.equal(conninfo({ host: '/tmp/s', port: 5433, user: "o'brien", dbname: 'a b\\c', extra: { sslmode: 'require' } }), "host='/tmp/s' port='5433' user='o\\'brien' dbname='a b\\\\c' sslmode='require'");
  });

  test('patterns and literals cannot be widened by the names they carry', () => {
    assert.equal(qualifiedPattern('public', 'ord*"x'), '"public"."ord*""x"');
    assert.equal(sqlLiteral("it's \\ here"), "E'it''s \\\\ here'");
  });

  test("reorderTableData puts referenced tables' data first and keeps every other line", () => {
    const toc = [';', '; Archive created', '200; 1259 16390 TABLE public order_items postgres', '3340; 0 16391 TABLE DATA public order_items postgres', '3341; 0 16385 TABLE DATA public orders postgres', '3190; 2606 16400 FK CONSTRAINT public order_items order_items_order_id_fkey postgres'].join('\n');
    const out = reorderTableData(toc, ['public.orders', 'public.order_items']).split('\n');
    assert.equal(out.length, 6);
    assert.match(out[3] ?? '', /TABLE DATA public orders /);
    assert.match(out[4] ?? '', /TABLE DATA public order_items /);
    assert.equal(out[2], '200; 1259 16390 TABLE public order_items postgres');
  });
});

describe('the agent hook', () => {
  test('says when policy requires a snapshot (the hook itself runs and takes nothing)', async () => {
    const sandbox = createSandbox('guard-snapshot-hook-');
    try {
      mkdirSync(sandbox.configDir, { recursive: true });
      writeFileSync(join(sandbox.configDir, 'config.json'), JSON.stringify({ snapshots: { protected: 'required' } }));
      const answer = await hookAsAgent(sandbox, { name: 'Bash', input: { command: 'psql -h db.prod.internal -c "DROP TABLE orders"' } }, { cwd: sandbox.dir });
      assert.equal(answer.decision, 'deny');
      assert.match(answer.reason, /snapshot: policy \(snapshots\.protected: required\) requires a verified snapshot before it runs; this hook runs nothing/);
      writeFileSync(join(sandbox.configDir, 'config.json'), '{}');
      const without = await hookAsAgent(sandbox, { name: 'Bash', input: { command: 'psql -h db.prod.internal -c "DROP TABLE orders"' } }, { cwd: sandbox.dir });
      assert.doesNotMatch(without.reason, /snapshot:/);
    } finally {
      sandbox.cleanup();
    }
  });
});
