// Live: how many rows a DELETE/UPDATE … WHERE touches on a real MariaDB, and one that touches them all judged like no WHERE.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mariadbService } from '../../support/services/mariadb.js';
import { useService } from '../../support/services/use.js';
import { createSandbox, describeRun, runGuard } from '../../support/run-guard.js';

const service = await useService(mariadbService);
const skip = service.skipReason ?? false;
const socket = service.env?.GUARD_TEST_MARIADB_SOCKET ?? '';
const sandbox = createSandbox('guard-mariadb-bounded-');
after(() => sandbox.cleanup());

interface JsonReport {
  risk: string;
  blastRadius: string[];
  reasons: string[];
  unverified: string[];
}

async function judge(statement: string, extra: readonly string[] = []) {
  const run = await runGuard(['--dry-run', '--json', ...extra, 'mariadb', '-S', socket, '-u', 'root', 'shop', '-e', statement], { sandbox, timeoutMs: 60_000, env: { USER: 'root' } });
  return { run, report: JSON.parse(run.stdoutText) as JsonReport };
}

test('a DELETE … WHERE says how many rows it touches, counted exactly on a small table', { skip }, async () => {
  const { run, report } = await judge('DELETE FROM orders WHERE id = 42');
  assert.equal(run.status, 0, describeRun(run));
  assert.equal(report.risk, 'write');
  assert.ok(report.blastRadius.includes('DELETE FROM orders WHERE id = 42 touches 1 of 1,234 rows of shop.orders (exact count)'), report.blastRadius.join('\n'));
  const update = await judge('UPDATE customers SET name = name WHERE id < 10');
  assert.ok(update.report.blastRadius.some((line) => line.endsWith('touches 9 of 300 rows of shop.customers (exact count)')), update.report.blastRadius.join('\n'));
});

test('a WHERE that selects every row is judged like no WHERE: destructive, exit 77', { skip }, async () => {
  const { run, report } = await judge('DELETE FROM orders WHERE id > 0');
  assert.equal(run.status, 77, describeRun(run));
  assert.equal(report.risk, 'destructive');
  assert.ok(report.reasons.some((r) => r.includes('touches every row of shop.orders (1,234)')), report.reasons.join('\n'));
  assert.ok(report.blastRadius.some((line) => line.startsWith('1,234 rows (exact count)')), report.blastRadius.join('\n'));
});

test('offline nothing is counted and the bounded DELETE stays a write', { skip }, async () => {
  const { report } = await judge('DELETE FROM orders WHERE id > 0', ['--offline']);
  assert.equal(report.risk, 'write');
  assert.ok(!report.blastRadius.some((line) => line.includes('touches')));
});
