// What a gcloud or gsutil delete would take with it, asked live: Cloud SQL instances, buckets and their objects, projects.
import type { Context } from '../../core/context.js';
import type { Target } from '../../core/types.js';
import { describeTally, GcloudLookup, obj, str, tallyDu } from './live.js';

export type Measurement = 'sql-instance' | 'bucket' | 'objects' | 'project';

interface Measured {
  readonly targets: readonly Target[];
  readonly blastRadius: readonly string[];
  readonly unverified: readonly string[];
}

const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
const pick = (record: Record<string, unknown>, ...keys: string[]): unknown => keys.map((key) => record[key]).find((value) => value !== undefined);

async function sqlInstance(lookup: GcloudLookup, target: Target, lines: string[], unverified: string[]): Promise<Target> {
  const answer = await lookup.json(['sql', 'instances', 'describe', target.name]);
  if (!answer.ok) {
    unverified.push(`Cloud SQL instance ${target.name}: ${answer.error}`);
    return target;
  }
  const instance = obj(answer.value);
  const settings = obj(instance.settings);
  const backups = obj(settings.backupConfiguration);
  const protectedFromDelete = bool(settings.deletionProtectionEnabled);
  const retains = bool(settings.retainBackupsOnDelete);
  const backupsOn = bool(backups.enabled);
  const finalBackup = obj(settings.finalBackupConfig);
  lines.push(`Cloud SQL instance ${target.name}: ${str(instance.databaseVersion) || 'engine unknown'}, tier ${str(settings.tier) || '?'}, ${str(settings.dataDiskSizeGb) || '?'} GB disk, state ${str(instance.state) || '?'}`);
  lines.push(protectedFromDelete ? `deletion protection is ON for ${target.name}: Cloud SQL refuses the delete until it is turned off` : `deletion protection is off for ${target.name}`);
  lines.push(
    retains
      ? `${target.name} retains its backups on delete (retainBackupsOnDelete): they outlive the instance`
      : `${target.name}'s backups (automated backups ${backupsOn ? 'on' : backupsOn === false ? 'off' : 'unknown'}) are deleted with it unless the instance retains them${bool(finalBackup.enabled) ? '; a final backup is configured' : ''}`,
  );
  const diskBytes = Number(str(settings.dataDiskSizeGb)) * 1e9;
  return {
    ...target,
    ...(Number.isFinite(diskBytes) && diskBytes > 0 ? { bytes: diskBytes } : {}),
    ...(protectedFromDelete !== null ? { deletionProtection: protectedFromDelete } : {}),
    ...(retains !== null ? { retainBackupsOnDelete: retains } : {}),
    ...(backupsOn !== null ? { automatedBackups: backupsOn } : {}),
  };
}

function bucketUrl(name: string): string {
  const path = name.startsWith('gs://') ? name.slice(5) : name;
  return `gs://${path.split('/')[0] ?? path}`;
}

async function bucketSettings(lookup: GcloudLookup, url: string, target: Target, lines: string[], unverified: string[]): Promise<Target> {
  const answer = await lookup.json(['storage', 'buckets', 'describe', url]);
  if (!answer.ok) {
    unverified.push(`bucket ${url}: ${answer.error}`);
    return target;
  }
  const bucket = obj(answer.value);
  const softDelete = obj(pick(bucket, 'soft_delete_policy', 'softDeletePolicy'));
  const seconds = Number(str(pick(softDelete, 'retentionDurationSeconds', 'retention_duration_seconds')));
  const versioning = bool(pick(bucket, 'versioning_enabled')) ?? bool(obj(bucket.versioning).enabled);
  lines.push(
    Number.isFinite(seconds) && seconds > 0
      ? `${url}: soft delete keeps deleted objects restorable for ${Math.round(seconds / 86400)} days (gcloud storage restore)`
      : `${url}: soft delete is off: deleted objects cannot be restored`,
  );
  if (versioning !== null) lines.push(`${url}: object versioning ${versioning ? 'on (noncurrent versions stay unless every version is deleted)' : 'off'}`);
  return { ...target, ...(Number.isFinite(seconds) ? { softDeleteSeconds: seconds } : {}), ...(versioning !== null ? { versioning } : {}) };
}

async function objectCount(lookup: GcloudLookup, program: 'gcloud' | 'gsutil', url: string, target: Target, lines: string[], unverified: string[]): Promise<Target> {
  // A bucket URL counts the bucket; a prefix or wildcard counts what it matches.
  const listing = url.includes('*') || url.split('/').length > 3 ? url : `${url.replace(/\/+$/, '')}/**`;
  const answer = await lookup.run(program === 'gcloud' ? ['storage', 'du', listing] : ['du', listing], { allowTruncated: true });
  if (!answer.ok) {
    unverified.push(`objects under ${url}: ${answer.error}`);
    return target;
  }
  const tally = tallyDu(answer.value, answer.truncated === true);
  lines.push(describeTally(url, tally));
  return { ...target, objects: tally.objects, bytes: tally.bytes, ...(tally.atLeast ? { atLeast: true } : {}) };
}

async function project(lookup: GcloudLookup, target: Target, lines: string[], unverified: string[]): Promise<Target> {
  const answer = await lookup.json(['projects', 'describe', target.name]);
  if (!answer.ok) {
    unverified.push(`project ${target.name}: ${answer.error}`);
    return target;
  }
  const described = obj(answer.value);
  lines.push(`project ${target.name} (${str(described.name) || 'no display name'}, number ${str(described.projectNumber) || '?'}), state ${str(described.lifecycleState) || '?'}: every resource in it shuts down; 30 days to undelete`);
  return { ...target, ...(str(described.projectNumber) ? { projectNumber: str(described.projectNumber) } : {}) };
}

/** One spinner, every target in parallel; anything that fails to answer is unverified, never assumed harmless. */
export async function measureTargets(ctx: Context, measurement: Measurement, targets: readonly Target[], pin: readonly string[], program: 'gcloud' | 'gsutil' = 'gcloud'): Promise<Measured> {
  const lookup = new GcloudLookup(ctx, ctx.which(program) ?? program, pin);
  const spinner = ctx.spinner(`guard: asking Google Cloud what this would delete…`);
  const unverified: string[] = [];
  try {
    const results = await Promise.all(
      targets.map(async (target) => {
        const lines: string[] = [];
        let measured = target;
        if (measurement === 'sql-instance') measured = await sqlInstance(lookup, target, lines, unverified);
        else if (measurement === 'project') measured = await project(lookup, target, lines, unverified);
        else {
          const url = String(target.id).startsWith('gs://') ? String(target.id) : `gs://${target.name}`;
          if (program === 'gcloud') measured = await bucketSettings(lookup, bucketUrl(url), measured, lines, unverified);
          measured = await objectCount(lookup, program, measurement === 'bucket' ? bucketUrl(url) : url, measured, lines, unverified);
        }
        return { measured, lines };
      }),
    );
    return { targets: results.map((r) => r.measured), blastRadius: results.flatMap((r) => r.lines), unverified };
  } finally {
    spinner.stop();
  }
}
