// Pass-through fidelity of the real bin/guard: argv, exit status, signals, stdout/stderr and stdin bytes reach or leave the child unchanged.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createFakeBin, DEFAULT_STDERR, DEFAULT_STDOUT, type FakeBehaviour, type FakeBin } from '../support/fake-bin.js';
import { createSandbox, describeRun, runGuard, spawnGuard, waitFor, type GuardSandbox, type RunGuardOptions } from '../support/run-guard.js';
import { daemonStatus, startTestDaemon, type TestDaemon } from '../support/daemon.js';

let sandbox: GuardSandbox;
const fakeSets: FakeBin[] = [];

before(async () => {
  sandbox = createSandbox('guard-fidelity-');
  daemon = await startTestDaemon(sandbox);
});
after(async () => {
  await daemon?.stop();
  sandbox.cleanup();
  for (const fakes of fakeSets) fakes.cleanup();
});

function fakePsql(behaviour: FakeBehaviour = {}): FakeBin {
  const fakes = createFakeBin({ psql: behaviour, 'plain-tool': behaviour });
  fakeSets.push(fakes);
  return fakes;
}

/** Each case runs twice: assessed in guard's own process, and answered by a running resident guard. */
type Mode = 'in-process' | 'resident guard';
let daemon: TestDaemon | null = null;

function modeEnv(mode: Mode): Record<string, string> {
  if (mode === 'in-process' || !daemon) return {};
  return { GUARD_DAEMON: '1', XDG_RUNTIME_DIR: daemon.env.XDG_RUNTIME_DIR as string, GUARD_DAEMON_IDLE_SECONDS: '60' };
}

function guard(mode: Mode, fakes: FakeBin, args: readonly string[], options: Partial<RunGuardOptions> = {}) {
  return runGuard(args, { sandbox, pathPrefix: [fakes.dir], ...options, env: { ...modeEnv(mode), ...options.env } });
}

/**
 * With the resident guard, a run it can judge must have been judged by it (else the case would
 * only test the fallback again): runs `body` and checks the daemon answered `runs` more requests.
 */
async function judged(mode: Mode, runs: number, body: () => Promise<void>): Promise<void> {
  const before = mode === 'resident guard' && daemon ? (daemonStatus(daemon.env).served ?? 0) : 0;
  await body();
  if (mode === 'resident guard' && daemon) assert.equal(daemonStatus(daemon.env).served, before + runs, 'the resident guard answered it');
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** SQL-ish input of about `totalBytes`: a few statements around one big COPY block, hashed as it is produced. */
function copyInput(totalBytes: number): { stream: Readable; digest: () => { sha256: string; bytes: number } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const head = 'CREATE TEMP TABLE t (id integer, name text, note text);\nCOPY t FROM STDIN;\n';
  const tail = '\\.\nSELECT count(*) FROM t;\nUPDATE t SET note = NULL WHERE id = 1;\n';
  const block = Array.from({ length: 8192 }, (_, i) => `${i}\tname ${i}\tsome note with \\t escapes and ünïcødé ${i % 97}\n`).join('');
  const blockBuffer = Buffer.from(block);
  const count = Math.max(1, Math.floor((totalBytes - head.length - tail.length) / blockBuffer.length));
  async function* generate(): AsyncIterable<Buffer> {
    const emit = (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      return chunk;
    };
    yield emit(Buffer.from(head));
    for (let i = 0; i < count; i++) yield emit(blockBuffer);
    yield emit(Buffer.from(tail));
  }
  return { stream: Readable.from(generate(), { objectMode: false }), digest: () => ({ sha256: hash.digest('hex'), bytes }) };
}

for (const mode of ['in-process', 'resident guard'] as const) {
  describe(mode, () => {
  describe('argv', () => {
    const awkward = [
      'with space', '  leading and trailing  ', '"double quoted"', "it's", 'line\nbreak\r\n', 'tab\there',
      '', '$HOME', '*', '`id`', '; rm -rf /', '\\backslash\\', 'ünïcødé ✓ 🦆', '--', '-c', '=',
    ];

    test('an uncatalogued command gets every argument byte for byte', async () =>
      judged(mode, 1, async () => {
        const fakes = fakePsql();
        const run = await guard(mode, fakes, ['plain-tool', ...awkward]);
        assert.equal(run.status, 0, describeRun(run));
        const record = fakes.record('plain-tool');
        assert.deepEqual(record?.argv, awkward);
        assert.deepEqual(record?.argvBytes, Buffer.from(awkward.map((a) => `${a}\0`).join('')));
      }));

    test('psql gets its arguments byte for byte after guard parsed them', async () =>
      judged(mode, 1, async () => {
        const fakes = fakePsql();
        const args = [
          '-X', '-v', 'spaced=with space', '-v', 'quoted="x" \'y\'', '-v', 'multi=line\nbreak', '-v', 'empty=',
          '--set=unicode=ünïcødé', '-c', "select 'it''s', $$dollar$$, e'\\n', 1\n;\n", '-A', '-t',
        ];
        const run = await guard(mode, fakes, ['--offline', 'psql', ...args]);
        assert.equal(run.status, 0, describeRun(run));
        assert.deepEqual(fakes.record('psql')?.argv, args);
      }));
  });

  describe('exit status', () => {
    for (const status of [0, 1, 2, 3]) {
      test(`psql's status ${status} is guard's`, async () =>
        judged(mode, 1, async () => {
          const fakes = fakePsql({ exit: status });
          const run = await guard(mode, fakes, ['--offline', 'psql', '-c', 'select 1']);
          assert.equal(run.status, status, describeRun(run));
          assert.equal(fakes.record('psql')?.argv.join(' '), '-c select 1');
        }));
    }

    for (const [signal, status] of [['SIGTERM', 143], ['SIGKILL', 137], ['SIGINT', 130]] as const) {
      test(`a child killed by ${signal} → ${status}`, async () =>
        judged(mode, 1, async () => {
          const fakes = fakePsql({ signal });
          const run = await guard(mode, fakes, ['--offline', 'psql', '-c', 'select 1']);
          assert.equal(run.status, status, describeRun(run));
          assert.equal(run.signal, null, 'guard itself exits normally');
        }));
    }
  });

  describe('signals', () => {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      test(`${signal} sent to guard reaches the child, and the child's status is guard's`, async () =>
        judged(mode, 1, async () => {
          const fakes = fakePsql({ exitOnSignal: 42 });
          const running = spawnGuard(['--offline', 'psql', '-c', 'select 1'], { sandbox, pathPrefix: [fakes.dir], env: modeEnv(mode) });
          try {
            await waitFor(() => fakes.ready('psql'), 15_000, 'the fake psql to start');
            process.kill(running.child.pid as number, signal);
          } catch (error) {
            running.child.kill('SIGKILL');
            throw error;
          }
          const run = await running.result;
          assert.equal(run.status, 42, describeRun(run));
          assert.deepEqual(fakes.record('psql')?.signals, [signal]);
        }));
    }
  });

  describe('stdout and stderr', () => {
    test('every byte the child writes reaches guard\'s caller unchanged, and guard adds nothing', async () =>
      judged(mode, 1, async () => {
        const fakes = fakePsql();
        const run = await guard(mode, fakes, ['--offline', 'psql', '-c', 'select 1']);
        assert.equal(run.status, 0, describeRun(run));
        assert.ok(run.stdout.equals(DEFAULT_STDOUT), `stdout differs: ${run.stdout.toString('hex').slice(0, 200)}`);
        assert.ok(run.stderr.equals(DEFAULT_STDERR), `stderr differs: ${JSON.stringify(run.stderrText)}`);
      }));
  });

  describe('stdin', () => {
    test('100 MB of piped SQL reaches psql with the same bytes, and guard\'s memory stays flat', { timeout: 120_000 }, async () => {
      const fakes = fakePsql();
      const input = copyInput(100 * 1024 * 1024);
      const useTime = existsSync('/usr/bin/time');
      const rssFile = join(sandbox.dir, 'peak-rss');
      const run = await guard(mode, fakes, ['--offline', 'psql', '-X', '-v', 'ON_ERROR_STOP=1'], {
        stdin: input.stream,
        timeoutMs: 110_000,
        ...(useTime ? { peakRssFile: rssFile } : {}),
      });
      assert.equal(run.status, 0, describeRun(run));
      const expected = input.digest();
      assert.ok(expected.bytes >= 100 * 1024 * 1024 - 1024 * 1024);
      assert.deepEqual(fakes.record('psql')?.stdin, expected);
      if (useTime) {
        // /usr/bin/time reports the largest of guard and the fake child; both must stay far below the input size.
        const peakKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        assert.ok(peakKb > 0 && peakKb < 200 * 1024, `peak RSS ${Math.round(peakKb / 1024)} MB for 100 MB of input`);
      }
    });

    test('a command that does not need stdin still gets the pipe\'s bytes', async () =>
      judged(mode, 1, async () => {
        const fakes = fakePsql();
        const bytes = Buffer.concat([Buffer.from('row 1\nrow 2\n'), Buffer.alloc(300_000, 0xfe)]);
        const run = await guard(mode, fakes, ['--offline', 'psql', '-c', 'select 1'], { stdin: bytes });
        assert.equal(run.status, 0, describeRun(run));
        assert.deepEqual(fakes.record('psql')?.stdin, { sha256: sha256(bytes), bytes: bytes.length });
      }));

    test('stdin from a regular file (psql < file.sql) reaches psql whole after guard read it', async () => {
      const fakes = fakePsql();
      const file = join(sandbox.dir, 'input.sql');
      const sql = 'SELECT 1;\n-- ünïcødé comment\nSELECT 2;\n'.repeat(1000);
      writeFileSync(file, sql);
      const run = await guard(mode, fakes, ['--offline', 'psql'], { stdin: { file } });
      assert.equal(run.status, 0, describeRun(run));
      assert.deepEqual(fakes.record('psql')?.stdin, { sha256: sha256(sql), bytes: Buffer.byteLength(sql) });
    });

    test('destructive SQL on stdin is read, refused, and never reaches psql', async () => {
      const fakes = fakePsql();
      const run = await guard(mode, fakes, ['--offline', 'psql'], { stdin: 'SELECT 1;\nDROP TABLE users;\n' });
      assert.equal(run.status, 77, describeRun(run));
      assert.match(run.stderrText, /DROP TABLE users/);
      assert.equal(fakes.record('psql'), null);
    });
  });
  });
}
