// Rule tables for gcloud and gsutil: plain data, ids `<program>/<rule>`, recovery notes from Google Cloud's documentation.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources (checked 2026-12):
// - Projects: https://cloud.google.com/resource-manager/docs/creating-managing-projects#shutting_down_projects
//   (a deleted project is shut down and can be restored with `gcloud projects undelete` for 30 days).
// - Cloud SQL: https://cloud.google.com/sql/docs/mysql/delete-instance and
//   https://cloud.google.com/sql/docs/mysql/backup-recovery/backups#retained-backups (backups go with the
//   instance unless it retains them, `--enable-final-backup` takes one last backup; deletion protection refuses).
// - Cloud Storage soft delete: https://cloud.google.com/storage/docs/soft-delete (default 7 days;
//   `gcloud storage restore`), object versioning: https://cloud.google.com/storage/docs/object-versioning.
// - Cloud KMS: https://cloud.google.com/kms/docs/destroy-restore (scheduled for destruction, 30 days by default).
// - Secret Manager: https://cloud.google.com/secret-manager/docs/destroy-secret-versions (destroy is irreversible).
type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(program: string, rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `${program}/${key}`, ...rows[key] };
  return out;
}

const SOFT_DELETE =
  "Objects deleted from a bucket with soft delete enabled (7 days by default) can be brought back with `gcloud storage restore` until the retention ends; with object versioning, noncurrent versions stay unless every version was deleted. Without either, they are gone.";
const UNKNOWN = 'Unknown: check the command by hand before running it.';

export const gcloudRules = table('gcloud', {
  'projects-delete': {
    risk: 'destructive',
    description: 'gcloud projects delete',
    reason: 'Shuts the project down: every resource in it stops at once (VMs, databases, buckets, serving traffic) and is deleted after 30 days.',
    recovery: 'For 30 days `gcloud projects undelete PROJECT_ID` restores the project; after that the project and everything in it are deleted for good.',
  },
  'sql-instances-delete': {
    risk: 'destructive',
    description: 'gcloud sql instances delete',
    reason: "Deletes the Cloud SQL instance with all its data; its automated and on-demand backups go with it unless the instance retains backups on delete.",
    recovery: 'Only from backups that outlive the instance: a final backup (--enable-final-backup), retained backups (--retain-backups-on-delete on the instance) or exports in Cloud Storage. Deletion protection on the instance makes the call fail.',
  },
  'buckets-delete': {
    risk: 'destructive',
    description: 'gcloud storage buckets delete',
    reason: 'Deletes the bucket (it must hold no live objects); its name becomes free for anyone to take.',
    recovery: 'A soft-deleted bucket can be restored with `gcloud storage buckets restore` within its soft-delete retention; otherwise it is gone.',
  },
  'storage-rm': {
    risk: 'destructive',
    description: 'gcloud storage rm / storage objects delete of objects',
    reason: 'Deletes the objects named (wildcards match many).',
    recovery: SOFT_DELETE,
  },
  'storage-rm-recursive': {
    risk: 'destructive',
    description: 'gcloud storage rm -r / --recursive / -R',
    reason: 'Deletes every object and every version under the URL; given a bucket URL, deletes the bucket too.',
    recovery: `${SOFT_DELETE} A deleted bucket can be restored with \`gcloud storage buckets restore\` within its soft-delete retention.`,
  },
  'rsync-delete': {
    risk: 'destructive',
    description: 'gcloud storage rsync --delete-unmatched-destination-objects',
    reason: 'Deletes every object at the destination that the source does not have: an empty or wrong source empties the destination.',
    recovery: SOFT_DELETE,
  },
  destroy: {
    risk: 'destructive',
    description: 'gcloud kms keys versions destroy, secrets versions destroy…',
    reason: 'Destroys key material or secret data: whatever was encrypted with a destroyed key can no longer be decrypted.',
    recovery: 'A KMS key version waits in DESTROY_SCHEDULED (30 days by default): `gcloud kms keys versions restore` brings it back until then. A destroyed secret version cannot be recovered.',
  },
  delete: {
    risk: 'destructive',
    description: 'any other gcloud … delete (and purge, drop, terminate, undeploy, bulk-delete…)',
    reason: 'Deletes the named resources.',
    recovery: 'Depends on the service: a few keep deleted resources restorable for a while (`gcloud … undelete`: service accounts 30 days, IAM roles 7 days), most do not; recreate from configuration and restore data from backups.',
  },
  remove: {
    risk: 'destructive',
    description: 'gcloud … remove-* (IAM policy bindings, members, metadata, tags, instances from groups…)',
    reason: 'Removes something attached to a resource (an IAM binding can lock people or services out).',
    recovery: 'Add it back from a record of the previous state (`get-iam-policy` output, metadata); Google Cloud keeps no undo.',
  },
  reset: {
    risk: 'destructive',
    description: 'gcloud … reset, reimage, revert, recreate-instances',
    reason: "Discards state: a VM's memory on reset, a disk's contents on reimage or revert, policy settings back to their defaults.",
    recovery: 'What was discarded comes back only from snapshots, images or backups taken before.',
  },
  restore: {
    risk: 'destructive',
    description: 'gcloud … restore, sql instances restore-backup, sql backups restore',
    reason: "Restoring a backup overwrites the target's current data with the backup's.",
    recovery: 'The data written since the backup is lost unless you back the target up first (e.g. an on-demand backup).',
  },
  'sql-import': {
    risk: 'unknown',
    description: 'gcloud sql import sql|bak|tde',
    reason: 'Runs the statements of a file in Cloud Storage against the instance: guard cannot read them, and they may drop or overwrite data.',
    recovery: 'Restore from a backup taken before the import.',
  },
  'exec-shell': {
    risk: 'unknown',
    description: 'gcloud compute ssh|scp, sql connect, cloud-shell ssh, spanner databases execute-sql, start-iap-tunnel, emulators, docker…',
    reason: 'Opens a session or runs code guard cannot see (a shell on a VM, a database client, a tunnel).',
    recovery: 'Depends on what ran; nothing in Google Cloud records or undoes it.',
  },
  'dry-run': {
    risk: 'read',
    description: 'gcloud storage rsync --dry-run',
    reason: 'Prints what would be copied and deleted, changes nothing.',
  },
  write: {
    risk: 'write',
    description: 'gcloud … create, update, patch, deploy, set, add-*, enable, disable, start, stop, import, export, cp, mv, config set…',
    reason: 'Creates or changes resources (or gcloud\'s own configuration) without deleting them.',
  },
  read: {
    risk: 'read',
    description: 'gcloud … list, describe, get-*, search, ls, cat, du, config list, help, topic, --help, --version…',
    reason: 'Only reads.',
  },
  unclassified: {
    risk: 'unknown',
    description: 'a gcloud command whose verb guard has no rule for',
    reason: 'guard does not know what this command changes.',
    recovery: UNKNOWN,
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a gcloud command, flag or --flags-file guard cannot read (newer SDK, typo, unreadable file)',
    reason: 'guard could not read what this command would do.',
    recovery: UNKNOWN,
  },
});

export const gsutilRules = table('gsutil', {
  'rm-recursive': {
    risk: 'destructive',
    description: 'gsutil rm -r / -R (with -m too)',
    reason: 'Deletes every object and every version under the URL; given a bucket URL, deletes the bucket too.',
    recovery: SOFT_DELETE,
  },
  rm: {
    risk: 'destructive',
    description: 'gsutil rm (del, delete, remove)',
    reason: 'Deletes the objects named (wildcards match many; -a every version).',
    recovery: SOFT_DELETE,
  },
  rb: {
    risk: 'destructive',
    description: 'gsutil rb (deletebucket, removebucket, removebuckets, rmdir)',
    reason: 'Deletes the bucket (it must be empty); its name becomes free for anyone to take.',
    recovery: 'A soft-deleted bucket can be restored with `gcloud storage buckets restore` within its soft-delete retention; otherwise it is gone.',
  },
  'rsync-delete': {
    risk: 'destructive',
    description: 'gsutil rsync -d',
    reason: 'Deletes every object at the destination that the source does not have: an empty or wrong source empties the destination.',
    recovery: SOFT_DELETE,
  },
  'dry-run': {
    risk: 'read',
    description: 'gsutil rsync -n',
    reason: 'Prints what would be copied and deleted, changes nothing.',
  },
  write: {
    risk: 'write',
    description: 'gsutil cp, mv, mb, rsync (without -d), setmeta, rewrite, compose, acl/iam/lifecycle… set|ch, config…',
    reason: 'Creates or changes objects, buckets or their settings without deleting anything by itself.',
  },
  read: {
    risk: 'read',
    description: 'gsutil ls, cat, du, stat, hash, version, help, and get subcommands',
    reason: 'Only reads.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a gsutil command or option guard does not recognise',
    reason: 'guard could not read what this command would do.',
    recovery: UNKNOWN,
  },
});

export type GcloudRuleKey = keyof typeof gcloudRules;
export type GsutilRuleKey = keyof typeof gsutilRules;
