// Object manifests as `kubectl get` returns them, made fit for `kubectl apply` again (server-set fields removed).

export type KubeObject = Record<string, unknown> & {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: Record<string, unknown> & { name?: string; namespace?: string; ownerReferences?: { controller?: boolean; kind?: string; name?: string }[] };
};

/** `apps/v1 Deployment payments/api`: how verify and the facts name an object. */
export function describeObject(object: KubeObject): string {
  const namespace = object.metadata?.namespace;
  return `${object.apiVersion ?? '?'} ${object.kind ?? '?'} ${namespace ? `${namespace}/` : ''}${object.metadata?.name ?? '?'}`;
}

/** Fields the API server sets: a create that carries them is refused (resourceVersion) or wrong (uid, status). */
const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** Apply order: what others live in or are typed by comes first. */
const FIRST = ['Namespace', 'CustomResourceDefinition'];

/**
 * The objects to apply, cleaned, and those left out with why: an object a controller owns
 * (a Deployment's ReplicaSets and Pods) is recreated by its controller, and applying the old copy
 * would race it; a namespace's kube-root-ca.crt is written by the cluster itself.
 */
export function cleanForApply(objects: readonly KubeObject[]): { apply: KubeObject[]; skipped: string[] } {
  const apply: KubeObject[] = [];
  const skipped: string[] = [];
  for (const object of objects) {
    const owner = object.metadata?.ownerReferences?.find((ref) => ref.controller === true);
    if (owner) {
      skipped.push(`${describeObject(object)} (its controller ${owner.kind ?? '?'}/${owner.name ?? '?'} recreates it)`);
      continue;
    }
    if ((object.kind === 'ConfigMap' && object.metadata?.name === 'kube-root-ca.crt') || (object.kind === 'ServiceAccount' && object.metadata?.name === 'default')) {
      skipped.push(`${describeObject(object)} (the cluster writes it in every namespace)`);
      continue;
    }
    const metadata: Record<string, unknown> = { ...(object.metadata ?? {}) };
    for (const field of SERVER_METADATA) delete metadata[field];
    const copy: Record<string, unknown> = { ...object, metadata };
    delete copy.status;
    if (object.kind === 'Service') copy.spec = withoutKeys(object.spec, ['clusterIP', 'clusterIPs']);
    if (object.kind === 'PersistentVolume') copy.spec = withClaimRefUnbound(object.spec);
    apply.push(copy as KubeObject);
  }
  const rank = (o: KubeObject) => {
    const at = FIRST.indexOf(o.kind ?? '');
    return at < 0 ? FIRST.length : at;
  };
  return { apply: apply.sort((a, b) => rank(a) - rank(b)), skipped };
}

function withoutKeys(value: unknown, keys: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of keys) delete copy[key];
  return copy;
}

/** A PV's claimRef names the old claim's uid: the new claim has another, so only namespace/name stay. */
function withClaimRefUnbound(spec: unknown): unknown {
  if (typeof spec !== 'object' || spec === null) return spec;
  const copy: Record<string, unknown> = { ...(spec as Record<string, unknown>) };
  if (typeof copy.claimRef === 'object' && copy.claimRef !== null) copy.claimRef = withoutKeys(copy.claimRef, ['uid', 'resourceVersion']);
  return copy;
}
