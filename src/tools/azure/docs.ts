// The Azure family's page in docs/tools/: azureProfile.json, resource groups and the az look-ups.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Azure: az',
  resolution: [
    'The subscription as az resolves it, read from files (az itself is never run for this): the one inside `--ids`, then `--subscription` (an ID or a name, case-insensitive), then the default (`isDefault`) in `$AZURE_CONFIG_DIR/azureProfile.json` (default `~/.azure`; a BOM is fine).',
    'az ignores `AZURE_SUBSCRIPTION_ID`; when it names another subscription, guard weighs both and the more protected decides.',
    'The resource group from `--resource-group`/`-g` (`--name` for `group` commands), `--ids`, `AZURE_DEFAULTS_GROUP`, or `defaults.group` in `$AZURE_CONFIG_DIR/config`.',
    'The environment from your `environments.<name>.match.azure` rules (subscription, subscriptionName, tenant, resourceGroup globs); otherwise "prod" in the resource group or subscription name is production, known environment words name theirs, anything else is unknown (protected).',
  ],
  liveLookups: [
    'The same az (same config directory, so the same account and cloud endpoints), pinned with `--subscription`, read-only, 30 s a call and 45 s in all.',
    'For `group delete`: `group show`, `resource list` (every resource by type) and `lock list` (CanNotDelete and ReadOnly locks make the delete fail).',
  ],
  notes: [
    'Snapshots (`--snapshot`): none; the plan names what goes and Azure\'s own copies (`az snapshot create`, `az storage copy`, `az sql db export`).',
    'The rules are generated from azure-cli\'s own command table and argparse parsers (`npm run gen:az`, a few minutes). Debian\'s azure-cli 2.45 cannot load the arguments of some modules (network, keyvault, vm…): those commands keep their verb\'s rule and their options are read as taking values.',
    'The live look-ups are not tested against an imitation of Azure Resource Manager: az cannot be signed in without Microsoft\'s login service. The tests cover az failing closed when it is signed out.',
  ],
};
