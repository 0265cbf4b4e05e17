// The cloud families (aws, gcloud, azure): nothing guard can copy, said plainly with the provider's own way to keep a copy.
import { SnapshotError, type SnapshotInput, type SnapshotPlan, type Snapshotter } from '../model.js';

/** What each provider offers to keep a copy before a delete, in its own commands. */
const PROVIDER_COPIES: Readonly<Record<string, { readonly name: string; readonly copies: string }>> = {
  aws: {
    name: 'AWS',
    copies: 'S3: turn on versioning or copy the objects out (aws s3 sync s3://BUCKET …) first; EBS: aws ec2 create-snapshot; RDS: aws rds create-db-snapshot, or a final snapshot on delete-db-instance; DynamoDB: aws dynamodb create-backup',
  },
  gcloud: {
    name: 'Google Cloud',
    copies: 'Cloud Storage: gcloud storage cp -r gs://BUCKET … first; disks: gcloud compute disks snapshot; Cloud SQL: gcloud sql backups create or gcloud sql export sql',
  },
  azure: {
    name: 'Azure',
    copies: 'managed disks: az snapshot create; storage: az storage copy (or soft delete); Azure SQL: az sql db export or the database\'s point-in-time restore window',
  },
};

function cloudSnapshotter(family: string): Snapshotter {
  const provider = PROVIDER_COPIES[family] ?? { name: family, copies: 'the provider\'s own backups' };
  const never = async (): Promise<never> => {
    throw new SnapshotError(`guard takes no snapshots of ${provider.name} resources`);
  };
  return {
    family,
    async plan(input: SnapshotInput): Promise<SnapshotPlan> {
      const targets = input.analysis.targets.map((t) => `${t.kind} ${t.id}`);
      return {
        family,
        tool: input.tool,
        environment: input.analysis.environment?.name ?? 'unknown',
        targets: [],
        estimatedBytes: null,
        copyable: false,
        reason: `guard does not copy ${provider.name} resources${targets.length > 0 ? ` (${targets.slice(0, 5).join(', ')}${targets.length > 5 ? ', …' : ''})` : ''}: buckets, disks, databases and instances live in ${provider.name}, and a copy of them would have to stay there or be downloaded in full`,
        notes: [`keep a copy with ${provider.name}'s own tools first: ${provider.copies}`],
        settings: {},
      };
    },
    take: never,
    verify: never,
    restore: never,
  };
}

export const awsSnapshotter = cloudSnapshotter('aws');
export const gcloudSnapshotter = cloudSnapshotter('gcloud');
export const azureSnapshotter = cloudSnapshotter('azure');
