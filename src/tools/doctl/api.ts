// Read-only look-ups on the DigitalOcean API v2: what a deleted Droplet, database, volume or cluster takes with it.
import { plural } from '../../core/report.js';
import type { Context } from '../../core/context.js';


// DigitalOcean API v2 (github.com/digitalocean/openapi): GET /v2/droplets/{id} (size_slug, disk, volume_ids,
// backup_ids, snapshot_ids), /v2/databases/{uuid} (engine, size, num_nodes, db_names), /v2/volumes/{id}
// (size_gigabytes, droplet_ids), /v2/kubernetes/clusters/{id}, /v2/kubernetes/clusters/{id}/destroy_with_associated_resources
// (load_balancers, volumes, volume_snapshots). The base is --api-url / DIGITALOCEAN_API_URL / api-url.
const TIMEOUT_MS = 4000;

export class DigitalOceanApi {
  constructor(
    private readonly ctx: Context,
    private readonly base: string,
    private readonly token: string,
  ) {}

  async get(path: string): Promise<Record<string, unknown> | null> {
    const response = await this.ctx.http.request({ method: 'GET', url: `${this.base}${path}`, headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' }, timeoutMs: TIMEOUT_MS });
    if (response.status === 404) return null;
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    return JSON.parse(response.text) as Record<string, unknown>;
  }
}

const GiB = 1024 ** 3;
const names = (list: unknown): string => (Array.isArray(list) ? list.map((x) => (typeof x === 'object' && x !== null ? String((x as { name?: unknown }).name ?? (x as { id?: unknown }).id) : String(x))).join(', ') : '');

/** Blast-radius lines for one object, or null when the API does not know it. */
export async function describeTarget(api: DigitalOceanApi, object: { kind: string; name: string }, dangerous: boolean): Promise<{ lines: string[]; bytes?: number } | null> {
  const id = encodeURIComponent(object.name);
  switch (object.kind) {
    case 'droplet': {
      const d = (await api.get(`/v2/droplets/${id}`))?.droplet as { name?: string; size_slug?: string; disk?: number; volume_ids?: string[]; backup_ids?: number[]; snapshot_ids?: number[] } | undefined;
      if (!d) return null;
      const backups = d.backup_ids?.length ?? 0;
      return {
        lines: [`droplet ${d.name ?? object.name} (${d.size_slug ?? '?'}): ${d.disk ?? '?'} GB disk, ${d.volume_ids?.length ?? 0} attached ${(d.volume_ids?.length ?? 0) === 1 ? 'volume' : 'volumes'} (kept)`, `backups: ${backups}${backups > 0 ? ' — deleted with the Droplet' : ''}; snapshots: ${d.snapshot_ids?.length ?? 0} (kept)`],
        ...(d.disk !== undefined ? { bytes: d.disk * GiB } : {}),
      };
    }
    case 'database-cluster': {
      const db = (await api.get(`/v2/databases/${id}`))?.database as { name?: string; engine?: string; version?: string; size?: string; num_nodes?: number; db_names?: string[]; storage_size_mib?: number } | undefined;
      if (!db) return null;
      return { lines: [`database cluster ${db.name ?? object.name}: ${db.engine ?? '?'} ${db.version ?? ''} ${db.size ?? ''}, ${db.num_nodes === undefined ? '? nodes' : plural(db.num_nodes, 'node')}, databases ${db.db_names?.join(', ') || '(none listed)'}; its backups are deleted with it`], ...(db.storage_size_mib ? { bytes: db.storage_size_mib * 1024 * 1024 } : {}) };
    }
    case 'volume': {
      const v = (await api.get(`/v2/volumes/${id}`))?.volume as { name?: string; size_gigabytes?: number; droplet_ids?: number[]; region?: { slug?: string } } | undefined;
      if (!v) return null;
      return { lines: [`volume ${v.name ?? object.name} in ${v.region?.slug ?? '?'}: ${v.size_gigabytes ?? '?'} GiB${v.droplet_ids?.length ? `, attached to droplet ${v.droplet_ids.join(', ')}` : ''}`], ...(v.size_gigabytes !== undefined ? { bytes: v.size_gigabytes * GiB } : {}) };
    }
    case 'kubernetes-cluster': {
      const cluster = (await api.get(`/v2/kubernetes/clusters/${id}`))?.kubernetes_cluster as { id?: string; name?: string; node_pools?: { count?: number }[] } | undefined;
      if (!cluster) return null;
      const nodes = (cluster.node_pools ?? []).reduce((sum, pool) => sum + (pool.count ?? 0), 0);
      const lines = [`kubernetes cluster ${cluster.name ?? object.name}: ${plural(nodes, 'node')}`];
      const associated = await api.get(`/v2/kubernetes/clusters/${encodeURIComponent(cluster.id ?? object.name)}/destroy_with_associated_resources`);
      if (associated) {
        const what = `load balancers ${names(associated.load_balancers) || 'none'}; volumes ${names(associated.volumes) || 'none'}; volume snapshots ${names(associated.volume_snapshots) || 'none'}`;
        lines.push(dangerous ? `--dangerous also deletes: ${what}` : `left behind (no --dangerous): ${what}`);
      }
      return { lines };
    }
    default:
      return { lines: [] };
  }
}

