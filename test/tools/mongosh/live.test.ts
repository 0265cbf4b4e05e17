// mongosh's live look-ups go through mongosh itself. No MongoDB server can run here: a stand-in `mongosh` on PATH answers them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../../support/fake-bin.js';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../../support/run-guard.js';

let sandbox: GuardSandbox;
let fakes: FakeBin;
before(() => {
  sandbox = createSandbox('guard-mongosh-live-');
  // What the look-up script prints (see src/tools/mongosh/live.ts): one JSON line.
  fakes = createFakeBin({ mongosh: { exit: 0, stdout: '{"documents":48213,"bytes":9437184,"collections":7}\n', stderr: '' } });
});
after(() => {
  sandbox?.cleanup();
  fakes?.cleanup();
});

interface Report {
  risk: string;
  environment: { name: string; protected: boolean } | null;
  targets: { kind: string; id: string; name: string; rows?: number; bytes?: number }[];
  blastRadius: string[];
  argv: string[];
  unverified: string[];
}

async function dryRun(args: readonly string[]): Promise<{ report: Report; status: number | null; printed: string }> {
  const run = await runGuard(['--dry-run', '--json', 'mongosh', ...args], { sandbox, cwd: sandbox.dir, pathPrefix: [fakes.dir], timeoutMs: 30_000 });
  assert.ok(run.stdoutText.trim().startsWith('{'), describeRun(run));
  return { report: JSON.parse(run.stdoutText) as Report, status: run.status, printed: run.stdoutText + run.stderrText };
}

test('dropDatabase: the stand-in mongosh is asked for the database stats; the report carries its counts', async () => {
  const before = fakes.runs('mongosh');
  const { report, status, printed } = await dryRun(['mongodb://ana:s3cret@db.prod.internal:27017/shop', '--norc', '--eval', 'db.dropDatabase()']);
  assert.equal(status, 77);
  assert.equal(report.risk, 'destructive');
  assert.deepEqual(report.environment && { name: report.environment.name, protected: report.environment.protected }, { name: 'prod', protected: true });
  assert.deepEqual(report.targets.map((t) => [t.kind, t.name, t.rows, t.bytes]), [['database', 'shop', 48213, 9437184]]);
  assert.ok(report.blastRadius.some((line) => line.includes('48,213 documents') && line.includes('database shop')), report.blastRadius.join('\n'));
  assert.equal(fakes.runs('mongosh') - before, 1, 'one look-up');
  const argv = fakes.record('mongosh')?.argv ?? [];
  // The look-up reuses the connection (credentials included, for mongosh only), runs read-only code, never the user's.
  assert.equal(argv[0], 'mongodb://ana:s3cret@db.prod.internal:27017/shop');
  assert.ok(argv.includes('--norc') && argv.includes('--quiet'));
  const script = argv[argv.indexOf('--eval') + 1] ?? '';
  assert.match(script, /getSiblingDB\("shop"\)\.stats\(\)/);
  assert.ok(!script.includes('dropDatabase'), script);
  assert.ok(!printed.includes('s3cret'), 'the password never appears in the report');
});

test('a collection: countDocuments and stats of that collection', async () => {
  const { report } = await dryRun(['shop', '--norc', '--eval', 'db.orders.deleteMany({})']);
  assert.deepEqual(report.targets.map((t) => [t.kind, t.id, t.rows]), [['collection', 'localhost:27017/shop.orders', 48213]]);
  const script = (fakes.record('mongosh')?.argv ?? []).at(-1) ?? '';
  assert.match(script, /getCollection\("orders"\)\.countDocuments\(\{\}\)/);
});

test('--offline: no look-up, and a read runs none', async () => {
  const before = fakes.runs('mongosh');
  const run = await runGuard(['--offline', '--dry-run', '--json', 'mongosh', 'shop', '--norc', '--eval', 'db.orders.drop()'], { sandbox, cwd: sandbox.dir, pathPrefix: [fakes.dir], timeoutMs: 30_000 });
  assert.equal(run.status, 77, describeRun(run));
  const read = await dryRun(['shop', '--norc', '--eval', 'db.orders.find({})']);
  assert.equal(read.status, 0);
  assert.equal(read.report.risk, 'read');
  assert.equal(fakes.runs('mongosh'), before);
});

test('a stand-in that fails: unverified, still destructive', async () => {
  const failing = createFakeBin({ mongosh: { exit: 1, stdout: '', stderr: 'MongoServerSelectionError: connect ECONNREFUSED\n' } });
  try {
    const run = await runGuard(['--dry-run', '--json', 'mongosh', 'shop', '--norc', '--eval', 'db.dropDatabase()'], { sandbox, cwd: sandbox.dir, pathPrefix: [failing.dir], timeoutMs: 30_000 });
    assert.equal(run.status, 77, describeRun(run));
    const report = JSON.parse(run.stdoutText) as Report;
    assert.ok(report.unverified.some((line) => line.includes('ECONNREFUSED')), report.unverified.join('\n'));
  } finally {
    failing.cleanup();
  }
});
