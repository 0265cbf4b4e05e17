// Read-only look-ups on Heroku's Platform API and its Postgres data API: add-ons, database facts, backups.
import { join } from 'node:path';
import type { Context } from '../../core/context.js';

// Platform API v3 (devcenter.heroku.com/articles/platform-api-reference, schema https://api.heroku.com/schema):
// GET /apps/{app}, GET /apps/{app}/addons with Accept: application/vnd.heroku+json; version=3. Endpoint as the
// CLI computes it (@heroku-cli/command lib/vars.js): HEROKU_HOST, a URL when it starts with http, else
// https://api.<host>. Data API (heroku dist/commands/pg/info.js, lib/pg/backups.js): GET /client/v11/databases/{id}
// (`info`: [{name, values}]), /client/v11/apps/{app}/transfers, /client/v11/databases/{id}/transfer-schedules on
// HEROKU_DATA_HOST / HEROKU_POSTGRESQL_HOST / api.data.heroku.com.
const TIMEOUT_MS = 4000;
const ACCEPT = 'application/vnd.heroku+json; version=3';

export interface HerokuEndpoints {
  readonly api: string;
  readonly data: string;
}

export function herokuEndpoints(env: Readonly<Record<string, string | undefined>>): HerokuEndpoints {
  const host = env.HEROKU_HOST || 'heroku.com';
  const api = host.startsWith('http') ? host.replace(/\/$/, '') : `https://api.${host}`;
  const dataHost = env.HEROKU_DATA_HOST || env.HEROKU_POSTGRESQL_HOST || 'api.data.heroku.com';
  const data = dataHost.includes('://') ? dataHost.replace(/\/$/, '') : `https://${dataHost}`;
  return { api, data };
}

/** HEROKU_API_KEY, else the password of the netrc entry for the API host (`heroku login` writes it). */
export async function herokuToken(ctx: Context, apiUrl: string): Promise<{ token: string; source: string } | null> {
  if (ctx.env.HEROKU_API_KEY) return { token: ctx.env.HEROKU_API_KEY, source: 'HEROKU_API_KEY' };
  const netrc = ctx.env.NETRC || join(ctx.home, '.netrc');
  if (!ctx.fileExists(netrc)) return null;
  const host = new URL(apiUrl).hostname;
  const words = (await ctx.readFile(netrc)).toString('utf8').split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 'machine' || words[i + 1] !== host) continue;
    for (let j = i + 2; j < words.length && words[j] !== 'machine'; j += 2) if (words[j] === 'password' && words[j + 1]) return { token: words[j + 1] ?? '', source: netrc };
  }
  return null;
}

export interface HerokuAddon {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly plan: string;
  readonly configVars: readonly string[];
}

export interface DatabaseFacts {
  readonly info: ReadonlyMap<string, string>;
}

export interface BackupFacts {
  readonly count: number;
  readonly newest: string | null;
  readonly schedules: readonly string[];
}

export class HerokuApi {
  constructor(
    private readonly ctx: Context,
    private readonly endpoints: HerokuEndpoints,
    private readonly token: string,
  ) {}

  private async get(base: string, path: string): Promise<unknown> {
    const response = await this.ctx.http.request({ method: 'GET', url: `${base}${path}`, headers: { accept: ACCEPT, authorization: `Bearer ${this.token}` }, timeoutMs: TIMEOUT_MS });
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403) throw new Error(`${path}: HTTP ${response.status} (the token cannot read this app)`);
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    return JSON.parse(response.text) as unknown;
  }

  async app(app: string): Promise<{ name: string; region: string | null; owner: string | null } | null> {
    const body = (await this.get(this.endpoints.api, `/apps/${encodeURIComponent(app)}`)) as { name?: string; region?: { name?: string }; owner?: { email?: string } } | null;
    return body ? { name: body.name ?? app, region: body.region?.name ?? null, owner: body.owner?.email ?? null } : null;
  }

  async addons(app: string): Promise<HerokuAddon[]> {
    const body = (await this.get(this.endpoints.api, `/apps/${encodeURIComponent(app)}/addons`)) as { id?: string; name?: string; addon_service?: { name?: string }; plan?: { name?: string }; config_vars?: string[] }[] | null;
    return (body ?? []).map((a) => ({ id: a.id ?? '', name: a.name ?? '?', service: a.addon_service?.name ?? '?', plan: a.plan?.name ?? '?', configVars: a.config_vars ?? [] }));
  }

  async database(addonId: string): Promise<DatabaseFacts | null> {
    const body = (await this.get(this.endpoints.data, `/client/v11/databases/${encodeURIComponent(addonId)}`)) as { info?: { name?: string; values?: unknown[] }[] } | null;
    if (!body) return null;
    return { info: new Map((body.info ?? []).map((i) => [i.name ?? '', (i.values ?? []).map(String).join(', ')])) };
  }

  async backups(app: string, addonId: string): Promise<BackupFacts> {
    const transfers = ((await this.get(this.endpoints.data, `/client/v11/apps/${encodeURIComponent(app)}/transfers`)) ?? []) as { from_type?: string; to_type?: string; succeeded?: boolean; finished_at?: string; from_name?: string }[];
    const done = transfers.filter((t) => t.from_type === 'pg_dump' && t.to_type === 'gof3r' && t.succeeded !== false);
    const newest = done.map((t) => t.finished_at ?? '').filter(Boolean).sort().at(-1) ?? null;
    const schedules = ((await this.get(this.endpoints.data, `/client/v11/databases/${encodeURIComponent(addonId)}/transfer-schedules`)) ?? []) as { name?: string; hour?: number; timezone?: string }[];
    return { count: done.length, newest, schedules: schedules.map((s) => `${s.name ?? '?'} daily at ${String(s.hour ?? '?')}:00 ${s.timezone ?? 'UTC'}`) };
  }
}
