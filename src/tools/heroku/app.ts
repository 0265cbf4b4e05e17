// Which Heroku app a command acts on, resolved as @heroku-cli/command does: -a, HEROKU_APP, -r or heroku.remote, the git remote.
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { GuardConfig } from '../../config/types.js';
import { globMatches } from '../../config/glob.js';
import type { Context } from '../../core/context.js';
import { environmentFacts, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';

// @heroku-cli/command 13.2.0 lib/flags/app.js getDefaultApp: --app, then HEROKU_APP (the flag's env), then the
// git remotes (`git remote -v`) filtered by --remote or `git config heroku.remote`: exactly one heroku remote
// names the app, several are an error. lib/vars.js gitPrefixes: git@<host>:, ssh://git@<host>/,
// https://git.<host>/ with `<app>.git` (host from HEROKU_HOST, default heroku.com).
export interface HerokuApp {
  readonly app: string | null;
  readonly source: string;
  readonly problems: readonly string[];
}

type GitConfig = Map<string, Map<string, string>>;

/** A git config file as sections → keys (`remote "origin"` → url); enough for remotes and heroku.remote. */
function parseGitConfig(text: string): GitConfig {
  const sections: GitConfig = new Map();
  let current: Map<string, string> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      const inner = line.slice(1, -1).trim();
      const space = inner.indexOf(' ');
      const name = space < 0 ? inner.toLowerCase() : `${inner.slice(0, space).toLowerCase()} ${inner.slice(space + 1).trim().replace(/^"|"$/g, '')}`;
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim().replace(/^"|"$/g, ''));
  }
  return sections;
}

async function findGitConfig(ctx: Context): Promise<string | null> {
  if (ctx.env.GIT_DIR) return join(isAbsolute(ctx.env.GIT_DIR) ? ctx.env.GIT_DIR : resolvePath(ctx.cwd, ctx.env.GIT_DIR), 'config');
  let dir = ctx.cwd;
  for (;;) {
    const dotGit = join(dir, '.git');
    if (ctx.fileExists(join(dotGit, 'config'))) return join(dotGit, 'config');
    if (ctx.fileExists(dotGit)) {
      // A worktree: `.git` is a file naming its gitdir; the shared config sits in the common dir.
      const text = (await ctx.readFile(dotGit)).toString('utf8').trim();
      if (text.startsWith('gitdir:')) {
        const gitdir = resolvePath(dir, text.slice('gitdir:'.length).trim());
        const common = ctx.fileExists(join(gitdir, 'commondir')) ? resolvePath(gitdir, (await ctx.readFile(join(gitdir, 'commondir'))).toString('utf8').trim()) : gitdir;
        return join(common, 'config');
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** lib/vars.js gitHost and httpGitHost: HEROKU_GIT_HOST, else HEROKU_HOST's host (`git.` prefixed for https unless a URL). */
function gitHosts(ctx: Context): { ssh: string; https: string } {
  if (ctx.env.HEROKU_GIT_HOST) return { ssh: ctx.env.HEROKU_GIT_HOST, https: ctx.env.HEROKU_GIT_HOST };
  const host = ctx.env.HEROKU_HOST || 'heroku.com';
  if (host.startsWith('http')) {
    try {
      const urlHost = new URL(host).host;
      if (urlHost) return { ssh: urlHost, https: urlHost };
    } catch {
      // Not a URL after all: used as a host name, as the CLI does.
    }
  }
  return { ssh: host, https: `git.${host}` };
}

/** `https://git.heroku.com/acme-prod.git` → `acme-prod`; null for remotes that are not Heroku's. */
export function appOfRemoteUrl(url: string, ctx: Context): string | null {
  const { ssh, https } = gitHosts(ctx);
  for (const prefix of [`git@${ssh}:`, `ssh://git@${ssh}/`, `https://${https}/`]) {
    if (url.startsWith(prefix) && url.endsWith('.git')) return url.slice(prefix.length, -'.git'.length) || null;
  }
  return null;
}

export async function resolveHerokuApp(flags: { app?: string | undefined; remote?: string | undefined }, ctx: Context): Promise<HerokuApp> {
  if (flags.app) return { app: flags.app, source: '--app', problems: [] };
  if (ctx.env.HEROKU_APP) return { app: ctx.env.HEROKU_APP, source: 'HEROKU_APP', problems: [] };
  const problems: string[] = [];
  let config: GitConfig = new Map();
  const path = await findGitConfig(ctx);
  try {
    if (path && ctx.fileExists(path)) config = parseGitConfig((await ctx.readFile(path)).toString('utf8'));
  } catch (error) {
    problems.push(`${path}: ${(error as Error).message}`);
  }
  let configured = config.get('heroku')?.get('remote');
  if (!configured && ctx.fileExists(join(ctx.home, '.gitconfig'))) configured = parseGitConfig((await ctx.readFile(join(ctx.home, '.gitconfig'))).toString('utf8')).get('heroku')?.get('remote');
  const only = flags.remote ?? configured;
  const remotes: { name: string; app: string }[] = [];
  for (const [section, keys] of config) {
    if (!section.startsWith('remote ')) continue;
    const name = section.slice('remote '.length);
    const app = appOfRemoteUrl(keys.get('url') ?? '', ctx);
    if (app && (!only || name === only)) remotes.push({ name, app });
  }
  const why = flags.remote ? `--remote ${flags.remote}` : configured ? `git config heroku.remote ${configured}` : 'the git remote';
  if (remotes.length === 1 && remotes[0]) return { app: remotes[0].app, source: `${why} ${remotes[0].name} (${path})`, problems };
  if (remotes.length > 1) return { app: null, source: 'several heroku git remotes', problems: [...problems, `several heroku remotes (${remotes.map((r) => `${r.name} → ${r.app}`).join(', ')}): heroku asks for --app or --remote`] };
  if (flags.remote) return { app: null, source: `--remote ${flags.remote}`, problems: [...problems, `remote ${flags.remote} is not a heroku git remote`] };
  return { app: null, source: 'no app', problems: [...problems, 'no --app, HEROKU_APP or heroku git remote: heroku would refuse, or another app may be meant'] };
}

type WithHeroku = { readonly heroku?: readonly { readonly app?: string }[] } | undefined;

function matchLayer(layer: GuardConfig['user'], app: string, label: string): { name: string; source: string } | null {
  for (const [name, environment] of Object.entries(layer?.environments ?? {})) {
    for (const rule of (environment.match as WithHeroku)?.heroku ?? []) {
      if (rule.app !== undefined && !globMatches(rule.app, app)) continue;
      return { name, source: `${label} ${layer?.file ?? ''}: heroku app ${rule.app ?? '*'}` };
    }
  }
  return null;
}

/** The app is the environment (`acme-prod` is protected by its name) unless the config names it otherwise. */
export function herokuEnvironment(resolved: HerokuApp, config: GuardConfig): EnvironmentFacts {
  if (!resolved.app) return unknownEnvironment(`heroku app: ${resolved.problems.join('; ') || resolved.source}`);
  const user = matchLayer(config.user, resolved.app, 'config');
  let env = user ? environmentFacts(user.name, user.source, config) : environmentFacts(resolved.app, `heroku app ${resolved.app} (${resolved.source})`, config);
  const project = matchLayer(config.project, resolved.app, 'project config');
  if (project) {
    const facts = environmentFacts(project.name, project.source, config);
    if (facts.protected && !env.protected) env = facts;
  }
  return env;
}
