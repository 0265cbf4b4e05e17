// Which Vercel project and team a command acts on: VERCEL_ORG_ID/VERCEL_PROJECT_ID, .vercel/repo.json, .vercel/project.json, --scope.
import { join, relative, resolve as resolvePath } from 'node:path';
import type { GuardConfig } from '../../config/types.js';
import { globMatches } from '../../config/glob.js';
import type { Context } from '../../core/context.js';

// vercel 58.10.0 (dist chunks): getPlatformEnv("ORG_ID") / ("PROJECT_ID") → VERCEL_ORG_ID + VERCEL_PROJECT_ID
// ("Source: VERCEL_ORG_ID and VERCEL_PROJECT_ID") first; then the repository link .vercel/repo.json (VERCEL_DIR_REPO,
// `{orgId, remoteName, projects: [{id, name, directory}]}`, searched upward to the repository root) whose project
// directory contains the working directory; then .vercel/project.json (`{orgId, projectId, projectName}`) in --cwd.
export interface VercelProject {
  readonly projectId: string | null;
  readonly projectName: string | null;
  readonly orgId: string | null;
  readonly scope: string | null;
  readonly source: string;
}

async function readJson(path: string, ctx: Context): Promise<Record<string, unknown> | null> {
  if (!ctx.fileExists(path)) return null;
  const parsed: unknown = JSON.parse((await ctx.readFile(path)).toString('utf8'));
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export async function resolveVercelProject(flags: { cwd?: string | undefined; scope?: string | undefined; project?: string | undefined }, ctx: Context): Promise<VercelProject> {
  const dir = flags.cwd ? resolvePath(ctx.cwd, flags.cwd) : ctx.cwd;
  const scope = flags.scope ?? null;
  if (flags.project) return { projectId: null, projectName: flags.project, orgId: null, scope, source: '--project' };
  if (ctx.env.VERCEL_ORG_ID && ctx.env.VERCEL_PROJECT_ID) return { projectId: ctx.env.VERCEL_PROJECT_ID, projectName: null, orgId: ctx.env.VERCEL_ORG_ID, scope, source: 'VERCEL_ORG_ID and VERCEL_PROJECT_ID' };
  for (let at = dir; ; ) {
    const repo = await readJson(join(at, '.vercel', 'repo.json'), ctx);
    if (repo) {
      const here = relative(at, dir) || '.';
      const projects = Array.isArray(repo.projects) ? (repo.projects as Record<string, unknown>[]) : [];
      const match = projects
        .filter((p) => {
          const d = str(p.directory) ?? '.';
          return d === '.' || here === d || here.startsWith(`${d}/`);
        })
        .sort((a, b) => (str(b.directory) ?? '.').length - (str(a.directory) ?? '.').length)[0];
      if (match) return { projectId: str(match.id), projectName: str(match.name), orgId: str(repo.orgId), scope, source: join(at, '.vercel', 'repo.json') };
      break;
    }
    if (ctx.fileExists(join(at, '.git'))) break;
    const parent = resolvePath(at, '..');
    if (parent === at) break;
    at = parent;
  }
  const project = await readJson(join(dir, '.vercel', 'project.json'), ctx);
  if (project) return { projectId: str(project.projectId), projectName: str(project.projectName), orgId: str(project.orgId), scope, source: join(dir, '.vercel', 'project.json') };
  return { projectId: null, projectName: null, orgId: null, scope, source: 'not linked (no .vercel/project.json)' };
}

type WithVercel = { readonly vercel?: readonly { readonly project?: string; readonly scope?: string }[] } | undefined;

/** The environment a config match rule gives a project (`vercel: [{project, scope}]`), if any. */
export function matchVercel(layer: GuardConfig['user'], project: VercelProject, label: string): { name: string; source: string } | null {
  const names = [project.projectName, project.projectId].filter((n): n is string => n !== null);
  const scopes = [project.scope, project.orgId].filter((n): n is string => n !== null);
  for (const [name, environment] of Object.entries(layer?.environments ?? {})) {
    for (const rule of (environment.match as WithVercel)?.vercel ?? []) {
      if (rule.project !== undefined && !names.some((n) => globMatches(rule.project ?? '', n))) continue;
      if (rule.scope !== undefined && !scopes.some((s) => globMatches(rule.scope ?? '', s))) continue;
      return { name, source: `${label} ${layer?.file ?? ''}: vercel ${Object.entries(rule).map(([k, v]) => `${k} ${String(v)}`).join(', ')}` };
    }
  }
  return null;
}
