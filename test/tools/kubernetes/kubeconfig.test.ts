// The kubeconfig resolver: file precedence, KUBECONFIG merging (first file wins), flags, and the default environments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_CONFIG, type GuardConfig } from '../../../src/config/types.js';
import { kubernetesEnvironment } from '../../../src/tools/kubernetes/environment.js';
import { resolveKubeTarget, type KubeFlags } from '../../../src/tools/kubernetes/kubeconfig.js';
import { buildWorld } from '../../support/world.js';

const config = (current: string, contexts: [string, string, string?][], clusters: [string, string][]) =>
  `apiVersion: v1\nkind: Config\ncurrent-context: ${current}\ncontexts:\n${contexts.map(([n, c, ns]) => `- name: ${n}\n  context: {cluster: ${c}, user: u${ns ? `, namespace: ${ns}` : ''}}`).join('\n')}\nclusters:\n${clusters.map(([n, s]) => `- name: ${n}\n  cluster: {server: "${s}"}`).join('\n')}\n`;

const FILES = {
  'a.yaml': config('staging', [['staging', 'eks-staging', 'web']], [['eks-staging', 'https://staging.example.com']]),
  'b.yaml': config('kind-dev', [['staging', 'other'], ['kind-dev', 'kind-dev']], [['kind-dev', 'https://127.0.0.1:6443'], ['eks-staging', 'https://shadowed.example.com']]),
  '.kube/config': config('minikube', [['minikube', 'minikube']], [['minikube', 'https://192.168.49.2:8443']]),
};

async function resolve(flags: KubeFlags, env: Record<string, string> = {}, userConfig: GuardConfig = EMPTY_CONFIG) {
  const world = buildWorld({ files: FILES, env });
  try {
    const target = await resolveKubeTarget(flags, { ...world.ctx, env: { ...world.ctx.env, KUBECONFIG: env.KUBECONFIG ? env.KUBECONFIG.split(':').map((f) => `${world.root}/${f}`).join(':') : '' } });
    return { target, environment: kubernetesEnvironment(target, userConfig) };
  } finally {
    world.cleanup();
  }
}

test('KUBECONFIG merges: the first file to set current-context and each entry wins', async () => {
  const { target, environment } = await resolve({}, { KUBECONFIG: 'a.yaml:b.yaml' });
  assert.equal(target.context, 'staging');
  assert.equal(target.cluster, 'eks-staging');
  assert.equal(target.server, 'https://staging.example.com');
  assert.equal(target.namespace, 'web');
  assert.equal(target.namespaceSource, 'context');
  assert.equal(environment.name, 'unknown');
  assert.equal(environment.protected, true);
});

test('flags beat the kubeconfig: --context, -n, and a context found only in the second file', async () => {
  const { target, environment } = await resolve({ context: 'kind-dev', namespace: 'prod' }, { KUBECONFIG: 'a.yaml:b.yaml' });
  assert.equal(target.server, 'https://127.0.0.1:6443');
  assert.equal(target.namespace, 'prod');
  assert.equal(environment.name, 'production', 'a namespace named prod is production even on a local cluster');
});

test('without KUBECONFIG, ~/.kube/config: minikube is local', async () => {
  const { target, environment } = await resolve({});
  assert.equal(target.context, 'minikube');
  assert.equal(environment.name, 'local');
  assert.equal(environment.protected, false);
});

test('user config match rules name the environment; a project file can only add protection', async () => {
  const user: GuardConfig = { user: { file: 'config.json', environments: { staging: { match: { kubernetes: [{ server: 'https://staging.*' }] } } as never }, policy: {} }, project: null, policy: {} };
  const { environment } = await resolve({}, { KUBECONFIG: 'a.yaml' }, user);
  assert.equal(environment.name, 'staging');
  assert.equal(environment.protected, false);
  const project: GuardConfig = { ...user, project: { file: 'guard.config.json', environments: { 'live-eu': { match: { kubernetes: [{ context: 'stag*' }] } } as never }, policy: {} } };
  assert.equal((await resolve({}, { KUBECONFIG: 'a.yaml' }, project)).environment.name, 'live-eu');
});

test('an unreadable kubeconfig named by --kubeconfig is a problem, not a crash', async () => {
  const { target } = await resolve({ kubeconfig: '/nonexistent/kubeconfig' });
  assert.equal(target.context, null);
  assert.ok(target.problems.some((p) => p.includes('does not exist')));
});
