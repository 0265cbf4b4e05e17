// Which Docker engine a command talks to, resolved as the docker CLI does: --context, -H, DOCKER_HOST, DOCKER_CONTEXT, config.json.
import { createHash } from 'node:crypto';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { GuardConfig } from '../../config/types.js';
import { globMatches } from '../../config/glob.js';
import type { Context } from '../../core/context.js';
import { environmentFacts, isProtectedName, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';

// docker/cli cli/command/cli.go resolveContextName: --context, then -H (the default context), then
// DOCKER_HOST (the default context), then DOCKER_CONTEXT, then currentContext of config.json, then "default".
// cli/context/store: a context's metadata is contexts/meta/<sha256(name)>/meta.json under the config dir,
// `{"Name": …, "Endpoints": {"docker": {"Host": "ssh://…"}}}`. The default context's host is -H, DOCKER_HOST or
// unix:///var/run/docker.sock.
export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export interface DockerEndpoint {
  readonly context: string;
  readonly contextSource: string;
  /** The engine's address (`unix:///…`, `tcp://…`, `ssh://…`), or null when the context could not be read. */
  readonly host: string | null;
  readonly problems: readonly string[];
}

export interface DockerGlobalFlags {
  readonly config?: string | undefined;
  readonly context?: string | undefined;
  readonly hosts: readonly string[];
}

function configDir(flags: DockerGlobalFlags, ctx: Context): string {
  const dir = flags.config ?? ctx.env.DOCKER_CONFIG;
  if (dir) return isAbsolute(dir) ? dir : resolvePath(ctx.cwd, dir);
  return join(ctx.home, '.docker');
}

async function readJson(path: string, ctx: Context): Promise<Record<string, unknown> | null> {
  if (!ctx.fileExists(path)) return null;
  const parsed: unknown = JSON.parse((await ctx.readFile(path)).toString('utf8'));
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
}

export async function resolveDockerEndpoint(flags: DockerGlobalFlags, ctx: Context): Promise<DockerEndpoint> {
  const problems: string[] = [];
  const dir = configDir(flags, ctx);
  let name: string;
  let source: string;
  if (flags.context) [name, source] = [flags.context, '--context'];
  else if (flags.hosts.length > 0) [name, source] = ['default', '-H/--host'];
  else if (ctx.env.DOCKER_HOST) [name, source] = ['default', 'DOCKER_HOST'];
  else if (ctx.env.DOCKER_CONTEXT) [name, source] = [ctx.env.DOCKER_CONTEXT, 'DOCKER_CONTEXT'];
  else {
    [name, source] = ['default', 'no context selected'];
    try {
      const config = await readJson(join(dir, 'config.json'), ctx);
      const current = config?.currentContext;
      if (typeof current === 'string' && current) [name, source] = [current, `currentContext in ${join(dir, 'config.json')}`];
    } catch (error) {
      problems.push(`${join(dir, 'config.json')}: ${(error as Error).message}`);
    }
  }
  if (name === 'default') {
    const host = flags.hosts.at(-1) ?? ctx.env.DOCKER_HOST ?? DEFAULT_DOCKER_HOST;
    return { context: name, contextSource: source, host, problems };
  }
  const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
  try {
    const parsed = await readJson(meta, ctx);
    if (!parsed) return { context: name, contextSource: source, host: null, problems: [...problems, `docker context ${name} does not exist (no ${meta})`] };
    const endpoints = parsed.Endpoints as Record<string, { Host?: unknown }> | undefined;
    const host = endpoints?.docker?.Host;
    if (typeof host === 'string' && host) return { context: name, contextSource: source, host, problems };
    return { context: name, contextSource: source, host: null, problems: [...problems, `docker context ${name} has no docker endpoint`] };
  } catch (error) {
    return { context: name, contextSource: source, host: null, problems: [...problems, `${meta}: ${(error as Error).message}`] };
  }
}

/** The socket path of a `unix://` host, else null (tcp and ssh engines are not queried). */
export function unixSocketOf(host: string | null): string | null {
  return host?.startsWith('unix://') ? host.slice('unix://'.length) : null;
}

/** The host part of an engine address: `ssh://deploy@prod-db-1:22` → `prod-db-1`. */
function hostName(host: string): string {
  try {
    const url = new URL(host);
    return url.hostname || host;
  } catch {
    return host;
  }
}

type WithDocker = { readonly docker?: readonly { readonly context?: string; readonly host?: string }[] } | undefined;

function matchLayer(layer: GuardConfig['user'], endpoint: DockerEndpoint, label: string): { name: string; source: string } | null {
  if (!layer) return null;
  for (const [name, environment] of Object.entries(layer.environments)) {
    for (const rule of (environment.match as WithDocker)?.docker ?? []) {
      if (rule.context !== undefined && !globMatches(rule.context, endpoint.context)) continue;
      if (rule.host !== undefined && !globMatches(rule.host, endpoint.host ?? '')) continue;
      return { name, source: `${label} ${layer.file}: docker ${Object.entries(rule).map(([k, v]) => `${k} ${String(v)}`).join(', ')}` };
    }
  }
  return null;
}

/**
 * Config first; then a context or engine host whose name says prod is that environment (protected);
 * the local default engine is `local`; any other context or remote host is its own name.
 */
export function dockerEnvironment(endpoint: DockerEndpoint, config: GuardConfig): EnvironmentFacts {
  const fromUser = matchLayer(config.user, endpoint, 'config');
  let env: EnvironmentFacts;
  if (fromUser) env = environmentFacts(fromUser.name, fromUser.source, config);
  else if (endpoint.host === null) env = unknownEnvironment(`docker context ${endpoint.context} (${endpoint.contextSource}): ${endpoint.problems.join('; ') || 'no engine address'}`);
  else if (endpoint.context !== 'default') env = environmentFacts(endpoint.context, `docker context ${endpoint.context} (${endpoint.contextSource}) → ${endpoint.host}`, config);
  else if (endpoint.host === DEFAULT_DOCKER_HOST || (endpoint.host.startsWith('unix://') && !isProtectedName(endpoint.host))) env = environmentFacts('local', `default: the local engine ${endpoint.host} (${endpoint.contextSource})`, config);
  else env = environmentFacts(hostName(endpoint.host), `docker engine ${endpoint.host} (${endpoint.contextSource})`, config);
  const fromProject = matchLayer(config.project, endpoint, 'project config');
  if (fromProject) {
    const projectFacts = environmentFacts(fromProject.name, fromProject.source, config);
    if (projectFacts.protected && !env.protected) env = projectFacts;
  }
  return env;
}
