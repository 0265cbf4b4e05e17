// A local double of the Google Cloud REST APIs gcloud calls for guard's look-ups, shaped by the SDK's own API clients.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Paths and fields as the Cloud SDK 528's generated clients send and read them
 * (googlecloudsdk/generated_clients/apis/…): sqladmin v1beta4 `sql/v1beta4/projects/{project}/instances/{instance}`
 * (Instance.settings.deletionProtectionEnabled, retainBackupsOnDelete, backupConfiguration.enabled),
 * storage v1 `storage/v1/b/{bucket}` (softDeletePolicy.retentionDurationSeconds, versioning.enabled) and
 * `storage/v1/b/{bucket}/o` (items[].name, size, paged by nextPageToken), cloudresourcemanager v1
 * `v1/projects/{projectId}` (projectId, name, projectNumber, lifecycleState).
 */
export interface GcloudWorld {
  readonly instances: Record<string, Record<string, unknown>>;
  readonly buckets: Record<string, { readonly bucket: Record<string, unknown>; readonly objects: readonly { name: string; size: number }[] }>;
  readonly projects: Record<string, Record<string, unknown>>;
}

export interface GcloudApi {
  readonly url: string;
  /** Every request as `METHOD path`, for assertions that guard only read. */
  readonly requests: string[];
  /** The environment that points the real gcloud at this double with a fake token. */
  env(tokenFile: string): Record<string, string>;
  stop(): Promise<void>;
}

const PAGE = 2;
export const FAKE_TOKEN = 'ya29.guard-test-token-not-real';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const notFound = (res: ServerResponse, what: string) => send(res, 404, { error: { code: 404, message: `${what} not found`, status: 'NOT_FOUND' } });

function handle(world: GcloudWorld, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (req.headers.authorization !== `Bearer ${FAKE_TOKEN}`) return send(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
  if (req.method !== 'GET') return send(res, 405, { error: { code: 405, message: 'the double only reads' } });
  // sql/v1beta4/projects/{project}/instances/{instance}
  if (parts[0] === 'sql' && parts[2] === 'projects' && parts[4] === 'instances' && parts.length === 6) {
    const instance = world.instances[`${parts[3]}/${parts[5]}`];
    return instance ? send(res, 200, { kind: 'sql#instance', project: parts[3], name: parts[5], ...instance }) : notFound(res, `instance ${parts[5]}`);
  }
  // storage/v1/b/{bucket}[/o]
  if (parts[0] === 'storage' && parts[1] === 'v1' && parts[2] === 'b' && parts[3]) {
    const bucket = world.buckets[parts[3]];
    if (!bucket) return notFound(res, `bucket ${parts[3]}`);
    if (parts.length === 4) return send(res, 200, { kind: 'storage#bucket', name: parts[3], id: parts[3], ...bucket.bucket });
    if (parts[4] === 'o' && parts.length === 5) {
      const prefix = url.searchParams.get('prefix') ?? '';
      const matching = bucket.objects.filter((object) => object.name.startsWith(prefix));
      const start = Number(url.searchParams.get('pageToken') ?? '0');
      const page = matching.slice(start, start + PAGE).map((object) => ({ kind: 'storage#object', bucket: parts[3], name: object.name, size: String(object.size), generation: '1', metageneration: '1' }));
      return send(res, 200, { kind: 'storage#objects', items: page, ...(start + PAGE < matching.length ? { nextPageToken: String(start + PAGE) } : {}) });
    }
  }
  // v1/projects/{projectId}
  if (parts[0] === 'v1' && parts[1] === 'projects' && parts.length === 3) {
    const project = world.projects[parts[2] ?? ''];
    return project ? send(res, 200, { projectId: parts[2], ...project }) : send(res, 403, { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } });
  }
  notFound(res, url.pathname);
}

export async function startGcloudApi(world: GcloudWorld): Promise<GcloudApi> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    handle(world, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    requests,
    env: (tokenFile) => ({
      CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: tokenFile,
      CLOUDSDK_API_ENDPOINT_OVERRIDES_SQL: url,
      CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE: url,
      CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER: url,
      CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: 'true',
      CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: 'true',
    }),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
