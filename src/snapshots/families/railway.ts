// Railway snapshots: before a volume is deleted, pg_dump of the Postgres it backs, reached through the service's variables.
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import type { Target } from '../../core/types.js';
import { railwayApi, type RailwayApi } from '../../tools/railway/api.js';
import { findCredential } from '../../tools/railway/credential.js';
import { readRailwayConfig } from '../../tools/railway/link.js';
import { SnapshotError, type SnapshotInput, type SnapshotManifest, type SnapshotPlan, type Snapshotter, type TakenSnapshot, type Verification } from '../model.js';
import { conninfo, pgDumpArgs, runClient, type PgConnectionSettings } from './postgres.js';
import { keepSessionSecret, privateFileSize, sessionSecret } from './shared.js';

/** What the snapshotter asks Railway: where a volume instance is mounted, and that service's variables. */
export const VOLUME_INSTANCE_QUERY = `query GuardSnapshotVolumeInstance($id: String!) {
  volumeInstance(id: $id) { id mountPath serviceId environmentId volume { id name projectId } }
}`;
export const SERVICE_VARIABLES_QUERY = `query GuardSnapshotVariables($projectId: String!, $environmentId: String!, $serviceId: String!) {
  variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId)
}`;

/** The public URL first: DATABASE_URL names railway.internal, which only Railway's own network reaches. */
const URL_VARIABLES = ['DATABASE_PUBLIC_URL', 'DATABASE_URL'];

const OTHER_VOLUMES =
  'no off-volume copy can be made of a volume that does not back a Postgres service: Railway offers no way to read a volume\'s files from outside, and its own volume backups live on the volume and are deleted with it. Copy the data out first (railway ssh, or the service\'s own export)';

interface InstanceSettings {
  readonly volumeInstanceId: string;
  readonly volume: string;
  readonly projectId: string;
  readonly environmentId: string;
  readonly environment: string;
  readonly serviceId: string;
  readonly service: string;
  /** Which variable gave the connection, and the connection without its password. */
  readonly variable: string;
  readonly connection: PgConnectionSettings;
  readonly passwordKey: string | null;
}

interface VolumeInstanceData {
  readonly volumeInstance: { id: string; mountPath: string; serviceId: string | null; environmentId: string; volume: { id: string; name: string; projectId: string } };
}

function notCopyable(input: SnapshotInput, reason: string, notes: readonly string[] = []): SnapshotPlan {
  return { family: 'railway', tool: input.tool, environment: input.analysis.environment?.name ?? 'unknown', targets: [], estimatedBytes: null, copyable: false, reason, notes, settings: {} };
}

async function connect(ctx: Context): Promise<RailwayApi> {
  const credential = findCredential(ctx.env, await readRailwayConfig(ctx));
  if (credential === null) throw new SnapshotError('no Railway credential (RAILWAY_API_TOKEN, RAILWAY_TOKEN or railway login) to read the service\'s connection variables with');
  return railwayApi(ctx, credential);
}

/** A postgres:// URL as libpq settings; the password apart (it never reaches the manifest). */
export function postgresUrl(text: string): { connection: PgConnectionSettings; password: string | null } | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return null;
  const extra: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (['sslmode', 'sslrootcert', 'connect_timeout', 'application_name'].includes(key)) extra[key] = value;
  return {
    connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), dbname: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres', extra },
    password: url.password === '' ? null : decodeURIComponent(url.password),
  };
}

async function serviceDatabase(api: RailwayApi, ids: { projectId: string; environmentId: string; serviceId: string }): Promise<{ variable: string; connection: PgConnectionSettings; password: string | null } | null> {
  const answer = await api.query<{ variables: Record<string, string> }>(SERVICE_VARIABLES_QUERY, ids);
  if (!answer.ok) throw new SnapshotError(`the service's variables: ${answer.error}`);
  for (const variable of URL_VARIABLES) {
    const parsed = answer.data.variables[variable] ? postgresUrl(answer.data.variables[variable] ?? '') : null;
    if (parsed) return { variable, ...parsed };
  }
  return null;
}

async function plan(input: SnapshotInput, ctx: Context): Promise<SnapshotPlan> {
  const volumes = input.analysis.targets.filter((t: Target) => t.kind === 'volume' && typeof t.volumeInstance === 'string');
  if (volumes.length === 0) {
    const what = input.analysis.targets.map((t) => `${t.kind} ${t.name}`).join(', ') || 'this command';
    return notCopyable(input, `guard copies a Railway volume that backs a Postgres service before it is deleted; for ${what} it cannot tell which data goes (run the volume's deletion on its own with --snapshot)`);
  }
  if (ctx.offline) return notCopyable(input, 'reading the service\'s connection variables needs the Railway API (--offline)');
  let api: RailwayApi;
  try {
    api = await connect(ctx);
  } catch (error) {
    return notCopyable(input, (error as Error).message);
  }
  const instances: InstanceSettings[] = [];
  for (const target of volumes) {
    const found = await api.query<VolumeInstanceData>(VOLUME_INSTANCE_QUERY, { id: target.volumeInstance });
    if (!found.ok) return notCopyable(input, `volume ${target.name} in ${target.environment}: ${found.error}`);
    const instance = found.data.volumeInstance;
    if (instance.serviceId === null) return notCopyable(input, `volume ${target.name} in ${target.environment} is attached to no service: ${OTHER_VOLUMES}`);
    const database = await serviceDatabase(api, { projectId: instance.volume.projectId, environmentId: instance.environmentId, serviceId: instance.serviceId }).catch((error: Error) => error);
    if (database instanceof Error) return notCopyable(input, `volume ${target.name} in ${target.environment}: ${database.message}`);
    if (database === null) return notCopyable(input, `volume ${target.name} (mounted at ${instance.mountPath} on ${String(target.service)} in ${target.environment}): ${OTHER_VOLUMES}`);
    instances.push({
      volumeInstanceId: instance.id,
      volume: instance.volume.name,
      projectId: instance.volume.projectId,
      environmentId: instance.environmentId,
      environment: target.environment,
      serviceId: instance.serviceId,
      service: String(target.service ?? instance.serviceId),
      variable: database.variable,
      connection: database.connection,
      passwordKey: keepSessionSecret(database.password),
    });
  }
  return {
    family: 'railway',
    tool: input.tool,
    environment: input.analysis.environment?.name ?? 'unknown',
    targets: instances.map((i) => `${i.volume} in ${i.environment}: Postgres database ${i.connection.dbname} of ${i.service}`),
    estimatedBytes: volumes.reduce((sum, t) => sum + (t.bytes ?? 0), 0) || null,
    copyable: true,
    notes: [
      ...instances.map((i) => `pg_dump -Fc through ${i.service}'s ${i.variable} (${i.connection.host}:${i.connection.port}), kept here, off the volume`),
      'the estimate is the volume\'s size; the dump holds the databases\' data, not the volume\'s files (WAL, configuration)',
      'restore reads the service\'s connection variables again and runs pg_restore --clean into that database',
    ],
    settings: { instances } as unknown as Record<string, unknown>,
  };
}

function instancesOf(settings: Readonly<Record<string, unknown>>): InstanceSettings[] {
  const instances = settings.instances;
  if (!Array.isArray(instances) || instances.length === 0) throw new SnapshotError('the manifest lists no Railway volume instances');
  return instances as InstanceSettings[];
}

const USER_TABLES = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'";

async function take(planned: SnapshotPlan, dir: string, ctx: Context): Promise<TakenSnapshot> {
  const dumps: { file: string; volumeInstanceId: string; tables: number }[] = [];
  let bytes = 0;
  for (const [index, instance] of instancesOf(planned.settings).entries()) {
    const password = sessionSecret(instance.passwordKey) ?? undefined;
    const what = `${instance.volume} in ${instance.environment}`;
    const counted = await runClient({ program: 'psql', args: ['-X', '-A', '-t', '-q', `--dbname=${conninfo(instance.connection)}`, '-c', USER_TABLES], ...(password ? { password } : {}), what: `counting the tables of ${what}` }, ctx);
    const file = `railway-${index + 1}.dump`;
    await runClient({ program: 'pg_dump', args: pgDumpArgs(instance.connection, join(dir, file), {}), ...(password ? { password } : {}), what: `dumping ${what}` }, ctx);
    bytes += await privateFileSize(dir, file);
    dumps.push({ file, volumeInstanceId: instance.volumeInstanceId, tables: Number(counted.trim()) });
  }
  return { files: dumps.map((d) => d.file), bytes, facts: { dumps } };
}

async function verify(manifest: SnapshotManifest, dir: string, ctx: Context): Promise<Verification> {
  const dumps = manifest.facts.dumps;
  if (!Array.isArray(dumps)) return { ok: false, checks: ['the manifest lists no dumps'] };
  const checks: string[] = [];
  let ok = true;
  for (const dump of dumps as { file: string; tables: number }[]) {
    try {
      const list = await runClient({ program: 'pg_restore', args: ['--list', join(dir, dump.file)], what: `reading ${dump.file}` }, ctx);
      const tables = list.split('\n').filter((line) => / TABLE DATA /.test(line) && !line.startsWith(';')).length;
      const same = tables === dump.tables;
      ok &&= same;
      checks.push(`${dump.file}: pg_restore --list reads it; data of ${tables} tables, ${dump.tables} tables live${same ? '' : ' (MISMATCH)'}`);
    } catch (error) {
      ok = false;
      checks.push(`${dump.file}: ${(error as Error).message}`);
    }
  }
  return { ok, checks };
}

async function restore(manifest: SnapshotManifest, dir: string, ctx: Context): Promise<void> {
  const instances = instancesOf(manifest.settings);
  const dumps = manifest.facts.dumps as { file: string; volumeInstanceId: string }[];
  const api = await connect(ctx);
  for (const instance of instances) {
    const dump = dumps.find((d) => d.volumeInstanceId === instance.volumeInstanceId);
    if (!dump) throw new SnapshotError(`no dump for ${instance.volume} in ${instance.environment}`);
    // The volume is gone; the service (with a new volume) is where the data goes back, as it is now.
    const database = await serviceDatabase(api, instance);
    if (database === null) {
      throw new SnapshotError(`${instance.service} in ${instance.environment} has no ${URL_VARIABLES.join(' or ')} now: create its database again, then pg_restore --clean --if-exists --no-owner -d <its URL> ${join(dir, dump.file)}`);
    }
    const password = sessionSecret(instance.passwordKey) ?? database.password ?? undefined;
    await runClient({ program: 'pg_restore', args: ['--clean', '--if-exists', '--no-owner', '--exit-on-error', `--dbname=${conninfo(database.connection)}`, join(dir, dump.file)], ...(password ? { password } : {}), what: `restoring ${instance.volume} into ${instance.service} (${instance.environment})` }, ctx);
  }
}

export const railwaySnapshotter: Snapshotter = {
  family: 'railway',
  plan,
  take,
  verify,
  restore,
};
