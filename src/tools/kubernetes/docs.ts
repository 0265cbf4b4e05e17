// The Kubernetes family's page in docs/tools/: kubeconfig resolution and the kubectl look-ups.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Kubernetes: kubectl and helm',
  resolution: [
    'The kubeconfig as kubectl reads it: `--kubeconfig`, then `KUBECONFIG` (merged), then `~/.kube/config`; the context from `--context` (`--kube-context` for helm), else `current-context`; the namespace from `-n`, else the context\'s.',
    'The environment from your `environments.<name>.match.kubernetes` rules (context, cluster, server, namespace globs); otherwise a name containing "prod" is production, kind-, k3d-, minikube, docker-desktop and loopback servers are local, anything else is unknown (protected).',
    'When the context came from `current-context`, guard says which one it resolved and suggests `--context` to pin it.',
  ],
  liveLookups: [
    'The real kubectl, read-only `get`, pinned to the resolved context, time-limited.',
    'For a namespace: its objects by kind; for workloads: replicas; for PVCs: the volume size and reclaim policy (Delete: the data goes; Retain: the volume stays).',
    '`delete -k` is rendered with `kubectl kustomize` first. Secret values are never read.',
  ],
  notes: ['Snapshots (`--snapshot`): `kubectl get -o json` of every object a `kubectl delete` removes (a namespace\'s contents through `api-resources`, a CRD\'s objects), pinned to the kubeconfig files and context resolved then; Secrets included in the 0600 file, PVC/PV data not copied; restored with `kubectl apply --validate=false` without server-set fields, refused while any of them exists again. `helm uninstall` is not copied.'],
};
