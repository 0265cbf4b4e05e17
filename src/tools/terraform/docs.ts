// The Terraform/OpenTofu family's page in docs/tools/: working directory, workspace and the private plan.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Terraform and OpenTofu',
  resolution: [
    'The working directory from `-chdir`, the workspace from `TF_WORKSPACE`, else `.terraform/environment`, else `default`; `TF_CLI_ARGS` and `TF_CLI_ARGS_<command>` are read as terraform reads them.',
    'The environment from your `environments.<name>.match.terraform` rules (workspace, directory, backend globs), else from the workspace name; the phrase names directory and workspace (`production/infra@prod`).',
  ],
  liveLookups: [
    '`destroy`: a private destroy plan with the real binary (own plan file, `-lock=false`, `-input=false`), listing every resource that goes, counted by type.',
    '`apply`: a saved plan file is read with `terraform show -json`; without one, guard makes a private plan first.',
    'With `--offline`, `apply` is unknown and `destroy` lists the local state.',
  ],
  notes: ['Snapshots (`--snapshot`): `state pull` and, for destroy or an apply that deletes, `plan -out` + `show -json` with the command\'s plan options; verified by serial, lineage and resource count; restored with `state push -force` (a deleted workspace: `workspace new -state=`). The state copy does not recreate destroyed resources.'],
};
