// Live blast radius of a kubectl delete: what is inside, how big its volumes are, whether their data goes (reclaim policy).
import type { DeleteRequest } from './kubectl-classify.js';
import { formatBytes, KubectlLookup, list, obj, quantityBytes, str, type Json } from './kubectl-lookup.js';

export { KubectlLookup } from './kubectl-lookup.js';

export interface LiveFacts {
  readonly blastRadius: string[];
  readonly unverified: string[];
  /** Bytes of volume data that would go (PVs with reclaim policy Delete), by target name. */
  readonly bytes: Map<string, number>;
}

/** What a namespace holds that people lose sleep over; `-o name` only, so no secret value is ever read. */
const NAMESPACE_KINDS = 'pods,services,deployments,statefulsets,daemonsets,jobs,cronjobs,persistentvolumeclaims,configmaps,secrets';
const CLUSTER_SCOPED = new Set(['namespaces', 'persistentvolumes', 'customresourcedefinitions', 'nodes', 'storageclasses', 'clusterroles', 'clusterrolebindings']);
const WORKLOADS = new Set(['statefulsets', 'deployments', 'replicasets', 'daemonsets']);
const MAX_NAMED = 20;
const MAX_SHOWN = 10;

const metaName = (item: Json): string => str(obj(item.metadata).name);
const metaNamespace = (item: Json): string => str(obj(item.metadata).namespace);
const qualified = (item: Json): string => (metaNamespace(item) ? `${metaNamespace(item)}/${metaName(item)}` : metaName(item));

/** `deployment.apps/api` lines → `1 deployment, 3 pods`. */
function countByKind(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const line of names) {
    const kind = line.slice(0, line.indexOf('/')).split('.')[0] || 'object';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(', ');
}

function shownNames(names: readonly string[]): string {
  return `${names.slice(0, MAX_SHOWN).join(', ')}${names.length > MAX_SHOWN ? `, … (${names.length - MAX_SHOWN} more)` : ''}`;
}

function addBytes(facts: LiveFacts, target: string, bytes: number): void {
  if (Number.isFinite(bytes)) facts.bytes.set(target, (facts.bytes.get(target) ?? 0) + bytes);
}

/** The cluster's PVs by name, read once per run (one list instead of one get per claim). */
class VolumeIndex {
  private volumes: Promise<Map<string, Json> | string> | null = null;
  constructor(private readonly lookup: KubectlLookup) {}
  async get(name: string): Promise<Json | null | string> {
    this.volumes ??= this.lookup.get(['persistentvolumes']).then((answer) => (answer.ok ? new Map(list(answer.value.items).map((pv) => [metaName(pv), pv])) : answer.error));
    const volumes = await this.volumes;
    return typeof volumes === 'string' ? volumes : (volumes.get(name) ?? null);
  }
}

function policyWords(policy: string): string {
  if (policy === 'Delete') return 'reclaim policy Delete: the data goes';
  if (policy === 'Retain') return 'reclaim policy Retain: the PV and its data stay until reclaimed by hand';
  return `reclaim policy ${policy}`;
}

/** Each PVC → its PV's size and reclaim policy; with Delete, the volume's data goes with the claim. */
async function describeClaims(lookup: KubectlLookup, volumes: VolumeIndex, claims: readonly Json[], facts: LiveFacts, target: string): Promise<void> {
  for (const claim of claims) {
    const volumeName = str(obj(claim.spec).volumeName);
    const requested = str(obj(obj(claim.status).capacity).storage) || str(obj(obj(obj(claim.spec).resources).requests).storage);
    if (!volumeName) {
      facts.blastRadius.push(`PVC ${qualified(claim)}: ${requested || 'unknown size'}, not bound to a volume`);
      continue;
    }
    const pv = await volumes.get(volumeName);
    if (pv === null || typeof pv === 'string') {
      facts.blastRadius.push(`PVC ${qualified(claim)} → PV ${volumeName}: ${requested || 'unknown size'}, reclaim policy not verified`);
      facts.unverified.push(`reclaim policy of PV ${volumeName}: ${pv ?? 'the volume is not in the cluster'}`);
      continue;
    }
    const size = str(obj(obj(pv.spec).capacity).storage) || requested;
    // Kubernetes defaults dynamically provisioned volumes to Delete; an absent policy is read as the worst case.
    const policy = str(obj(pv.spec).persistentVolumeReclaimPolicy) || 'Delete';
    facts.blastRadius.push(`PVC ${qualified(claim)} → PV ${volumeName}: ${size || 'unknown size'}, ${policyWords(policy)}`);
    if (policy === 'Delete') addBytes(facts, target, quantityBytes(size));
  }
}

/** A StatefulSet's claims, by the names its volume claim templates give them (`data-db-0`). */
function claimsOf(statefulSet: Json, claims: readonly Json[]): Json[] {
  const name = metaName(statefulSet);
  const templates = list(obj(statefulSet.spec).volumeClaimTemplates).map((t) => str(obj(t.metadata).name));
  return claims.filter((claim) =>
    templates.some((template) => {
      const prefix = `${template}-${name}-`;
      const ordinal = metaName(claim).slice(prefix.length);
      return metaName(claim).startsWith(prefix) && ordinal.length > 0 && [...ordinal].every((c) => c >= '0' && c <= '9');
    }),
  );
}

async function describeWorkloads(lookup: KubectlLookup, namespaceArgs: readonly string[], selector: readonly string[], facts: LiveFacts): Promise<void> {
  const answer = await lookup.get([...namespaceArgs, ...selector, 'statefulsets,deployments']);
  if (!answer.ok) {
    facts.unverified.push(`workloads: ${answer.error}`);
    return;
  }
  for (const workload of list(answer.value.items)) {
    const claims = str(workload.kind) === 'StatefulSet' ? list(obj(workload.spec).volumeClaimTemplates).map((t) => str(obj(t.metadata).name)) : [];
    facts.blastRadius.push(`${str(workload.kind)} ${qualified(workload)}: ${String(obj(workload.spec).replicas ?? 1)} replicas${claims.length > 0 ? `, volume claim templates ${claims.join(', ')}` : ''}`);
  }
}

async function measureNamespace(lookup: KubectlLookup, volumes: VolumeIndex, namespace: string, facts: LiveFacts): Promise<void> {
  const contents = await lookup.names(['-n', namespace, NAMESPACE_KINDS]);
  if (!contents.ok) {
    facts.unverified.push(`what namespace ${namespace} contains: ${contents.error}`);
    return;
  }
  facts.blastRadius.push(
    contents.value.length === 0
      ? `namespace ${namespace} holds no workloads, claims, config maps or secrets`
      : `namespace ${namespace} holds ${contents.value.length} objects: ${countByKind(contents.value)} (custom resources not counted)`,
  );
  if (contents.value.length === 0) return;
  await describeWorkloads(lookup, ['-n', namespace], [], facts);
  const claims = await lookup.get(['-n', namespace, 'persistentvolumeclaims']);
  if (!claims.ok) facts.unverified.push(`claims in namespace ${namespace}: ${claims.error}`);
  else await describeClaims(lookup, volumes, list(claims.value.items), facts, namespace);
}

async function measureNamed(lookup: KubectlLookup, volumes: VolumeIndex, type: string, name: string, namespace: string, facts: LiveFacts): Promise<void> {
  const scope = CLUSTER_SCOPED.has(type) ? [] : ['-n', namespace];
  const where = scope.length > 0 ? ` in namespace ${namespace}` : '';
  const missing = (error: string, notFound: boolean) => (notFound ? facts.blastRadius.push(`${type}/${name} does not exist${where}`) : facts.unverified.push(`${type}/${name}${where}: ${error}`));
  if (type === 'namespaces') {
    const found = await lookup.names(['namespaces', name], name);
    if (!found.ok) missing(found.error, found.notFound);
    else await measureNamespace(lookup, volumes, name, facts);
    return;
  }
  if (type === 'persistentvolumeclaims' || type === 'persistentvolumes' || WORKLOADS.has(type) || type === 'customresourcedefinitions') {
    const found = await lookup.get([...scope, type, name], name);
    if (!found.ok) return void missing(found.error, found.notFound);
    const spec = obj(found.value.spec);
    if (type === 'persistentvolumeclaims') await describeClaims(lookup, volumes, [found.value], facts, name);
    else if (type === 'persistentvolumes') {
      const policy = str(spec.persistentVolumeReclaimPolicy) || 'Delete';
      const size = str(obj(spec.capacity).storage);
      const claim = obj(spec.claimRef);
      facts.blastRadius.push(`PV ${name}: ${size || 'unknown size'}, ${policyWords(policy)}; claimed by ${str(claim.name) ? `${str(claim.namespace)}/${str(claim.name)}` : 'nobody'}`);
      if (policy === 'Delete') addBytes(facts, name, quantityBytes(size));
    } else if (type === 'customresourcedefinitions') {
      const names = obj(spec.names);
      const objects = await lookup.names(['-A', `${str(names.plural)}.${str(spec.group)}`]);
      if (objects.ok) facts.blastRadius.push(`${objects.value.length} ${str(names.kind) || 'custom'} objects in every namespace are deleted with it${objects.value.length > 0 ? `: ${shownNames(objects.value)}` : ''}`);
      else facts.unverified.push(`objects of ${name}: ${objects.error}`);
    } else await describeNamedWorkload(lookup, volumes, found.value, namespace, facts);
    return;
  }
  const found = await lookup.names([...scope, type, name], name);
  if (!found.ok) missing(found.error, found.notFound);
  else facts.blastRadius.push(`${found.value[0] ?? `${type}/${name}`} exists${where}`);
}

/** Replicas, and for a StatefulSet its claims: kept by default, deleted when its retention policy says so. */
async function describeNamedWorkload(lookup: KubectlLookup, volumes: VolumeIndex, workload: Json, namespace: string, facts: LiveFacts): Promise<void> {
  const spec = obj(workload.spec);
  facts.blastRadius.push(`${str(workload.kind)} ${qualified(workload)}: ${String(spec.replicas ?? 1)} replicas`);
  if (str(workload.kind) !== 'StatefulSet') return;
  const claims = await lookup.get(['-n', namespace, 'persistentvolumeclaims']);
  if (!claims.ok) return void facts.unverified.push(`claims of StatefulSet ${metaName(workload)}: ${claims.error}`);
  const owned = claimsOf(workload, list(claims.value.items));
  const deletedWithIt = str(obj(spec.persistentVolumeClaimRetentionPolicy).whenDeleted) === 'Delete';
  facts.blastRadius.push(`${owned.length} PVCs from its volume claim templates ${deletedWithIt ? 'are deleted with it (persistentVolumeClaimRetentionPolicy whenDeleted: Delete)' : 'stay (deleted only with the StatefulSet when its retention policy says Delete)'}`);
  if (deletedWithIt) await describeClaims(lookup, volumes, owned, facts, metaName(workload));
  else for (const claim of owned) facts.blastRadius.push(`PVC ${qualified(claim)} stays`);
}

/** `delete --all`, `-A` or `-l`: list what matches (read-only), then measure its claims, namespaces and workloads. */
async function measureSelection(lookup: KubectlLookup, volumes: VolumeIndex, request: DeleteRequest, namespace: string, facts: LiveFacts): Promise<void> {
  if (request.types.length === 0) return void facts.unverified.push('no resource type named: kubectl refuses this delete, guard did not ask the cluster');
  const where = request.scope === 'all-namespaces' ? ['-A'] : ['-n', namespace];
  const selector = [...(request.labelSelector ? ['-l', request.labelSelector] : []), ...(request.fieldSelector ? ['--field-selector', request.fieldSelector] : [])];
  const whereWords = request.scope === 'all-namespaces' ? 'in every namespace' : `in namespace ${namespace}`;
  const found = await lookup.names([...where, ...selector, request.types.join(',')]);
  if (!found.ok) return void facts.unverified.push(`what ${request.types.join(',')} ${whereWords} would be deleted: ${found.error}`);
  facts.blastRadius.push(found.value.length === 0 ? `nothing matches ${whereWords}: nothing would be deleted` : `${found.value.length} objects would be deleted ${whereWords} (${countByKind(found.value)}): ${shownNames(found.value)}`);
  if (found.value.length === 0) return;
  const target = `${request.scope === 'all-namespaces' ? '*' : namespace}`;
  if (request.types.includes('namespaces')) {
    for (const line of found.value.slice(0, 5)) await measureNamespace(lookup, volumes, line.slice(line.indexOf('/') + 1), facts);
  }
  if (request.types.includes('persistentvolumeclaims')) {
    const claims = await lookup.get([...where, ...selector, 'persistentvolumeclaims']);
    if (claims.ok) await describeClaims(lookup, volumes, list(claims.value.items), facts, target);
    else facts.unverified.push(`claims ${whereWords}: ${claims.error}`);
  }
  if (request.types.some((type) => type === 'statefulsets' || type === 'deployments')) await describeWorkloads(lookup, where, selector, facts);
}

/** What the delete would take, looked up read-only; every failure to look is unverified (fail closed). */
export async function measureDelete(lookup: KubectlLookup, request: DeleteRequest, namespace: string, facts: LiveFacts): Promise<void> {
  const volumes = new VolumeIndex(lookup);
  if (request.scope === 'raw') {
    const parts = (request.raw ?? '').split('?')[0]?.split('/').filter(Boolean) ?? [];
    if (parts.length === 4 && parts[0] === 'api' && parts[1] === 'v1' && parts[2] === 'namespaces') await measureNamed(lookup, volumes, 'namespaces', parts[3] ?? '', namespace, facts);
    else facts.unverified.push(`what raw DELETE ${request.raw} removes: guard measures only /api/v1/namespaces/NAME`);
  } else if (request.scope !== 'named') await measureSelection(lookup, volumes, request, namespace, facts);
  else {
    if (request.objects.length > MAX_NAMED) facts.unverified.push(`only the first ${MAX_NAMED} of ${request.objects.length} objects were measured`);
    for (const object of request.objects.slice(0, MAX_NAMED)) await measureNamed(lookup, volumes, object.type, object.name, object.namespace ?? namespace, facts);
  }
  const total = [...facts.bytes.values()].reduce((sum, bytes) => sum + bytes, 0);
  if (total > 0) facts.blastRadius.push(`in all, ${formatBytes(total)} of volume data on reclaim-policy-Delete volumes goes`);
}
