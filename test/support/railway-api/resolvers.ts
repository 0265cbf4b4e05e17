// Root fields of the Railway API double: what each token may see of the world, and the mutations it applies.
import { GraphQLError } from 'graphql';
import type { RailwayWorld, WorldDeployment, WorldProject, WorldToken, WorldVolume, WorldVolumeInstance } from './world.js';

export type Caller =
  | { readonly kind: 'project'; readonly token: Extract<WorldToken, { kind: 'project' }> }
  | { readonly kind: 'api' | 'user'; readonly token: Exclude<WorldToken, { kind: 'project' }> };

type Args = Record<string, unknown>;
type View = Record<string, unknown>;

// Railway's message for a resource the credential cannot reach (railwayapp/cli src/testkit.rs).
const denied = () => new GraphQLError('Not Authorized');

export function rootResolvers(world: RailwayWorld, caller: Caller, mutations: { name: string; args: Args }[]): View {
  const workspaceIds = (): string[] => {
    if (caller.kind === 'project') return [];
    const token = caller.token;
    if (token.kind === 'api' && token.workspaceId) return [token.workspaceId];
    return world.workspaces.filter((w) => w.ownerId === token.userId).map((w) => w.id);
  };
  const seesProject = (project: WorldProject) => (caller.kind === 'project' ? project.id === caller.token.projectId : workspaceIds().includes(project.workspaceId));
  const seesEnvironment = (environmentId: string) => caller.kind !== 'project' || caller.token.environmentId === environmentId;
  const visibleProjects = () => world.projects.filter(seesProject);

  const projectOf = (id: string) => {
    const project = world.projects.find((p) => p.id === id);
    if (!project || !seesProject(project)) throw denied();
    return project;
  };

  const environmentView = (project: WorldProject, env: { id: string; name: string }): View => ({
    id: env.id,
    name: env.name,
    projectId: project.id,
    canAccess: true,
    isEphemeral: false,
    createdAt: '2026-01-10T00:00:00.000Z',
    updatedAt: '2026-01-10T00:00:00.000Z',
    serviceInstances: () => project.services.map((s) => ({ id: `si_${s.id}_${env.id}`, serviceId: s.id, serviceName: s.name, environmentId: env.id })),
    volumeInstances: () => project.volumes.flatMap((v) => v.instances.filter((i) => i.environmentId === env.id).map((i) => instanceView(project, v, i))),
    deployments: () => project.deployments.filter((d) => d.environmentId === env.id).map((d) => deploymentView(project, d)),
  });
  const serviceView = (project: WorldProject, service: { id: string; name: string }): View => ({
    id: service.id,
    name: service.name,
    projectId: project.id,
    project: () => projectView(project),
    deployments: () => project.deployments.filter((d) => d.serviceId === service.id && seesEnvironment(d.environmentId)).map((d) => deploymentView(project, d)),
  });
  const instanceView = (project: WorldProject, volume: WorldVolume, instance: WorldVolumeInstance): View => ({
    ...instance,
    volumeId: volume.id,
    state: 'READY',
    isPendingDeletion: false,
    volume: () => volumeView(project, volume),
    environment: () => environmentView(project, project.environments.find((e) => e.id === instance.environmentId) ?? { id: instance.environmentId, name: '?' }),
    service: () => serviceView(project, project.services.find((s) => s.id === instance.serviceId) ?? { id: '', name: '' }),
  });
  const volumeView = (project: WorldProject, volume: WorldVolume): View => ({
    id: volume.id,
    name: volume.name,
    projectId: project.id,
    project: () => projectView(project),
    volumeInstances: () => volume.instances.filter((i) => seesEnvironment(i.environmentId)).map((i) => instanceView(project, volume, i)),
  });
  const deploymentView = (project: WorldProject, deployment: WorldDeployment): View => ({
    ...deployment,
    projectId: project.id,
    service: () => serviceView(project, project.services.find((s) => s.id === deployment.serviceId) ?? { id: '', name: '' }),
    environment: () => environmentView(project, project.environments.find((e) => e.id === deployment.environmentId) ?? { id: '', name: '' }),
  });
  const workspaceView = (id: string): View => {
    const workspace = world.workspaces.find((w) => w.id === id);
    return { id, name: workspace?.name ?? id, projects: () => visibleProjects().filter((p) => p.workspaceId === id).map(projectView) };
  };
  const projectView = (project: WorldProject): View => ({
    id: project.id,
    name: project.name,
    workspaceId: project.workspaceId,
    deletedAt: null,
    workspace: () => workspaceView(project.workspaceId),
    environments: () => project.environments.filter((e) => seesEnvironment(e.id)).map((e) => environmentView(project, e)),
    services: () => project.services.map((s) => serviceView(project, s)),
    volumes: () => project.volumes.map((v) => volumeView(project, v)),
    deployments: () => project.deployments.filter((d) => seesEnvironment(d.environmentId)).map((d) => deploymentView(project, d)),
  });
  const findInstance = (id: string) => {
    for (const project of visibleProjects()) {
      for (const volume of project.volumes) {
        const instance = volume.instances.find((i) => i.id === id);
        if (instance && seesEnvironment(instance.environmentId)) return { project, volume, instance };
      }
    }
    throw denied();
  };
  const bearerOnly = () => {
    if (caller.kind === 'project') throw denied();
    return caller.token;
  };

  // Mutations record themselves (server.ts) and then change the world.
  const removeVolume = (volumeId: string) => {
    for (const project of visibleProjects()) {
      const before = project.volumes.length;
      project.volumes = project.volumes.filter((v) => v.id !== volumeId);
      if (project.volumes.length < before) return true;
    }
    throw denied();
  };

  return {
    me: () => {
      const token = bearerOnly();
      const user = world.users.find((u) => u.id === token.userId);
      return { ...user, workspaces: () => workspaceIds().map(workspaceView) };
    },
    projectToken: () => {
      if (caller.kind !== 'project') throw new GraphQLError('Project Token not found');
      const { token } = caller;
      const project = projectOf(token.projectId);
      const env = project.environments.find((e) => e.id === token.environmentId) ?? { id: token.environmentId, name: '?' };
      return { id: token.id, name: token.name, projectId: project.id, environmentId: env.id, project: projectView(project), environment: environmentView(project, env) };
    },
    apiToken: () => {
      bearerOnly();
      return { workspaces: workspaceIds().map((id) => ({ id, name: world.workspaces.find((w) => w.id === id)?.name ?? id })) };
    },
    projects: (args: Args) => visibleProjects().filter((p) => !args.workspaceId || p.workspaceId === args.workspaceId).map(projectView),
    project: (args: Args) => projectView(projectOf(String(args.id))),
    workspace: (args: Args) => {
      if (!workspaceIds().includes(String(args.workspaceId))) throw denied();
      return workspaceView(String(args.workspaceId));
    },
    environment: (args: Args) => {
      const project = visibleProjects().find((p) => p.environments.some((e) => e.id === args.id));
      const env = project?.environments.find((e) => e.id === args.id);
      if (!project || !env || !seesEnvironment(env.id)) throw denied();
      return environmentView(project, env);
    },
    environments: (args: Args) => {
      const project = projectOf(String(args.projectId));
      return project.environments.filter((e) => seesEnvironment(e.id)).map((e) => environmentView(project, e));
    },
    service: (args: Args) => {
      const project = visibleProjects().find((p) => p.services.some((s) => s.id === args.id));
      const service = project?.services.find((s) => s.id === args.id);
      if (!project || !service) throw denied();
      return serviceView(project, service);
    },
    variables: (args: Args) => {
      const project = projectOf(String(args.projectId));
      if (!seesEnvironment(String(args.environmentId))) throw denied();
      return project.variables?.find((v) => v.environmentId === args.environmentId && v.serviceId === args.serviceId)?.values ?? {};
    },
    volumeInstance: (args: Args) => {
      const { project, volume, instance } = findInstance(String(args.id));
      return instanceView(project, volume, instance);
    },
    volumeInstanceBackupList: (args: Args) =>
      findInstance(String(args.volumeInstanceId)).instance.backups.map((b) => ({ ...b, externalId: b.id, scheduleId: null, creatorId: null, volumeInstanceSizeMB: null })),
    deployments: (args: Args) => {
      const input = (args.input ?? {}) as { projectId?: string; environmentId?: string; serviceId?: string };
      const projects = input.projectId ? [projectOf(input.projectId)] : visibleProjects();
      return projects.flatMap((project) =>
        project.deployments
          .filter((d) => seesEnvironment(d.environmentId))
          .filter((d) => (!input.environmentId || d.environmentId === input.environmentId) && (!input.serviceId || d.serviceId === input.serviceId))
          .map((d) => deploymentView(project, d)),
      );
    },
    volumeDelete: (args: Args) => removeVolume(String(args.volumeId)),
    environmentDelete: (args: Args) => {
      const project = visibleProjects().find((p) => p.environments.some((e) => e.id === args.id));
      if (!project || !seesEnvironment(String(args.id))) throw denied();
      project.environments = project.environments.filter((e) => e.id !== args.id);
      return true;
    },
    serviceDelete: (args: Args) => {
      const project = visibleProjects().find((p) => p.services.some((s) => s.id === args.id));
      if (!project) throw denied();
      project.services = project.services.filter((s) => s.id !== args.id);
      return true;
    },
    projectDelete: (args: Args) => {
      const project = projectOf(String(args.id));
      if (caller.kind === 'project') throw denied();
      world.projects = world.projects.filter((p) => p !== project);
      return true;
    },
    deploymentRemove: (args: Args) => {
      const project = visibleProjects().find((p) => p.deployments.some((d) => d.id === args.id));
      if (!project) throw denied();
      project.deployments = project.deployments.filter((d) => d.id !== args.id);
      return true;
    },
    volumeInstanceUpdate: () => true,
    _recordInto: mutations,
  };
}
