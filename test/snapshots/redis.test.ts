// The Redis snapshotter against a real redis-server of its own (it flushes): DUMP what goes, verify, restore.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MAX_SNAPSHOT_KEYS, redisSnapshotter } from '../../src/snapshots/families/redis.js';
import { crc64 } from '../../src/snapshots/families/redis-payload.js';
import { redisUnavailable, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { buildWorld } from '../support/world.js';
import { planFor, takeFor } from './harness.js';

const unavailable = redisUnavailable();
const skip = unavailable ?? false;
// Its own server, not the run's shared one: these tests flush and delete what the others count.
const redis: TestRedis | null = unavailable ? null : await startTestRedis();
after(() => redis?.stop());
const socket = redis?.socket ?? '';
const cli = (...args: string[]) => spawnSync('redis-cli', ['-s', socket, ...args], { encoding: 'utf8' }).stdout.trim();
const dumpOf = (db: string, key: string) => spawnSync('redis-cli', ['-s', socket, '-n', db, '--no-raw', 'DUMP', key], { encoding: 'utf8' }).stdout;

const world = buildWorld({ offline: false });
after(() => world.cleanup());

test("Redis's CRC64 gives the published check value", () => {
  assert.equal(crc64(Buffer.from('123456789')), 0xe9c6d914c4b8d9can);
});

test('DEL of named keys of every type: copied with their TTL, verified, restored byte for byte', { skip }, async () => {
  spawnSync('redis-cli', ['-s', socket, '-x', 'SET', 'bin:1'], { input: Buffer.from([0, 255, 10, 13, 34, 92]) });
  cli('HSET', 'obj:1', 'name', 'ünï', 'n', '3');
  cli('RPUSH', 'queue:1', 'a', 'b', 'c');
  cli('ZADD', 'rank:1', '1', 'x', '2', 'y');
  cli('SET', 'ttl:1', 'v', 'EX', '5000');
  const keys = ['bin:1', 'obj:1', 'queue:1', 'rank:1', 'ttl:1'];
  const before = keys.map((key) => dumpOf('0', key));
  const taken = await takeFor(redisSnapshotter, ['redis-cli', '-s', socket, 'DEL', ...keys, 'absent:1'], world.ctx);
  assert.deepEqual(taken.plan.targets, [`db0: ${[...keys, 'absent:1'].join(', ')}`]);
  assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
  assert.equal(taken.manifest.facts.keys, 5);
  assert.deepEqual(taken.manifest.facts.missing, ['db0/absent:1']);

  cli('DEL', ...keys);
  assert.equal(cli('EXISTS', ...keys), '0');
  await redisSnapshotter.restore(taken.manifest, taken.dir, world.ctx);
  assert.deepEqual(keys.map((key) => dumpOf('0', key)), before);
  const ttl = Number(cli('TTL', 'ttl:1'));
  assert.ok(ttl > 4000 && ttl <= 5000, `TTL kept: ${ttl}`);
  assert.equal(cli('PTTL', 'obj:1'), '-1');
  // The keys are back: a second restore would overwrite them, and is refused.
  cli('SET', 'obj:1', 'changed since');
  cli('DEL', 'bin:1', 'queue:1', 'rank:1', 'ttl:1');
  await assert.rejects(redisSnapshotter.restore(taken.manifest, taken.dir, world.ctx), /1 of the snapshot's keys exist again \(db0\/obj:1\)/);
  assert.equal(cli('GET', 'obj:1'), 'changed since');
  assert.equal(cli('EXISTS', 'bin:1'), '0', 'nothing is restored when one key is refused');
  cli('DEL', 'obj:1');
  await redisSnapshotter.restore(taken.manifest, taken.dir, world.ctx);
  assert.deepEqual(keys.map((key) => dumpOf('0', key)), before);
});

test('a Lua script deleting KEYS session:*: the keys the pattern matches now are copied and come back', { skip }, async () => {
  const script = "for _, k in ipairs(redis.call('KEYS', 'session:*')) do redis.call('DEL', k) end";
  const argv = ['redis-cli', '-s', socket, 'EVAL', script, '0'];
  const plan = await planFor(redisSnapshotter, argv, world.ctx);
  assert.equal(plan.copyable, true, plan.reason);
  assert.deepEqual(plan.targets, ['db0: keys matching session:*']);
  assert.ok(plan.notes.includes('1,000 keys to copy now'), plan.notes.join('\n'));
  const taken = await takeFor(redisSnapshotter, argv, world.ctx);
  assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
  assert.equal(taken.manifest.facts.keys, 1000);
  cli('EVAL', script, '0');
  assert.equal(cli('EXISTS', 'session:7'), '0');
  await redisSnapshotter.restore(taken.manifest, taken.dir, world.ctx);
  assert.equal(cli('EVAL', "return #redis.call('KEYS', 'session:*')", '0'), '1000');
  assert.equal(cli('GET', 'session:7'), 'x');
});

test('FLUSHALL: every database key by key, restored into the same databases', { skip }, async () => {
  const before = { db0: cli('-n', '0', 'DBSIZE'), db3: cli('-n', '3', 'DBSIZE') };
  const taken = await takeFor(redisSnapshotter, ['redis-cli', '-s', socket, 'FLUSHALL'], world.ctx);
  assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
  assert.deepEqual(taken.manifest.facts.databases, { db0: Number(before.db0), db3: Number(before.db3) });
  cli('FLUSHALL');
  await redisSnapshotter.restore(taken.manifest, taken.dir, world.ctx);
  assert.deepEqual({ db0: cli('-n', '0', 'DBSIZE'), db3: cli('-n', '3', 'DBSIZE') }, before);
  assert.equal(cli('-n', '3', 'GET', 'other:2'), 'y');
});

test('a damaged payload fails verify: its own CRC64 and the checksum of the dumps', { skip }, async () => {
  const taken = await takeFor(redisSnapshotter, ['redis-cli', '-s', socket, 'UNLINK', 'obj:1'], world.ctx);
  const file = join(taken.dir, 'redis-keys.jsonl');
  const record = JSON.parse(readFileSync(file, 'utf8')) as { payload: string };
  const bytes = Buffer.from(record.payload, 'base64');
  bytes[2] = (bytes[2] ?? 0) ^ 0xff;
  writeFileSync(file, `${JSON.stringify({ ...record, payload: bytes.toString('base64') })}\n`);
  const verification = await redisSnapshotter.verify(taken.manifest, taken.dir, world.ctx);
  assert.equal(verification.ok, false);
  assert.match(verification.checks.join('\n'), /fail their CRC64: db0\/obj:1/);
  assert.match(verification.checks.join('\n'), /does not match \(MISMATCH\)/);
});

test('over the bound: FLUSHDB of a big database is not copyable, and says what persistence there is', { skip }, async () => {
  const lines = Array.from({ length: MAX_SNAPSHOT_KEYS + 1 }, (_, i) => `SET big:${i} 1`);
  spawnSync('redis-cli', ['-s', socket, '-n', '5'], { input: `${lines.join('\n')}\n`, encoding: 'utf8' });
  const plan = await planFor(redisSnapshotter, ['redis-cli', '-s', socket, '-n', '5', 'FLUSHDB'], world.ctx);
  assert.equal(plan.copyable, false);
  assert.match(plan.reason ?? '', /10,001 keys are more than guard copies key by key .*no bounded copy/);
  assert.match(plan.notes.join('\n'), /persistence: .*AOF off/);
  cli('-n', '5', 'FLUSHDB');
});

test('commands whose loss is not keys guard can name are not copyable, with a reason', { skip }, async () => {
  for (const argv of [
    ['redis-cli', '-s', socket, 'SWAPDB', '0', '1'],
    ['redis-cli', '-s', socket, 'EVAL', "redis.call('DEL', ARGV[1])", '0', 'x'],
    ['redis-cli', '-s', socket, 'DEBUG', 'RELOAD'],
  ]) {
    const plan = await planFor(redisSnapshotter, argv, world.ctx);
    assert.equal(plan.copyable, false, argv.join(' '));
    assert.match(plan.reason ?? '', /nothing guard can copy covers/);
  }
});

test('a password (-a) is used for the copy, never stored; restore later reads REDISCLI_AUTH', { skip }, async () => {
  const secret = 'r3dis-snap-secret';
  cli('SET', 'auth:1', 'kept');
  cli('CONFIG', 'SET', 'requirepass', secret);
  try {
    const taken = await takeFor(redisSnapshotter, ['redis-cli', '-s', socket, '-a', secret, 'DEL', 'auth:1'], world.ctx);
    assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
    assert.doesNotMatch(JSON.stringify(taken.manifest), new RegExp(secret));
    spawnSync('redis-cli', ['-s', socket, '-a', secret, '--no-auth-warning', 'DEL', 'auth:1']);
    const later = { ...taken.manifest, settings: { ...taken.manifest.settings, passwordKey: null } };
    await assert.rejects(redisSnapshotter.restore(later, taken.dir, world.ctx), /commands failed|NOAUTH/);
    const withAuth = buildWorld({ offline: false, env: { REDISCLI_AUTH: secret } });
    try {
      await redisSnapshotter.restore(later, taken.dir, withAuth.ctx);
    } finally {
      withAuth.cleanup();
    }
    assert.equal(spawnSync('redis-cli', ['-s', socket, '-a', secret, '--no-auth-warning', 'GET', 'auth:1'], { encoding: 'utf8' }).stdout.trim(), 'kept');
  } finally {
    spawnSync('redis-cli', ['-s', socket, '-a', secret, '--no-auth-warning', 'CONFIG', 'SET', 'requirepass', '']);
  }
});
