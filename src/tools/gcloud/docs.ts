// The Google Cloud family's page in docs/tools/: configurations, resource names and the gcloud look-ups.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Google Cloud: gcloud and gsutil',
  resolution: [
    'The project as gcloud resolves it, read from files (gcloud itself is never run for this): a full resource name (`projects/P/…`) or the project `projects delete` names, then `--project`, then `CLOUDSDK_CORE_PROJECT`, then the active configuration (`--configuration`, `CLOUDSDK_ACTIVE_CONFIG_NAME`, `$CLOUDSDK_CONFIG/active_config`, default `default`) and its `configurations/config_<name>` file.',
    'The account from `--account`, `CLOUDSDK_CORE_ACCOUNT` or the configuration; gsutil uses the gcloud configuration as the SDK\'s gsutil wrapper does.',
    'The environment from your `environments.<name>.match.gcloud` rules (project, account, configuration globs); otherwise "prod" in the project ID is production (the configuration\'s name counts only when the project came from it), `-dev`, `-staging`, `-test`… name those environments, anything else is unknown (protected).',
    'When the project came from a configuration, guard says so and suggests `--project` to pin it.',
  ],
  liveLookups: [
    'The same gcloud (or gsutil), with the same project, account, configuration, impersonation and access-token file; `CLOUDSDK_API_ENDPOINT_OVERRIDES_*` pass through. Read-only, `--quiet`, 30 s a call and 60 s in all.',
    'Cloud SQL `instances describe`: engine, tier, disk size, state, deletion protection, automated backups, `retainBackupsOnDelete`, a final backup.',
    'Buckets: `storage buckets describe` (soft-delete retention, versioning) and `storage du` (objects and bytes, paged; "at least" past 100,000 objects).',
    'Projects: `projects describe` (name, number, state) and the 30-day undelete window.',
  ],
  notes: [
    'Snapshots (`--snapshot`): none; the plan names what goes and Google Cloud\'s own copies (`gcloud storage cp -r`, `compute disks snapshot`, `sql backups create`).',
    'The rules are generated from the Cloud SDK\'s static completion tree (`npm run gen:gcloud`); its short options come from each command\'s --help, as the tree lists long names only.',
    'Tested against a local server that answers as sqladmin, the storage JSON API and Resource Manager do, reached by the real gcloud through the endpoint overrides with a fake token (`CLOUDSDK_AUTH_ACCESS_TOKEN_FILE`).',
  ],
};
