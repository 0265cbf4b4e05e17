// `guard log` as a person and a script read it: a table, a JSON array, filters that combine, bad filters exit 64.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createSandbox, describeRun, runGuard } from '../support/run-guard.js';

const sandbox = createSandbox('guard-log-cmd-');
after(() => sandbox.cleanup());
const guard = (...args: string[]) => runGuard(args, { sandbox });
const jsonOf = async (...args: string[]) => {
  const run = await guard('log', '--json', ...args);
  assert.equal(run.status, 0, describeRun(run));
  return JSON.parse(run.stdoutText) as Record<string, unknown>[];
};

describe('guard log', () => {
  before(async () => {
    // Real decisions, written by guard itself: two psql dry-runs, a refused one, a kubectl read.
    await guard('--dry-run', '--offline', 'psql', '-h', 'db.prod.internal', '-c', 'DROP TABLE orders');
    await guard('--dry-run', '--offline', 'psql', 'postgres://app:s3cret-pw@db.prod.internal/shop', '-c', 'select 1');
    await guard('--offline', 'psql', '-h', 'db.prod.internal', '-c', 'DROP TABLE orders');
    await guard('--dry-run', '--offline', 'kubectl', 'get', 'pods');
    assert.equal(sandbox.readAudit().length, 4);
  });

  test('an empty log says so and exits 0; --json prints []', async () => {
    const empty = createSandbox('guard-log-empty-');
    try {
      const run = await runGuard(['log'], { sandbox: empty });
      assert.equal(run.status, 0, describeRun(run));
      assert.match(run.stderrText, /the audit log is empty/);
      assert.deepEqual(JSON.parse((await runGuard(['log', '--json'], { sandbox: empty })).stdoutText), []);
    } finally {
      empty.cleanup();
    }
  });

  test('without --json: a table with a header, one row per record, the secret masked as stored', async () => {
    const run = await guard('log');
    assert.equal(run.status, 0, describeRun(run));
    const lines = run.stdoutText.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^TIME\s+DECISION\s+OUTCOME\s+TOOL\s+ENVIRONMENT\s+COMMAND$/);
    assert.equal(lines.length, 5);
    assert.match(lines[1] ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z\s+confirm\s+dry-run\s+psql\s+production\s+psql -h db\.prod\.internal -c 'DROP TABLE orders'$/);
    assert.match(lines[3] ?? '', /confirm\s+refused\s+psql/);
    assert.match(lines[4] ?? '', /allow\s+dry-run\s+kubectl/);
    assert.ok(!run.stdoutText.includes('s3cret-pw'), run.stdoutText);
  });

  test('--json is the array of stored records, each filter alone and combined', async () => {
    const all = await jsonOf();
    assert.deepEqual(all, sandbox.readAudit());
    assert.deepEqual((await jsonOf('--tool', 'kubectl')).map((r) => r.tool), ['kubectl']);
    assert.deepEqual((await jsonOf('--decision', 'allow')).map((r) => r.tool), ['psql', 'kubectl']);
    assert.deepEqual((await jsonOf('--tail', '2')).map((r) => r.outcome), ['refused', 'dry-run']);
    assert.deepEqual((await jsonOf('--tool', 'psql', '--decision', 'confirm', '--tail', '1')).map((r) => r.outcome), ['refused']);
    assert.equal((await jsonOf('--since', '1h')).length, 4);
    assert.equal((await jsonOf('--since', '2999-01-01')).length, 0);
    assert.equal((await jsonOf('--since', '2000-01-01T00:00:00Z', '--tool', 'psql')).length, 3);
    const filtered = await guard('log', '--since', '2999-01-01');
    assert.equal(filtered.status, 0);
    assert.match(filtered.stderrText, /no audit records match/);
  });

  test('bad filter values exit 64 with what is allowed', async () => {
    for (const [args, message] of [
      [['--tail', '0'], /--tail "0": give a positive whole number/],
      [['--tail', 'ten'], /--tail "ten"/],
      [['--since', 'yesterday'], /--since "yesterday": give a duration back from now \(30m, 1h, 2d, 1w\) or an ISO date\/time/],
      [['--since', '2026-13-45'], /--since "2026-13-45"/],
      [['--decision', 'refuse'], /--decision "refuse": must be one of allow, confirm, deny/],
      [['--json', '--decision', 'yes'], /must be one of/],
    ] as const) {
      const run = await guard('log', ...args);
      assert.equal(run.status, 64, `${args.join(' ')}: ${describeRun(run)}`);
      assert.match(run.stderrText, message);
      assert.equal(run.stdoutText, '');
    }
  });

  test('control characters in a stored command are shown escaped, never sent to the terminal', async () => {
    const own = createSandbox('guard-log-escape-');
    try {
      await runGuard(['--dry-run', '--offline', 'psql', '-c', 'DROP TABLE a\n\u001b[2K\u001b[1Aselect 1'], { sandbox: own });
      const run = await runGuard(['log'], { sandbox: own });
      assert.ok(!run.stdoutText.includes('\u001b'), JSON.stringify(run.stdoutText));
      assert.match(run.stdoutText, /DROP TABLE a\\n\\x1b\[2K/);
    } finally {
      own.cleanup();
    }
  });

  test('--verify still checks the chain, with the filters and --json too', async () => {
    const run = await guard('log', '--verify');
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdoutText, /intact: 4 entries/);
    const json = JSON.parse((await guard('log', '--verify', '--json')).stdoutText) as { intact: boolean; entries: number };
    assert.deepEqual([json.intact, json.entries], [true, 4]);
    appendFileSync(sandbox.auditFile, 'not json\n');
    const broken = await guard('log', '--verify');
    assert.equal(broken.status, 1);
    const table = await guard('log', '--tail', '1');
    assert.match(table.stdoutText, /entry 5 is not a JSON record/);
    assert.ok(readFileSync(sandbox.auditFile, 'utf8').endsWith('not json\n'));
  });
});
