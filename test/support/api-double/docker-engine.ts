// The Docker Engine API on a Unix socket, for guard and the real docker client: volumes, system df, containers.
//
// Built from the Engine API v1.47 description (docs.docker.com/reference/api/engine/version/v1.47.yaml):
// GET /_ping (Api-Version header), /version, /volumes/{name} (Volume: Name, Driver, Mountpoint, Labels, Scope,
// CreatedAt), /volumes?filters= (VolumeListResponse: Volumes, Warnings), /system/df?type=volume (Volumes with
// UsageData {Size, RefCount}), /containers/json?all&filters= (ContainerSummary: Id, Names, Labels, Mounts).
import { startApiDouble, type ApiDouble } from './server.js';

export interface EngineVolume {
  readonly name: string;
  readonly bytes: number;
  readonly labels?: Record<string, string>;
}

export interface EngineContainer {
  readonly name: string;
  readonly labels?: Record<string, string>;
  /** Volume names it mounts. */
  readonly volumes: readonly string[];
}

export interface EngineWorld {
  readonly volumes: readonly EngineVolume[];
  readonly containers: readonly EngineContainer[];
}

const API_VERSION = '1.47';

function volumeBody(v: EngineVolume) {
  return { Name: v.name, Driver: 'local', Mountpoint: `/var/lib/docker/volumes/${v.name}/_data`, Labels: v.labels ?? null, Scope: 'local', CreatedAt: '2026-11-02T10:00:00Z', Options: null };
}

function filtersOf(query: URLSearchParams): Record<string, string[]> {
  const raw = query.get('filters');
  if (!raw) return {};
  const parsed = JSON.parse(raw) as Record<string, string[] | Record<string, boolean>>;
  // The docker client sends {"key": {"value": true}}; older ones {"key": ["value"]}.
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, Array.isArray(v) ? v : Object.keys(v)]));
}

export function startDockerEngine(socketPath: string, world: EngineWorld): Promise<ApiDouble> {
  const used = (name: string) => world.containers.some((c) => c.volumes.includes(name));
  const containerBody = (c: EngineContainer) => ({
    Id: `${c.name}0000`.padEnd(64, '0'),
    Names: [`/${c.name}`],
    Image: 'postgres:16',
    State: 'running',
    Labels: c.labels ?? {},
    Mounts: c.volumes.map((name) => ({ Type: 'volume', Name: name, Source: `/var/lib/docker/volumes/${name}/_data`, Destination: '/data', Driver: 'local', RW: true })),
  });
  return startApiDouble({
    socketPath,
    notFound: (path) => ({ message: `page not found: ${path}` }),
    routes: {
      'GET /_ping': () => ({ status: 200, body: 'OK', headers: { 'api-version': API_VERSION, 'ostype': 'linux' } }),
      'HEAD /_ping': () => ({ status: 200, body: '', headers: { 'api-version': API_VERSION, 'ostype': 'linux' } }),
      'GET /version': () => ({ status: 200, body: { Version: '28.2.2', ApiVersion: API_VERSION, MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64' } }),
      'GET /volumes/:name': ({ name }) => {
        const volume = world.volumes.find((v) => v.name === name);
        return volume ? { status: 200, body: volumeBody(volume) } : { status: 404, body: { message: `get ${name ?? ''}: no such volume` } };
      },
      'GET /volumes': (_, query) => {
        const filters = filtersOf(query);
        const dangling = filters.dangling?.[0];
        const list = world.volumes.filter((v) => dangling === undefined || (dangling === 'true') === !used(v.name));
        return { status: 200, body: { Volumes: list.map(volumeBody), Warnings: null } };
      },
      'GET /system/df': () => ({ status: 200, body: { Volumes: world.volumes.map((v) => ({ ...volumeBody(v), UsageData: { Size: v.bytes, RefCount: world.containers.filter((c) => c.volumes.includes(v.name)).length } })) } }),
      'GET /containers/json': (_, query) => {
        const filters = filtersOf(query);
        const list = world.containers.filter((c) => (filters.volume ?? []).every((v) => c.volumes.includes(v)) && (filters.label ?? []).every((l) => c.labels?.[l.slice(0, l.indexOf('='))] === l.slice(l.indexOf('=') + 1)));
        return { status: 200, body: list.map(containerBody) };
      },
    },
  });
}
