// Read-only GraphQL look-ups against Railway's public API, over ctx.http, bounded in time.
import type { Context } from '../../core/context.js';
import { authHeaders, scrub } from './credential.js';
import { DEFAULT_RAILWAY_API_URL, type RailwayCredential } from './model.js';

/** A slow API must not hold the user's command hostage; the decision fails closed instead. */
export const RAILWAY_LOOKUP_TIMEOUT_MS = 4000;

/** Every look-up for one command together: a volume delete sends several queries, each could stall. */
export const RAILWAY_LOOKUP_BUDGET_MS = 6000;

/**
 * Shared by every query of one command (scope and blast radius alike): once the API has not
 * answered at all, asking again only makes the user wait another timeout for the same answer.
 */
export interface LookupBudget {
  readonly deadline: number;
  unreachable: string | null;
}

export function lookupBudget(ctx: Pick<Context, 'now'>): LookupBudget {
  return { deadline: ctx.now().getTime() + RAILWAY_LOOKUP_BUDGET_MS, unreachable: null };
}

export const PROJECT_TOKEN_QUERY = `query GuardProjectToken {
  projectToken { projectId environmentId project { id name } environment { id name } }
}`;

export const API_TOKEN_QUERY = `query GuardApiToken {
  apiToken { workspaces { id name } }
}`;

export const PROJECTS_QUERY = `query GuardProjects {
  projects(first: 50) { edges { node { id name } } }
}`;

export const PROJECT_QUERY = `query GuardProject($id: String!) {
  project(id: $id) {
    id
    name
    environments { edges { node { id name } } }
    services { edges { node { id name } } }
    volumes { edges { node { id name volumeInstances { edges { node { id environmentId serviceId mountPath currentSizeMB sizeMB } } } } } }
  }
}`;

export const VOLUME_BACKUPS_QUERY = `query GuardVolumeBackups($volumeInstanceId: String!) {
  volumeInstanceBackupList(volumeInstanceId: $volumeInstanceId) { id name createdAt expiresAt usedMB referencedMB }
}`;

export const DEPLOYMENTS_QUERY = `query GuardDeployments($input: DeploymentListInput!, $first: Int) {
  deployments(input: $input, first: $first) { edges { node { id status createdAt environmentId serviceId staticUrl } } }
}`;

/** Every document guard sends to Railway; a test validates each against the schema. */
export const RAILWAY_QUERIES: readonly string[] = [PROJECT_TOKEN_QUERY, API_TOKEN_QUERY, PROJECTS_QUERY, PROJECT_QUERY, VOLUME_BACKUPS_QUERY, DEPLOYMENTS_QUERY];

export interface Edges<T> {
  readonly edges: readonly { readonly node: T }[];
}

export interface ProjectTokenData {
  readonly projectToken: { projectId: string; environmentId: string; project: { id: string; name: string }; environment: { id: string; name: string } };
}
export interface ApiTokenData {
  readonly apiToken: { workspaces: readonly { id: string; name: string }[] };
}
export interface ProjectsData {
  readonly projects: Edges<{ id: string; name: string }>;
}
export interface VolumeInstanceFacts {
  readonly id: string;
  readonly environmentId: string;
  readonly serviceId: string | null;
  readonly mountPath: string;
  readonly currentSizeMB: number;
  readonly sizeMB: number;
}
export interface ProjectFacts {
  readonly id: string;
  readonly name: string;
  readonly environments: Edges<{ id: string; name: string }>;
  readonly services: Edges<{ id: string; name: string }>;
  readonly volumes: Edges<{ id: string; name: string; volumeInstances: Edges<VolumeInstanceFacts> }>;
}
export interface ProjectData {
  readonly project: ProjectFacts;
}
export interface BackupFacts {
  readonly id: string;
  readonly name: string | null;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly usedMB: number | null;
  readonly referencedMB: number | null;
}
export interface BackupsData {
  readonly volumeInstanceBackupList: readonly BackupFacts[];
}
export interface DeploymentFacts {
  readonly id: string;
  readonly status: string;
  readonly createdAt: string;
  readonly environmentId: string;
  readonly serviceId: string | null;
  readonly staticUrl: string | null;
}
export interface DeploymentsData {
  readonly deployments: Edges<DeploymentFacts>;
}

export type ApiResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: string };

export function railwayEndpoint(env: Readonly<Record<string, string | undefined>>): string {
  return env.GUARD_RAILWAY_API_URL || DEFAULT_RAILWAY_API_URL;
}

/** A GraphQL client bound to one endpoint and credential; errors never carry the token. */
export interface RailwayApi {
  query<T>(document: string, variables?: Record<string, unknown>): Promise<ApiResult<T>>;
}

export function railwayApi(ctx: Context, credential: RailwayCredential, budget: LookupBudget = lookupBudget(ctx)): RailwayApi {
  const url = railwayEndpoint(ctx.env);
  return {
    async query<T>(document: string, variables: Record<string, unknown> = {}): Promise<ApiResult<T>> {
      if (budget.unreachable) return { ok: false, error: budget.unreachable };
      const remaining = budget.deadline - ctx.now().getTime();
      if (remaining <= 0) return { ok: false, error: `Railway's API did not answer within ${RAILWAY_LOOKUP_BUDGET_MS} ms in all` };
      let status: number;
      let text: string;
      try {
        const response = await ctx.http.request({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json', ...authHeaders(credential) },
          body: JSON.stringify({ query: document, variables }),
          timeoutMs: Math.min(RAILWAY_LOOKUP_TIMEOUT_MS, remaining),
        });
        status = response.status;
        text = response.text;
      } catch (error) {
        budget.unreachable = scrub(`Railway's API did not answer (${(error as Error).message})`, credential);
        return { ok: false, error: budget.unreachable };
      }
      if (status < 200 || status >= 300) return { ok: false, error: `Railway's API answered HTTP ${status}` };
      let body: { data?: T | null; errors?: readonly { message?: string }[] };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return { ok: false, error: 'Railway\'s API answered with something that is not JSON' };
      }
      if (body.errors && body.errors.length > 0) {
        const first = String(body.errors[0]?.message ?? 'error').slice(0, 200);
        return { ok: false, error: scrub(`Railway's API refused: ${first}`, credential) };
      }
      if (body.data === undefined || body.data === null) return { ok: false, error: 'Railway\'s API answered without data' };
      return { ok: true, data: body.data };
    },
  };
}
