// Live blast radius through the real kubectl: read-only `get -o json`, pinned to the context guard resolved.
import type { Context } from '../../core/context.js';
import type { DeleteRequest } from './kubectl-classify.js';

export interface LiveFacts {
  readonly blastRadius: string[];
  readonly unverified: string[];
  /** Bytes of volume data that would go (PVs with reclaim policy Delete), by target name. */
  readonly bytes: Map<string, number>;
}

type Json = Record<string, unknown>;
type Answer = { ok: true; value: Json } | { ok: false; notFound: boolean; error: string };

const TIMEOUT_MS = 15_000;
const NAMESPACE_KINDS = 'pods,services,deployments,statefulsets,daemonsets,jobs,cronjobs,persistentvolumeclaims,configmaps,secrets';

const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `10Gi` → bytes, for sums; unknown suffixes give NaN and are shown as written. */
function quantityBytes(quantity: string): number {
  const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  const suffix = Object.keys(units).find((unit) => quantity.endsWith(unit));
  const number = Number(suffix ? quantity.slice(0, -suffix.length) : quantity);
  return number * (suffix ? (units[suffix] ?? NaN) : 1);
}

export class KubectlLookup {
  constructor(
    private readonly ctx: Context,
    private readonly pin: readonly string[],
  ) {}

  async get(args: readonly string[]): Promise<Answer> {
    const result = await this.ctx.subprocess.run('kubectl', [...this.pin, 'get', ...args, '-o', 'json', '--request-timeout=10s'], { env: this.ctx.env, timeoutMs: TIMEOUT_MS, maxOutputBytes: 32 * 1024 * 1024 });
    if (result.status === 0 && !result.timedOut) {
      try {
        return { ok: true, value: obj(JSON.parse(result.stdout)) };
      } catch {
        return { ok: false, notFound: false, error: 'kubectl printed something other than JSON' };
      }
    }
    const error = result.timedOut ? 'kubectl timed out' : result.truncated ? 'kubectl output too large' : result.stderr.trim().split('\n').pop() ?? `kubectl exited ${result.status}`;
    return { ok: false, notFound: result.stderr.includes('NotFound') || result.stderr.includes('not found'), error };
  }
}

function countByKind(items: readonly Json[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(str(item.kind) || 'object', (counts.get(str(item.kind) || 'object') ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(', ');
}

/** PVCs → their PVs' size and reclaim policy: with Delete, the data goes with the claim. */
async function describeClaims(lookup: KubectlLookup, claims: readonly Json[], facts: LiveFacts, target: string): Promise<void> {
  for (const claim of claims) {
    const name = str(obj(claim.metadata).name);
    const volume = str(obj(claim.spec).volumeName);
    const requested = str(obj(obj(obj(claim.status).capacity)).storage) || str(obj(obj(obj(claim.spec).resources).requests).storage);
    if (!volume) {
      facts.blastRadius.push(`PVC ${name}: ${requested || 'unknown size'}, not bound to a volume`);
      continue;
    }
    const pv = await lookup.get(['persistentvolume', volume]);
    if (!pv.ok) {
      facts.blastRadius.push(`PVC ${name} → PV ${volume}: ${requested || 'unknown size'}, reclaim policy not verified (${pv.error})`);
      if (!pv.notFound) facts.unverified.push(`reclaim policy of PV ${volume}: ${pv.error}`);
      continue;
    }
    const size = str(obj(obj(pv.value.spec).capacity).storage) || requested;
    const policy = str(obj(pv.value.spec).persistentVolumeReclaimPolicy) || 'Delete';
    facts.blastRadius.push(`PVC ${name} → PV ${volume}: ${size}, reclaim policy ${policy}${policy === 'Delete' ? ': the data is deleted with it' : ': the volume and its data are kept'}`);
    if (policy === 'Delete' && Number.isFinite(quantityBytes(size))) facts.bytes.set(target, (facts.bytes.get(target) ?? 0) + quantityBytes(size));
  }
}

async function measureNamespace(lookup: KubectlLookup, namespace: string, facts: LiveFacts): Promise<void> {
  const contents = await lookup.get(['-n', namespace, NAMESPACE_KINDS]);
  if (!contents.ok) {
    facts.unverified.push(`what namespace ${namespace} contains: ${contents.error}`);
    return;
  }
  const items = list(contents.value.items);
  facts.blastRadius.push(items.length === 0 ? `namespace ${namespace} holds no workloads, claims, config maps or secrets` : `namespace ${namespace}: ${countByKind(items)}`);
  await describeClaims(lookup, items.filter((item) => str(item.kind) === 'PersistentVolumeClaim'), facts, namespace);
}

async function measureNamed(lookup: KubectlLookup, type: string, name: string, namespace: string, facts: LiveFacts): Promise<void> {
  if (type === 'namespaces') {
    const found = await lookup.get(['namespace', name]);
    if (!found.ok) {
      if (found.notFound) facts.blastRadius.push(`namespace ${name} does not exist in this cluster`);
      else facts.unverified.push(`namespace ${name}: ${found.error}`);
      return;
    }
    await measureNamespace(lookup, name, facts);
    return;
  }
  const scoped = type === 'persistentvolumes' || type === 'customresourcedefinitions' || type === 'nodes' ? [] : ['-n', namespace];
  const found = await lookup.get([...scoped, type, name]);
  if (!found.ok) {
    if (found.notFound) facts.blastRadius.push(`${type}/${name} does not exist${scoped.length > 0 ? ` in namespace ${namespace}` : ''}`);
    else facts.unverified.push(`${type}/${name}: ${found.error}`);
    return;
  }
  const spec = obj(found.value.spec);
  if (type === 'persistentvolumeclaims') await describeClaims(lookup, [found.value], facts, name);
  else if (type === 'persistentvolumes') {
    const policy = str(spec.persistentVolumeReclaimPolicy) || 'Delete';
    facts.blastRadius.push(`PV ${name}: ${str(obj(spec.capacity).storage) || 'unknown size'}, reclaim policy ${policy}, claimed by ${str(obj(spec.claimRef).namespace)}/${str(obj(spec.claimRef).name) || '(nobody)'}`);
  } else if (type === 'statefulsets' || type === 'deployments' || type === 'replicasets') {
    facts.blastRadius.push(`${type}/${name}: ${String(spec.replicas ?? 1)} replicas`);
    if (type === 'statefulsets') {
      const templates = list(spec.volumeClaimTemplates).map((t) => str(obj(t.metadata).name));
      const claims = await lookup.get(['-n', namespace, 'persistentvolumeclaims']);
      if (claims.ok) {
        const owned = list(claims.value.items).filter((c) => templates.some((t) => str(obj(c.metadata).name).startsWith(`${t}-${name}-`)));
        facts.blastRadius.push(`${owned.length} PVCs from its volume claim templates (${templates.join(', ') || 'none'}) stay unless deleted too`);
        await describeClaims(lookup, owned, facts, name);
      }
    }
  } else if (type === 'customresourcedefinitions') {
    const names = obj(spec.names);
    const all = await lookup.get(['-A', `${str(names.plural)}.${str(spec.group)}`]);
    if (all.ok) facts.blastRadius.push(`${list(all.value.items).length} ${str(names.kind) || 'custom'} objects in every namespace are deleted with it`);
    else facts.unverified.push(`objects of ${name}: ${all.error}`);
  } else facts.blastRadius.push(`${type}/${name} exists${scoped.length > 0 ? ` in namespace ${namespace}` : ''}`);
}

/** What the delete would take, looked up read-only; every failure to look is unverified (fail closed). */
export async function measureDelete(lookup: KubectlLookup, request: DeleteRequest, namespace: string, facts: LiveFacts): Promise<void> {
  if (request.scope === 'raw') {
    const parts = (request.raw ?? '').split('/').filter(Boolean);
    if (parts.length === 4 && parts[0] === 'api' && parts[2] === 'namespaces') await measureNamed(lookup, 'namespaces', parts[3] ?? '', namespace, facts);
    else facts.blastRadius.push(`raw DELETE ${request.raw}: not measured`);
    return;
  }
  if (request.scope !== 'named') {
    const where = request.scope === 'all-namespaces' ? ['-A'] : ['-n', namespace];
    const selector = request.selector ? ['-l', request.selector] : [];
    const found = await lookup.get([...where, ...selector, request.types.join(',') || 'all']);
    if (!found.ok) {
      facts.unverified.push(`what ${request.types.join(',')} ${request.scope === 'all-namespaces' ? 'in every namespace' : `in ${namespace}`} would be deleted: ${found.error}`);
      return;
    }
    const items = list(found.value.items);
    const shown = items.slice(0, 10).map((i) => `${str(obj(i.metadata).namespace) ? `${str(obj(i.metadata).namespace)}/` : ''}${str(obj(i.metadata).name)}`);
    facts.blastRadius.push(`${items.length} objects would be deleted (${countByKind(items) || 'none'})${shown.length > 0 ? `: ${shown.join(', ')}${items.length > 10 ? ', …' : ''}` : ''}`);
    for (const type of request.types) if (type === 'namespaces') for (const ns of items) await measureNamespace(lookup, str(obj(ns.metadata).name), facts);
    await describeClaims(lookup, items.filter((i) => str(i.kind) === 'PersistentVolumeClaim'), facts, '*');
    return;
  }
  for (const object of request.objects.slice(0, 20)) await measureNamed(lookup, object.type, object.name, object.namespace ?? namespace, facts);
}
