// The railway CLI's own config file (~/.railway/config.json): directory links and the logged-in user.
import { dirname, join } from 'node:path';
import type { Context } from '../../core/context.js';

// Shape from railwayapp/cli 5.43.1 src/config.rs: `RailwayConfig { projects: BTreeMap<path,
// LinkedProject>, user: RailwayUser, … }`, serde camelCase. `projects` is keyed by the absolute
// directory `railway link` ran in; the CLI looks up the working directory, then each parent.

export interface RailwayLink {
  /** The directory the link belongs to (the key in `projects`). */
  readonly directory: string;
  readonly project: string;
  readonly projectName?: string;
  readonly environment?: string;
  readonly environmentName?: string;
  readonly service?: string;
}

export interface RailwayConfigFile {
  /** Where it was read from, as shown to the user (`~/.railway/config.json`). */
  readonly source: string;
  readonly path: string;
  readonly projects: ReadonlyMap<string, RailwayLink>;
  /** user.accessToken (OAuth) and user.token (legacy login): secrets, never shown. */
  readonly userAccessToken?: string;
  readonly userToken?: string;
  readonly problem?: string;
}

/** RAILWAY_ENV picks the file: staging → config-staging.json, dev/develop → config-dev.json. */
export function railwayConfigFileName(env: Readonly<Record<string, string | undefined>>): string {
  const which = (env.RAILWAY_ENV ?? '').toLowerCase();
  if (which === 'staging') return 'config-staging.json';
  if (which === 'dev' || which === 'develop') return 'config-dev.json';
  return 'config.json';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export async function readRailwayConfig(ctx: Context): Promise<RailwayConfigFile | null> {
  const name = railwayConfigFileName(ctx.env);
  const path = join(ctx.home, '.railway', name);
  const source = `~/.railway/${name}`;
  if (!ctx.fileExists(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse((await ctx.readFile(path)).toString('utf8'));
  } catch (error) {
    // The CLI treats a corrupt file as empty; guard says so instead of guessing.
    return { source, path, projects: new Map(), problem: `${source} is not valid JSON (${(error as Error).name})` };
  }
  const record = (raw ?? {}) as { projects?: unknown; user?: unknown };
  const projects = new Map<string, RailwayLink>();
  if (record.projects && typeof record.projects === 'object') {
    for (const [directory, value] of Object.entries(record.projects as Record<string, unknown>)) {
      const link = (value ?? {}) as Record<string, unknown>;
      const project = text(link.project);
      if (!project) continue;
      projects.set(directory, {
        directory,
        project,
        ...(text(link.name) ? { projectName: text(link.name) } : {}),
        ...(text(link.environment) ? { environment: text(link.environment) } : {}),
        ...(text(link.environmentName) ? { environmentName: text(link.environmentName) } : {}),
        ...(text(link.service) ? { service: text(link.service) } : {}),
      });
    }
  }
  const user = (record.user ?? {}) as Record<string, unknown>;
  return {
    source,
    path,
    projects,
    ...(text(user.accessToken) ? { userAccessToken: text(user.accessToken) } : {}),
    ...(text(user.token) ? { userToken: text(user.token) } : {}),
  };
}

/** The link for a directory: the directory itself, then each parent (Configs::get_local_linked_project). */
export function findLink(config: RailwayConfigFile | null, cwd: string): RailwayLink | null {
  if (!config) return null;
  let current = cwd;
  for (;;) {
    const link = config.projects.get(current);
    if (link) return link;
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** With RAILWAY_TOKEN set the CLI only looks at the working directory itself (get_closest_linked_project_directory). */
export function exactLink(config: RailwayConfigFile | null, cwd: string): RailwayLink | null {
  return config?.projects.get(cwd) ?? null;
}
