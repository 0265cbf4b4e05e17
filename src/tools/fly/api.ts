// Read-only look-ups on the Fly Machines API: volumes with size, snapshots and retention, and the machines using them.
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { parse as parseYaml } from 'yaml';

// Machines API (docs.machines.dev/swagger/doc.json, fly.io/docs/machines/api): GET /v1/apps/{app}/volumes,
// /v1/apps/{app}/volumes/{volume_id}, /v1/apps/{app}/volumes/{volume_id}/snapshots, /v1/apps/{app}/machines,
// /v1/apps/{app}/machines/{machine_id}. Base URL: FLY_FLAPS_BASE_URL, default https://api.machines.dev
// (flyctl internal/config/config.go). Token: -t/--access-token, FLY_ACCESS_TOKEN, FLY_API_TOKEN, then
// access_token in ~/.fly/config.yml; macaroon tokens are sent as `FlyV1 …`, others as Bearer.
const TIMEOUT_MS = 4000;

export function flapsBaseUrl(env: Readonly<Record<string, string | undefined>>): string {
  return (env.FLY_FLAPS_BASE_URL || 'https://api.machines.dev').replace(/\/$/, '');
}

export async function flyToken(flag: string | undefined, ctx: Context): Promise<{ token: string; source: string } | null> {
  if (flag) return { token: flag, source: '--access-token' };
  if (ctx.env.FLY_ACCESS_TOKEN) return { token: ctx.env.FLY_ACCESS_TOKEN, source: 'FLY_ACCESS_TOKEN' };
  if (ctx.env.FLY_API_TOKEN) return { token: ctx.env.FLY_API_TOKEN, source: 'FLY_API_TOKEN' };
  const file = join(ctx.home, '.fly', 'config.yml');
  if (!ctx.fileExists(file)) return null;
  const parsed: unknown = parseYaml((await ctx.readFile(file)).toString('utf8'));
  const token = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).access_token : undefined;
  return typeof token === 'string' && token ? { token, source: file } : null;
}

export interface FlyVolume {
  readonly id: string;
  readonly name: string;
  readonly sizeGb: number | null;
  readonly region: string | null;
  readonly attachedMachine: string | null;
  readonly retentionDays: number | null;
}

export interface FlySnapshot {
  readonly id: string;
  readonly createdAt: string;
  readonly bytes: number | null;
}

interface RawVolume {
  id?: string;
  name?: string;
  size_gb?: number;
  region?: string;
  attached_machine_id?: string | null;
  snapshot_retention?: number;
}

const volumeOf = (v: RawVolume): FlyVolume => ({ id: v.id ?? '?', name: v.name ?? '?', sizeGb: v.size_gb ?? null, region: v.region ?? null, attachedMachine: v.attached_machine_id || null, retentionDays: v.snapshot_retention ?? null });

export class FlyMachinesApi {
  constructor(
    private readonly ctx: Context,
    private readonly base: string,
    private readonly token: string,
  ) {}

  private async get(path: string): Promise<unknown> {
    const authorization = this.token.startsWith('FlyV1 ') ? this.token : `Bearer ${this.token}`;
    const response = await this.ctx.http.request({ method: 'GET', url: `${this.base}${path}`, headers: { accept: 'application/json', authorization }, timeoutMs: TIMEOUT_MS });
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403) throw new Error(`${path}: HTTP ${response.status} (the token cannot read this app)`);
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    return JSON.parse(response.text) as unknown;
  }

  async volume(app: string, id: string): Promise<FlyVolume | null> {
    const body = (await this.get(`/v1/apps/${encodeURIComponent(app)}/volumes/${encodeURIComponent(id)}`)) as RawVolume | null;
    return body ? volumeOf(body) : null;
  }

  async volumes(app: string): Promise<FlyVolume[]> {
    return (((await this.get(`/v1/apps/${encodeURIComponent(app)}/volumes`)) ?? []) as RawVolume[]).map(volumeOf);
  }

  async snapshots(app: string, id: string): Promise<FlySnapshot[]> {
    const body = ((await this.get(`/v1/apps/${encodeURIComponent(app)}/volumes/${encodeURIComponent(id)}/snapshots`)) ?? []) as { id?: string; created_at?: string; size?: number }[];
    return body.map((s) => ({ id: s.id ?? '?', createdAt: s.created_at ?? '', bytes: typeof s.size === 'number' ? s.size : null }));
  }

  async machines(app: string): Promise<{ id: string; name: string; state: string; mounts: string[] }[]> {
    const body = ((await this.get(`/v1/apps/${encodeURIComponent(app)}/machines`)) ?? []) as { id?: string; name?: string; state?: string; config?: { mounts?: { volume?: string }[] } }[];
    return body.map((m) => ({ id: m.id ?? '?', name: m.name ?? '?', state: m.state ?? '?', mounts: (m.config?.mounts ?? []).map((mount) => mount.volume ?? '').filter(Boolean) }));
  }
}
