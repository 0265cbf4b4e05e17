// The aws CLI's rule table: generic rules for the generated operations, reviewed rules for s3 and the flag-dependent ones.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources (checked December 2026):
// - S3 versioning keeps noncurrent versions of overwritten and deleted objects:
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html ; a deleted bucket's name and
//   contents are gone: https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-bucket.html
// - RDS final snapshot and automated backups on delete:
//   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html
// - Secrets Manager recovery window (7–30 days, default 30):
//   https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
// - KMS key deletion waiting period (7–30 days) and CancelKeyDeletion:
//   https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
// - CloudFormation DeletionPolicy Retain/Snapshot:
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
// - EC2 DeleteOnTermination of EBS volumes:
//   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/terminating-instances.html
// - DynamoDB backups and point-in-time recovery restore into a new table:
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `aws/${key}`, ...rows[key] };
  return out;
}

const NO_UNDO = 'AWS has no undo for this call: restore from a backup or snapshot taken before (AWS Backup, RDS/EBS snapshots, S3 versions), or recreate the resource from its infrastructure code.';
const S3_OBJECTS =
  'Deleted objects are gone unless the bucket has versioning enabled (then delete markers hide them and the noncurrent versions can be restored) or a replica/backup exists elsewhere.';

export const awsRules = table({
  'read-operation': { risk: 'read', description: 'An API operation whose name reads (Get*, List*, Describe*, Head*…)', reason: 'The operation only reads.' },
  'write-operation': { risk: 'write', description: 'An API operation that changes state but keeps data (Create*, Update*, Put*, Tag*, Start*, Stop*…)', reason: 'The operation changes state; nothing is deleted by it.' },
  'destructive-operation': {
    risk: 'destructive',
    description: 'An API operation that deletes or resets (Delete*, Terminate*, Remove*, Purge*, Deregister*, Revoke*, Reset*, Schedule*Deletion, Restore* over existing data…)',
    reason: 'The operation deletes, resets or overwrites a resource, its data or access to it.',
    recovery: NO_UNDO,
  },
  'unknown-operation': {
    risk: 'unknown',
    description: 'An operation guard cannot judge: not in the installed models, a verb guard does not know, or a payload (SQL, PartiQL, shell) guard does not read',
    reason: 'guard cannot tell what this call does, so it is treated as destructive.',
    recovery: NO_UNDO,
  },
  'unknown-command': {
    risk: 'unknown',
    description: 'A command or customization guard has no table for, or a command line it cannot parse',
    reason: 'guard cannot tell what this command does, so it is treated as destructive.',
    recovery: NO_UNDO,
  },
  'unreadable-input': {
    risk: 'unknown',
    description: '--cli-input-json, file:// or fileb:// parameters guard cannot read (or remote http(s):// parameters)',
    reason: 'The call takes parameters from a file or URL guard cannot read, so what it acts on is unseen.',
    recovery: NO_UNDO,
  },
  info: { risk: 'read', description: 'help, --version, --generate-cli-skeleton, wait, configure list/get, s3 ls/presign', reason: 'Prints information or waits; calls no mutating API.' },
  'dry-run': { risk: 'read', description: '--dry-run on an operation with DryRun, or s3 --dryrun', reason: 'A dry run only checks permissions or prints what would happen.' },
  'configure-set': { risk: 'write', description: 'aws configure set/import/add-model, aws configure (interactive)', reason: 'Changes the local CLI configuration.' },
  's3-write': { risk: 'write', description: 's3 cp, s3 mb, s3 website (cp overwrites objects with the same key)', reason: 'Copies or creates; an object with the same key is overwritten (kept as a noncurrent version when versioning is on).' },
  's3-rm': { risk: 'destructive', description: 's3 rm s3://bucket/key', reason: 'Deletes the object.', recovery: S3_OBJECTS },
  's3-rm-recursive': { risk: 'destructive', description: 's3 rm --recursive', reason: 'Deletes every object under the prefix (the whole bucket with no prefix).', recovery: S3_OBJECTS },
  's3-mv': { risk: 'destructive', description: 's3 mv', reason: 'Moves: deletes each source object after copying it, and overwrites objects at the destination.', recovery: S3_OBJECTS },
  's3-sync-delete': { risk: 'destructive', description: 's3 sync --delete', reason: 'Deletes every destination file or object that does not exist in the source.', recovery: S3_OBJECTS },
  's3-sync': { risk: 'write', description: 's3 sync without --delete', reason: 'Copies new and changed files; overwrites changed objects, deletes nothing.' },
  's3-rb': { risk: 'destructive', description: 's3 rb (an empty bucket)', reason: 'Deletes the bucket; its name becomes free for anyone to take.', recovery: 'Recreate the bucket with `aws s3 mb` (if the name is still free) and restore its configuration (policy, versioning, lifecycle) from infrastructure code.' },
  's3-rb-force': {
    risk: 'destructive',
    description: 's3 rb --force',
    reason: 'Deletes every object in the bucket, then the bucket itself.',
    recovery: `${S3_OBJECTS} With the bucket deleted, even its noncurrent versions go: only a replica or backup elsewhere remains.`,
  },
  'rds-delete-no-final-snapshot': {
    risk: 'destructive',
    description: 'rds delete-db-instance / delete-db-cluster with --skip-final-snapshot or --delete-automated-backups',
    reason: 'Deletes the database without a final snapshot (or with its automated backups): nothing is left to restore from but manual snapshots.',
    recovery: 'Restore from a manual snapshot taken before (automated backups are deleted with --delete-automated-backups, and retained ones expire with their retention period). Without one, the data is gone.',
  },
  'rds-delete': {
    risk: 'destructive',
    description: 'rds delete-db-instance / delete-db-cluster with a final snapshot',
    reason: 'Deletes the database; a final snapshot is taken first.',
    recovery: 'Restore a new instance from the final snapshot (rds restore-db-instance-from-db-snapshot); retained automated backups allow point-in-time restore until they expire.',
  },
  'secret-force-delete': {
    risk: 'destructive',
    description: 'secretsmanager delete-secret --force-delete-without-recovery',
    reason: 'Deletes the secret at once, with no recovery window.',
    recovery: 'None: without a recovery window the secret cannot be restored. Rotate the credentials it held and store new ones.',
  },
  'secret-delete': {
    risk: 'destructive',
    description: 'secretsmanager delete-secret (with a recovery window)',
    reason: 'Schedules the secret for deletion; it is unusable at once and deleted after the recovery window (30 days unless --recovery-window-in-days says 7–30).',
    recovery: 'secretsmanager restore-secret within the recovery window cancels the deletion.',
  },
  'kms-schedule-key-deletion': {
    risk: 'destructive',
    description: 'kms schedule-key-deletion',
    reason: 'Schedules the key for deletion: once deleted, every ciphertext encrypted under it can never be decrypted again.',
    recovery: 'kms cancel-key-deletion within the waiting period (7–30 days, default 30); after that, nothing.',
  },
  'cloudformation-delete-stack': {
    risk: 'destructive',
    description: 'cloudformation delete-stack',
    reason: 'Deletes every resource of the stack except those whose DeletionPolicy is Retain (Snapshot takes a snapshot first).',
    recovery: 'Recreate the stack from its template; data of deleted resources comes back only from snapshots (DeletionPolicy Snapshot) or backups.',
  },
  'ec2-terminate-instances': {
    risk: 'destructive',
    description: 'ec2 terminate-instances',
    reason: 'Terminates the instances; their instance store and every EBS volume marked DeleteOnTermination are deleted with them.',
    recovery: 'A terminated instance cannot be started again: launch a new one from an AMI; EBS data comes back only from snapshots or volumes not marked DeleteOnTermination.',
  },
  'dynamodb-delete-table': {
    risk: 'destructive',
    description: 'dynamodb delete-table',
    reason: 'Deletes the table and every item in it.',
    recovery: 'Restore into a new table from an on-demand backup or, with point-in-time recovery, from the PITR window (dynamodb restore-table-to-point-in-time); without either, the items are gone.',
  },
  's3api-delete-bucket': { risk: 'destructive', description: 's3api delete-bucket', reason: 'Deletes the (empty) bucket; its name becomes free for anyone.', recovery: 'Recreate the bucket and its configuration from infrastructure code.' },
});

export type AwsRuleKey = keyof typeof awsRules;
