#!/usr/bin/env node
// Runs every compiled test file under dist/test with Node's own test runner.
// Node 20's --test takes no globs, so the files are listed here. `npm test -- PATTERN`
// keeps only the files whose path contains PATTERN. Services the tests share (MariaDB, Redis,
// moto…: test/support/services/registry.ts) start once, before the files, and stop after them.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

function collect(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (entry.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = collect('dist/test')
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}

const { TEST_SERVICES } = await import('../dist/test/support/services/registry.js');
const services = await Promise.all(TEST_SERVICES.map((load) => load()));
const running = [];
// No resident guard during tests unless a test starts its own (in its sandbox, stopped by it):
// a daemon started by one test would outlive the run and answer for the next.
const env = { ...process.env, GUARD_DAEMON: '0' };
async function stopAll() {
  await Promise.all(running.splice(0).map((service) => service.stop().catch(() => undefined)));
}
try {
  await Promise.all(
    services.map(async (service) => {
      const reason = service.unavailable();
      if (reason !== null) {
        console.log(`run-tests: ${service.name} not started: ${reason}`);
        return;
      }
      const started = await service.start();
      running.push(started);
      Object.assign(env, started.env);
      console.log(`run-tests: ${service.name} started`);
    }),
  );
} catch (error) {
  console.error(`run-tests: a test service failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  process.exit(1);
}

const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', async (code, signal) => {
  await stopAll();
  process.exit(code ?? (signal ? 1 : 0));
});
