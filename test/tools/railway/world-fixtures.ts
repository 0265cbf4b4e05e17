// The incident's world as scripted API answers: project pocket, production and staging sharing pg-data.
import type { HttpRequest } from '../../../src/core/context.js';

export const IDS = {
  project: 'proj_pocket',
  production: 'env_production',
  staging: 'env_staging',
  postgres: 'svc_postgres',
  api: 'svc_api',
  volume: 'vol_8f2c',
  prodInstance: 'vi_prod',
  stagingInstance: 'vi_staging',
};

export const PROJECT = {
  id: IDS.project,
  name: 'pocket',
  environments: { edges: [{ node: { id: IDS.production, name: 'production' } }, { node: { id: IDS.staging, name: 'staging' } }] },
  services: { edges: [{ node: { id: IDS.postgres, name: 'postgres' } }, { node: { id: IDS.api, name: 'api' } }] },
  volumes: {
    edges: [{
      node: {
        id: IDS.volume,
        name: 'pg-data',
        volumeInstances: {
          edges: [
            { node: { id: IDS.prodInstance, environmentId: IDS.production, serviceId: IDS.postgres, mountPath: '/var/lib/postgresql/data', currentSizeMB: 41200, sizeMB: 50000 } },
            { node: { id: IDS.stagingInstance, environmentId: IDS.staging, serviceId: IDS.postgres, mountPath: '/var/lib/postgresql/data', currentSizeMB: 900, sizeMB: 5000 } },
          ],
        },
      },
    }],
  },
};

const backup = (id: string, createdAt: string) => ({ id, name: null, createdAt, expiresAt: null, usedMB: 100, referencedMB: 100 });

export const ANSWERS = {
  GuardApiToken: () => ({ apiToken: { workspaces: [{ id: 'ws_1', name: 'acme' }] } }),
  GuardProjectToken: () => ({ projectToken: { projectId: IDS.project, environmentId: IDS.staging, project: { id: IDS.project, name: 'pocket' }, environment: { id: IDS.staging, name: 'staging' } } }),
  GuardProjects: () => ({ projects: { edges: [{ node: { id: IDS.project, name: 'pocket' } }] } }),
  GuardProject: (variables: Record<string, unknown>) => (variables.id === IDS.project ? { project: PROJECT } : null),
  GuardVolumeBackups: (variables: Record<string, unknown>) => ({
    volumeInstanceBackupList: variables.volumeInstanceId === IDS.prodInstance
      ? [backup('b1', '2026-11-21T03:00:00Z'), backup('b2', '2026-11-22T03:00:00Z'), backup('b3', '2026-11-23T03:00:00Z'), backup('b4', '2026-11-24T03:00:00Z')]
      : [],
  }),
  GuardDeployments: () => ({
    deployments: { edges: [{ node: { id: 'dep_1', status: 'SUCCESS', createdAt: '2026-11-24T10:00:00Z', environmentId: IDS.staging, serviceId: IDS.api, staticUrl: 'api-staging.up.railway.app' } }] },
  }),
} satisfies Record<string, (variables: Record<string, unknown>, request: HttpRequest) => unknown>;

/** ~/.railway/config.json with the world's root directory linked to staging. */
export function linkedToStaging(root: string, user: Record<string, string> = {}): string {
  return JSON.stringify({
    projects: { [root]: { projectPath: root, name: 'pocket', project: IDS.project, environment: IDS.staging, environmentName: 'staging', service: IDS.postgres } },
    user,
  });
}
