// The rule table shared by terraform and tofu: plain data, ids `<program>/<rule>` (one table per program).
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

const STATE_BACKUP =
  'Terraform keeps the previous state as terraform.tfstate.backup (local backend); remote backends keep versions only where the bucket or service has versioning turned on.';

type Row = { risk: Risk; description: string; reason: string; recovery?: string };

const ROWS = {
  destroy: {
    risk: 'destructive',
    description: 'destroy; apply -destroy',
    reason: 'Deletes every object the workspace manages (or the -target ones) through their providers: databases, buckets and volumes with their data.',
    recovery: `No undo from Terraform: apply recreates empty resources, not their data. Data survives only in backups kept outside these resources (snapshots, replicas, exports). ${STATE_BACKUP}`,
  },
  'apply-deletes': {
    risk: 'destructive',
    description: 'apply -replace=ADDRESS, or apply whose plan (saved, or planned by guard) deletes or replaces resources',
    reason: 'Deletes resources, or deletes them and creates new ones in their place: whatever they held (data, addresses, keys) is lost.',
    recovery: 'No undo: deleted and replaced objects are gone; restore their data from backups taken outside Terraform.',
  },
  'apply-unseen': {
    risk: 'unknown',
    description: 'apply whose plan guard could not see (--offline, no terraform binary, or planning failed)',
    reason: 'apply may delete or replace anything its plan says; guard could not read that plan.',
    recovery: 'Run terraform plan -out=FILE, read it, and apply that file: guard classifies a saved plan.',
  },
  'apply-refresh-only': {
    risk: 'write',
    description: 'apply -refresh-only',
    reason: 'Updates the state to match the real objects; changes no infrastructure.',
  },
  'workspace-delete': {
    risk: 'destructive',
    description: 'workspace delete (env delete)',
    reason: 'Deletes the workspace and its state; with -force, even while it still tracks resources, which are then managed by nothing.',
    recovery: 'The resources themselves keep running: create the workspace again and terraform import each of them. A state backup or backend version restores it at once.',
  },
  'state-rm': {
    risk: 'destructive',
    description: 'state rm ADDRESS…',
    reason: 'Removes resources from the state: Terraform forgets them (a later apply may create duplicates, nothing will destroy or update them).',
    recovery: `The objects still exist: terraform import them again, or restore the previous state. ${STATE_BACKUP}`,
  },
  'state-push': {
    risk: 'destructive',
    description: 'state push PATH (with or without -force)',
    reason: 'Overwrites the remote state with a local file; with -force even an older or foreign one: resources missing from it are forgotten.',
    recovery: `Restore the overwritten state version from the backend's history or a terraform state pull copy. ${STATE_BACKUP}`,
  },
  write: {
    risk: 'write',
    description: 'apply whose plan only creates, updates or reads; init, import, taint, untaint, state mv, force-unlock, workspace new|select, fmt, refresh, get, test, login, logout, providers lock|mirror',
    reason: 'Changes the state, the working directory or credentials, but deletes no infrastructure.',
  },
  read: {
    risk: 'read',
    description: 'plan (incl. -destroy), show, output, validate, fmt -check, graph, providers, version, console, state list|show|pull, workspace list|show, -help',
    reason: 'Reads configuration and state; changes nothing.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a subcommand, flag or argument guard does not recognise',
    reason: 'guard cannot tell what this command would do.',
    recovery: 'Check the command against terraform -help; guard recognises the subcommands and flags of terraform 1.11 and OpenTofu 1.10.',
  },
} satisfies Record<string, Row>;

export type TerraformRuleKey = keyof typeof ROWS;
export type TerraformRules = Readonly<Record<TerraformRuleKey, Rule>>;

/** The same rules under each program's own namespace: `terraform/destroy`, `tofu/destroy`. */
export function terraformRuleTable(program: string): TerraformRules {
  const out = {} as Record<TerraformRuleKey, Rule>;
  for (const key of Object.keys(ROWS) as TerraformRuleKey[]) out[key] = { id: `${program}/${key}`, ...(ROWS[key] as Row) };
  return out;
}
