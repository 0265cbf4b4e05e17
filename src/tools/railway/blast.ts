// Measures what a Railway operation destroys: volume instances in every environment, backups, services.
import type { GuardConfig } from '../../config/types.js';
import { environmentFacts, mostProtected, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts, Target } from '../../core/types.js';
import { DEPLOYMENTS_QUERY, VOLUME_BACKUPS_QUERY, type BackupsData, type DeploymentFacts, type DeploymentsData, type ProjectFacts, type RailwayApi } from './api.js';
import type { RailwayOperation } from './model.js';
import type { RailwayScope } from './scope.js';

export interface MeasureContext {
  readonly api: RailwayApi;
  readonly scope: RailwayScope;
  readonly project: ProjectFacts;
  /** The environment the command appears to target, before anything was measured. */
  readonly apparent: EnvironmentFacts;
  readonly config: GuardConfig;
}

export interface Measured {
  readonly environments: EnvironmentFacts[];
  readonly targets: Target[];
  readonly blastRadius: string[];
  readonly unverified: string[];
  readonly notes: string[];
}

const MB = 1_000_000;

export function formatMegabytes(mb: number): string {
  return mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : `${mb.toFixed(1)} MB`;
}

function named<T extends { id: string; name: string }>(edges: readonly { node: T }[], value: string | undefined): T | undefined {
  return value === undefined ? undefined : edges.find(({ node }) => node.id === value || node.name === value)?.node;
}

function envName(project: ProjectFacts, id: string): string {
  return named(project.environments.edges, id)?.name ?? id;
}

function serviceName(project: ProjectFacts, id: string | null): string {
  return id ? (named(project.services.edges, id)?.name ?? id) : '(no service)';
}

function empty(): Measured {
  return { environments: [], targets: [], blastRadius: [], unverified: [], notes: [] };
}

async function deployments(m: MeasureContext, input: Record<string, string>, out: Measured): Promise<DeploymentFacts[] | null> {
  const answer = await m.api.query<DeploymentsData>(DEPLOYMENTS_QUERY, { input: { projectId: m.project.id, ...input }, first: 50 });
  if (!answer.ok) {
    out.unverified.push(`its deployments: ${answer.error}`);
    return null;
  }
  return answer.data.deployments.edges.map(({ node }) => node);
}

async function volumeDelete(volume: string, m: MeasureContext, out: Measured): Promise<void> {
  const found = named(m.project.volumes.edges, volume);
  if (!found) {
    out.unverified.push(`no volume ${volume} in project ${m.project.name} that this credential can see`);
    return;
  }
  out.blastRadius.push(`volume ${found.name} (${found.id}) in project ${m.project.name}`);
  const instances = found.volumeInstances.edges.map(({ node }) => node);
  let backupTotal = 0;
  let backupsVerified = true;
  let newest: string | null = null;
  for (const instance of instances) {
    const environment = envName(m.project, instance.environmentId);
    const facts = environmentFacts(environment, `Railway API: volume ${found.name} has an instance in ${environment}`, m.config);
    out.environments.push(facts);
    const backups = await m.api.query<BackupsData>(VOLUME_BACKUPS_QUERY, { volumeInstanceId: instance.id });
    let backupText = 'backups not verified';
    let backupCount: number | undefined;
    if (backups.ok) {
      const list = backups.data.volumeInstanceBackupList;
      backupCount = list.length;
      backupTotal += list.length;
      const latest = list.map((b) => b.createdAt).sort().pop() ?? null;
      if (latest && (!newest || latest > newest)) newest = latest;
      backupText = `${list.length} backup${list.length === 1 ? '' : 's'}${latest ? ` (newest ${latest})` : ''}`;
    } else {
      backupsVerified = false;
      out.unverified.push(`the backups of ${found.name} in ${environment}: ${backups.error}`);
    }
    const also = environment !== m.apparent.name ? `   <- also ${environment}` : '';
    out.blastRadius.push(`it lives in ${environment}  ${serviceName(m.project, instance.serviceId)}  ${instance.mountPath}  ${formatMegabytes(instance.currentSizeMB)} of ${formatMegabytes(instance.sizeMB)}  ${backupText}${also}`);
    out.targets.push({
      kind: 'volume',
      id: found.id,
      name: found.name,
      environment,
      bytes: Math.round(instance.currentSizeMB * MB),
      volumeInstance: instance.id,
      service: serviceName(m.project, instance.serviceId),
      mountPath: instance.mountPath,
      ...(backupCount !== undefined ? { backups: backupCount } : {}),
    });
  }
  if (instances.length === 0) out.blastRadius.push(`volume ${found.name} has no instances`);
  const verb = backupTotal === 1 ? 'belongs to the volume and is' : 'belong to the volume and are';
  if (backupTotal > 0 || backupsVerified) out.blastRadius.push(backupTotal === 0 ? 'no backups of this volume exist: nothing is left to restore from' : `${backupTotal} backup${backupTotal === 1 ? '' : 's'} on this volume${newest ? ` (newest ${newest})` : ''} ${verb} deleted with it`);
  const everywhere = [...new Set(out.environments.map((e) => e.name))];
  if (m.apparent.name === 'unknown') {
    // A raw API call names no environment: say plainly where the volume lives.
    if (everywhere.length > 1) {
      out.blastRadius.push(`WARNING: ${found.name} is shared: deleting it deletes it in ${everywhere.join(' and ')}`);
      out.notes.push(`The volume ${found.name} is shared by ${everywhere.join(', ')}.`);
    }
  } else {
    const others = everywhere.filter((name) => name !== m.apparent.name);
    if (others.length > 0) {
      out.blastRadius.push(`WARNING: ${found.name} is not only ${m.apparent.name}'s: deleting it also deletes it in ${others.join(', ')}`);
      out.notes.push(`The volume ${found.name} is shared: it also lives in ${others.join(', ')}, not only in ${m.apparent.name}.`);
    }
  }
  if (m.scope.credential?.kind === 'project') {
    // Railway shows a project token only its own environment's instances, but volumeDelete
    // removes the volume everywhere: "only staging" would be the incident's guess again.
    const own = everywhere.join(', ') || 'its own environment';
    out.blastRadius.push(`a project token sees only ${own}: other environments that share ${found.name} are not shown`);
    out.unverified.push(`a project token sees only ${own}; other environments may share ${found.name}`);
    out.environments.push(unknownEnvironment(`not verified: a project token cannot see other environments that may share ${found.name}`));
  }
}

async function environmentDelete(value: string, m: MeasureContext, out: Measured): Promise<void> {
  const environment = named(m.project.environments.edges, value);
  if (!environment) {
    out.unverified.push(`no environment ${value} in project ${m.project.name}`);
    return;
  }
  out.environments.push(environmentFacts(environment.name, `Railway API: environment ${environment.name} of project ${m.project.name}`, m.config));
  out.targets.push({ kind: 'environment', id: environment.id, name: environment.name, environment: environment.name });
  const list = await deployments(m, { environmentId: environment.id }, out);
  if (list) {
    const services = [...new Set(list.map((d) => serviceName(m.project, d.serviceId)))];
    out.blastRadius.push(`environment ${environment.name} of project ${m.project.name}: ${services.length} service${services.length === 1 ? '' : 's'} with deployments${services.length > 0 ? ` (${services.join(', ')})` : ''}`);
  }
  for (const { node: volume } of m.project.volumes.edges) {
    for (const { node: instance } of volume.volumeInstances.edges) {
      if (instance.environmentId !== environment.id) continue;
      out.blastRadius.push(`volume ${volume.name}  ${serviceName(m.project, instance.serviceId)}  ${instance.mountPath}  ${formatMegabytes(instance.currentSizeMB)} is deleted with it`);
    }
  }
}

async function serviceDelete(value: string, m: MeasureContext, out: Measured): Promise<void> {
  const service = named(m.project.services.edges, value);
  const environment = named(m.project.environments.edges, m.scope.environment?.value);
  if (!service || !environment) {
    out.unverified.push(!service ? `no service ${value} in project ${m.project.name}` : `the environment ${m.scope.environment?.value ?? '(none given)'} in project ${m.project.name}`);
    return;
  }
  out.environments.push(environmentFacts(environment.name, `Railway API: environment ${environment.name} of project ${m.project.name}`, m.config));
  out.targets.push({ kind: 'service', id: service.id, name: service.name, environment: environment.name });
  const list = await deployments(m, { environmentId: environment.id, serviceId: service.id }, out);
  if (list) out.blastRadius.push(`service ${service.name} in ${environment.name}: ${list.length} deployment${list.length === 1 ? '' : 's'} are deleted permanently`);
  for (const { node: volume } of m.project.volumes.edges) {
    for (const { node: instance } of volume.volumeInstances.edges) {
      if (instance.serviceId === service.id && instance.environmentId === environment.id) {
        out.blastRadius.push(`attached volume ${volume.name}  ${instance.mountPath}  ${formatMegabytes(instance.currentSizeMB)}`);
      }
    }
  }
}

function projectDelete(m: MeasureContext, out: Measured): void {
  const environments = m.project.environments.edges.map(({ node }) => node.name);
  for (const name of environments) out.environments.push(environmentFacts(name, `Railway API: project ${m.project.name} contains ${name}`, m.config));
  const deciding = mostProtected(out.environments);
  out.targets.push({ kind: 'project', id: m.project.id, name: m.project.name, environment: deciding?.name ?? 'unknown' });
  out.blastRadius.push(`project ${m.project.name} (${m.project.id}): environments ${environments.join(', ') || '(none)'}`);
  out.blastRadius.push(`${m.project.services.edges.length} services: ${m.project.services.edges.map(({ node }) => node.name).join(', ')}`);
  for (const { node: volume } of m.project.volumes.edges) {
    const sizes = volume.volumeInstances.edges.map(({ node }) => `${envName(m.project, node.environmentId)} ${formatMegabytes(node.currentSizeMB)}`);
    out.blastRadius.push(`volume ${volume.name}: ${sizes.join(', ') || 'no instances'} (with its backups)`);
  }
  out.blastRadius.push('Railway keeps a deleted project restorable for 48 hours');
}

async function deploymentRemove(m: MeasureContext, out: Measured, serviceValue: string | undefined): Promise<void> {
  const service = named(m.project.services.edges, serviceValue);
  const environment = named(m.project.environments.edges, m.scope.environment?.value);
  if (!service || !environment) {
    out.unverified.push(!service ? `which service: ${serviceValue ?? 'none given or linked'}` : `the environment ${m.scope.environment?.value ?? '(none given)'}`);
    return;
  }
  out.environments.push(environmentFacts(environment.name, `Railway API: environment ${environment.name} of project ${m.project.name}`, m.config));
  const list = await deployments(m, { environmentId: environment.id, serviceId: service.id }, out);
  const latest = list?.filter((d) => d.status === 'SUCCESS').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  out.targets.push({ kind: 'deployment', id: latest?.id ?? service.id, name: service.name, environment: environment.name });
  if (list) out.blastRadius.push(latest ? `removes deployment ${latest.id} of ${service.name} in ${environment.name} (from ${latest.createdAt}${latest.staticUrl ? `, serving ${latest.staticUrl}` : ''})` : `${service.name} in ${environment.name} has no successful deployment to remove`);
}

export async function measureOperation(operation: RailwayOperation, m: MeasureContext): Promise<Measured> {
  const out = empty();
  switch (operation.kind) {
    case 'volume-delete':
      await volumeDelete(operation.volume, m, out);
      break;
    case 'environment-delete':
      await environmentDelete(operation.environment, m, out);
      break;
    case 'service-delete':
      await serviceDelete(operation.service, m, out);
      break;
    case 'project-delete':
      projectDelete(m, out);
      break;
    case 'deployment-remove':
      await deploymentRemove(m, out, operation.service ?? m.scope.service?.value);
      break;
    case 'other': {
      const environment = named(m.project.environments.edges, m.scope.environment?.value);
      if (environment) out.environments.push(environmentFacts(environment.name, `Railway API: environment ${environment.name} of project ${m.project.name}`, m.config));
      const name = operation.target ?? operation.name;
      out.targets.push({ kind: 'resource', id: name, name, environment: environment?.name ?? m.apparent.name });
      out.blastRadius.push(`${operation.name} in project ${m.project.name}${environment ? `, environment ${environment.name}` : ''}`);
      break;
    }
  }
  return out;
}
