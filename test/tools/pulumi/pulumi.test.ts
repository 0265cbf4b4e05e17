// pulumi: the case table, stack resolution from the workspace settings file, and `up` classified by a stand-in preview.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { pulumiCases } from '../../../src/tools/pulumi/cases.js';
import { pulumiTools } from '../../../src/tools/pulumi/index.js';
import { pulumiTool } from '../../../src/tools/pulumi/pulumi-tool.js';
import { summarisePreview } from '../../../src/tools/pulumi/preview.js';
import { checkTable } from '../../support/case-tester.js';
import { createFakeBin } from '../../support/fake-bin.js';
import { buildWorld } from '../../support/world.js';
import { assessWith } from '../terraform/assess-with.js';

const cases = pulumiCases.pulumi ?? [];
const tool = pulumiTools[0]!;

test('pulumi: case table is well-formed and exercises every rule', () => {
  assert.deepEqual(checkTable({ tool, cases }), []);
  const exercised = new Set(cases.flatMap((c) => c.rules));
  for (const rule of Object.values(tool.rules)) assert.ok(exercised.has(rule.id), `${rule.id} is exercised by no case`);
});

for (const c of cases) {
  test(`pulumi: ${c.note ?? c.argv.join(' ')} → ${c.risk}`, async () => {
    const world = buildWorld({ offline: true, ...c.world });
    try {
      const { analysis } = await assessWith(tool, c.argv, world.ctx);
      const ids = analysis.hits.map((h) => h.rule.id);
      assert.equal(analysis.risk, c.risk, `hits: ${ids.join(', ')}`);
      for (const id of c.rules) assert.ok(ids.includes(id), `${id} not among ${ids.join(', ')}`);
    } finally {
      world.cleanup();
    }
  });
}

const PROJECT = 'name: shop\nruntime: nodejs\n';

test('the stack: --stack > PULUMI_STACK > the workspace settings file keyed by sha1 of Pulumi.yaml', async () => {
  const world = buildWorld({ offline: true, files: { 'app/Pulumi.yaml': PROJECT, 'app/src/index.ts': '' } });
  try {
    const projectFile = join(world.root, 'app', 'Pulumi.yaml');
    const settings = join(world.root, '.pulumi', 'workspaces', `shop-${createHash('sha1').update(projectFile).digest('hex')}-workspace.json`);
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(world.root, '.pulumi', 'workspaces'), { recursive: true });
    writeFileSync(settings, JSON.stringify({ stack: 'acme/prod' }));
    const inSub = { ...world.ctx, cwd: join(world.root, 'app', 'src') };
    const selected = await assessWith(pulumiTool, ['pulumi', 'destroy'], inSub);
    assert.equal(selected.analysis.targets[0]?.id, 'acme/prod');
    assert.equal(selected.analysis.environment?.name, 'production');
    assert.equal(selected.verdict.expectedPhrase, 'production/prod');
    const fromEnvironment = await assessWith(pulumiTool, ['pulumi', 'destroy'], { ...inSub, env: { ...inSub.env, PULUMI_STACK: 'staging' } });
    assert.equal(fromEnvironment.verdict.expectedPhrase, 'staging/staging');
    const fromFlag = await assessWith(pulumiTool, ['pulumi', 'destroy', '-s', 'dev'], { ...inSub, env: { ...inSub.env, PULUMI_STACK: 'staging' } });
    assert.equal(fromFlag.verdict.expectedPhrase, 'dev/dev');
    const none = await assessWith(pulumiTool, ['pulumi', 'destroy'], { ...world.ctx, cwd: world.root });
    assert.equal(none.analysis.environment?.name, 'unknown');
    const stackRm = await assessWith(pulumiTool, ['pulumi', 'stack', 'rm', 'prod-eu', '-y'], inSub);
    assert.equal(stackRm.verdict.expectedPhrase, 'production/prod-eu', 'the stack rm argument is the stack');
  } finally {
    world.cleanup();
  }
});

test('summarisePreview counts deleting steps and reads the type from the URN', () => {
  const summary = summarisePreview(JSON.stringify({ steps: [
    { op: 'same', urn: 'urn:pulumi:dev::shop::aws:s3/bucket:Bucket::keep' },
    { op: 'delete', urn: 'urn:pulumi:dev::shop::aws:s3/bucket:Bucket::media' },
    { op: 'replace', urn: 'urn:pulumi:dev::shop::pkg:index:Db$aws:rds/instance:Instance::db' },
    { op: 'create', urn: 'urn:pulumi:dev::shop::aws:sqs/queue:Queue::q' },
  ] }));
  assert.deepEqual(summary.losses.map((l) => [l.op, l.type]), [['delete', 'aws:s3/bucket:Bucket'], ['replace', 'aws:rds/instance:Instance']]);
  assert.equal(summary.changes, 3);
  assert.throws(() => summarisePreview('{"steps": [{"urn": "x"}]}'));
});

test('up is classified by `pulumi preview --json` from the binary on PATH (a stand-in here)', async () => {
  const deleting = JSON.stringify({ steps: [{ op: 'delete', urn: 'urn:pulumi:dev::shop::aws:s3/bucket:Bucket::media' }] });
  const fakes = createFakeBin({ pulumi: { stdout: deleting, stderr: '' } });
  const world = buildWorld({ offline: false, files: { 'Pulumi.yaml': PROJECT } });
  try {
    const ctx = { ...world.ctx, which: (name: string) => (name === 'pulumi' ? join(fakes.dir, 'pulumi') : null) };
    const { analysis } = await assessWith(pulumiTool, ['pulumi', 'up', '--yes', '-s', 'dev', '--target', 'urn:x'], ctx);
    assert.equal(analysis.risk, 'destructive');
    assert.deepEqual(analysis.hits.map((h) => h.rule.id), ['pulumi/up-deletes']);
    assert.deepEqual(analysis.targets.filter((t) => t.kind === 'resource').map((t) => t.id), ['urn:pulumi:dev::shop::aws:s3/bucket:Bucket::media']);
    assert.deepEqual(fakes.record('pulumi')?.argv, ['preview', '--json', '--non-interactive', '--stack', 'dev', '--target=urn:x']);
  } finally {
    world.cleanup();
    fakes.cleanup();
  }
  const creating = createFakeBin({ pulumi: { stdout: JSON.stringify({ steps: [{ op: 'create', urn: 'urn:pulumi:dev::shop::aws:sqs/queue:Queue::q' }] }), stderr: '' } });
  const failing = createFakeBin({ pulumi: { stdout: '', stderr: 'error: no stack', exit: 255 } });
  const world2 = buildWorld({ offline: false, files: { 'Pulumi.yaml': PROJECT } });
  try {
    const ok = await assessWith(pulumiTool, ['pulumi', 'up', '-s', 'dev'], { ...world2.ctx, which: () => join(creating.dir, 'pulumi') });
    assert.equal(ok.analysis.risk, 'write');
    const failed = await assessWith(pulumiTool, ['pulumi', 'up', '-s', 'dev'], { ...world2.ctx, which: () => join(failing.dir, 'pulumi') });
    assert.equal(failed.analysis.risk, 'unknown');
    assert.ok(failed.analysis.unverified.some((u) => u.includes('no stack')));
    const absent = await assessWith(pulumiTool, ['pulumi', 'up', '-s', 'dev'], { ...world2.ctx, which: () => null });
    assert.equal(absent.analysis.risk, 'unknown');
  } finally {
    world2.cleanup();
    creating.cleanup();
    failing.cleanup();
  }
});
