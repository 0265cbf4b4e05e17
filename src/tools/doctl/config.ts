// doctl's configuration as doctl reads it: the auth context, its token, the API URL, and flags the config file presets.
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { GuardConfig } from '../../config/types.js';
import { globMatches } from '../../config/glob.js';
import type { Context } from '../../core/context.js';
import { environmentFacts } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';
import { parse as parseYaml } from 'yaml';

// commands/doit.go: the config file is --config, else <os.UserConfigDir()>/doctl/config.yaml; viper reads
// DIGITALOCEAN_<KEY> (dashes as underscores) over the file: DIGITALOCEAN_CONTEXT, DIGITALOCEAN_ACCESS_TOKEN,
// DIGITALOCEAN_API_URL. commands/auth.go: the context "default" uses `access-token`, others `auth-contexts.<name>`.
// Every flag is bound to the key <parent>.<command>.<flag> (flagName), so `droplet: {delete: {force: true}}` in
// the file presets --force.
export interface DoctlConfig {
  readonly file: string;
  readonly context: string;
  readonly contextSource: string;
  readonly token: string | null;
  readonly tokenSource: string;
  readonly apiUrl: string;
  readonly presetForce: boolean;
  readonly problems: readonly string[];
}

type Yaml = Record<string, unknown>;
const isObject = (value: unknown): value is Yaml => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function readDoctlConfig(flags: { config?: string | undefined; context?: string | undefined; token?: string | undefined; apiUrl?: string | undefined }, path: readonly string[], ctx: Context): Promise<DoctlConfig> {
  const problems: string[] = [];
  const file = flags.config ? (isAbsolute(flags.config) ? flags.config : resolvePath(ctx.cwd, flags.config)) : join(ctx.env.XDG_CONFIG_HOME || join(ctx.home, '.config'), 'doctl', 'config.yaml');
  let data: Yaml = {};
  if (ctx.fileExists(file)) {
    try {
      const parsed: unknown = parseYaml((await ctx.readFile(file)).toString('utf8'));
      if (isObject(parsed)) data = parsed;
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  } else if (flags.config) problems.push(`config file ${file} does not exist`);
  const fileContext = typeof data.context === 'string' && data.context ? data.context : null;
  const [context, contextSource] = flags.context ? [flags.context, '--context'] : ctx.env.DIGITALOCEAN_CONTEXT ? [ctx.env.DIGITALOCEAN_CONTEXT, 'DIGITALOCEAN_CONTEXT'] : fileContext ? [fileContext, `context in ${file}`] : ['default', 'the default context'];
  const contexts = isObject(data['auth-contexts']) ? data['auth-contexts'] : {};
  let token: string | null = null;
  let tokenSource = 'none';
  if (flags.token) [token, tokenSource] = [flags.token, '--access-token'];
  else if (ctx.env.DIGITALOCEAN_ACCESS_TOKEN) [token, tokenSource] = [ctx.env.DIGITALOCEAN_ACCESS_TOKEN, 'DIGITALOCEAN_ACCESS_TOKEN'];
  else if (context === 'default' && typeof data['access-token'] === 'string') [token, tokenSource] = [data['access-token'], `access-token in ${file}`];
  else if (typeof contexts[context] === 'string') [token, tokenSource] = [contexts[context] as string, `auth-contexts.${context} in ${file}`];
  else if (context !== 'default') problems.push(`doctl context ${context} is not in ${file}`);
  const apiUrl = (flags.apiUrl ?? ctx.env.DIGITALOCEAN_API_URL ?? (typeof data['api-url'] === 'string' && data['api-url'] ? data['api-url'] : 'https://api.digitalocean.com')).replace(/\/$/, '');
  // flagName: the command's parent, the command, the flag.
  const [parent, command] = path.slice(-2);
  const section = parent && command && isObject(data[parent]) ? (data[parent] as Yaml)[command] : undefined;
  const presetForce = isObject(section) && section.force === true;
  return { file, context, contextSource, token, tokenSource, apiUrl, presetForce, problems };
}

type WithDoctl = { readonly doctl?: readonly { readonly context?: string }[] } | undefined;

function matchLayer(layer: GuardConfig['user'], context: string, label: string): { name: string; source: string } | null {
  for (const [name, environment] of Object.entries(layer?.environments ?? {})) {
    for (const rule of (environment.match as WithDoctl)?.doctl ?? []) {
      if (rule.context !== undefined && !globMatches(rule.context, context)) continue;
      return { name, source: `${label} ${layer?.file ?? ''}: doctl context ${rule.context ?? '*'}` };
    }
  }
  return null;
}

/**
 * The auth context is the environment (`prod-team` is protected by its name). A DigitalOcean token reaches
 * a whole team, so the `default` context with no config match is unknown, hence protected.
 */
export function doctlEnvironment(config: DoctlConfig, guardConfig: GuardConfig): EnvironmentFacts {
  const user = matchLayer(guardConfig.user, config.context, 'config');
  let env: EnvironmentFacts = user
    ? environmentFacts(user.name, user.source, guardConfig)
    : config.context === 'default'
      ? { name: 'unknown', protected: true, source: `doctl default context (${config.tokenSource}): its team is not named by any configuration` }
      : environmentFacts(config.context, `doctl context ${config.context} (${config.contextSource})`, guardConfig);
  const project = matchLayer(guardConfig.project, config.context, 'project config');
  if (project) {
    const facts = environmentFacts(project.name, project.source, guardConfig);
    if (facts.protected && !env.protected) env = facts;
  }
  return env;
}
