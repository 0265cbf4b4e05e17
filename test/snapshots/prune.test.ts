// `guard snapshots prune`: retention by age and total size, newest kept, --dry-run deletes nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeManifest } from '../../src/snapshots/store.js';
import { createSandbox, describeRun, runGuard } from '../support/run-guard.js';

const sandbox = createSandbox('guard-snapshot-prune-');
after(() => sandbox.cleanup());
const store = join(sandbox.dir, 'data', 'guard', 'snapshots');

function stored(id: string, createdAt: string, bytes: number): string {
  const dir = join(store, id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'part-0.pgdump'), 'x', { mode: 0o600 });
  writeManifest(dir, { version: 1, id, family: 'postgres', tool: 'psql', environment: 'local', targets: [`public.t_${id.slice(-2)}`], path: dir, bytes, createdAt, verified: true, restore: `guard snapshots restore ${id}`, checksums: { 'part-0.pgdump': '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881' }, command: ['psql'], settings: {}, facts: {} });
  return dir;
}

function prune(args: readonly string[], config: Record<string, unknown>) {
  mkdirSync(sandbox.configDir, { recursive: true });
  writeFileSync(join(sandbox.configDir, 'config.json'), JSON.stringify({ snapshots: config }));
  return runGuard(['snapshots', 'prune', ...args], { sandbox, env: { XDG_DATA_HOME: join(sandbox.dir, 'data') } });
}

test('older than maxAgeDays and beyond maxTotalBytes go, the newest stay; --dry-run only says so', async () => {
  const now = Date.now();
  const day = 86_400_000;
  const old = stored('20200101-000000-aaaa01', new Date(now - 40 * day).toISOString(), 10);
  const middle = stored('20200101-000000-aaaa02', new Date(now - 3 * day).toISOString(), 600);
  const newest = stored('20200101-000000-aaaa03', new Date(now - day).toISOString(), 500);

  const dry = await prune(['--dry-run'], { maxAgeDays: 30, maxTotalBytes: 1000 });
  assert.equal(dry.status, 0, describeRun(dry));
  assert.match(dry.stdoutText, /would delete 20200101-000000-aaaa02 .*: over the total of 1\.0 kB/);
  assert.match(dry.stdoutText, /would delete 20200101-000000-aaaa01 .*: older than 30 days/);
  assert.ok([old, middle, newest].every((dir) => existsSync(dir)), 'a dry run deletes nothing');

  const run = await prune([], { maxAgeDays: 30, maxTotalBytes: 1000 });
  assert.equal(run.status, 0, describeRun(run));
  assert.ok(!existsSync(old) && !existsSync(middle), 'the old one and the one over the total are gone');
  assert.ok(existsSync(newest), 'the newest is kept');

  const again = await prune([], { maxAgeDays: 30, maxTotalBytes: 1000 });
  assert.match(again.stdoutText, /nothing to prune: 1 snapshot, /);
});
