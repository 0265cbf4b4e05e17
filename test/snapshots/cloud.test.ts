// The cloud families take no snapshot: the plan says so, names what goes, and how the provider keeps a copy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snapshotterFor } from '../../src/snapshots/families.js';
import { buildWorld } from '../support/world.js';
import { planFor } from './harness.js';

for (const [family, argv, copies] of [
  ['aws', ['aws', 's3', 'rb', 's3://shop-assets', '--force'], /aws s3 sync/],
  ['gcloud', ['gcloud', 'compute', 'instances', 'delete', 'web-1', '--zone', 'europe-west1-b', '--quiet'], /gcloud compute disks snapshot/],
  ['azure', ['az', 'group', 'delete', '--name', 'shop-rg', '--yes'], /az snapshot create/],
] as const) {
  test(`${family}: not copyable, with the provider's own way to keep a copy`, async () => {
    const snapshotter = await snapshotterFor(family);
    assert.ok(snapshotter);
    const world = buildWorld({ offline: true });
    try {
      const plan = await planFor(snapshotter, argv, world.ctx);
      assert.equal(plan.copyable, false);
      assert.match(plan.reason ?? '', /guard does not copy .* resources/);
      assert.match(plan.notes.join('\n'), copies);
      await assert.rejects(snapshotter.take(plan, world.root, world.ctx), { name: 'SnapshotError' });
    } finally {
      world.cleanup();
    }
  });
}
