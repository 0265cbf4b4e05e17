// Which snapshotter serves which family; each loads only when a snapshot is planned or restored.
import type { Snapshotter } from './model.js';

/** One line per family that can copy what it destroys (src/snapshots/families/<family>.ts), sorted. */
export const SNAPSHOTTERS: Readonly<Record<string, () => Promise<Snapshotter>>> = {
  aws: async () => (await import('./families/cloud.js')).awsSnapshotter,
  azure: async () => (await import('./families/cloud.js')).azureSnapshotter,
  gcloud: async () => (await import('./families/cloud.js')).gcloudSnapshotter,
  kubernetes: async () => (await import('./families/kubernetes.js')).kubernetesSnapshotter,
  mysql: async () => (await import('./families/mysql.js')).mysqlSnapshotter,
  postgres: async () => (await import('./families/postgres.js')).postgresSnapshotter,
  pulumi: async () => (await import('./families/pulumi.js')).pulumiSnapshotter,
  railway: async () => (await import('./families/railway.js')).railwaySnapshotter,
  redis: async () => (await import('./families/redis.js')).redisSnapshotter,
  terraform: async () => (await import('./families/terraform.js')).terraformSnapshotter,
};

/** The snapshotter for a family, or null when the family has none (the report says nothing can be copied). */
export async function snapshotterFor(family: string): Promise<Snapshotter | null> {
  const load = SNAPSHOTTERS[family];
  return load ? load() : null;
}
