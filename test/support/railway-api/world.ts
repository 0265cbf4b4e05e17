// The seeded world the Railway API double serves: projects, environments, volumes, backups, tokens.

export interface WorldBackup {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly usedMB: number;
  readonly referencedMB: number;
}

export interface WorldVolumeInstance {
  readonly id: string;
  readonly environmentId: string;
  readonly serviceId: string | null;
  mountPath: string;
  readonly currentSizeMB: number;
  readonly sizeMB: number;
  readonly backups: WorldBackup[];
}

export interface WorldVolume {
  readonly id: string;
  readonly name: string;
  readonly instances: WorldVolumeInstance[];
}

export interface WorldDeployment {
  readonly id: string;
  readonly serviceId: string;
  readonly environmentId: string;
  readonly status: string;
  readonly createdAt: string;
  readonly staticUrl: string | null;
}

export interface WorldProject {
  readonly id: string;
  readonly name: string;
  readonly workspaceId: string;
  environments: { readonly id: string; readonly name: string }[];
  services: { readonly id: string; readonly name: string }[];
  volumes: WorldVolume[];
  deployments: WorldDeployment[];
  /** Service variables per environment (`variables(projectId, environmentId, serviceId)`). */
  variables?: { readonly environmentId: string; readonly serviceId: string; readonly values: Record<string, string> }[];
}

export type WorldToken =
  /** An account token (no workspace) or a workspace token: `Authorization: Bearer`. */
  | { readonly kind: 'api'; readonly token: string; readonly userId: string; readonly workspaceId?: string }
  /** The CLI's logged-in user token: `Authorization: Bearer`. */
  | { readonly kind: 'user'; readonly token: string; readonly userId: string }
  /** A project token, scoped to one environment: `Project-Access-Token`. */
  | { readonly kind: 'project'; readonly token: string; readonly id: string; readonly name: string; readonly projectId: string; readonly environmentId: string };

export interface RailwayWorld {
  readonly users: { readonly id: string; readonly name: string; readonly email: string }[];
  readonly workspaces: { readonly id: string; readonly name: string; readonly ownerId: string }[];
  projects: WorldProject[];
  readonly tokens: WorldToken[];
}

export const INCIDENT = {
  projectId: '7d4e2a90-pocket',
  productionId: 'env_prod_5f1a',
  stagingId: 'env_stg_9c3b',
  serviceId: 'svc_pg_41d2',
  volumeId: 'vol_8f2c41d7',
  volumeName: 'pg-data',
  productionInstanceId: 'vi_prod_8f2c',
  stagingInstanceId: 'vi_stg_8f2c',
  apiToken: 'account-token-3f9a',
  userToken: 'user-token-77b1',
  projectToken: 'project-token-staging-c2d8',
  otherProjectId: '0b8c11f3-sideline',
} as const;

function backup(id: string, createdAt: string, usedMB: number): WorldBackup {
  return { id, name: `pg-data ${createdAt.slice(0, 10)}`, createdAt, expiresAt: null, usedMB, referencedMB: usedMB };
}

/** The incident: one volume shared by production and staging, backups on the same volume, an account-wide token. */
export function incidentWorld(): RailwayWorld {
  const i = INCIDENT;
  return {
    users: [{ id: 'user_ana', name: 'Ana', email: 'ana@pocket.example' }],
    workspaces: [{ id: 'ws_pocket', name: 'pocket', ownerId: 'user_ana' }],
    projects: [
      {
        id: i.projectId,
        name: 'pocket',
        workspaceId: 'ws_pocket',
        environments: [
          { id: i.productionId, name: 'production' },
          { id: i.stagingId, name: 'staging' },
        ],
        services: [{ id: i.serviceId, name: 'postgres' }],
        volumes: [
          {
            id: i.volumeId,
            name: i.volumeName,
            instances: [
              {
                id: i.productionInstanceId,
                environmentId: i.productionId,
                serviceId: i.serviceId,
                mountPath: '/var/lib/postgresql/data',
                currentSizeMB: 41200,
                sizeMB: 50000,
                backups: [
                  backup('bak_p1', '2026-11-21T03:00:00.000Z', 39800),
                  backup('bak_p2', '2026-11-22T03:00:00.000Z', 40300),
                  backup('bak_p3', '2026-11-23T03:00:00.000Z', 40900),
                  backup('bak_p4', '2026-11-24T03:00:00.000Z', 41200),
                ],
              },
              {
                id: i.stagingInstanceId,
                environmentId: i.stagingId,
                serviceId: i.serviceId,
                mountPath: '/var/lib/postgresql/data',
                currentSizeMB: 900,
                sizeMB: 5000,
                backups: [backup('bak_s1', '2026-11-20T03:00:00.000Z', 850)],
              },
            ],
          },
        ],
        deployments: [
          { id: 'dep_prod_1', serviceId: i.serviceId, environmentId: i.productionId, status: 'SUCCESS', createdAt: '2026-11-20T10:00:00.000Z', staticUrl: null },
          { id: 'dep_stg_1', serviceId: i.serviceId, environmentId: i.stagingId, status: 'SUCCESS', createdAt: '2026-11-22T10:00:00.000Z', staticUrl: null },
        ],
      },
      {
        id: i.otherProjectId,
        name: 'sideline',
        workspaceId: 'ws_pocket',
        environments: [{ id: 'env_side_prod', name: 'production' }],
        services: [{ id: 'svc_side_web', name: 'web' }],
        volumes: [],
        deployments: [],
      },
    ],
    tokens: [
      { kind: 'api', token: i.apiToken, userId: 'user_ana' },
      { kind: 'user', token: i.userToken, userId: 'user_ana' },
      { kind: 'project', token: i.projectToken, id: 'ptok_stg', name: 'staging deploys', projectId: i.projectId, environmentId: i.stagingId },
    ],
  };
}
