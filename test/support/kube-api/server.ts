// A local Kubernetes REST API double (node:http, 127.0.0.1) that the real kubectl talks to through a real kubeconfig.
//
// Checked against kubectl v1.32 (`kubectl -v=8` against this double): legacy discovery (/api, /api/v1, /apis,
// /apis/GROUP/VERSION; the aggregated-discovery Accept header falls back to plain JSON), list and get with
// labelSelector/fieldSelector/limit, DELETE with a DeleteOptions body (dryRun ["All"] for --dry-run=server),
// and the list+watch that `kubectl delete --wait` uses to see the object gone. /openapi/* answers 404, which
// kubectl tolerates for get/delete.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSIONS, apiGroupList, apiResourceList, BUILT_IN_TYPES, groupVersion, typesOfCrd, VERSION_INFO, type ResourceType } from './catalogue.js';
import { parseSelector } from './selectors.js';
import { seededObjects, type KubeObject } from './world.js';

export { SECRET_VALUE, SECRET_VALUE_BASE64, seededObjects, type KubeObject } from './world.js';

export interface KubeRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly query: string;
}

export interface DeletionRecord {
  readonly resource: string;
  readonly namespace: string | null;
  readonly name: string;
  readonly dryRun: boolean;
}

export interface KubeApi {
  readonly url: string;
  readonly port: number;
  readonly requests: KubeRequestRecord[];
  /** Every DELETE the double answered, dry runs included (see `dryRun`). */
  readonly deletions: DeletionRecord[];
  /** Objects still in the cluster. */
  objects(): readonly KubeObject[];
  /** Writes a kubeconfig for this server: contexts prod-eu (cluster gke_acme_prod-eu) and kind-dev, current kind-dev. */
  writeKubeconfig(dir: string): string;
  stop(): Promise<void>;
}

interface Route {
  readonly type: ResourceType;
  readonly namespace: string | null;
  readonly name: string | null;
}

const namespaceOf = (o: KubeObject): string | null => o.metadata.namespace ?? null;

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1 << 20) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startKubeApi(seed: readonly KubeObject[] = seededObjects()): Promise<KubeApi> {
  let objects: KubeObject[] = structuredClone([...seed]);
  let revision = 1000;
  const requests: KubeRequestRecord[] = [];
  const deletions: DeletionRecord[] = [];
  const stamp = (o: KubeObject): KubeObject => {
    const m = o.metadata as Record<string, unknown>;
    m.uid ??= `uid-${o.kind.toLowerCase()}-${namespaceOf(o) ?? ''}-${o.metadata.name}`;
    m.resourceVersion ??= String(++revision);
    return o;
  };
  objects.forEach(stamp);

  const types = (): ResourceType[] => [...BUILT_IN_TYPES, ...objects.filter((o) => o.kind === 'CustomResourceDefinition').flatMap(typesOfCrd)];
  const isOfType = (o: KubeObject, t: ResourceType): boolean => o.kind === t.kind && o.apiVersion === groupVersion(t);

  function route(segments: readonly string[]): { gv: string; rest: string[] } | null {
    if (segments[0] === 'api' && segments[1] === 'v1') return { gv: 'v1', rest: segments.slice(2) };
    if (segments[0] === 'apis' && segments.length >= 3) return { gv: `${segments[1]}/${segments[2]}`, rest: segments.slice(3) };
    return null;
  }

  function resourceRoute(gv: string, rest: readonly string[]): Route | 'not-found' {
    const find = (resource: string | undefined) => types().find((t) => groupVersion(t) === gv && t.resource === resource);
    let namespace: string | null = null;
    let parts = [...rest];
    if (parts[0] === 'namespaces' && parts.length >= 3) {
      namespace = parts[1] ?? null;
      parts = parts.slice(2);
    }
    if (parts.length > 2) return 'not-found'; // subresources (status, scale, log…) are not served
    const type = find(parts[0]);
    if (!type || (namespace !== null && !type.namespaced)) return 'not-found';
    return { type, namespace, name: parts[1] ?? null };
  }

  function matching(r: Route, query: URLSearchParams): KubeObject[] {
    const labels = parseSelector(query.get('labelSelector'));
    const fields = parseSelector(query.get('fieldSelector'));
    return objects
      .filter((o) => isOfType(o, r.type) && (r.namespace === null || namespaceOf(o) === r.namespace))
      .filter((o) => labels(o.metadata.labels ?? {}) && fields({ 'metadata.name': o.metadata.name, ...(namespaceOf(o) ? { 'metadata.namespace': namespaceOf(o) as string } : {}) }))
      .sort((a, b) => `${namespaceOf(a)}/${a.metadata.name}` < `${namespaceOf(b)}/${b.metadata.name}` ? -1 : 1);
  }

  /** What deleting `target` takes with it, as the garbage collector and the PV controller would. */
  function cascade(target: KubeObject): KubeObject[] {
    const gone = [target];
    if (target.kind === 'Namespace') gone.push(...objects.filter((o) => namespaceOf(o) === target.metadata.name));
    if (target.kind === 'CustomResourceDefinition') for (const t of typesOfCrd(target)) gone.push(...objects.filter((o) => isOfType(o, t)));
    for (const claim of gone.filter((o) => o.kind === 'PersistentVolumeClaim')) {
      const volumeName = (claim.spec as { volumeName?: string } | undefined)?.volumeName;
      const pv = objects.find((o) => o.kind === 'PersistentVolume' && o.metadata.name === volumeName);
      if (pv && (pv.spec as { persistentVolumeReclaimPolicy?: string }).persistentVolumeReclaimPolicy === 'Delete') gone.push(pv);
    }
    return gone;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, query: url.search });
    const segments = url.pathname.split('/').filter(Boolean);
    if (method === 'GET' && url.pathname === '/version') return send(res, 200, VERSION_INFO);
    if (method === 'GET' && url.pathname === '/api') return send(res, 200, API_VERSIONS);
    if (method === 'GET' && url.pathname === '/apis') return send(res, 200, apiGroupList(types()));
    const at = route(segments);
    if (!at) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    if (at.rest.length === 0) {
      if (method !== 'GET' || !types().some((t) => groupVersion(t) === at.gv)) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return send(res, 200, apiResourceList(types(), at.gv));
    }
    const r = resourceRoute(at.gv, at.rest);
    if (r === 'not-found') return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    let selected: KubeObject[];
    try {
      selected = matching(r, url.searchParams);
    } catch (error) {
      return send(res, 400, status(400, 'BadRequest', (error as Error).message));
    }
    const named = r.name === null ? null : (selected.find((o) => o.metadata.name === r.name) ?? null);
    const notFound = () => send(res, 404, status(404, 'NotFound', `${r.type.resource}${r.type.group ? `.${r.type.group}` : ''} "${r.name}" not found`, { name: r.name, group: r.type.group, kind: r.type.resource }));

    if (method === 'GET' && r.name !== null) return named ? send(res, 200, named) : notFound();
    if (method === 'GET' && url.searchParams.get('watch') === 'true') {
      // Nothing changes while a test runs: an empty watch that the client re-lists after.
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.end();
      return;
    }
    if (method === 'GET') {
      return send(res, 200, { kind: `${r.type.kind}List`, apiVersion: groupVersion(r.type), metadata: { resourceVersion: String(revision) }, items: selected });
    }
    if (method === 'DELETE' && r.name !== null) {
      if (!named) return notFound();
      const body = await readBody(req);
      let options: { dryRun?: unknown } = {};
      try {
        options = body ? (JSON.parse(body) as { dryRun?: unknown }) : {};
      } catch {
        return send(res, 400, status(400, 'BadRequest', 'DeleteOptions is not JSON'));
      }
      const dryRun = url.searchParams.getAll('dryRun').includes('All') || (Array.isArray(options.dryRun) && options.dryRun.includes('All'));
      deletions.push({ resource: r.type.resource, namespace: namespaceOf(named), name: named.metadata.name, dryRun });
      if (!dryRun) {
        const gone = new Set(cascade(named));
        objects = objects.filter((o) => !gone.has(o));
        revision++;
      }
      return send(res, 200, named.kind === 'Namespace' ? { ...named, status: { phase: 'Terminating' } } : named);
    }
    if (method === 'POST' && r.name === null) {
      // Create, as the API server does it: the kind must match the route, the name be free, no resourceVersion.
      let body: KubeObject;
      try {
        body = JSON.parse(await readBody(req)) as KubeObject;
      } catch {
        return send(res, 400, status(400, 'BadRequest', 'the body is not a JSON object'));
      }
      if (body.kind !== r.type.kind || typeof body.metadata?.name !== 'string') return send(res, 400, status(400, 'BadRequest', `the object is not a ${r.type.kind} with a name`));
      if (body.metadata.resourceVersion !== undefined) return send(res, 500, status(500, 'InternalError', 'resourceVersion should not be set on objects to be created'));
      const namespace = r.type.namespaced ? (r.namespace ?? body.metadata.namespace ?? 'default') : undefined;
      if (objects.some((o) => isOfType(o, r.type) && o.metadata.name === body.metadata.name && namespaceOf(o) === (namespace ?? null))) {
        return send(res, 409, status(409, 'AlreadyExists', `${r.type.resource} "${body.metadata.name}" already exists`, { name: body.metadata.name, group: r.type.group, kind: r.type.resource }));
      }
      const created = stamp({ ...body, metadata: { ...body.metadata, ...(namespace ? { namespace } : {}), creationTimestamp: new Date().toISOString() } });
      if (!url.searchParams.getAll('dryRun').includes('All')) {
        objects.push(created);
        revision++;
      }
      return send(res, 201, created);
    }
    return send(res, 405, status(405, 'MethodNotAllowed', `the API double does not serve ${method} here`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, status(500, 'InternalError', error.message));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    requests,
    deletions,
    objects: () => objects,
    writeKubeconfig: (dir) => writeKubeconfigFile(dir, url),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A real kubeconfig: prod-eu (a cluster whose name says prod) and kind-dev share one server; current-context kind-dev. */
export function writeKubeconfigFile(dir: string, server: string, file = 'kubeconfig'): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: kind-dev',
      'clusters:',
      '- name: gke_acme_prod-eu',
      `  cluster: {server: "${server}"}`,
      '- name: kind-dev',
      `  cluster: {server: "${server}"}`,
      'contexts:',
      '- name: prod-eu',
      '  context: {cluster: gke_acme_prod-eu, user: admin}',
      '- name: kind-dev',
      '  context: {cluster: kind-dev, user: dev}',
      'users:',
      '- name: admin',
      '  user: {token: test-admin-token}',
      '- name: dev',
      '  user: {token: test-dev-token}',
      '',
    ].join('\n'),
  );
  return path;
}

/** A private directory for a kubeconfig and kubectl's discovery cache; remove it with the returned function. */
export function kubeHome(prefix = 'guard-kube-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
