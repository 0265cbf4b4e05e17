// The real bin/guard in front of the real psql and a real PostgreSQL 15: refusals, row counts, estimates, exit statuses.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestPostgres, type TestPostgres } from '../support/postgres-server.js';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../support/run-guard.js';

let pg: TestPostgres;
let sandbox: GuardSandbox;

before(async () => {
  sandbox = createSandbox('guard-pg-e2e-');
  pg = await startTestPostgres({ seed: true });
  // A throwaway database whose `orders` the confirmed DROP may destroy without touching `shop`.
  await pg.psql('CREATE DATABASE dropme;');
  await pg.psql('CREATE TABLE public.orders (id integer PRIMARY KEY); INSERT INTO public.orders SELECT generate_series(1, 25); ANALYZE;', 'dropme');
}, { timeout: 120_000 });

after(async () => {
  await pg?.stop();
  sandbox?.cleanup();
});

/** guard with libpq pointed at the test server's socket, as a developer's shell would be. */
function guard(args: readonly string[], db = 'shop', extraEnv: Record<string, string> = {}) {
  return runGuard(args, {
    sandbox,
    pathPrefix: [pg.binDir],
    env: { ...pg.env, PGDATABASE: db, PGCONNECT_TIMEOUT: '5', ...extraEnv },
    timeoutMs: 45_000,
  });
}

async function tableExists(db: string, table: string): Promise<boolean> {
  return (await pg.psql(`SELECT to_regclass('public.${table}') IS NOT NULL;`, db)) === 't';
}

/** A loopback port nothing listens on: connections are refused at once. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('read-only commands run', () => {
  test('guard psql -c "select 1" prints psql\'s output and exits 0', async () => {
    const run = await guard(['psql', '-X', '-c', 'select 1 AS answer']);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdoutText, /answer\s*\n-+\s*\n\s*1\s*\n\(1 row\)/);
  });
});

describe('DROP TABLE', () => {
  test('without a terminal or --confirm: refused, with the real row count and environment; the table survives', async () => {
    const run = await guard(['psql', '-X', '-c', 'DROP TABLE orders']);
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /48,213/);
    assert.match(run.stderrText, /environment\s+local\b/);
    assert.match(run.stderrText, /--confirm local\/orders/);
    assert.equal(await pg.psql('SELECT count(*) FROM public.orders;', 'shop'), '48213');
  });

  test('a password in the URL still resolves the table, and never shows', async () => {
    const url = pg.url('shop');
    const run = await guard(['--dry-run', 'psql', url, '-X', '-c', 'DROP TABLE orders']);
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /48,213/);
    assert.ok(!run.stderrText.includes(pg.passwordRole.password), 'the password is redacted');
  });

  test('with --confirm local/orders it runs and the table is gone', async () => {
    assert.ok(await tableExists('dropme', 'orders'));
    const run = await guard(['--confirm', 'local/orders', 'psql', '-X', '-c', 'DROP TABLE orders'], 'dropme');
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdoutText, /DROP TABLE/);
    assert.equal(await tableExists('dropme', 'orders'), false);
    assert.ok(await tableExists('shop', 'orders'), 'the other database is untouched');
  });

  test('an unreachable server: the report says what could not be verified and does not allow', async () => {
    const port = await closedPort();
    const run = await guard(['--dry-run', '--json', 'psql', '-h', '127.0.0.1', '-p', String(port), '-X', '-c', 'DROP TABLE orders']);
    assert.equal(run.status, 77, describeRun(run));
    const report = JSON.parse(run.stdoutText) as { decision: string; unverified: string[]; reasons: string[]; environment: { name: string } };
    assert.notEqual(report.decision, 'allow');
    assert.ok(report.unverified.length > 0, `unverified: ${JSON.stringify(report.unverified)}`);
    assert.ok(report.reasons.some((reason) => reason.includes('could not verify')), JSON.stringify(report.reasons));
  });
});

describe('estimates', () => {
  test('a DELETE … WHERE shows the planner estimate in --dry-run and deletes nothing', async () => {
    const run = await guard(['--dry-run', 'psql', '-X', '-c', "DELETE FROM orders WHERE status = 'cancelled'"]);
    assert.ok(run.status === 0 || run.status === 77, describeRun(run));
    const match = /~([\d,]+) rows \(planner estimate\)/.exec(run.stderrText);
    assert.ok(match, `no planner estimate in:\n${run.stderrText}`);
    const estimate = Number((match[1] ?? '').replace(/,/g, ''));
    // The seed has exactly 4,821 cancelled orders; ANALYZE samples, so allow the planner some error.
    assert.ok(estimate > 4000 && estimate < 5700, `estimate ${estimate}`);
    assert.equal(await pg.psql("SELECT count(*) FROM public.orders WHERE status = 'cancelled';", 'shop'), '4821');
  });
});

describe("psql's own exit statuses pass through", () => {
  test('1: an SQL error in -c', async () => {
    const run = await guard(['psql', '-X', '-c', 'select 1/0']);
    assert.equal(run.status, 1, describeRun(run));
    assert.match(run.stderrText, /division by zero/);
  });

  test('2: the connection fails', async () => {
    const port = await closedPort();
    const run = await guard(['psql', '-h', '127.0.0.1', '-p', String(port), '-X', '-c', 'select 1']);
    assert.equal(run.status, 2, describeRun(run));
    assert.match(run.stderrText, /connection to server .* failed|Connection refused/);
  });

  test('3: an error in a script with ON_ERROR_STOP', async () => {
    const script = join(sandbox.dir, 'failing.sql');
    writeFileSync(script, 'SELECT 1;\nSELECT 1/0;\nSELECT 2;\n');
    const run = await guard(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-f', script]);
    assert.equal(run.status, 3, describeRun(run));
    assert.match(run.stderrText, /division by zero/);
  });
});
