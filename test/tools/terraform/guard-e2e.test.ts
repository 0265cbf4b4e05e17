// The done-means, through the real bin/guard and the real terraform: dry run lists the state, refusal leaves it, the phrase runs it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../../support/run-guard.js';
import { createTerraformDir, HAS_TERRAFORM, TERRAFORM_ENV, type TerraformDir } from './fixture.js';

const ALL = ['terraform_data.a', 'terraform_data.b[0]', 'terraform_data.b[1]'];

interface JsonReport {
  risk: string;
  decision: string;
  confirmPhrase: string | null;
  environment: { name: string } | null;
  targets: { kind: string; id: string }[];
  blastRadius: string[];
}

describe('guard terraform, end to end', { skip: !HAS_TERRAFORM && 'terraform is not installed' }, () => {
  let tf: TerraformDir;
  let sandbox: GuardSandbox;
  before(() => {
    tf = createTerraformDir();
    tf.terraform('apply', '-auto-approve', '-input=false');
    sandbox = createSandbox('guard-tf-e2e-');
  });
  after(() => {
    tf.cleanup();
    sandbox.cleanup();
  });
  const guard = (args: string[], cwd = tf.dir) => runGuard(args, { sandbox, cwd, env: TERRAFORM_ENV, timeoutMs: 120_000 });

  test('--dry-run --json terraform destroy lists exactly the resources and exits 77', async () => {
    const run = await guard(['--dry-run', '--json', 'terraform', 'destroy']);
    assert.equal(run.status, 77, describeRun(run));
    const report = JSON.parse(run.stdoutText) as JsonReport;
    assert.equal(report.risk, 'destructive');
    assert.equal(report.decision, 'confirm');
    assert.equal(report.confirmPhrase, 'unknown/infra');
    assert.deepEqual(report.targets.filter((t) => t.kind === 'resource').map((t) => t.id).sort(), ALL);
  });

  test('-chdir from the parent directory: the same resources', async () => {
    const run = await guard(['--dry-run', '--json', 'terraform', '-chdir=infra', 'destroy'], tf.root);
    assert.equal(run.status, 77, describeRun(run));
    const report = JSON.parse(run.stdoutText) as JsonReport;
    assert.deepEqual(report.targets.filter((t) => t.kind === 'resource').map((t) => t.id).sort(), ALL);
  });

  test('terraform plan -destroy is allowed (exit 0) and changes nothing', async () => {
    const run = await guard(['--dry-run', '--json', 'terraform', 'plan', '-destroy']);
    assert.equal(run.status, 0, describeRun(run));
    assert.equal((JSON.parse(run.stdoutText) as JsonReport).risk, 'read');
  });

  test('without a terminal and without --confirm: refused (77) and the state is unchanged', async () => {
    const run = await guard(['terraform', 'destroy', '-auto-approve']);
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /--confirm unknown\/infra/);
    assert.deepEqual(tf.stateAddresses(), ALL);
  });

  test('a wrong phrase is refused; the resolved phrase runs terraform and empties the state', async () => {
    const wrong = await guard(['--confirm', 'staging/infra', 'terraform', 'destroy', '-auto-approve']);
    assert.equal(wrong.status, 77, describeRun(wrong));
    assert.deepEqual(tf.stateAddresses(), ALL);
    const run = await guard(['--confirm', 'unknown/infra', 'terraform', 'destroy', '-auto-approve']);
    assert.equal(run.status, 0, describeRun(run));
    assert.deepEqual(tf.stateAddresses(), []);
  });
});
