// npm run bench: guard's start-up overhead, SQL analysis throughput and memory at 1 GB of stdin; writes BENCHMARKS.md.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createFakeBin } from '../test/support/fake-bin.js';
import { startTestPostgres, type TestPostgres } from '../test/support/postgres-server.js';
import { createSandbox, GUARD_BIN, guardEnv, REPO_ROOT } from '../test/support/run-guard.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const STATEMENTS = 100_000;
const PIPE_BYTES = Number(process.env.BENCH_PIPE_MB ?? 1024) * 1024 * 1024;
const GOALS = { overheadMs: 15, statementsPerSecond: 50_000, peakRssMb: 150, hookFactor: 1.3, scanLinesPerSecond: 10_000 };

const sandbox = createSandbox('guard-bench-');
const fakes = createFakeBin({ psql: { stdout: '', stderr: '' } });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

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

/** `guard hook claude` answering a recorded payload: the agent waits for this on every command. */
function timeHook(payloadFile: string, env: Record<string, string>, runs = RUNS): number {
  const input = readFileSync(payloadFile);
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [GUARD_BIN, 'hook', 'claude'], { env, cwd: sandbox.dir, input, stdio: ['pipe', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`guard hook claude exited ${r.status}: ${r.stderr.toString()}`);
    if (i > 0) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
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

    process.stderr.write(`bench: start-up (${RUNS} runs each)…\n`);
    const nodeBare = timeCommand([process.execPath, '-e', '0'], fakeEnv);
    const psqlBare = timeCommand([psqlPath, ...psqlArgs], pgEnv);
    const guardPsql = timeCommand(guardCommand('psql', ...psqlArgs), pgEnv);
    const guardDryRead = timeCommand(guardCommand('--dry-run', '--offline', 'psql', '-c', 'select 1'), fakeEnv);
    const guardDryDrop = timeCommand(guardCommand('--dry-run', '--offline', 'psql', '-c', 'DROP TABLE t'), fakeEnv, RUNS, [77]);
    const guardUnguarded = timeCommand(guardCommand('--dry-run', '--offline', 'true'), fakeEnv);
    const overhead = guardDryRead - nodeBare;
    const overheadNoSql = timeCommand(guardCommand('--dry-run', '--offline', 'psql', '--version'), fakeEnv) - nodeBare;
    // The same without the V8 code cache: what a first run (or GUARD_CODE_CACHE=0) costs.
    const overheadNoSqlCold = timeCommand(guardCommand('--dry-run', '--offline', 'psql', '--version'), { ...fakeEnv, GUARD_CODE_CACHE: '0' }) - nodeBare;
    const hookAllow = timeHook(join(REPO_ROOT, 'test/hooks/fixtures/claude-allow.json'), fakeEnv);
    const hookDeny = timeHook(join(REPO_ROOT, 'test/hooks/fixtures/claude-deny.json'), fakeEnv);

    process.stderr.write('bench: guard scan of a 20,000-line script…\n');
    const scanned = scanThroughput(fakeEnv);

    process.stderr.write(`bench: SQL analysis of ${STATEMENTS.toLocaleString('en-US')} statements…\n`);
    const analysis = analysisThroughput(fakeEnv);

    process.stderr.write(`bench: piping ${Math.round(PIPE_BYTES / 1024 / 1024)} MB through guard psql…\n`);
    const piped = await pipeLargeInput(fakeEnv);

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const psqlLabel = pg ? "`psql -X -c 'select 1'` (test server, Unix socket)" : '`psql --version` (no test server)';
    const guardLabel = pg ? "`guard psql -X -c 'select 1'`" : '`guard psql --version`';
    const table = [
      '| measurement | median / result | goal |',
      '|---|---|---|',
      `| \`node -e 0\` | ${ms(nodeBare)} | |`,
      `| ${psqlLabel} | ${ms(psqlBare)} | |`,
      `| ${guardLabel} | ${ms(guardPsql)} (+${ms(guardPsql - psqlBare)} over bare psql) | |`,
      `| \`guard --dry-run --offline true\` (not guarded) | ${ms(guardUnguarded)} | |`,
      `| \`guard --dry-run --offline psql -c 'select 1'\` | ${ms(guardDryRead)} | |`,
      `| \`guard --dry-run --offline psql -c 'DROP TABLE t'\` | ${ms(guardDryDrop)} | |`,
      `| guard's own work (dry-run read − \`node -e 0\`) | ${ms(overhead)} | ≤ ${GOALS.overheadMs} ms: ${verdict(overhead <= GOALS.overheadMs)} |`,
      `| guard's own work without SQL (\`--dry-run --offline psql --version\` − \`node -e 0\`) | ${ms(overheadNoSql)} | ≤ ${GOALS.overheadMs} ms: ${verdict(overheadNoSql <= GOALS.overheadMs)} |`,
      `| the same with the code cache off (\`GUARD_CODE_CACHE=0\`, as on a first run) | ${ms(overheadNoSqlCold)} | |`,
      `| \`guard hook claude\` (ls -la, allowed) | ${ms(hookAllow)} (${(hookAllow / nodeBare).toFixed(2)}× \`node -e 0\`) | ≤ ${GOALS.hookFactor}×: ${verdict(hookAllow <= GOALS.hookFactor * nodeBare)} |`,
      `| \`guard hook claude\` (railway volume delete, denied) | ${ms(hookDeny)} | |`,
      `| \`guard scan\` of a ${scanned.lines.toLocaleString('en-US')}-line script | ${Math.round(scanned.perSecond).toLocaleString('en-US')} lines/s | ≥ ${GOALS.scanLinesPerSecond.toLocaleString('en-US')}/s: ${verdict(scanned.perSecond >= GOALS.scanLinesPerSecond)} |`,
      `| SQL analysis, ${STATEMENTS.toLocaleString('en-US')} statements (\`--dry-run --offline psql -f\`) | ${Math.round(analysis.perSecond).toLocaleString('en-US')} statements/s (${analysis.seconds.toFixed(2)} s total) | ≥ ${GOALS.statementsPerSecond.toLocaleString('en-US')}/s: ${verdict(analysis.perSecond >= GOALS.statementsPerSecond)} |`,
      `| peak RSS of guard, ${Math.round(PIPE_BYTES / 1024 / 1024)} MB of COPY data on stdin into a fake psql | ${piped.peakMb.toFixed(1)} MB (${piped.seconds.toFixed(1)} s, bytes ${piped.intact ? 'intact' : '**changed**'}) | < ${GOALS.peakRssMb} MB: ${verdict(piped.peakMb < GOALS.peakRssMb)} |`,
    ].join('\n');

    const machine = `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${process.platform}`;
    const doc = `# Benchmarks\n\nMeasured by \`npm run bench\` (scripts/bench.ts) on ${new Date().toISOString().slice(0, 10)}.\n\n` +
      `Machine: ${machine}. Wall times are medians of ${RUNS} runs after one warm-up run.\n\n` +
      `Goals: guard's own work within ${GOALS.overheadMs} ms of Node's bare start-up; SQL analysis at ≥ ${GOALS.statementsPerSecond.toLocaleString('en-US')} statements/s; ` +
      `peak RSS < ${GOALS.peakRssMb} MB while 1 GB passes through on stdin.\n\n${table}\n\n` +
      'Notes: guard\'s own work is measured as `--dry-run --offline` of a read-only psql command minus `node -e 0`, ' +
      'so it covers loading guard, parsing argv and SQL and deciding, without any network look-up. ' +
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
