// Read-only look-ups on the Docker Engine API over its Unix socket: volumes, their sizes and the containers using them.
import type { Context } from '../../core/context.js';
import { formatBytes } from '../../core/report.js';

// Docker Engine API v1.47 (docs.docker.com/reference/api/engine/version/v1.47.yaml): GET /volumes/{name},
// GET /volumes?filters={"dangling":["true"]}, GET /system/df?type=volume (UsageData.Size, RefCount; `type`
// since 1.42), GET /containers/json?all=true&filters={"volume":[name]}. Anonymous volumes carry the label
// com.docker.volume.anonymous (prune without --all removes only those, since API 1.42).
const TIMEOUT_MS = 3000;
const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

export interface VolumeFacts {
  readonly name: string;
  readonly exists: boolean;
  readonly bytes?: number;
  readonly containers: readonly string[];
  readonly driver?: string;
  readonly anonymous?: boolean;
}

interface EngineVolume {
  Name?: string;
  Driver?: string;
  Labels?: Record<string, string> | null;
  UsageData?: { Size?: number; RefCount?: number } | null;
}

export class DockerEngine {
  constructor(
    private readonly socketPath: string,
    private readonly ctx: Context,
  ) {}

  private async get(path: string): Promise<{ status: number; body: unknown }> {
    const response = await this.ctx.http.request({ method: 'GET', url: `http://localhost${path}`, headers: { accept: 'application/json' }, timeoutMs: TIMEOUT_MS, socketPath: this.socketPath });
    let body: unknown = null;
    try {
      body = JSON.parse(response.text);
    } catch {
      if (response.status < 300) throw new Error(`${path}: the engine's answer is not JSON`);
    }
    return { status: response.status, body };
  }

  /** Sizes of every volume, from `system df` (the only place the Engine reports them). */
  async volumeSizes(): Promise<Map<string, number>> {
    const { status, body } = await this.get('/system/df?type=volume');
    if (status !== 200) throw new Error(`GET /system/df: HTTP ${status}`);
    const sizes = new Map<string, number>();
    for (const volume of ((body as { Volumes?: EngineVolume[] } | null)?.Volumes ?? [])) {
      const size = volume.UsageData?.Size;
      if (volume.Name && typeof size === 'number' && size >= 0) sizes.set(volume.Name, size);
    }
    return sizes;
  }

  async containersUsing(volume: string): Promise<string[]> {
    const filters = encodeURIComponent(JSON.stringify({ volume: [volume] }));
    const { status, body } = await this.get(`/containers/json?all=true&filters=${filters}`);
    if (status !== 200) throw new Error(`GET /containers/json: HTTP ${status}`);
    return ((body as { Names?: string[] }[] | null) ?? []).map((c) => (c.Names?.[0] ?? '?').replace(/^\//, ''));
  }

  async volumes(names: readonly string[]): Promise<VolumeFacts[]> {
    const sizes = await this.volumeSizes();
    const out: VolumeFacts[] = [];
    for (const name of names) {
      const { status, body } = await this.get(`/volumes/${encodeURIComponent(name)}`);
      if (status === 404) {
        out.push({ name, exists: false, containers: [] });
        continue;
      }
      if (status !== 200) throw new Error(`GET /volumes/${name}: HTTP ${status}`);
      const volume = body as EngineVolume;
      const size = sizes.get(name);
      out.push({ name, exists: true, containers: await this.containersUsing(name), ...(size !== undefined ? { bytes: size } : {}), ...(volume.Driver ? { driver: volume.Driver } : {}) });
    }
    return out;
  }

  /** What `volume prune` would delete: unused volumes, anonymous ones only unless --all. */
  async pruneCandidates(all: boolean): Promise<VolumeFacts[]> {
    const filters = encodeURIComponent(JSON.stringify({ dangling: ['true'] }));
    const { status, body } = await this.get(`/volumes?filters=${filters}`);
    if (status !== 200) throw new Error(`GET /volumes: HTTP ${status}`);
    const sizes = await this.volumeSizes();
    const listed = (body as { Volumes?: EngineVolume[] | null } | null)?.Volumes ?? [];
    return listed
      .filter((v) => all || v.Labels?.[ANONYMOUS_LABEL] !== undefined)
      .map((v) => ({ name: v.Name ?? '?', exists: true, containers: [], anonymous: v.Labels?.[ANONYMOUS_LABEL] !== undefined, ...(sizes.has(v.Name ?? '') ? { bytes: sizes.get(v.Name ?? '') } : {}) }));
  }

  /** Anonymous volumes mounted by a compose project's containers (`down -v` deletes those too). */
  async composeAnonymousVolumes(project: string): Promise<string[]> {
    const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }));
    const { status, body } = await this.get(`/containers/json?all=true&filters=${filters}`);
    if (status !== 200) throw new Error(`GET /containers/json: HTTP ${status}`);
    const names: string[] = [];
    for (const container of (body as { Mounts?: { Type?: string; Name?: string }[] }[] | null) ?? []) {
      for (const mount of container.Mounts ?? []) if (mount.Type === 'volume' && mount.Name && /^[0-9a-f]{64}$/.test(mount.Name)) names.push(mount.Name);
    }
    return [...new Set(names)];
  }
}

/** One blast-radius line for a volume: `pgdata: 1.2 GB, used by db (2 containers)`. */
export function volumeLine(volume: VolumeFacts): string {
  if (!volume.exists) return `${volume.name}: no such volume on this engine (nothing to delete)`;
  const size = volume.bytes !== undefined ? formatBytes(volume.bytes) : 'size unknown';
  const users = volume.containers.length > 0 ? `, mounted by ${volume.containers.join(', ')}` : '';
  return `${volume.name}: ${size} of data${users}`;
}
