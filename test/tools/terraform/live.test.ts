// The terraform tool against the real terraform 1.11 (live look-ups through ctx.subprocess): plans, saved plans, workspaces.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { terraformTool } from '../../../src/tools/terraform/terraform-tool.js';
import { buildWorld } from '../../support/world.js';
import { assessWith } from './assess-with.js';
import { createTerraformDir, HAS_TERRAFORM, TERRAFORM_ENV, THREE_RESOURCES, type TerraformDir } from './fixture.js';

const ALL = ['terraform_data.a', 'terraform_data.b[0]', 'terraform_data.b[1]'];

async function assessIn(tf: TerraformDir, argv: string[], options: { env?: Record<string, string>; offline?: boolean; cwd?: string } = {}) {
  const world = buildWorld({ offline: options.offline ?? false, env: { ...TERRAFORM_ENV, ...options.env } });
  // The world's cwd is its own temp dir: point it at the terraform directory.
  const ctx = { ...world.ctx, cwd: options.cwd ?? tf.dir, which: (name: string) => (name === 'terraform' ? 'terraform' : null) };
  try {
    return await assessWith(terraformTool, argv, ctx);
  } finally {
    world.cleanup();
  }
}

const resources = (targets: readonly { kind: string; id: string }[]) => targets.filter((t) => t.kind === 'resource').map((t) => t.id).sort();

describe('terraform, live', { skip: !HAS_TERRAFORM && 'terraform is not installed' }, () => {
  let tf: TerraformDir;
  before(() => {
    tf = createTerraformDir();
    tf.terraform('apply', '-auto-approve', '-input=false');
  });
  after(() => tf.cleanup());

  test('destroy lists exactly the resources in the state, with a phrase naming the directory', async () => {
    const { analysis, verdict } = await assessIn(tf, ['terraform', 'destroy']);
    assert.equal(analysis.risk, 'destructive');
    assert.deepEqual(resources(analysis.targets), ALL);
    assert.equal(analysis.environment?.name, 'unknown');
    assert.deepEqual(analysis.unverified, []);
    assert.equal(verdict.decision, 'confirm');
    assert.equal(verdict.expectedPhrase, 'unknown/infra');
    assert.ok(analysis.blastRadius.some((line) => line.startsWith('3 resources deleted or replaced') && line.includes('3 terraform_data')), analysis.blastRadius.join('\n'));
    assert.deepEqual(tf.stateAddresses(), ALL, 'planning changed nothing');
  });

  test('-chdir from the parent directory resolves the same workspace', async () => {
    const { analysis } = await assessIn(tf, ['terraform', '-chdir=infra', 'destroy', '-auto-approve'], { cwd: tf.root });
    assert.deepEqual(resources(analysis.targets), ALL);
    assert.equal(analysis.targets[0]?.id, `${tf.dir}#default`);
  });

  test('destroy -target plans only the target', async () => {
    const { analysis } = await assessIn(tf, ['terraform', 'destroy', '-target=terraform_data.a']);
    assert.deepEqual(resources(analysis.targets), ['terraform_data.a']);
  });

  test('offline, destroy lists the local state without running terraform', async () => {
    const { analysis } = await assessIn(tf, ['terraform', 'destroy'], { offline: true });
    assert.equal(analysis.risk, 'destructive');
    assert.deepEqual(resources(analysis.targets), ALL);
    assert.ok(analysis.blastRadius.some((line) => line.includes('skipped with --offline')));
  });

  test('apply without a plan: guard plans it (no changes → write; a removed resource → destructive)', async () => {
    const same = await assessIn(tf, ['terraform', 'apply', '-auto-approve']);
    assert.equal(same.analysis.risk, 'write');
    assert.deepEqual(same.analysis.hits.map((h) => h.rule.id), ['terraform/write']);
    tf.writeConfig('resource "terraform_data" "a" { input = "a" }\n');
    try {
      const removed = await assessIn(tf, ['terraform', 'apply', '-auto-approve']);
      assert.equal(removed.analysis.risk, 'destructive');
      assert.deepEqual(removed.analysis.hits.map((h) => h.rule.id), ['terraform/apply-deletes']);
      assert.deepEqual(resources(removed.analysis.targets), ['terraform_data.b[0]', 'terraform_data.b[1]']);
    } finally {
      tf.writeConfig(THREE_RESOURCES);
    }
  });

  test('apply -var passes the variables on to the plan guard makes', async () => {
    tf.writeConfig(`${THREE_RESOURCES}\nvariable "keep" { type = bool }\nresource "terraform_data" "c" {\n  count = var.keep ? 1 : 0\n}\n`);
    try {
      const noVar = await assessIn(tf, ['terraform', 'apply']);
      assert.equal(noVar.analysis.risk, 'unknown', 'a required variable without a value fails the look-up: fail closed');
      assert.ok(noVar.analysis.unverified.some((u) => u.includes('plan failed')), noVar.analysis.unverified.join('\n'));
      const withVar = await assessIn(tf, ['terraform', 'apply', '-var', 'keep=true']);
      assert.equal(withVar.analysis.risk, 'write');
      const fromEnvironment = await assessIn(tf, ['terraform', 'apply'], { env: { TF_CLI_ARGS_apply: '-var keep=false' } });
      assert.equal(fromEnvironment.analysis.risk, 'write', 'TF_CLI_ARGS_apply words reach the plan');
    } finally {
      tf.writeConfig(THREE_RESOURCES);
    }
  });

  test('apply PLANFILE classifies the saved plan: with and without deletions', async () => {
    tf.writeConfig(`${THREE_RESOURCES}\nresource "terraform_data" "d" {}\n`);
    try {
      tf.terraform('plan', '-input=false', '-out=adds.tfplan');
      const adds = await assessIn(tf, ['terraform', 'apply', 'adds.tfplan']);
      assert.equal(adds.analysis.risk, 'write');
      assert.equal(adds.verdict.decision, 'allow');
      assert.deepEqual(resources(adds.analysis.targets), []);
      tf.writeConfig('resource "terraform_data" "a" {\n  input = "a"\n  triggers_replace = "new"\n}\n');
      tf.terraform('plan', '-input=false', '-out=deletes.tfplan');
      const deletes = await assessIn(tf, ['terraform', 'apply', join(tf.dir, 'deletes.tfplan')]);
      assert.equal(deletes.analysis.risk, 'destructive');
      assert.deepEqual(resources(deletes.analysis.targets), ALL);
      const actions = Object.fromEntries(deletes.analysis.targets.filter((t) => t.kind === 'resource').map((t) => [t.id, t.action]));
      assert.deepEqual(actions, { 'terraform_data.a': 'replace', 'terraform_data.b[0]': 'delete', 'terraform_data.b[1]': 'delete' });
      const missing = await assessIn(tf, ['terraform', 'apply', 'no-such.tfplan']);
      assert.equal(missing.analysis.risk, 'unknown');
    } finally {
      tf.writeConfig(THREE_RESOURCES);
    }
  });

  test('a workspace selects its own state and names the environment and the phrase', async () => {
    tf.terraform('workspace', 'new', 'staging');
    try {
      tf.writeConfig('resource "terraform_data" "s" {}\n');
      tf.terraform('apply', '-auto-approve', '-input=false');
      const { analysis, verdict } = await assessIn(tf, ['terraform', 'destroy']);
      assert.deepEqual(resources(analysis.targets), ['terraform_data.s']);
      assert.equal(analysis.environment?.name, 'staging');
      assert.equal(verdict.expectedPhrase, 'staging/infra@staging');
      const viaEnvironment = await assessIn(tf, ['terraform', 'destroy'], { env: { TF_WORKSPACE: 'default' } });
      assert.deepEqual(resources(viaEnvironment.analysis.targets), ALL, 'TF_WORKSPACE=default overrides the selected workspace');
      assert.equal(viaEnvironment.verdict.expectedPhrase, 'unknown/infra');
    } finally {
      tf.terraform('workspace', 'select', 'default');
      tf.writeConfig(THREE_RESOURCES);
    }
  });

  test('prevent_destroy: terraform refuses the plan, and guard says so and fails closed', async () => {
    tf.writeConfig(`resource "terraform_data" "a" {\n  input = "a"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n${THREE_RESOURCES.split('\n').slice(2).join('\n')}`);
    try {
      const { analysis } = await assessIn(tf, ['terraform', 'destroy']);
      assert.equal(analysis.risk, 'destructive');
      assert.ok(analysis.unverified.some((u) => u.includes("prevent_destroy")), analysis.unverified.join('\n'));
    } finally {
      tf.writeConfig(THREE_RESOURCES);
    }
  });
});
