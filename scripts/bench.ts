// npm run bench: guard's start-up (warm daemon and cold) as ratios to `node -e 0` in the same run, throughput and memory; writes BENCHMARKS.md.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createFakeBin } from '../test/support/fake-bin.js';
import { startTestPostgres, type TestPostgres } from '../test/support/postgres-server.js';
import { createSandbox, GUARD_BIN, guardEnv, REPO_ROOT } from '../test/support/run-guard.js';
import { measureInterleaved, median, type Probe, type ProbeResult } from './bench-startup.js';
import { socketPath } from '../src/daemon/paths.js';
import { PROTOCOL_VERSION } from '../src/daemon/protocol.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const STATEMENTS = 100_000;
const PIPE_BYTES = Number(process.env.BENCH_PIPE_MB ?? 1024) * 1024 * 1024;
const GOALS = { statementsPerSecond: 50_000, peakRssMb: 150, scanLinesPerSecond: 10_000, daemonRssMb: 120 };

const sandbox = createSandbox('guard-bench-');
const fakes = createFakeBin({ psql: { stdout: '', stderr: '' } });

/** Median wall time (ms) of `runs` sequential runs; the first run warms the page cache and is discarded. */
function timeCommand(command: string[], env: Record<string, string>, runs = RUNS, expect: number[] = [0]): number {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command[0] as string, command.slice(1), { env, cwd: sandbox.dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (!expect.includes(result.status ?? -1)) {
      throw new Error(`${command.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
    }
    if (i > 0) samples.push(elapsed);
  }
  return median(samples);
}

function guardCommand(...args: string[]): string[] {
  return [process.execPath, GUARD_BIN, ...args];
}

function statementFile(count: number): string {
  const path = join(sandbox.dir, `statements-${count}.sql`);
  const kinds = [
    (i: number) => `SELECT id, total FROM orders WHERE customer_id = ${i} ORDER BY id LIMIT 10;`,
    (i: number) => `INSERT INTO audit_events (id, kind, payload) VALUES (${i}, 'seen', '{"n": ${i}}');`,
    (i: number) => `UPDATE customers SET last_seen = now() WHERE id = ${i};`,
    (i: number) => `WITH recent AS (SELECT id FROM orders WHERE id > ${i}) SELECT count(*) FROM recent;`,
  ];
  const lines: string[] = ['BEGIN;'];
  for (let i = 0; i < count - 2; i++) lines.push((kinds[i % kinds.length] as (i: number) => string)(i));
  lines.push('COMMIT;');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Throughput of guard's SQL analysis: the 100k-statement file minus a 1-statement file (start-up). */
function analysisThroughput(env: Record<string, string>): { seconds: number; perSecond: number } {
  const big = statementFile(STATEMENTS);
  const small = statementFile(3);
  const bigMs = timeCommand(guardCommand('--dry-run', '--offline', 'psql', '-X', '-f', big), env, 3, [0, 77]);
  const smallMs = timeCommand(guardCommand('--dry-run', '--offline', 'psql', '-X', '-f', small), env, 5, [0, 77]);
  const seconds = Math.max(1e-3, (bigMs - smallMs) / 1000);
  return { seconds: bigMs / 1000, perSecond: STATEMENTS / seconds };
}

/** guard scan over a generated 20k-line shell script: lines per second, start-up included. */
function scanThroughput(env: Record<string, string>): { lines: number; perSecond: number } {
  const lines = ['#!/bin/sh'];
  const shapes = (i: number) => [`echo step ${i}`, `ls -la /tmp/d${i}`, `cp a${i} b${i} && mv b${i} c${i}`, `psql -c "SELECT ${i}"`][i % 4] as string;
  for (let i = 0; i < 20_000; i++) lines.push(shapes(i));
  const path = join(sandbox.dir, 'large-script.sh');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const ms = timeCommand(guardCommand('scan', path), env, 3, [0]);
  return { lines: lines.length, perSecond: lines.length / (ms / 1000) };
}

function vmHwmKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Pipes PIPE_BYTES of COPY data through guard into the fake psql; guard's own peak RSS from /proc (VmHWM). */
async function pipeLargeInput(env: Record<string, string>): Promise<{ peakMb: number; seconds: number; intact: boolean }> {
  const head = Buffer.from('CREATE TEMP TABLE t (id integer, name text);\nCOPY t FROM STDIN;\n');
  const tail = Buffer.from('\\.\nSELECT count(*) FROM t;\n');
  const block = Buffer.from(Array.from({ length: 16384 }, (_, i) => `${i}\tname number ${i} with some padding text\n`).join(''));
  const blocks = Math.floor((PIPE_BYTES - head.length - tail.length) / block.length);
  const hash = createHash('sha256');
  let bytes = 0;
  const note = (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
    return chunk;
  };
  async function* generate(): AsyncIterable<Buffer> {
    yield note(head);
    for (let i = 0; i < blocks; i++) yield note(block);
    yield note(tail);
  }
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [GUARD_BIN, '--offline', 'psql', '-X'], { env, cwd: sandbox.dir, stdio: ['pipe', 'ignore', 'inherit'] });
  let peakKb = 0;
  const sampler = setInterval(() => {
    const kb = child.pid !== undefined ? vmHwmKb(child.pid) : null;
    if (kb !== null) peakKb = Math.max(peakKb, kb);
  }, 25);
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await pipeline(Readable.from(generate()), child.stdin).catch(() => undefined);
  const status = await exited;
  clearInterval(sampler);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (status !== 0) throw new Error(`guard psql with ${bytes} bytes of stdin exited ${status}`);
  const record = fakes.record('psql');
  const intact = record?.stdin?.sha256 === hash.digest('hex') && record.stdin.bytes === bytes;
  return { peakMb: peakKb / 1024, seconds, intact };
}

function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

async function main(): Promise<void> {
  const benchStart = Date.now();
  const fakeEnv = guardEnv({ sandbox, pathPrefix: [fakes.dir] });
  let pg: TestPostgres | null = null;
  try {
    pg = await startTestPostgres();
  } catch (error) {
    process.stderr.write(`bench: no test PostgreSQL (${(error as Error).message.split('\n')[0]}); timing psql --version instead\n`);
  }
  try {
    const pgEnv = pg ? guardEnv({ sandbox, pathPrefix: [pg.binDir], env: pg.env }) : guardEnv({ sandbox });
    const psqlArgs = pg ? ['-X', '-c', 'select 1'] : ['--version'];
    const psqlPath = pg ? join(pg.binDir, 'psql') : 'psql';
    const pgLabel = pg ? "`guard psql -X -c 'select 1'` (test server)" : '`guard psql --version` (no test server)';

    const loadBefore = loadavg();
    const hookPayload = Buffer.from(JSON.stringify({ session_id: 'bench', cwd: sandbox.dir, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls -la && git status' } }));
    const denyPayload = readFileSync(join(REPO_ROOT, 'test/hooks/fixtures/claude-deny.json'));
    const psqlPair = { command: guardCommand('psql', ...psqlArgs), minus: [psqlPath, ...psqlArgs] };
    // Cold: no resident guard (the test environment's GUARD_DAEMON=0), as on a first run or in CI.
    const probesFor = (env: Record<string, string>, pg: Record<string, string>, goals: { hook: number | null; read: number | null; kubectl: number | null; overhead: number | null }): Probe[] => [
      { label: '`guard hook claude` (`ls -la && git status`, allowed)', command: guardCommand('hook', 'claude'), env, input: hookPayload, goal: goals.hook },
      { label: '`guard hook claude` (railway volume delete, denied)', command: guardCommand('hook', 'claude'), env, input: denyPayload, goal: null },
      { label: "`guard --dry-run --offline psql -c 'select 1'`", command: guardCommand('--dry-run', '--offline', 'psql', '-c', 'select 1'), env, goal: goals.read },
      { label: '`guard --dry-run --offline kubectl get pods`', command: guardCommand('--dry-run', '--offline', 'kubectl', 'get', 'pods'), env, goal: goals.kubectl },
      { label: '`guard --dry-run --offline railway status`', command: guardCommand('--dry-run', '--offline', 'railway', 'status'), env, goal: goals.read },
      { label: "`guard --dry-run --offline psql -c 'DROP TABLE t'`", command: guardCommand('--dry-run', '--offline', 'psql', '-c', 'DROP TABLE t'), env, expect: [77], goal: null },
      { label: `${pgLabel} − bare psql (guard's decision overhead)`, ...psqlPair, env: pg, goal: goals.overhead },
    ];

    process.stderr.write(`bench: cold start-up (${RUNS} rounds, each command after its own node -e 0)…\n`);
    const cold = measureInterleaved(probesFor(fakeEnv, pgEnv, { hook: 2.5, read: 2.5, kubectl: 1.6, overhead: null }), fakeEnv, sandbox.dir, RUNS);
    const noCache = measureInterleaved([{ label: '`guard --dry-run --offline psql --version`, code cache off (`GUARD_CODE_CACHE=0`)', command: guardCommand('--dry-run', '--offline', 'psql', '--version'), env: { ...fakeEnv, GUARD_CODE_CACHE: '0' }, goal: null }], fakeEnv, sandbox.dir, Math.min(RUNS, 10));

    process.stderr.write('bench: warm start-up (the resident guard running)…\n');
    const daemonEnv = { ...fakeEnv, GUARD_DAEMON: '1', XDG_RUNTIME_DIR: join(sandbox.dir, 'run') };
    const daemonPgEnv = { ...pgEnv, GUARD_DAEMON: '1', XDG_RUNTIME_DIR: join(sandbox.dir, 'run') };
    mkdirSync(daemonEnv.XDG_RUNTIME_DIR, { mode: 0o700, recursive: true });
    const started = spawnSync(process.execPath, [GUARD_BIN, 'daemon', 'start'], { env: daemonEnv, encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`guard daemon start: ${started.stderr}`);
    let warm: { nodeMs: number; results: ProbeResult[] };
    let daemonFigures: { rssMb: number; requests: number; served: number };
    try {
      // The floor: a bare Node client's round trip (no guard code at all) for the same hook request.
      const build = readFileSync(join(REPO_ROOT, 'dist', 'bundle', 'build-id'), 'utf8').trim();
      const floor: Probe = {
        label: 'floor: a bare Node client asking the resident guard the same hook call (`scripts/bench-floor-client.cjs`)',
        command: [process.execPath, join(REPO_ROOT, 'scripts', 'bench-floor-client.cjs'), socketPath(join(daemonEnv.XDG_RUNTIME_DIR, 'guard'), build) as string, build, GUARD_BIN, String(PROTOCOL_VERSION)],
        env: daemonEnv,
        input: hookPayload,
        goal: null,
      };
      warm = measureInterleaved([...probesFor(daemonEnv, daemonPgEnv, { hook: 1.3, read: 1.3, kubectl: 1.3, overhead: 1.3 }), floor], fakeEnv, sandbox.dir, RUNS);
      const status = JSON.parse(spawnSync(process.execPath, [GUARD_BIN, 'daemon', 'status', '--json'], { env: daemonEnv, encoding: 'utf8' }).stdout) as { rssBytes: number; requests: number; served: number };
      daemonFigures = { rssMb: status.rssBytes / 1048576, requests: status.requests, served: status.served };
    } finally {
      spawnSync(process.execPath, [GUARD_BIN, 'daemon', 'stop'], { env: daemonEnv });
    }
    const loadAfter = loadavg();

    process.stderr.write('bench: guard scan of a 20,000-line script…\n');
    const scanned = scanThroughput(fakeEnv);

    process.stderr.write(`bench: SQL analysis of ${STATEMENTS.toLocaleString('en-US')} statements…\n`);
    const analysis = analysisThroughput(fakeEnv);

    process.stderr.write(`bench: piping ${Math.round(PIPE_BYTES / 1024 / 1024)} MB through guard psql…\n`);
    const piped = await pipeLargeInput(fakeEnv);

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const row = (result: ProbeResult) => `| ${result.probe.label} | ${ms(result.medianMs)} | ${result.ratio.toFixed(2)}× | ${result.probe.goal === null ? '' : `≤ ${result.probe.goal}×: ${verdict(result.ratio <= result.probe.goal)}`} |`;
    const startupTable = [
      '| start-up (median of paired rounds) | median | × `node -e 0` | goal |',
      '|---|---|---|---|',
      `| \`node -e 0\` (cold rounds / warm rounds) | ${ms(cold.nodeMs)} / ${ms(warm.nodeMs)} | 1.00× | |`,
      '| **warm: resident guard running** | | | |',
      ...warm.results.map(row),
      `| resident guard: RSS after the warm rounds; answered by it | ${daemonFigures.rssMb.toFixed(1)} MB; ${daemonFigures.served} of ${daemonFigures.requests} requests | | < ${GOALS.daemonRssMb} MB: ${verdict(daemonFigures.rssMb < GOALS.daemonRssMb)} |`,
      '| **cold: no resident guard (`GUARD_DAEMON=0`)** | | | |',
      ...cold.results.map(row),
      ...noCache.results.map(row),
    ].join('\n');
    const table = [
      startupTable,
      '',
      '| throughput and memory | result | goal |',
      '|---|---|---|',
      `| \`guard scan\` of a ${scanned.lines.toLocaleString('en-US')}-line script | ${Math.round(scanned.perSecond).toLocaleString('en-US')} lines/s | ≥ ${GOALS.scanLinesPerSecond.toLocaleString('en-US')}/s: ${verdict(scanned.perSecond >= GOALS.scanLinesPerSecond)} |`,
      `| SQL analysis, ${STATEMENTS.toLocaleString('en-US')} statements (\`--dry-run --offline psql -f\`) | ${Math.round(analysis.perSecond).toLocaleString('en-US')} statements/s (${analysis.seconds.toFixed(2)} s total) | ≥ ${GOALS.statementsPerSecond.toLocaleString('en-US')}/s: ${verdict(analysis.perSecond >= GOALS.statementsPerSecond)} |`,
      `| peak RSS of guard, ${Math.round(PIPE_BYTES / 1024 / 1024)} MB of COPY data on stdin into a fake psql | ${piped.peakMb.toFixed(1)} MB (${piped.seconds.toFixed(1)} s, bytes ${piped.intact ? 'intact' : '**changed**'}) | < ${GOALS.peakRssMb} MB: ${verdict(piped.peakMb < GOALS.peakRssMb)} |`,
    ].join('\n');

    const machine = `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${process.platform}`;
    const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');
    const doc = `# Benchmarks\n\nMeasured by \`npm run bench\` (scripts/bench.ts) on ${new Date().toISOString().slice(0, 10)}.\n\n` +
      `Machine: ${machine}. Load average (1, 5, 15 min) ${load(loadBefore)} before the start-up rounds, ${load(loadAfter)} after them: ` +
      'on a shared machine absolute times move with the load, the ratios much less.\n\n' +
      `Start-up: ${RUNS} rounds after one warm-up round; in each round every command runs once, in rotating order, right after its own \`node -e 0\`; ` +
      'the ratio is the median over rounds of the pair\'s ratio, so load that changes during the run cancels out as far as it can. ' +
      'Goals are those of the issue "answer in a blink": warm (resident guard running) ≤ 1.3× for the hook, the offline dry-run reads and guard\'s decision overhead over bare psql; ' +
      'cold (no resident guard) ≤ 2.5× for the hook and the psql read, ≤ 1.6× for kubectl get; the resident guard under 120 MB RSS.\n\n' +
      `${table}\n\n` +
      'Notes: "guard\'s decision overhead" is `guard psql -X -c \'select 1\'` minus bare `psql` timed right after it, as a ratio to `node -e 0`. ' +
      '"answered by it" counts the requests the resident guard answered itself; the rest it handed back to the client (which then assessed in-process: ' +
      'denied hook calls and runs that are not dry runs, see docs/architecture.md). ' +
      '"floor" is the least any Node client can cost: a 30-line script that reads the payload, connects, sends the same request and prints the answer; ' +
      'the warm goals are measured against `node -e 0`, so what the floor costs above 1.00× (node:net, one round trip, the daemon\'s own work) is out of reach of guard\'s client. ' +
      'Analysis throughput subtracts the time of a 3-statement file from the 100k-statement one. ' +
      'Peak RSS is the guard process\'s own VmHWM from /proc, sampled every 25 ms.\n' +
      `\n${readFileSync(join(REPO_ROOT, 'scripts', 'bench-notes.md'), 'utf8')}` +
      `\nThe whole bench took ${Math.round((Date.now() - benchStart) / 1000)} s.\n`;
    writeFileSync(join(REPO_ROOT, 'BENCHMARKS.md'), doc);
    process.stdout.write(`${table}\n\nwrote ${join(REPO_ROOT, 'BENCHMARKS.md')}\n`);
  } finally {
    await pg?.stop();
    fakes.cleanup();
    sandbox.cleanup();
  }
}

if (!existsSync(GUARD_BIN)) throw new Error(`bench: ${GUARD_BIN} missing`);
await main();
