// The Pulumi family's page in docs/tools/: stack resolution and the preview.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Pulumi',
  resolution: [
    'The stack from `--stack`/`-s`, then `PULUMI_STACK`, then the stack selected in the workspace; the project from `Pulumi.yaml`.',
    'The environment from your `environments.<name>.match.pulumi` rules (stack, project globs), else from the stack name.',
  ],
  liveLookups: ['`pulumi up` is classified by `pulumi preview --json` (what it would replace or delete); `destroy` lists the stack\'s resources.'],
  notes: ['Snapshots (`--snapshot`): `pulumi stack export` (secrets stay encrypted) before destroy, stack rm, state delete or an up that deletes; restored with `pulumi stack import` (after `stack rm`, `stack init` first).', 'Checked against Pulumi\'s documentation and tested with a fake pulumi binary: the real CLI does not install on these machines.'],
};
