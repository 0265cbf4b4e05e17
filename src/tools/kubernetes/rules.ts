// Rule tables for kubectl and helm: plain data, ids `<program>/<rule>`, recovery notes from the Kubernetes and Helm docs.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources:
// - PersistentVolume reclaim policy: https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming
//   ("Delete" removes the PV and the external storage asset; "Retain" keeps it for manual reclamation).
// - Namespace deletion removes everything in it: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
// - CRD deletion deletes every custom object of that type:
//   https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#delete-a-customresourcedefinition
// - helm uninstall keeps history only with --keep-history: https://helm.sh/docs/helm/helm_uninstall/
type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(program: string, rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `${program}/${key}`, ...rows[key] };
  return out;
}

const REAPPLY = 'Re-apply the objects from their manifests (git, helm, backups such as Velero); Kubernetes keeps no undo.';
const VOLUME_DATA =
  'PersistentVolumes with reclaim policy Delete are erased with their claims: restore that data from a volume snapshot or backup. Retain volumes keep their data for manual reclamation.';

export const kubectlRules = table('kubectl', {
  'delete-namespace': {
    risk: 'destructive',
    description: 'kubectl delete namespace (ns)',
    reason: 'Deletes the namespace and every object in it: workloads, secrets, config and the claims on its volumes.',
    recovery: `${REAPPLY} ${VOLUME_DATA}`,
  },
  'delete-storage': {
    risk: 'destructive',
    description: 'kubectl delete pvc / pv',
    reason: 'Deletes persistent storage; with reclaim policy Delete, the data on the volume goes with it.',
    recovery: VOLUME_DATA,
  },
  'delete-crd': {
    risk: 'destructive',
    description: 'kubectl delete customresourcedefinition (crd, crds)',
    reason: 'Deletes the resource type and every custom object of that type in every namespace.',
    recovery: `${REAPPLY} The custom objects themselves must come from a backup.`,
  },
  'delete-all': {
    risk: 'destructive',
    description: 'kubectl delete --all, -A/--all-namespaces, or a -l/--field-selector selector',
    reason: 'Deletes every matching object, not one named object; with -A, in every namespace of the cluster.',
    recovery: REAPPLY,
  },
  delete: {
    risk: 'destructive',
    description: 'kubectl delete of named objects, -f files or -k kustomizations',
    reason: 'Deletes the objects from the cluster; controllers may recreate some, most are gone.',
    recovery: REAPPLY,
  },
  'delete-raw': {
    risk: 'destructive',
    description: 'kubectl delete --raw URI',
    reason: 'Sends DELETE to any API path: whatever the path names is deleted, with no resource type check.',
    recovery: REAPPLY,
  },
  'replace-force': {
    risk: 'destructive',
    description: 'kubectl replace --force',
    reason: 'Deletes the objects and creates them again: pods restart, and fields not in the file are lost.',
    recovery: REAPPLY,
  },
  'apply-prune': {
    risk: 'destructive',
    description: 'kubectl apply --prune',
    reason: 'Deletes every object selected for pruning that is not in the applied files.',
    recovery: REAPPLY,
  },
  write: {
    risk: 'write',
    description: 'kubectl apply, create, edit, patch, replace, scale, label, annotate, set, rollout restart|undo, drain, cordon, taint, run, expose, cp, config use-context…',
    reason: 'Changes objects in the cluster (or the kubeconfig) without deleting them.',
  },
  read: {
    risk: 'read',
    description: 'kubectl get, describe, logs, top, explain, api-resources, auth can-i, version, config view…',
    reason: 'Only reads from the cluster or the kubeconfig.',
  },
  'dry-run': {
    risk: 'read',
    description: 'any kubectl change with --dry-run=client|server',
    reason: 'A dry run sends nothing that persists (server dry runs are checked by the API server and then discarded).',
  },
  'exec-shell': {
    risk: 'unknown',
    description: 'kubectl exec/attach/debug into a shell, or a command guard does not know',
    reason: 'A shell or unknown program inside a container can do anything the container can; guard cannot see what it will run.',
    recovery: 'Depends on what ran inside the container; nothing in Kubernetes records or undoes it.',
  },
  exec: {
    risk: 'read',
    description: 'kubectl exec … -- CMD where CMD is a read-only inspection program (ls, cat, env…) or a program guard knows',
    reason: 'The command inside the container is classified by its own rules: a psql inside a pod is still psql.',
  },
  proxy: {
    risk: 'unknown',
    description: 'kubectl proxy',
    reason: 'Opens a local door to the API server with these credentials: anything sent through it (DELETE included) bypasses guard.',
    recovery: 'Whatever went through the proxy cannot be undone by guard; stop the proxy.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a kubectl command or flag guard does not recognise (plugins included)',
    reason: 'guard could not read what this command would do.',
    recovery: 'Unknown: check the command by hand before running it.',
  },
});

export const helmRules = table('helm', {
  uninstall: {
    risk: 'destructive',
    description: 'helm uninstall (delete, del, un)',
    reason: "Deletes every object of the release (PVCs of its charts included unless kept by policy) and, without --keep-history, the release's history.",
    recovery: 'Install the chart again with the same values; data on volumes whose PVs were reclaimed (policy Delete) must come from backups.',
  },
  write: {
    risk: 'write',
    description: 'helm install, upgrade, rollback, repo add/update, plugin install…',
    reason: 'Changes releases in the cluster (or helm\'s local repositories and plugins).',
  },
  read: {
    risk: 'read',
    description: 'helm list, status, history, get, show, template, lint, search, version…',
    reason: 'Only reads releases or charts.',
  },
  'dry-run': {
    risk: 'read',
    description: 'helm uninstall|install|upgrade|rollback --dry-run',
    reason: 'A dry run simulates the change and sends nothing that persists.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a helm command or flag guard does not recognise (plugins included)',
    reason: 'guard could not read what this command would do.',
    recovery: 'Unknown: check the command by hand before running it.',
  },
});

export type KubectlRuleKey = keyof typeof kubectlRules;
export type HelmRuleKey = keyof typeof helmRules;
