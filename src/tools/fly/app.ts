// Which Fly app a command acts on, as flyctl resolves it: -a, FLY_APP, then fly.toml's `app` (-c or the working directory).
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { GuardConfig } from '../../config/types.js';
import { globMatches } from '../../config/glob.js';
import type { Context } from '../../core/context.js';
import { environmentFacts, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';
import { parse as parseYaml } from 'yaml';

// flyctl internal/command/command.go RequireAppName: the --app flag, then FLY_APP, then the app config's
// app name; appConfigFilePaths: -c PATH (or PATH/fly.toml), else fly.toml, fly.json, fly.yaml in the working
// directory (no search upward).
export interface FlyApp {
  readonly app: string | null;
  readonly source: string;
  readonly configFile: string | null;
  readonly problems: readonly string[];
}

/** The top-level `app = "name"` of a fly.toml (before any [table]); fly.json/fly.yaml are read as YAML. */
export function appOfConfig(text: string, file: string): string | null {
  if (!file.endsWith('.toml')) {
    const parsed: unknown = parseYaml(text);
    const app = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).app : undefined;
    return typeof app === 'string' && app ? app : null;
  }
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) break;
    const eq = line.indexOf('=');
    if (eq < 0 || line.slice(0, eq).trim().replace(/^["']|["']$/g, '') !== 'app') continue;
    const value = line.slice(eq + 1).trim();
    const quote = value[0];
    if (quote === '"' || quote === "'") {
      const end = value.indexOf(quote, 1);
      return end > 1 ? value.slice(1, end) : null;
    }
    return value.split('#')[0]?.trim() || null;
  }
  return null;
}

export async function resolveFlyApp(flags: { app?: string | undefined; config?: string | undefined }, ctx: Context): Promise<FlyApp> {
  const problems: string[] = [];
  const given = flags.config ? (isAbsolute(flags.config) ? flags.config : resolvePath(ctx.cwd, flags.config)) : null;
  const candidates = given ? [given, join(given, 'fly.toml')] : ['fly.toml', 'fly.json', 'fly.yaml'].map((name) => join(ctx.cwd, name));
  let configFile: string | null = null;
  let fromConfig: string | null = null;
  for (const path of candidates) {
    if (!ctx.fileExists(path)) continue;
    try {
      const text = (await ctx.readFile(path)).toString('utf8');
      configFile = path;
      fromConfig = appOfConfig(text, path);
      break;
    } catch (error) {
      // A directory named by -c: try PATH/fly.toml next, as flyctl does.
      if ((error as NodeJS.ErrnoException).code !== 'EISDIR') problems.push(`${path}: ${(error as Error).message}`);
    }
  }
  if (given && !configFile) problems.push(`config file not found at ${given}`);
  if (flags.app) return { app: flags.app, source: '--app', configFile, problems };
  if (ctx.env.FLY_APP) return { app: ctx.env.FLY_APP, source: 'FLY_APP', configFile, problems };
  if (fromConfig) return { app: fromConfig, source: `app in ${configFile}`, configFile, problems };
  return { app: null, source: 'no app', configFile, problems: [...problems, configFile ? `${configFile} names no app` : 'no -a, FLY_APP or fly.toml: flyctl would refuse, or ask'] };
}

type WithFly = { readonly fly?: readonly { readonly app?: string }[] } | undefined;

function matchLayer(layer: GuardConfig['user'], app: string, label: string): { name: string; source: string } | null {
  for (const [name, environment] of Object.entries(layer?.environments ?? {})) {
    for (const rule of (environment.match as WithFly)?.fly ?? []) {
      if (rule.app !== undefined && !globMatches(rule.app, app)) continue;
      return { name, source: `${label} ${layer?.file ?? ''}: fly app ${rule.app ?? '*'}` };
    }
  }
  return null;
}

/** The app is the environment (`shop-prod` is protected by its name) unless the config names it otherwise. */
export function flyEnvironment(resolved: FlyApp, config: GuardConfig): EnvironmentFacts {
  if (!resolved.app) return unknownEnvironment(`fly app: ${resolved.problems.join('; ') || resolved.source}`);
  const user = matchLayer(config.user, resolved.app, 'config');
  let env = user ? environmentFacts(user.name, user.source, config) : environmentFacts(resolved.app, `fly app ${resolved.app} (${resolved.source})`, config);
  const project = matchLayer(config.project, resolved.app, 'project config');
  if (project) {
    const facts = environmentFacts(project.name, project.source, config);
    if (facts.protected && !env.protected) env = facts;
  }
  return env;
}
