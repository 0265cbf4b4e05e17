// Live blast radius of an aws command: S3 buckets and prefixes, RDS, DynamoDB, EC2 and CloudFormation, read-only and bounded.
import { formatBytes, formatCount } from '../../core/report.js';
import { list, num, obj, str, type AwsLookup } from './lookup.js';

export interface MeasuredTarget {
  readonly kind: string;
  readonly name: string;
  /** Numbers for the JSON report: objects, bytes, items… */
  readonly facts: Record<string, number | boolean | string>;
}

export interface LiveFacts {
  readonly blastRadius: string[];
  readonly unverified: string[];
  /** Provider protections and recovery windows, for the recovery notes. */
  readonly protections: string[];
  /** Environment tags found on the targets (`Environment=production` on an instance): `tag → where`. */
  readonly taggedEnvironments: Map<string, string>;
}

/** S3 counts are paged: past this many keys guard says "at least". */
export const MAX_COUNTED_OBJECTS = 100_000;
const PAGE_SIZE = '1000';

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

export async function measureBucket(lookup: AwsLookup, bucket: string, prefix: string, target: MeasuredTarget, facts: LiveFacts): Promise<void> {
  const where = prefix ? `s3://${bucket}/${prefix}` : `s3://${bucket}`;
  const [listing, versioning, lock] = await Promise.all([
    lookup.call('s3api', 'list-objects-v2', ['--bucket', bucket, ...(prefix ? ['--prefix', prefix] : []), '--max-items', String(MAX_COUNTED_OBJECTS), '--page-size', PAGE_SIZE, '--query', '{sizes: Contents[].Size, next: NextToken}']),
    lookup.call('s3api', 'get-bucket-versioning', ['--bucket', bucket]),
    lookup.call('s3api', 'get-object-lock-configuration', ['--bucket', bucket]),
  ]);
  if (!listing.ok) {
    if (listing.notFound) facts.blastRadius.push(`${where}: the bucket does not exist`);
    else facts.unverified.push(`objects in ${where}: ${listing.error}`);
    return;
  }
  const sizes = Array.isArray(listing.value.sizes) ? listing.value.sizes.map((s) => num(s) ?? 0) : [];
  const bytes = sizes.reduce((sum, size) => sum + size, 0);
  const more = str(listing.value.next) !== '';
  target.facts.objects = sizes.length;
  target.facts.bytes = bytes;
  if (more) target.facts.objectsAtLeast = true;
  facts.blastRadius.push(`${where}: ${more ? 'at least ' : ''}${plural(sizes.length, 'object')}, ${more ? 'at least ' : ''}${formatBytes(bytes)}`);
  if (versioning.ok) {
    const status = str(versioning.value.Status) || 'never enabled';
    target.facts.versioning = status;
    facts.blastRadius.push(`versioning ${status}${status === 'Enabled' ? ': deleted objects stay as noncurrent versions (rb --force still deletes the bucket and them)' : ': deleted objects are gone'}`);
    if (status === 'Enabled') facts.protections.push(`s3://${bucket} has versioning enabled: object deletions leave restorable noncurrent versions until the bucket itself is deleted.`);
  } else facts.unverified.push(`versioning of s3://${bucket}: ${versioning.error}`);
  if (lock.ok) {
    const config = obj(lock.value.ObjectLockConfiguration);
    const enabled = str(config.ObjectLockEnabled) === 'Enabled';
    target.facts.objectLock = enabled;
    if (enabled) {
      const retention = obj(obj(config.Rule).DefaultRetention);
      const mode = str(retention.Mode);
      facts.blastRadius.push(`Object Lock enabled${mode ? ` (default retention ${mode}, ${String(retention.Days ?? retention.Years ?? '?')} ${retention.Days ? 'days' : 'years'})` : ''}: locked versions cannot be deleted`);
      facts.protections.push(`s3://${bucket} has Object Lock: locked object versions survive deletes until their retention ends.`);
    }
  } else if (lock.error.includes('ObjectLockConfigurationNotFound')) {
    target.facts.objectLock = false;
    facts.blastRadius.push('no Object Lock');
  } else facts.unverified.push(`Object Lock of s3://${bucket}: ${lock.error}`);
}

export async function measureDbInstance(lookup: AwsLookup, id: string, cluster: boolean, skipFinalSnapshot: boolean, deleteAutomatedBackups: boolean, target: MeasuredTarget, facts: LiveFacts): Promise<void> {
  const what = cluster ? 'DB cluster' : 'DB instance';
  const [described, snapshots] = await Promise.all([
    cluster ? lookup.call('rds', 'describe-db-clusters', ['--db-cluster-identifier', id]) : lookup.call('rds', 'describe-db-instances', ['--db-instance-identifier', id]),
    cluster ? lookup.call('rds', 'describe-db-cluster-snapshots', ['--db-cluster-identifier', id]) : lookup.call('rds', 'describe-db-snapshots', ['--db-instance-identifier', id]),
  ]);
  if (!described.ok) {
    if (described.notFound) facts.blastRadius.push(`${what} ${id} does not exist`);
    else facts.unverified.push(`${what} ${id}: ${described.error}`);
    return;
  }
  const db = list(cluster ? described.value.DBClusters : described.value.DBInstances)[0] ?? {};
  const engine = `${str(db.Engine)} ${str(db.EngineVersion)}`.trim();
  const storage = num(db.AllocatedStorage);
  const protection = db.DeletionProtection === true;
  const retention = num(db.BackupRetentionPeriod) ?? 0;
  Object.assign(target.facts, { engine, deletionProtection: protection, backupRetentionDays: retention, ...(storage !== null ? { bytes: storage * 2 ** 30, allocatedGiB: storage } : {}) });
  facts.blastRadius.push(`${what} ${id}: ${engine || 'unknown engine'}${db.DBInstanceClass ? `, ${str(db.DBInstanceClass)}` : ''}${storage !== null ? `, ${storage} GiB allocated` : ''}, status ${str(db.DBInstanceStatus ?? db.Status) || 'unknown'}`);
  if (protection) {
    facts.blastRadius.push(`deletion protection is ON: AWS refuses this delete until someone turns it off (modify-db-${cluster ? 'cluster' : 'instance'} --no-deletion-protection)`);
    facts.protections.push(`${what} ${id} has deletion protection: the delete fails while it is on.`);
  } else facts.blastRadius.push('deletion protection is off: nothing on AWS stops the delete');
  facts.blastRadius.push(skipFinalSnapshot ? '--skip-final-snapshot: NO final snapshot is taken' : 'a final snapshot is taken before the delete');
  if (!cluster) facts.blastRadius.push(`automated backups (retention ${retention} days) ${deleteAutomatedBackups ? 'are deleted with the instance' : 'are retained until their retention period ends'}`);
  else facts.blastRadius.push(`automated backups (retention ${retention} days) ${deleteAutomatedBackups ? 'are deleted with the cluster' : 'are retained until their retention period ends (the CLI default for clusters)'}`);
  if (snapshots.ok) {
    const all = list(cluster ? snapshots.value.DBClusterSnapshots : snapshots.value.DBSnapshots);
    const manual = all.filter((s) => str(s.SnapshotType) === 'manual').length;
    const automated = all.length - manual;
    target.facts.manualSnapshots = manual;
    facts.blastRadius.push(`manual snapshots that stay: ${manual}; automated snapshots ${deleteAutomatedBackups ? 'deleted with it' : 'kept until they expire'}: ${automated}`);
    if (manual === 0 && skipFinalSnapshot) facts.blastRadius.push('no manual snapshot exists: after this delete nothing is left to restore from');
  } else facts.unverified.push(`snapshots of ${what} ${id}: ${snapshots.error}`);
}

export async function measureTable(lookup: AwsLookup, table: string, target: MeasuredTarget, facts: LiveFacts): Promise<void> {
  const [described, backups] = await Promise.all([lookup.call('dynamodb', 'describe-table', ['--table-name', table]), lookup.call('dynamodb', 'describe-continuous-backups', ['--table-name', table])]);
  if (!described.ok) {
    if (described.notFound) facts.blastRadius.push(`table ${table} does not exist`);
    else facts.unverified.push(`table ${table}: ${described.error}`);
    return;
  }
  const t = obj(described.value.Table);
  const items = num(t.ItemCount) ?? 0;
  const bytes = num(t.TableSizeBytes) ?? 0;
  const protection = t.DeletionProtectionEnabled === true;
  Object.assign(target.facts, { items, bytes, deletionProtection: protection });
  facts.blastRadius.push(`table ${table}: ${plural(items, 'item')}, ${formatBytes(bytes)} (DynamoDB updates these about every six hours)`);
  if (protection) {
    facts.blastRadius.push('deletion protection is ON: AWS refuses this delete until it is turned off');
    facts.protections.push(`table ${table} has deletion protection: the delete fails while it is on.`);
  }
  if (backups.ok) {
    const pitr = str(obj(obj(backups.value.ContinuousBackupsDescription).PointInTimeRecoveryDescription).PointInTimeRecoveryStatus) === 'ENABLED';
    target.facts.pointInTimeRecovery = pitr;
    facts.blastRadius.push(pitr ? 'point-in-time recovery is on: the table can be restored into a new table for 35 days' : 'point-in-time recovery is off');
    if (pitr) facts.protections.push(`table ${table} has point-in-time recovery: restore it into a new table (restore-table-to-point-in-time).`);
  } else facts.unverified.push(`point-in-time recovery of ${table}: ${backups.error}`);
}

export async function measureInstances(lookup: AwsLookup, ids: readonly string[], targets: readonly MeasuredTarget[], facts: LiveFacts): Promise<void> {
  const described = await lookup.call('ec2', 'describe-instances', ['--instance-ids', ...ids]);
  if (!described.ok) return void (described.notFound ? facts.blastRadius.push(`instances ${ids.join(', ')}: not all exist`) : facts.unverified.push(`instances ${ids.join(', ')}: ${described.error}`));
  const instances = list(described.value.Reservations).flatMap((r) => list(r.Instances));
  await Promise.all(
    instances.map(async (instance) => {
      const id = str(instance.InstanceId);
      const tags = new Map(list(instance.Tags).map((t) => [str(t.Key), str(t.Value)]));
      const volumes = list(instance.BlockDeviceMappings).map((m) => ({ device: str(m.DeviceName), ebs: obj(m.Ebs) }));
      const doomed = volumes.filter((v) => v.ebs.DeleteOnTermination === true);
      const attribute = await lookup.call('ec2', 'describe-instance-attribute', ['--instance-id', id, '--attribute', 'disableApiTermination']);
      const protectedInstance = attribute.ok && obj(attribute.value.DisableApiTermination).Value === true;
      if (!attribute.ok) facts.unverified.push(`termination protection of ${id}: ${attribute.error}`);
      const target = targets.find((t) => t.name === id);
      if (target) Object.assign(target.facts, { terminationProtection: protectedInstance, volumesDeleted: doomed.length, ...(tags.get('Name') ? { nameTag: tags.get('Name') as string } : {}) });
      const env = tags.get('Environment') ?? tags.get('environment') ?? tags.get('env') ?? tags.get('Env');
      if (env) facts.taggedEnvironments.set(env, `tag ${tags.has('Environment') ? 'Environment' : 'env'}=${env} on instance ${id}`);
      facts.blastRadius.push(`instance ${id}${tags.get('Name') ? ` (Name ${tags.get('Name')})` : ''}${env ? `, environment tag ${env}` : ''}: ${str(obj(instance.State).Name) || 'unknown state'}, ${str(instance.InstanceType)}`);
      facts.blastRadius.push(`  ${plural(doomed.length, 'EBS volume')} deleted on termination${doomed.length > 0 ? ` (${doomed.map((v) => `${v.device} ${str(v.ebs.VolumeId)}`).join(', ')})` : ''}; ${volumes.length - doomed.length} kept`);
      if (protectedInstance) {
        facts.blastRadius.push('  termination protection is ON: AWS refuses to terminate it');
        facts.protections.push(`instance ${id} has termination protection: terminate fails while it is on.`);
      }
    }),
  );
  const found = new Set(instances.map((i) => str(i.InstanceId)));
  for (const id of ids) if (!found.has(id)) facts.blastRadius.push(`instance ${id} was not found`);
}

export async function measureStack(lookup: AwsLookup, stack: string, target: MeasuredTarget, facts: LiveFacts): Promise<void> {
  const [stacks, resources, template] = await Promise.all([
    lookup.call('cloudformation', 'describe-stacks', ['--stack-name', stack]),
    lookup.call('cloudformation', 'describe-stack-resources', ['--stack-name', stack]),
    lookup.call('cloudformation', 'get-template', ['--stack-name', stack]),
  ]);
  if (!resources.ok) return void (resources.notFound ? facts.blastRadius.push(`stack ${stack} does not exist`) : facts.unverified.push(`resources of stack ${stack}: ${resources.error}`));
  const all = list(resources.value.StackResources);
  const policies = template.ok ? await deletionPolicies(template.value.TemplateBody) : null;
  if (!policies) facts.unverified.push(`retention policies of stack ${stack}: ${template.ok ? 'the template could not be read' : template.error}`);
  const retained = all.filter((r) => policies?.get(str(r.LogicalResourceId)) === 'Retain' || policies?.get(str(r.LogicalResourceId)) === 'RetainExceptOnCreate');
  const snapshotted = all.filter((r) => policies?.get(str(r.LogicalResourceId)) === 'Snapshot');
  target.facts.resources = all.length;
  target.facts.retained = retained.length;
  facts.blastRadius.push(`stack ${stack}: ${plural(all.length - retained.length, 'resource')} deleted${retained.length > 0 ? `, ${retained.length} retained (DeletionPolicy Retain)` : ''}${snapshotted.length > 0 ? `, ${snapshotted.length} snapshotted first` : ''}`);
  for (const r of all.slice(0, 15)) facts.blastRadius.push(`  ${str(r.ResourceType)} ${str(r.PhysicalResourceId) || str(r.LogicalResourceId)}: ${policies?.get(str(r.LogicalResourceId)) ?? 'Delete'}`);
  if (all.length > 15) facts.blastRadius.push(`  … ${all.length - 15} more`);
  if (stacks.ok && list(stacks.value.Stacks)[0]?.EnableTerminationProtection === true) {
    facts.blastRadius.push('termination protection is ON: CloudFormation refuses to delete the stack');
    facts.protections.push(`stack ${stack} has termination protection: delete-stack fails while it is on.`);
  }
}

/** Logical id → DeletionPolicy from the template (JSON, or YAML with CloudFormation's short-form tags). */
async function deletionPolicies(body: unknown): Promise<Map<string, string> | null> {
  let doc: unknown = body;
  if (typeof body === 'string') {
    try {
      doc = JSON.parse(body);
    } catch {
      const { parse } = await import('yaml');
      try {
        doc = parse(body, { customTags: (tags) => tags, logLevel: 'silent', strict: false });
      } catch {
        return null;
      }
    }
  }
  const resources = obj(obj(doc).Resources);
  return new Map(Object.entries(resources).map(([id, r]) => [id, str(obj(r).DeletionPolicy) || 'Delete']));
}
