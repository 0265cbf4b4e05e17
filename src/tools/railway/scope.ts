// Which project, environment and service a railway command targets, in the CLI's own precedence.
import { NOT_LOOKED_UP } from '../../core/environment.js';
import type { Context } from '../../core/context.js';
import type { RailwayApi } from './api.js';
import { PROJECT_TOKEN_QUERY, type ProjectTokenData } from './api.js';
import { exactLink, findLink, readRailwayConfig, type RailwayConfigFile, type RailwayLink } from './link.js';
import { findCredential } from './credential.js';
import type { RailwayCredential, RailwayRequest } from './model.js';

// Precedence (railwayapp/cli 5.43.1 src/config.rs Configs::get_linked_project, and each command
// taking -p/-e/-s): flags > RAILWAY_TOKEN (projectToken query: its project and environment; the
// service still comes from the link of the working directory itself) > RAILWAY_PROJECT_ID with
// RAILWAY_ENVIRONMENT_ID / RAILWAY_SERVICE_ID (a link is merged only when it names the same
// project; RAILWAY_ENVIRONMENT_ID alone is an error) > the directory link (cwd, then parents).

export interface ScopeValue {
  /** An id or a name, as given. */
  readonly value: string;
  /** The name, when the source says it (a link's environmentName, a flag that is a name). */
  readonly name?: string;
  readonly source: string;
}

export interface RailwayScope {
  readonly config: RailwayConfigFile | null;
  readonly link: RailwayLink | null;
  readonly credential: RailwayCredential | null;
  readonly project?: ScopeValue;
  readonly environment?: ScopeValue;
  readonly service?: ScopeValue;
  /** The project token's own project/environment, once asked. */
  readonly tokenScope?: { readonly project: string; readonly environment: string };
  readonly problems: readonly string[];
}

function fromFlag(value: string | undefined, what: string): ScopeValue | undefined {
  return value === undefined ? undefined : { value, source: `--${what} ${value}` };
}

/** Everything guard can know without the network; the project token is asked only when api is given. */
export async function resolveScope(request: RailwayRequest, ctx: Context, api: ((credential: RailwayCredential) => RailwayApi) | null): Promise<RailwayScope> {
  const config = await readRailwayConfig(ctx);
  const problems: string[] = config?.problem ? [config.problem] : [];
  const credential = findCredential(ctx.env, config, request.explicitCredential);
  let link = findLink(config, ctx.cwd);
  let project: ScopeValue | undefined;
  let environment: ScopeValue | undefined;
  let service: ScopeValue | undefined;
  let tokenScope: RailwayScope['tokenScope'];

  const linkSource = (l: RailwayLink) => `${config?.source ?? '~/.railway/config.json'}: ${l.directory} is linked`;
  const fromLink = (l: RailwayLink) => {
    project = { value: l.project, ...(l.projectName ? { name: l.projectName } : {}), source: linkSource(l) };
    if (l.environment) environment = { value: l.environment, ...(l.environmentName ? { name: l.environmentName } : {}), source: linkSource(l) };
    if (l.service) service = { value: l.service, source: linkSource(l) };
  };

  if (credential?.kind === 'project') {
    // The token decides the project and environment; only the exact directory's link adds a service.
    link = exactLink(config, ctx.cwd);
    if (link?.service) service = { value: link.service, source: linkSource(link) };
    if (api && !ctx.offline) {
      const answer = await api(credential).query<ProjectTokenData>(PROJECT_TOKEN_QUERY);
      if (answer.ok) {
        const { project: p, environment: e } = answer.data.projectToken;
        project = { value: p.id, name: p.name, source: `${credential.source} (project token)` };
        environment = { value: e.id, name: e.name, source: `${credential.source} (project token)` };
        tokenScope = { project: p.name, environment: e.name };
      } else problems.push(`which project and environment ${credential.source} belongs to: ${answer.error}`);
    } else if (ctx.offline) problems.push(`which environment ${credential.source} belongs to (${NOT_LOOKED_UP})`);
  } else if (ctx.env.RAILWAY_PROJECT_ID) {
    const projectId = ctx.env.RAILWAY_PROJECT_ID;
    const same = link && link.project === projectId ? link : null;
    project = { value: projectId, source: 'RAILWAY_PROJECT_ID' };
    if (ctx.env.RAILWAY_ENVIRONMENT_ID) environment = { value: ctx.env.RAILWAY_ENVIRONMENT_ID, source: 'RAILWAY_ENVIRONMENT_ID' };
    else if (same?.environment) environment = { value: same.environment, ...(same.environmentName ? { name: same.environmentName } : {}), source: linkSource(same) };
    if (ctx.env.RAILWAY_SERVICE_ID) service = { value: ctx.env.RAILWAY_SERVICE_ID, source: 'RAILWAY_SERVICE_ID' };
    else if (same?.service) service = { value: same.service, source: linkSource(same) };
  } else if (ctx.env.RAILWAY_ENVIRONMENT_ID) {
    problems.push('RAILWAY_ENVIRONMENT_ID is set without RAILWAY_PROJECT_ID (the CLI refuses this)');
    if (link) fromLink(link);
  } else if (link) fromLink(link);

  project = fromFlag(request.flags.project, 'project') ?? project;
  environment = fromFlag(request.flags.environment, 'environment') ?? environment;
  service = fromFlag(request.flags.service, 'service') ?? service;
  return {
    config,
    link,
    credential,
    ...(project ? { project } : {}),
    ...(environment ? { environment } : {}),
    ...(service ? { service } : {}),
    ...(tokenScope ? { tokenScope } : {}),
    problems,
  };
}

/** Railway ids are UUIDs; anything else given for an environment is taken as its name. */
export function looksLikeId(value: string): boolean {
  const parts = value.split('-');
  return value.length === 36 && parts.length === 5 && parts.every((p) => p.length > 0 && [...p].every((c) => '0123456789abcdef'.includes(c.toLowerCase())));
}

/** The environment's name as far as it is known without asking Railway. */
export function knownEnvironmentName(scope: RailwayScope): string | null {
  const env = scope.environment;
  if (!env) return null;
  if (env.name) return env.name;
  return env.source.startsWith('--') && !looksLikeId(env.value) ? env.value : null;
}
