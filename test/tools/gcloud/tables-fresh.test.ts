// The generated gcloud tree and gsutil table still match the installed Cloud SDK (skipped with a message where it is absent).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { findCloudSdkRoot, renderGcloudTree, renderGsutilTable } from '../../../scripts/gcloud-sources.js';

const sdkRoot = findCloudSdkRoot();
const skip = sdkRoot ? false : 'the Google Cloud SDK is not installed here (no gcloud on PATH): the generated tables cannot be checked';
const REGENERATE = 'regenerate with `npm run gen:gcloud`';

test('src/tools/gcloud/gcloud-tree.generated.ts matches the SDK\'s static completion tree', { skip }, () => {
  const committed = readFileSync('src/tools/gcloud/gcloud-tree.generated.ts', 'utf8');
  assert.ok(committed === renderGcloudTree(sdkRoot ?? ''), `gcloud-tree.generated.ts is stale for the SDK in ${sdkRoot}: ${REGENERATE}`);
});

test("src/tools/gcloud/gsutil-commands.generated.ts matches gsutil's own getopt specs", { skip }, () => {
  const committed = readFileSync('src/tools/gcloud/gsutil-commands.generated.ts', 'utf8');
  assert.equal(committed, renderGsutilTable(sdkRoot ?? ''), `gsutil-commands.generated.ts is stale: ${REGENERATE}`);
});
