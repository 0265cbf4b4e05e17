// Prefix mode reads scripts and make targets with the shell engine, as the hook does: `guard ./deploy.sh`, `guard make nuke`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../support/run-guard.js';

let sandbox: GuardSandbox;
let fakes: FakeBin;
before(() => {
  sandbox = createSandbox('guard-prefix-scripts-');
  fakes = createFakeBin({ railway: { stdout: 'railway ran\n' } });
  writeFileSync(join(sandbox.dir, 'deploy.sh'), '#!/bin/sh\necho deploying\nrailway down -y\n', { mode: 0o755 });
  writeFileSync(join(sandbox.dir, 'build.sh'), '#!/bin/sh\necho built\n', { mode: 0o755 });
  writeFileSync(join(sandbox.dir, 'Makefile'), 'nuke: stop\n\t@echo nuking\nstop:\n\trailway down -y\nhello:\n\t@echo hello\n');
  writeFileSync(join(sandbox.dir, 'package.json'), JSON.stringify({ scripts: { 'db:reset': 'railway down -y', hello: 'echo hello' } }));
});
after(() => {
  sandbox.cleanup();
  fakes.cleanup();
});

const guard = (args: string[], env: Record<string, string> = {}) => runGuard(args, { sandbox, pathPrefix: [fakes.dir], env });

describe('scripts and tasks given to the prefix', () => {
  test('guard --dry-run --json ./deploy.sh reports the railway down inside, with where it stands', async () => {
    const run = await guard(['--dry-run', '--json', './deploy.sh']);
    assert.equal(run.status, 77, describeRun(run));
    const report = JSON.parse(run.stdoutText) as { risk: string; tool: string; rules: { id: string }[]; reasons: string[] };
    assert.equal(report.risk, 'destructive');
    assert.ok(report.rules.some((r) => r.id === 'railway/down'), run.stdoutText);
    assert.ok(report.reasons.some((r) => r.includes('deploy.sh:3 runs railway down -y')), run.stdoutText);
  });

  for (const args of [['./deploy.sh'], ['make', 'nuke'], ['npm', 'run', 'db:reset']]) {
    test(`guard ${args.join(' ')} without a terminal is refused, and railway never runs`, async () => {
      const run = await guard(args);
      assert.equal(run.status, 77, describeRun(run));
      assert.match(run.stderrText, /DESTRUCTIVE/);
      assert.equal(fakes.record('railway'), null, 'railway ran');
    });
  }

  test('an agent is denied the same script', async () => {
    const run = await guard(['./deploy.sh'], { CLAUDECODE: '1' });
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /a human must approve/);
  });

  test('harmless scripts and targets run untouched', async () => {
    const script = await guard(['./build.sh']);
    assert.equal(script.status, 0, describeRun(script));
    assert.equal(script.stdoutText, 'built\n');
    const target = await guard(['make', 'hello']);
    assert.equal(target.status, 0, describeRun(target));
    assert.equal(target.stdoutText, 'hello\n');
  });
});
