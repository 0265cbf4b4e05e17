// The seeded cluster the Kubernetes API double serves: payments (a StatefulSet on Delete volumes), prod (a Retain volume), default, a CRD.

export type KubeObject = Record<string, unknown> & {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
};

/** A secret value the tests look for in everything guard prints: it must never appear. */
export const SECRET_VALUE = 'hunter2-payments-db-password';
export const SECRET_VALUE_BASE64 = Buffer.from(SECRET_VALUE).toString('base64');

const meta = (name: string, namespace?: string, labels?: Record<string, string>) => ({
  name,
  ...(namespace ? { namespace } : {}),
  ...(labels ? { labels } : {}),
  creationTimestamp: '2026-01-01T00:00:00Z',
});

const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, { 'kubernetes.io/metadata.name': name }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });

const pod = (ns: string, name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta(name, ns, labels),
  spec: { containers: [{ name: 'main', image: 'example/app:1' }] },
  status: { phase: 'Running' },
});

const claim = (ns: string, name: string, volume: string, size: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: meta(name, ns, labels),
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, volumeName: volume, storageClassName: 'standard' },
  status: { phase: 'Bound', capacity: { storage: size } },
});

const volume = (name: string, size: string, policy: 'Delete' | 'Retain', claimNamespace: string, claimName: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: meta(name),
  spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: policy, storageClassName: 'standard', claimRef: { namespace: claimNamespace, name: claimName }, hostPath: { path: `/data/${name}` } },
  status: { phase: 'Bound' },
});

/** A fresh copy of the seeded objects: each test server mutates its own. */
export function seededObjects(): KubeObject[] {
  return [
    namespace('default'),
    namespace('payments'),
    namespace('prod'),
    // payments: a StatefulSet with two claims on Delete volumes, a deployment, config, a secret.
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db', 'payments', { app: 'db' }),
      spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '10Gi' } } } }] },
      status: { replicas: 2, readyReplicas: 2 },
    },
    claim('payments', 'data-db-0', 'pv-payments-0', '10Gi', { app: 'db' }),
    claim('payments', 'data-db-1', 'pv-payments-1', '20Gi', { app: 'db' }),
    volume('pv-payments-0', '10Gi', 'Delete', 'payments', 'data-db-0'),
    volume('pv-payments-1', '20Gi', 'Delete', 'payments', 'data-db-1'),
    pod('payments', 'db-0', { app: 'db' }),
    pod('payments', 'db-1', { app: 'db' }),
    pod('payments', 'api-7d9f-abcde', { app: 'api' }),
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('api', 'payments', { app: 'api' }), spec: { replicas: 3, selector: { matchLabels: { app: 'api' } } }, status: { replicas: 3 } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('api', 'payments', { app: 'api' }), spec: { ports: [{ port: 80 }], selector: { app: 'api' } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings', 'payments', { app: 'api' }), data: { mode: 'live' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kube-root-ca.crt', 'payments'), data: { 'ca.crt': 'not a real certificate' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('db-credentials', 'payments', { app: 'db' }), type: 'Opaque', data: { password: SECRET_VALUE_BASE64 } },
    // prod: one claim on a Retain volume.
    claim('prod', 'data-0', 'pv-prod-data-0', '50Gi'),
    volume('pv-prod-data-0', '50Gi', 'Retain', 'prod', 'data-0'),
    pod('prod', 'web-0', { app: 'web' }),
    // default: a pod to delete on a local context.
    pod('default', 'x', { app: 'scratch' }),
    // A custom type with objects in two namespaces.
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: meta('widgets.example.com'),
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' }, versions: [{ name: 'v1', served: true, storage: true }] },
    },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('w1', 'payments'), spec: { size: 1 } },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('w2', 'prod'), spec: { size: 2 } },
  ];
}
