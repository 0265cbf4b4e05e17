// The real bin/guard in front of the real mariadb client and a real MariaDB: row counts, refusals, fidelity, secrets.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { mariadbService } from '../../support/services/mariadb.js';
import { useService } from '../../support/services/use.js';
import { createSandbox, describeRun, runGuard } from '../../support/run-guard.js';

const service = await useService(mariadbService);
const skip = service.skipReason ?? false;
const socket = service.env?.GUARD_TEST_MARIADB_SOCKET ?? '';
const sandbox = createSandbox('guard-mariadb-e2e-');
after(() => sandbox.cleanup());

function sql(query: string): string {
  const result = spawnSync('mariadb', ['--no-defaults', '-S', socket, '-u', 'root', '--batch', '--skip-column-names', '-e', query], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

const guard = (args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}) =>
  runGuard(args, { sandbox, timeoutMs: 60_000, env: { USER: 'root', ...options.env }, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });

interface JsonReport {
  risk: string;
  decision: string;
  argv: string[];
  targets: { id: string; rows?: number; rowsEstimated?: boolean; bytes?: number }[];
  blastRadius: string[];
  unverified: string[];
}

test('DROP TABLE orders: the real row count, its foreign key, view and trigger; exit 77', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'mariadb', '-S', socket, '-u', 'root', 'shop', '-e', 'DROP TABLE orders']);
  assert.equal(run.status, 77, describeRun(run));
  const report = JSON.parse(run.stdoutText) as JsonReport;
  assert.equal(report.risk, 'destructive');
  const orders = report.targets.find((t) => t.id === 'shop.orders');
  assert.equal(orders?.rows, Number(sql('SELECT COUNT(*) FROM shop.orders')));
  assert.equal(orders?.rows, 1234);
  assert.equal(orders?.rowsEstimated, false);
  assert.ok((orders?.bytes ?? 0) > 0);
  const radius = report.blastRadius.join('\n');
  assert.match(radius, /shop\.order_lines \(lines_order\)/);
  assert.match(radius, /shop\.big_orders/);
  assert.match(radius, /shop\.orders_audit/);
  assert.deepEqual(report.unverified, []);
});

test('without a terminal the DROP is refused and the table survives', { skip }, async () => {
  const run = await guard(['mariadb', '-S', socket, '-u', 'root', 'shop', '-e', 'DROP TABLE orders']);
  assert.equal(run.status, 77, describeRun(run));
  assert.equal(sql('SELECT COUNT(*) FROM shop.orders'), '1234');
});

test('SQL on stdin is read: select 1; drop table t; is destructive', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'mariadb', '-S', socket, 'app'], { stdin: 'select 1; drop table t;\n' });
  assert.equal(run.status, 77, describeRun(run));
  const report = JSON.parse(run.stdoutText) as JsonReport;
  assert.equal(report.risk, 'destructive');
  assert.equal(report.targets.find((t) => t.id === 'app.t')?.rows, 3);
});

test('DROP DATABASE says what goes with it', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'mariadb', '-S', socket, '-e', 'DROP DATABASE shop']);
  assert.equal(run.status, 77, describeRun(run));
  const radius = (JSON.parse(run.stdoutText) as JsonReport).blastRadius.join('\n');
  assert.match(radius, /removes 4 tables .* 1 view, 0 routines, 1 trigger, 0 events/);
});

test('a read runs through, and stdin reaches the client byte for byte', { skip }, async () => {
  const run = await guard(['mariadb', '-S', socket, '--batch', '--skip-column-names', 'shop'], { stdin: 'SELECT COUNT(*) FROM customers;\nSELECT CONCAT(\'a\', "\\t", \'b\');\n' });
  assert.equal(run.status, 0, describeRun(run));
  const direct = spawnSync('mariadb', ['--no-defaults', '-S', socket, '-u', 'root', '--batch', '--skip-column-names', 'shop'], { input: 'SELECT COUNT(*) FROM customers;\nSELECT CONCAT(\'a\', "\\t", \'b\');\n', encoding: 'utf8' });
  assert.equal(run.stdoutText, direct.stdout);
  assert.match(run.stdoutText, /^300\n/);
});

test('passwords never appear: -p on the command line and MYSQL_PWD', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'mariadb', '-S', socket, '-u', 'root', '-ps3cretpw', '-e', 'TRUNCATE app.t'], { env: { MYSQL_PWD: 'envs3cret' } });
  assert.equal(run.status, 77, describeRun(run));
  assert.ok(!run.stdoutText.includes('s3cretpw') && !run.stderrText.includes('s3cretpw'), run.stdoutText);
  assert.ok(!run.stdoutText.includes('envs3cret'));
  // The password is masked; the user name is not a secret and stays readable.
  assert.deepEqual((JSON.parse(run.stdoutText) as JsonReport).argv.slice(3, 6), ['-u', 'root', '-p***']);
  const audit = JSON.stringify(sandbox.readAudit());
  assert.ok(!audit.includes('s3cretpw') && !audit.includes('envs3cret'));
});

test('with the confirmation phrase the DROP runs', { skip }, async () => {
  sql('CREATE DATABASE IF NOT EXISTS dropme; CREATE TABLE IF NOT EXISTS dropme.x (id INT); INSERT INTO dropme.x VALUES (1), (2);');
  const run = await guard(['--confirm', 'local/x', 'mariadb', '-S', socket, 'dropme', '-e', 'DROP TABLE x']);
  assert.equal(run.status, 0, describeRun(run));
  assert.equal(sql("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='dropme' AND TABLE_NAME='x'"), '0');
  sql('DROP DATABASE dropme');
});

test("guard splits input as the real client does: which statements reach the server", { skip }, async () => {
  const { lexClientScript } = await import('../../../src/tools/mysql/script.js');
  const inputs = [
    'select 1; select 2 \\c',
    'select 3; select 4;',
    "select 'a;b', 5; select 55",
    '/*!50001 select 6 */;',
    'select 7 -- comment; not a delimiter\n;',
    'DELIMITER //\nselect 8//\nDELIMITER ;\nselect 9;',
    'use app; select 10;',
    'select 11 # hash comment ;\n, 12;',
    'select 13\\g select 14;',
    "select \"x\\\";y\", 15;",
  ];
  for (const input of inputs) {
    const real = spawnSync('mariadb', ['--no-defaults', '-S', socket, '-u', 'root', '--batch', '--skip-column-names'], { input: `${input}\n`, encoding: 'utf8' });
    assert.equal(real.status, 0, `${input}: ${real.stderr}`);
    const served = real.stdout.split('\n').filter(Boolean).map((line) => line.split('\t').pop());
    const lexed = lexClientScript(`${input}\n`).items.flatMap((item) => (item.kind === 'sql' ? [/(\d+)\s*(?:\*\/)?\s*$/.exec(item.text.replace(/\s*(#|--) [^\n]*/g, ''))?.[1]] : []));
    assert.deepEqual(lexed, served, `statements of ${JSON.stringify(input)}`);
  }
});
