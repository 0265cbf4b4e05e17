// The real bin/guard in front of the real redis-cli and redis-server: key counts, refusals, fidelity, REDISCLI_AUTH.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { REDIS_SEED } from '../../support/redis-server.js';
import { redisService } from '../../support/services/redis.js';
import { useService } from '../../support/services/use.js';
import { createSandbox, describeRun, runGuard } from '../../support/run-guard.js';

const service = await useService(redisService);
const skip = service.skipReason ?? false;
const socket = service.env?.GUARD_TEST_REDIS_SOCKET ?? '';
const sandbox = createSandbox('guard-redis-e2e-');
after(() => sandbox.cleanup());

const cli = (...args: string[]) => spawnSync('redis-cli', ['-s', socket, ...args], { encoding: 'utf8' }).stdout.trim();
const guard = (args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}) =>
  runGuard(args, { sandbox, timeoutMs: 60_000, ...(options.env ? { env: options.env } : {}), ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
const SEEDED = REDIS_SEED.db0.session + REDIS_SEED.db0.user + REDIS_SEED.db3;

interface JsonReport {
  risk: string;
  argv: string[];
  targets: { kind: string; keys?: number }[];
  blastRadius: string[];
  unverified: string[];
}

test('FLUSHALL: how many keys it deletes, per database; exit 77', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'redis-cli', '-s', socket, 'FLUSHALL']);
  assert.equal(run.status, 77, describeRun(run));
  const report = JSON.parse(run.stdoutText) as JsonReport;
  assert.equal(report.risk, 'destructive');
  assert.equal(report.targets[0]?.keys, SEEDED);
  const radius = report.blastRadius.join('\n');
  assert.match(radius, new RegExp(`FLUSHALL deletes ${SEEDED.toLocaleString('en-US')} keys in 2 databases \\(db0: 1,020, db3: 5\\)`));
  assert.match(radius, /AOF off: nothing to recover from/);
});

test('echo FLUSHALL | redis-cli is refused without a terminal, and nothing is deleted', { skip }, async () => {
  const run = await guard(['redis-cli', '-s', socket], { stdin: 'FLUSHALL\n' });
  assert.equal(run.status, 77, describeRun(run));
  assert.equal(cli('DBSIZE'), String(REDIS_SEED.db0.session + REDIS_SEED.db0.user));
});

test('FLUSHDB -n 3 counts db 3 only; DEL counts the named keys that exist', { skip }, async () => {
  const flushdb = JSON.parse((await guard(['--dry-run', '--json', 'redis-cli', '-s', socket, '-n', '3', 'FLUSHDB'])).stdoutText) as JsonReport;
  assert.equal(flushdb.targets[0]?.keys, REDIS_SEED.db3);
  const del = JSON.parse((await guard(['--dry-run', '--json', 'redis-cli', '-s', socket, 'DEL', 'session:1', 'session:2', 'nosuch'])).stdoutText) as JsonReport;
  assert.match(del.blastRadius.join('\n'), /DEL removes 2 of the 3 named keys that exist in db 0/);
});

test('a script deleting what KEYS matches: the pattern is counted with SCAN', { skip }, async () => {
  const script = "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end";
  const run = await guard(['--dry-run', '--json', 'redis-cli', '-s', socket, 'EVAL', script, '0', 'user:*']);
  assert.equal(run.status, 77, describeRun(run));
  assert.match((JSON.parse(run.stdoutText) as JsonReport).blastRadius.join('\n'), new RegExp(`deletes the keys user:\\* matches: ${REDIS_SEED.db0.user} in db 0 \\(SCAN\\)`));
});

test('GET runs as a read and prints what redis-cli prints', { skip }, async () => {
  const run = await guard(['redis-cli', '-s', socket, 'GET', 'session:7']);
  assert.equal(run.status, 0, describeRun(run));
  assert.equal(run.stdoutText, 'x\n');
});

test('REDISCLI_AUTH reaches the look-ups and never the output', { skip }, async () => {
  cli('ACL', 'SETUSER', 'guardtest', 'on', '>pw-s3cret', '~*', '+@all');
  const run = await guard(['--dry-run', '--json', 'redis-cli', '-s', socket, '--user', 'guardtest', 'FLUSHDB'], { env: { REDISCLI_AUTH: 'pw-s3cret' } });
  assert.equal(run.status, 77, describeRun(run));
  assert.ok(!run.stdoutText.includes('pw-s3cret') && !run.stderrText.includes('pw-s3cret'));
  const report = JSON.parse(run.stdoutText) as JsonReport;
  assert.deepEqual(report.unverified, []);
  assert.equal(report.targets[0]?.keys, REDIS_SEED.db0.session + REDIS_SEED.db0.user);
  const withA = await guard(['--dry-run', '--json', 'redis-cli', '-s', socket, '--user', 'guardtest', '-a', 'pw-s3cret', 'GET', 'x']);
  assert.ok(!withA.stdoutText.includes('pw-s3cret'), withA.stdoutText);
  cli('ACL', 'DELUSER', 'guardtest');
});

test('writes on stdin run, with the same bytes the client would read', { skip }, async () => {
  const run = await guard(['redis-cli', '-s', socket, '-n', '9'], { stdin: 'SET guard:e2e "a b"\nGET guard:e2e\n' });
  assert.equal(run.status, 0, describeRun(run));
  assert.equal(run.stdoutText, 'OK\na b\n');
  cli('-n', '9', 'UNLINK', 'guard:e2e');
});

test('the generated command table is what this server reports', { skip }, async () => {
  const { commandTableFromReply, renderCommandModule } = await import('../../../src/tools/redis/command-table.js');
  const { REDIS_SERVER_VERSION } = await import('../../../src/tools/redis/commands.generated.js');
  const { readFileSync } = await import('node:fs');
  const version = /redis_version:(\S+)/.exec(cli('INFO', 'server'))?.[1] ?? '';
  if (version !== REDIS_SERVER_VERSION) {
    assert.fail(`commands.generated.ts is from redis-server ${REDIS_SERVER_VERSION}, this server is ${version}: run npm run gen:redis`);
  }
  const fresh = renderCommandModule(commandTableFromReply(JSON.parse(cli('--json', 'COMMAND'))), version);
  assert.ok(readFileSync('src/tools/redis/commands.generated.ts', 'utf8') === fresh, 'src/tools/redis/commands.generated.ts is stale: run `npm run gen:redis`');
});

test('redis-cli --scan --pattern P | xargs redis-cli del: the DEL counts the keys P matches on the server', { skip }, async () => {
  const line = `redis-cli -s ${socket} --scan --pattern 'session:*' | xargs redis-cli -s ${socket} del`;
  const run = await guard(['--dry-run', '--json', 'sh', '-c', line]);
  assert.equal(run.status, 77, describeRun(run));
  const report = JSON.parse(run.stdoutText) as JsonReport;
  assert.equal(report.risk, 'destructive');
  const expected = `DEL fed by redis-cli --scan through xargs deletes the keys session:* matches: ${REDIS_SEED.db0.session.toLocaleString('en-US')} in db 0 (SCAN)`;
  assert.ok(report.blastRadius.includes(expected), report.blastRadius.join('\n'));
  // Keys scanned on another server are not counted on this one: said, not guessed.
  const other = await guard(['--dry-run', '--json', 'sh', '-c', `redis-cli -h 10.9.9.9 --scan | xargs redis-cli -s ${socket} del`]);
  const otherReport = JSON.parse(other.stdoutText) as JsonReport;
  assert.ok(!otherReport.blastRadius.some((l) => l.includes('fed by redis-cli --scan')), otherReport.blastRadius.join('\n'));
  assert.ok(otherReport.unverified.some((u) => u.includes('another server')), otherReport.unverified.join('\n'));
});
