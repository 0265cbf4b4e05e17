// The railway CLI's rule table: plain data, ids `railway/<rule>`, recovery notes from Railway's docs.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources:
// - Volumes: https://docs.railway.com/reference/volumes ("Deletion and Restoration": a deleted
//   volume is queued and permanently deleted within 48 hours; it can be restored in that window).
// - Projects and volumes: https://blog.railway.com/p/how-we-oops-proofed-infrastructure-deletion-on-railway
//   (48-hour grace period to undo project and volume deletions).
// - Backups: https://docs.railway.com/reference/backups (backups are snapshots of a volume
//   instance, kept with the volume; they are listed and restored per volume instance).
// - Point-in-time recovery: https://docs.railway.com/volumes/point-in-time-recovery (restore
//   provisions a new Postgres service from the WAL archive in a bucket).
// - The CLI's own prompts (railwayapp/cli 5.43.1): service delete "will permanently delete all
//   its deployments" (src/commands/service.rs), bucket delete "will permanently delete all
//   objects" (src/commands/bucket.rs), project delete "cannot be undone" (src/commands/delete.rs).
const VOLUME_RECOVERY =
  'Railway queues a deleted volume and deletes it permanently within 48 hours; restore it from the project canvas before then. Its backups belong to the volume and go with it: after 48 hours, nothing is left.';

type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `railway/${key}`, ...rows[key] };
  return out;
}

export const railwayRules = table({
  'volume-delete': {
    risk: 'destructive',
    description: 'railway volume delete (rm, remove)',
    reason: 'Deletes the volume in every environment that shares it, with its data and its backups.',
    recovery: VOLUME_RECOVERY,
  },
  'volume-files-delete': {
    risk: 'destructive',
    description: 'railway volume files delete (rm, remove); railway service files delete',
    reason: 'Deletes files or directories on a mounted volume.',
    recovery: 'No undo: restore the volume instance from a backup taken before the deletion (this replaces all newer data).',
  },
  'environment-delete': {
    risk: 'destructive',
    description: 'railway environment delete (rm, remove)',
    reason: 'Deletes the environment with its service instances, deployments, variables and volume instances.',
    recovery: 'No undo from the CLI: volumes deleted with it can be restored within 48 hours; everything else must be recreated.',
  },
  'service-delete': {
    risk: 'destructive',
    description: 'railway service delete (rm, remove)',
    reason: 'Deletes the service from the environment and permanently deletes all its deployments.',
    recovery: 'No undo: recreate the service; volumes detached by the deletion can be restored within 48 hours.',
  },
  'project-delete': {
    risk: 'destructive',
    description: 'railway delete (rm, remove) and railway project delete',
    reason: 'Deletes the project: every environment, service, volume and backup in it.',
    recovery: 'Railway keeps a deleted project restorable for 48 hours (a grace period); after that, nothing is left.',
  },
  down: {
    risk: 'destructive',
    description: 'railway down',
    reason: 'Removes the most recent successful deployment of the service: it stops serving.',
    recovery: 'Redeploy (railway redeploy or railway up); data on volumes is kept.',
  },
  'bucket-delete': {
    risk: 'destructive',
    description: 'railway bucket delete (rm, remove)',
    reason: 'Deletes the storage bucket and permanently deletes all its objects.',
    recovery: 'No undo: the objects are gone.',
  },
  'bucket-credentials-reset': {
    risk: 'destructive',
    description: 'railway bucket credentials --reset',
    reason: 'Revokes the bucket credentials every client uses; they stop working at once.',
    recovery: 'Update every client with the new credentials; the old ones cannot be restored.',
  },
  'functions-delete': {
    risk: 'destructive',
    description: 'railway functions delete (rm, remove)',
    reason: 'Deletes the function service and its deployments.',
    recovery: 'No undo: push the function again from its source.',
  },
  'domain-delete': {
    risk: 'destructive',
    description: 'railway domain delete (rm, remove)',
    reason: 'Removes the domain from the service; traffic to it stops.',
    recovery: 'Add the domain again; a generated railway.app domain may not get the same name back.',
  },
  'tcp-proxy-delete': {
    risk: 'destructive',
    description: 'railway tcp-proxy delete (rm, remove)',
    reason: 'Removes the TCP proxy; clients connecting through it lose access.',
    recovery: 'Create a new proxy; its host and port will differ, so clients must be updated.',
  },
  'templates-delete': {
    risk: 'destructive',
    description: 'railway templates delete (rm, remove)',
    reason: 'Deletes the template.',
    recovery: 'No undo: create and publish the template again.',
  },
  'pitr-backup-delete': {
    risk: 'destructive',
    description: 'railway postgres pitr backup delete',
    reason: 'Deletes point-in-time base backups; restores that depended on them become impossible.',
    recovery: 'No undo: the backups are gone.',
  },
  'pitr-restore': {
    risk: 'destructive',
    description: 'railway postgres pitr restore and railway postgres pitr backup restore',
    reason: 'Restores the database to an earlier state; data written after that point is discarded or split off.',
    recovery: 'Take a backup before restoring; newer data survives only in such a backup.',
  },
  'pitr-disable': {
    risk: 'destructive',
    description: 'railway postgres pitr disable',
    reason: 'Stops WAL archiving: the database can no longer be restored to a point in time.',
    recovery: 'Re-enable it; coverage restarts from the next base backup, the gap cannot be filled.',
  },
  'variable-delete': {
    risk: 'destructive',
    description: 'railway variable delete (rm, remove)',
    reason: 'Deletes a service variable; the next deployment runs without it.',
    recovery: 'Set the variable again; its old value is not kept by Railway.',
  },
  'sandbox-destroy': {
    risk: 'destructive',
    description: 'railway sandbox destroy (rm, delete)',
    reason: 'Destroys the sandbox and everything in it.',
    recovery: 'No undo: create a new sandbox (from a checkpoint if one exists).',
  },
  'sandbox-checkpoint-delete': {
    risk: 'destructive',
    description: 'railway sandbox checkpoint delete (rm)',
    reason: 'Deletes a sandbox checkpoint.',
    recovery: 'No undo: the checkpoint is gone.',
  },
  'cloud-agent-delete': {
    risk: 'destructive',
    description: 'railway ca delete (rm), railway code --rm',
    reason: 'Destroys a cloud agent machine and its working files.',
    recovery: 'No undo: work not pushed from the agent is lost.',
  },
  'config-apply-destructive': {
    risk: 'destructive',
    description: 'railway config apply --confirm-destructive',
    reason: 'Applies configuration-as-code including the destructive changes it plans (deleted services, volumes).',
    recovery: 'Depends on what the plan deletes: volumes within 48 hours, the rest must be recreated. Run railway config plan first.',
  },
  'api-mutation': {
    risk: 'destructive',
    description: 'railway api with a destructive GraphQL mutation (volumeDelete, projectDelete, environmentDelete…)',
    reason: 'The GraphQL document calls a mutation that deletes, removes, resets or restores Railway resources.',
    recovery: 'Depends on the mutation: deleted volumes and projects can be restored within 48 hours, most other deletions cannot.',
  },
  'api-write': {
    risk: 'write',
    description: 'railway api with a non-destructive GraphQL mutation',
    reason: 'The GraphQL document changes Railway resources without deleting them.',
  },
  'api-read': {
    risk: 'read',
    description: 'railway api with a query, and railway api schema/search/describe',
    reason: 'Reads only.',
  },
  'api-unreadable': {
    risk: 'unknown',
    description: 'railway api with a document guard cannot read or parse (stdin, missing file, syntax error)',
    reason: 'guard cannot see which GraphQL operations this runs.',
    recovery: 'Unknown: guard cannot tell what this request changes.',
  },
  'agent-prompt': {
    risk: 'unknown',
    description: 'railway agent (a prompt to Railway\'s AI agent, which can act on the project)',
    reason: 'Railway\'s agent decides at run time what to change; guard cannot see it.',
    recovery: 'Unknown: depends on what the agent does.',
  },
  'remote-shell': {
    risk: 'write',
    description: 'railway ssh, railway connect, railway sandbox ssh/exec (a shell in the service or its database)',
    reason: 'Opens a shell inside the environment; anything typed there runs against it.',
  },
  'remote-shell-stdin': {
    risk: 'unknown',
    description: 'railway connect, or railway ssh without a command, with stdin that is not a terminal',
    reason: 'The database or service shell reads its commands from stdin and runs them inside the environment; guard cannot read them.',
    recovery: 'Unknown: whatever the piped commands change. Run them through the database client guard reads (psql, mysql, redis-cli) with the connection string instead.',
  },
  'local-run': {
    risk: 'write',
    description: 'railway run, railway shell (a local command with the environment\'s variables)',
    reason: 'Runs a local command with the environment\'s credentials; guard does not see what that command does.',
  },
  write: {
    risk: 'write',
    description: 'Deploys, restarts, scaling, variables set, links, volume add/attach/detach/update, environment new…',
    reason: 'Changes the project or local configuration without deleting data.',
  },
  read: {
    risk: 'read',
    description: 'status, logs, list, whoami, variables (listing), volume list, help…',
    reason: 'Reads only.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options, arguments or subcommands the railway CLI (5.43.1) does not define',
    reason: 'guard does not recognise these arguments, so it cannot tell what railway will do.',
    recovery: 'Unknown: guard cannot tell what this command changes.',
  },
});

export type RailwayRuleKey = keyof typeof railwayRules;
