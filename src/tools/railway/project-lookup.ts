// Finds the Railway project a request concerns: by id or name, or by searching for the volume it names.
import { PROJECT_QUERY, PROJECTS_QUERY, type ApiResult, type ProjectData, type ProjectFacts, type ProjectsData, type RailwayApi } from './api.js';
import type { RailwayOperation } from './model.js';
import type { RailwayScope } from './scope.js';

/** A raw volumeDelete names no project: search at most this many projects for the volume. */
const MAX_PROJECTS_SEARCHED = 20;

export type ProjectLookup = { readonly ok: true; readonly project: ProjectFacts } | { readonly ok: false; readonly error: string };

async function projectById(api: RailwayApi, id: string): Promise<ApiResult<ProjectData>> {
  return api.query<ProjectData>(PROJECT_QUERY, { id });
}

function hasVolume(project: ProjectFacts, volume: string): boolean {
  return project.volumes.edges.some(({ node }) => node.id === volume || node.name === volume);
}

export async function findProject(api: RailwayApi, scope: RailwayScope, operation: RailwayOperation): Promise<ProjectLookup> {
  const wanted = operation.kind === 'project-delete' && operation.project ? operation.project : scope.project?.value;
  if (wanted) {
    const direct = await projectById(api, wanted);
    if (direct.ok) return { ok: true, project: direct.data.project };
    // Flags take names as well as ids: look the name up among the projects the token sees.
    const list = await api.query<ProjectsData>(PROJECTS_QUERY);
    const match = list.ok ? list.data.projects.edges.find(({ node }) => node.name === wanted || node.id === wanted) : undefined;
    if (!match) return { ok: false, error: `project ${wanted} (${scope.project?.source ?? 'from the command'}): ${direct.error}` };
    const named = await projectById(api, match.node.id);
    return named.ok ? { ok: true, project: named.data.project } : { ok: false, error: named.error };
  }
  if (operation.kind !== 'volume-delete') return { ok: false, error: 'no project: no --project flag, RAILWAY_TOKEN, RAILWAY_PROJECT_ID or linked directory' };
  const list = await api.query<ProjectsData>(PROJECTS_QUERY);
  if (!list.ok) return { ok: false, error: list.error };
  for (const { node } of list.data.projects.edges.slice(0, MAX_PROJECTS_SEARCHED)) {
    const project = await projectById(api, node.id);
    if (project.ok && hasVolume(project.data.project, operation.volume)) return { ok: true, project: project.data.project };
  }
  return { ok: false, error: `no project this credential can see contains ${operation.volume}` };
}
