// The terraform snapshotter with the real terraform on a local backend (terraform_data: no provider download).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Context } from '../../src/core/context.js';
import { terraformSnapshotter } from '../../src/snapshots/families/terraform.js';
import { buildWorld } from '../support/world.js';
import { createTerraformDir, HAS_TERRAFORM, TERRAFORM_ENV, type TerraformDir } from '../tools/terraform/fixture.js';
import { planFor, takeFor } from './harness.js';

const ALL = ['terraform_data.a', 'terraform_data.b[0]', 'terraform_data.b[1]'];

describe('terraform snapshots', { skip: !HAS_TERRAFORM && 'terraform is not installed' }, () => {
  let tf: TerraformDir;
  let ctx: Context;
  const world = buildWorld({ offline: false, env: TERRAFORM_ENV });
  before(() => {
    tf = createTerraformDir();
    tf.terraform('apply', '-auto-approve', '-input=false');
    // The world's cwd is its own temp dir: point it at the terraform directory; terraform lives on PATH.
    ctx = { ...world.ctx, cwd: tf.dir, which: (name: string) => (name === 'terraform' ? 'terraform' : null) };
  });
  after(() => {
    tf.cleanup();
    world.cleanup();
  });

  test('destroy: the state and the destroy plan are copied and verified; restore pushes the state back', async () => {
    const taken = await takeFor(terraformSnapshotter, ['terraform', 'destroy'], ctx);
    assert.match(taken.plan.targets[0] ?? '', /infra workspace default \(local backend\): state and plan/);
    assert.match(taken.plan.notes.join('\n'), /does not bring destroyed cloud resources back/);
    assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
    assert.deepEqual(Object.keys(taken.manifest.checksums).sort(), ['plan.json', 'terraform.tfstate']);
    const plan = JSON.parse(readFileSync(join(taken.dir, 'plan.json'), 'utf8')) as { resource_changes: { address: string; change: { actions: string[] } }[] };
    assert.deepEqual(plan.resource_changes.filter((c) => c.change.actions.includes('delete')).map((c) => c.address).sort(), ALL);

    tf.terraform('destroy', '-auto-approve', '-input=false');
    assert.deepEqual(tf.stateAddresses(), []);
    await terraformSnapshotter.restore(taken.manifest, taken.dir, ctx);
    assert.deepEqual(tf.stateAddresses(), ALL);
  });

  test('state rm: the state before it comes back', async () => {
    const taken = await takeFor(terraformSnapshotter, ['terraform', 'state', 'rm', 'terraform_data.a'], ctx);
    assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
    assert.deepEqual(Object.keys(taken.manifest.checksums), ['terraform.tfstate']);
    tf.terraform('state', 'rm', 'terraform_data.a');
    assert.deepEqual(tf.stateAddresses(), ALL.slice(1));
    await terraformSnapshotter.restore(taken.manifest, taken.dir, ctx);
    assert.deepEqual(tf.stateAddresses(), ALL);
  });

  test('workspace delete: the workspace comes back with its state, and the selected one stays selected', async () => {
    tf.terraform('workspace', 'new', 'staging');
    tf.terraform('apply', '-auto-approve', '-input=false');
    tf.terraform('workspace', 'select', 'default');
    const taken = await takeFor(terraformSnapshotter, ['terraform', 'workspace', 'delete', '-force', 'staging'], ctx);
    assert.match(taken.plan.targets[0] ?? '', /workspace staging/);
    assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
    tf.terraform('workspace', 'delete', '-force', 'staging');
    await terraformSnapshotter.restore(taken.manifest, taken.dir, ctx);
    assert.deepEqual(tf.stateAddresses('staging'), ALL);
    assert.equal(tf.terraform('workspace', 'show').trim(), 'default');
  });

  test('a state file changed after the copy (another serial) fails verify', async () => {
    const taken = await takeFor(terraformSnapshotter, ['terraform', 'apply', '-destroy'], ctx);
    const file = join(taken.dir, 'terraform.tfstate');
    const state = JSON.parse(readFileSync(file, 'utf8')) as { serial: number };
    writeFileSync(file, JSON.stringify({ ...state, serial: state.serial + 1 }));
    const verification = await terraformSnapshotter.verify(taken.manifest, taken.dir, ctx);
    assert.equal(verification.ok, false);
    assert.match(verification.checks.join('\n'), /MISMATCH/);
    writeFileSync(file, '{ not json');
    assert.match((await terraformSnapshotter.verify(taken.manifest, taken.dir, ctx)).checks.join('\n'), /not JSON/);
  });

  test('bad arguments are not copyable; plan variables never reach the manifest', async () => {
    const bad = await planFor(terraformSnapshotter, ['terraform', 'destroy', '-no-such-flag'], ctx);
    assert.equal(bad.copyable, false);
    tf.writeConfig(`${readFileSync(join(tf.dir, 'main.tf'), 'utf8')}\nvariable "token" {\n  type    = string\n  default = ""\n}\n`);
    const taken = await takeFor(terraformSnapshotter, ['terraform', 'destroy', '-var=token=tf-Secret-123'], ctx);
    assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
    assert.doesNotMatch(JSON.stringify(taken.manifest.settings), /tf-Secret-123/);
  });
});
