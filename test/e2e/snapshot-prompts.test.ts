// Snapshot questions at a real terminal: policy "offer" asks yes/no after the phrase; over maxBytes guard asks before copying.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { describePty, runOnPty, type PtyAnswer, type PtyRun } from '../support/pty.js';
import { GUARD_BIN, guardEnv } from '../support/run-guard.js';
import { startSnapshotWorld, type SnapshotWorld } from '../support/snapshot-world.js';

const PROMPT = 'Type local/orders to run it, or press Enter to cancel:';
let world: SnapshotWorld;

before(async () => {
  world = await startSnapshotWorld('guard-snapshot-prompts-');
}, { timeout: 120_000 });

after(async () => {
  await world?.stop();
});

function configure(snapshots: Record<string, unknown>): void {
  mkdirSync(world.sandbox.configDir, { recursive: true });
  writeFileSync(join(world.sandbox.configDir, 'config.json'), JSON.stringify({ snapshots }));
}

function onTerminal(args: readonly string[], db: string, answers: PtyAnswer[]): Promise<PtyRun> {
  return runOnPty({
    argv: [process.execPath, GUARD_BIN, ...args],
    env: { ...guardEnv({ sandbox: world.sandbox, pathPrefix: [world.pg.binDir], env: { ...world.pg.env, PGDATABASE: db, XDG_DATA_HOME: join(world.sandbox.dir, 'data') } }), TERM: 'xterm' },
    cwd: world.sandbox.dir,
    answers,
    timeoutSeconds: 60,
  });
}

const DROP = ['psql', '-X', '-c', 'DROP TABLE orders CASCADE'];

describe('policy offer', () => {
  test('yes: the snapshot is taken after the phrase, then the table is dropped', { timeout: 90_000 }, async () => {
    configure({ unprotected: 'offer' });
    const db = await world.freshDatabase(6);
    const count = (await world.list(db)).length;
    const run = await onTerminal(DROP, db, [{ text: 'local/orders', after: [PROMPT] }, { text: 'y', after: ['Take a snapshot of public.orders'] }]);
    assert.equal(run.status, 0, describePty(run));
    assert.equal(run.unanswered, 0, describePty(run));
    assert.match(run.transcript, /\(offered: policy: snapshots\.unprotected is offer\)/);
    assert.equal((await world.list(db)).length, count + 1);
    assert.equal(await world.fingerprint(db, 'orders'), null);
  });

  test('no: nothing is copied and the command still runs', { timeout: 90_000 }, async () => {
    configure({ unprotected: 'offer' });
    const db = await world.freshDatabase(6);
    const count = (await world.list(db)).length;
    const run = await onTerminal(DROP, db, [{ text: 'local/orders', after: [PROMPT] }, { text: 'n', after: ['Take a snapshot of public.orders'] }]);
    assert.equal(run.status, 0, describePty(run));
    assert.equal((await world.list(db)).length, count);
    assert.equal(await world.fingerprint(db, 'orders'), null);
  });
});

describe('over snapshots.maxBytes at a terminal', () => {
  test('guard asks; yes copies it anyway', { timeout: 90_000 }, async () => {
    configure({ maxBytes: 100 });
    const db = await world.freshDatabase(6);
    const count = (await world.list(db)).length;
    const run = await onTerminal(['--snapshot', ...DROP], db, [{ text: 'local/orders', after: [PROMPT] }, { text: 'yes', after: ['over the limit of 100 bytes'] }]);
    assert.equal(run.status, 0, describePty(run));
    assert.equal((await world.list(db)).length, count + 1);
  });

  test('guard asks; no refuses the run (the snapshot was required)', { timeout: 90_000 }, async () => {
    configure({ maxBytes: 100 });
    const db = await world.freshDatabase(6);
    const run = await onTerminal(['--snapshot', ...DROP], db, [{ text: 'local/orders', after: [PROMPT] }, { text: 'n', after: ['over the limit of 100 bytes'] }]);
    assert.equal(run.status, 77, describePty(run));
    assert.match(run.transcript, /refused \(exit 77\): the snapshot \(~[\d.]+ kB\) is over snapshots\.maxBytes/);
    assert.notEqual(await world.fingerprint(db, 'orders'), null, 'the table survives');
  });
});
