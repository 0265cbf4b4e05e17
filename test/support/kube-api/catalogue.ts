// The resource types the Kubernetes API double serves, and the legacy discovery documents kubectl reads for them.

export interface ResourceType {
  /** '' for the core group (served under /api/v1). */
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly singular: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const type = (group: string, version: string, resource: string, kind: string, namespaced: boolean, shortNames: string[] = []): ResourceType => ({
  group,
  version,
  resource,
  singular: kind.toLowerCase(),
  kind,
  namespaced,
  shortNames,
});

/** The built-in types guard's look-ups ask for; custom types are added from the world's CRDs. */
export const BUILT_IN_TYPES: readonly ResourceType[] = [
  type('', 'v1', 'namespaces', 'Namespace', false, ['ns']),
  type('', 'v1', 'pods', 'Pod', true, ['po']),
  type('', 'v1', 'services', 'Service', true, ['svc']),
  type('', 'v1', 'configmaps', 'ConfigMap', true, ['cm']),
  type('', 'v1', 'secrets', 'Secret', true),
  type('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']),
  type('', 'v1', 'persistentvolumes', 'PersistentVolume', false, ['pv']),
  type('apps', 'v1', 'deployments', 'Deployment', true, ['deploy']),
  type('apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts']),
  type('apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds']),
  type('apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs']),
  type('batch', 'v1', 'jobs', 'Job', true),
  type('batch', 'v1', 'cronjobs', 'CronJob', true, ['cj']),
  type('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds']),
];

/** The types a CRD object defines (its served versions). */
export function typesOfCrd(crd: Record<string, unknown>): ResourceType[] {
  const spec = (crd.spec ?? {}) as { group?: string; scope?: string; names?: { plural?: string; singular?: string; kind?: string; shortNames?: string[] }; versions?: { name?: string; served?: boolean }[] };
  const names = spec.names ?? {};
  return (spec.versions ?? [])
    .filter((v) => v.served !== false && v.name)
    .map((v) => ({
      group: spec.group ?? '',
      version: v.name ?? 'v1',
      resource: names.plural ?? '',
      singular: names.singular ?? '',
      kind: names.kind ?? '',
      namespaced: spec.scope !== 'Cluster',
      shortNames: names.shortNames ?? [],
    }));
}

export function groupVersion(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export function apiResourceList(types: readonly ResourceType[], gv: string): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: types
      .filter((t) => groupVersion(t) === gv)
      .map((t) => ({ name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: VERBS, ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}) })),
  };
}

export function apiGroupList(types: readonly ResourceType[]): Record<string, unknown> {
  const groups = new Map<string, string[]>();
  for (const t of types) if (t.group) groups.set(t.group, [...new Set([...(groups.get(t.group) ?? []), t.version])]);
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: list, preferredVersion: list[0] };
    }),
  };
}

export const API_VERSIONS = { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-guard-double',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};
