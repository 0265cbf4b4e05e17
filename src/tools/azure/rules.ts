// The az rule table: plain data, ids `az/<rule>`, recovery notes from Microsoft's documentation.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources (checked 2026-12):
// - Resource groups: https://learn.microsoft.com/azure/azure-resource-manager/management/delete-resource-group
//   (deleting a group deletes every resource in it; no undo; locks block it).
// - Locks: https://learn.microsoft.com/azure/azure-resource-manager/management/lock-resources (CanNotDelete, ReadOnly).
// - Key Vault soft delete and purge: https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview
// - Blob soft delete: https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview
// - az storage blob sync: https://learn.microsoft.com/cli/azure/storage/blob#az-storage-blob-sync (--delete-destination defaults to true)
type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(program: string, rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `${program}/${key}`, ...rows[key] };
  return out;
}

const BLOB_SOFT_DELETE = 'Blobs deleted from an account with blob soft delete (or versioning) can be undeleted within its retention (`az storage blob undelete`); otherwise they are gone.';
const UNKNOWN = 'Unknown: check the command by hand before running it.';

export const azRules = table('az', {
  'group-delete': {
    risk: 'destructive',
    description: 'az group delete',
    reason: 'Deletes the resource group and every resource in it: databases, disks, storage accounts, key vaults, networks.',
    recovery: 'None for the group itself: Azure Resource Manager keeps no undo. Some resources inside have their own soft delete (Key Vault, storage blobs, SQL databases restorable from backups for their retention); everything else must be redeployed. A CanNotDelete lock on the group makes the delete fail.',
  },
  'force-deletion': {
    risk: 'destructive',
    description: 'az group delete --force-deletion-types (-f)',
    reason: 'Force-deletes the virtual machines and scale sets of the group without waiting for them to shut down cleanly.',
    recovery: 'None: redeploy the machines; their disks go with the group.',
  },
  'delete-batch': {
    risk: 'destructive',
    description: 'az storage blob|file delete-batch',
    reason: 'Deletes every blob or file in the container or share that matches the pattern (all of them without --pattern).',
    recovery: BLOB_SOFT_DELETE,
  },
  'sync-delete': {
    risk: 'destructive',
    description: 'az storage blob sync (deletes by default: --delete-destination true)',
    reason: 'Deletes every blob at the destination that the source does not have: an empty or wrong source empties the container.',
    recovery: BLOB_SOFT_DELETE,
  },
  purge: {
    risk: 'destructive',
    description: 'az … purge (keyvault purge, keyvault secret|key|certificate purge, cognitiveservices account purge…)',
    reason: 'Permanently erases a soft-deleted resource: the last chance to recover it.',
    recovery: 'None: purged is gone for good.',
  },
  delete: {
    risk: 'destructive',
    description: 'any other az … delete (and clear, terminate)',
    reason: 'Deletes the named resources.',
    recovery: 'Depends on the service: Key Vault (soft delete, `az keyvault recover`), storage blobs and containers (soft delete), App Service (`az webapp deleted restore`) keep deleted things for a while; most others must be redeployed and their data restored from backups.',
  },
  remove: {
    risk: 'destructive',
    description: 'az … remove (role assignments, members, rules, extensions of resources…)',
    reason: 'Removes something attached to a resource (a role assignment can lock people or services out).',
    recovery: 'Add it back from a record of the previous state; Azure keeps no undo.',
  },
  restore: {
    risk: 'destructive',
    description: 'az … restore that overwrites (storage blob restore, webapp config snapshot restore, appconfig kv restore…)',
    reason: "Restoring overwrites the target's current data with the backup's.",
    recovery: 'The data written since the restore point is lost unless it was backed up first.',
  },
  reset: {
    risk: 'destructive',
    description: 'az … reset, reimage, revert (vmss reimage, batch pool reset, netappfiles volume revert…)',
    reason: "Discards state: a machine's disk on reimage, a volume's data since the snapshot on revert.",
    recovery: 'What was discarded comes back only from snapshots or backups taken before.',
  },
  'rest-delete': {
    risk: 'destructive',
    description: 'az rest --method delete',
    reason: 'Sends DELETE to any Azure API path with the signed-in credentials.',
    recovery: 'Depends on what the path names; there is no undo in Azure Resource Manager.',
  },
  rest: {
    risk: 'unknown',
    description: 'az rest --method post (or another method that can act)',
    reason: 'Calls any Azure API with the signed-in credentials: an action (a POST) can delete, purge or stop things.',
    recovery: UNKNOWN,
  },
  'exec-shell': {
    risk: 'unknown',
    description: 'az vm run-command invoke, aks command invoke, webapp ssh, container exec, resource invoke-action, interactive…',
    reason: 'Runs code or a session guard cannot see, on a machine or cluster in Azure.',
    recovery: 'Depends on what ran; nothing in Azure records or undoes it.',
  },
  'dry-run': {
    risk: 'read',
    description: 'az storage blob delete-batch --dryrun, storage blob sync --dryrun',
    reason: 'Lists what would be deleted, deletes nothing.',
  },
  write: {
    risk: 'write',
    description: 'az … create, update, set, add, start, stop, deploy, upload, account set, config set, rest --method get|put|patch…',
    reason: "Creates or changes resources (or az's own configuration) without deleting them.",
  },
  read: {
    risk: 'read',
    description: 'az … list, show, get-*, exists, check-*, download, wait, version, find, help, --help',
    reason: 'Only reads.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'an az command, argument or verb guard does not recognise (a newer azure-cli, an extension, a typo)',
    reason: 'guard could not read what this command would do.',
    recovery: UNKNOWN,
  },
});

export type AzRuleKey = keyof typeof azRules;
