// Writes src/tools/gcloud/*.generated.ts from the installed Cloud SDK (run from the repository root: `npm run gen:gcloud`).
import { writeFileSync } from 'node:fs';
import { findCloudSdkRoot, renderGcloudTree, renderGsutilTable } from './gcloud-sources.js';

const sdkRoot = findCloudSdkRoot();
if (!sdkRoot) {
  console.error('gen:gcloud: no Cloud SDK found (gcloud on PATH or CLOUDSDK_ROOT_DIR)');
  process.exit(1);
}
writeFileSync('src/tools/gcloud/gcloud-tree.generated.ts', renderGcloudTree(sdkRoot));
writeFileSync('src/tools/gcloud/gsutil-commands.generated.ts', renderGsutilTable(sdkRoot));
console.log(`wrote src/tools/gcloud/gcloud-tree.generated.ts and gsutil-commands.generated.ts from ${sdkRoot}`);
