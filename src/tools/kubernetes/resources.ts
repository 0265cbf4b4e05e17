// Resource type words as kubectl accepts them (plural, singular, short name, Kind, `type.group`), and `type/name` targets.

interface ResourceType {
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
}

// The built-in types of a v1.32 cluster with their short names, as `kubectl api-resources` lists them
// (https://kubernetes.io/docs/reference/kubectl/#resource-types).
const TYPES: readonly ResourceType[] = [
  ['bindings', 'binding', '', true], ['componentstatuses', 'componentstatus', 'cs', false], ['configmaps', 'configmap', 'cm', true],
  ['endpoints', 'endpoints', 'ep', true], ['events', 'event', 'ev', true], ['limitranges', 'limitrange', 'limits', true],
  ['namespaces', 'namespace', 'ns', false], ['nodes', 'node', 'no', false], ['persistentvolumeclaims', 'persistentvolumeclaim', 'pvc', true],
  ['persistentvolumes', 'persistentvolume', 'pv', false], ['pods', 'pod', 'po', true], ['podtemplates', 'podtemplate', '', true],
  ['replicationcontrollers', 'replicationcontroller', 'rc', true], ['resourcequotas', 'resourcequota', 'quota', true], ['secrets', 'secret', '', true],
  ['serviceaccounts', 'serviceaccount', 'sa', true], ['services', 'service', 'svc', true],
  ['mutatingwebhookconfigurations', 'mutatingwebhookconfiguration', '', false], ['validatingwebhookconfigurations', 'validatingwebhookconfiguration', '', false],
  ['customresourcedefinitions', 'customresourcedefinition', 'crd crds', false], ['apiservices', 'apiservice', '', false],
  ['controllerrevisions', 'controllerrevision', '', true], ['daemonsets', 'daemonset', 'ds', true], ['deployments', 'deployment', 'deploy', true],
  ['replicasets', 'replicaset', 'rs', true], ['statefulsets', 'statefulset', 'sts', true], ['horizontalpodautoscalers', 'horizontalpodautoscaler', 'hpa', true],
  ['cronjobs', 'cronjob', 'cj', true], ['jobs', 'job', '', true], ['certificatesigningrequests', 'certificatesigningrequest', 'csr', false],
  ['leases', 'lease', '', true], ['endpointslices', 'endpointslice', '', true], ['ingressclasses', 'ingressclass', '', false],
  ['ingresses', 'ingress', 'ing', true], ['networkpolicies', 'networkpolicy', 'netpol', true], ['runtimeclasses', 'runtimeclass', '', false],
  ['poddisruptionbudgets', 'poddisruptionbudget', 'pdb', true], ['clusterrolebindings', 'clusterrolebinding', '', false],
  ['clusterroles', 'clusterrole', '', false], ['rolebindings', 'rolebinding', '', true], ['roles', 'role', '', true],
  ['priorityclasses', 'priorityclass', 'pc', false], ['csidrivers', 'csidriver', '', false], ['csinodes', 'csinode', '', false],
  ['storageclasses', 'storageclass', 'sc', false], ['volumeattachments', 'volumeattachment', '', false],
].map(([plural, singular, shorts, namespaced]) => ({ plural: plural as string, singular: singular as string, shortNames: (shorts as string).split(' ').filter(Boolean), namespaced: namespaced as boolean }));

/** The canonical plural for a type word (`ns`, `Namespace`, `deployments.apps`, `deploy.v1.apps`), or the word itself for custom types. */
export function canonicalType(word: string): { plural: string; known: boolean; namespaced: boolean } {
  const lower = word.toLowerCase();
  const base = lower.split('.')[0] ?? lower;
  const type = TYPES.find((t) => t.plural === base || t.singular === base || t.shortNames.includes(base));
  return type ? { plural: type.plural, known: true, namespaced: type.namespaced } : { plural: lower, known: false, namespaced: true };
}

/** The types from a kind in a manifest (`PersistentVolumeClaim`). */
export function typeOfKind(kind: string): string {
  return canonicalType(kind).plural;
}

export interface ObjectSelector {
  readonly type: string;
  /** Empty when the command names a type without names (`--all`, `-l`). */
  readonly names: readonly string[];
}

/**
 * kubectl's resource arguments: `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`; the two forms cannot mix,
 * and kubectl refuses a mix (guard reports it as a problem).
 */
export function parseResourceArgs(positionals: readonly string[]): { selectors: ObjectSelector[]; problems: string[] } {
  if (positionals.length === 0) return { selectors: [], problems: [] };
  if (positionals.some((p) => p.includes('/'))) {
    const selectors: ObjectSelector[] = [];
    const problems: string[] = [];
    for (const word of positionals) {
      const slash = word.indexOf('/');
      if (slash <= 0) problems.push(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form: ${word}`);
      else selectors.push({ type: canonicalType(word.slice(0, slash)).plural, names: [word.slice(slash + 1)] });
    }
    return { selectors, problems };
  }
  const [types = '', ...names] = positionals;
  return { selectors: types.split(',').filter(Boolean).map((t) => ({ type: canonicalType(t).plural, names })), problems: [] };
}
