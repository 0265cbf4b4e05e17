// The Kubernetes snapshotter through the real kubectl against the Kubernetes API double: get → verify → delete → apply.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Context } from '../../src/core/context.js';
import { processSubprocessRunner } from '../../src/core/subprocess.js';
import { kubernetesSnapshotter } from '../../src/snapshots/families/kubernetes.js';
import { kubeHome, SECRET_VALUE, SECRET_VALUE_BASE64, startKubeApi, type KubeApi } from '../support/kube-api/server.js';
import { buildWorld } from '../support/world.js';
import { planFor, takeFor } from './harness.js';

const HAVE_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

describe('kubernetes snapshots', { skip: !HAVE_KUBECTL && 'kubectl is not installed here' }, () => {
  let api: KubeApi;
  let home: { dir: string; cleanup(): void };
  let kubeconfig: string;
  let ctx: Context;
  let cleanupWorld = () => {};
  before(async () => {
    api = await startKubeApi();
    home = kubeHome();
    kubeconfig = api.writeKubeconfig(home.dir);
    const world = buildWorld({ offline: false, env: { KUBECONFIG: kubeconfig, HOME: home.dir } });
    cleanupWorld = world.cleanup;
    ctx = { ...world.ctx, which: (name: string) => (name === 'kubectl' ? 'kubectl' : null) };
  });
  after(async () => {
    await api?.stop();
    home?.cleanup();
    cleanupWorld();
  });

  // Asynchronous: the API double answers from this process, which a synchronous spawn would block.
  const kubectl = async (...args: string[]) => {
    const result = await processSubprocessRunner().run('kubectl', ['--kubeconfig', kubeconfig, ...args], { env: { ...process.env, HOME: home.dir }, timeoutMs: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  const exists = (kind: string, name: string, namespace?: string) => api.objects().some((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));

  test('named objects, a Secret among them: copied 0600, verified, deleted, applied back', async () => {
    const argv = ['kubectl', '--context', 'kind-dev', '-n', 'payments', 'delete', 'deployment/api', 'configmap/settings', 'secret/db-credentials'];
    const taken = await takeFor(kubernetesSnapshotter, argv, ctx);
    assert.deepEqual(taken.plan.targets, ['kind-dev: deployments/api configmaps/settings secrets/db-credentials in payments']);
    assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
    assert.deepEqual(taken.manifest.facts.objects, ['apps/v1 Deployment payments/api', 'v1 ConfigMap payments/settings', 'v1 Secret payments/db-credentials']);
    assert.equal(statSync(join(taken.dir, 'objects.json')).mode & 0o777, 0o600);
    assert.match(readFileSync(join(taken.dir, 'objects.json'), 'utf8'), new RegExp(SECRET_VALUE_BASE64), 'the Secret is in the copy');
    assert.doesNotMatch(JSON.stringify(taken.manifest), new RegExp(`${SECRET_VALUE}|${SECRET_VALUE_BASE64}`), 'but not in the manifest');

    await kubectl('--context', 'kind-dev', '-n', 'payments', 'delete', '--wait=false', 'deployment/api', 'configmap/settings', 'secret/db-credentials');
    assert.equal(exists('Secret', 'db-credentials'), false);
    await kubernetesSnapshotter.restore(taken.manifest, taken.dir, ctx);
    assert.ok(exists('Deployment', 'api', 'payments') && exists('ConfigMap', 'settings', 'payments') && exists('Secret', 'db-credentials', 'payments'));
    const secret = api.objects().find((o) => o.kind === 'Secret') as { data?: { password?: string } };
    assert.equal(secret.data?.password, SECRET_VALUE_BASE64);
    // Back in place: a second restore would overwrite them, and is refused.
    await assert.rejects(kubernetesSnapshotter.restore(taken.manifest, taken.dir, ctx), /3 of the snapshot's objects exist again \(deployment\.apps\/api/);
  });

  test('a namespace: everything in it is copied and comes back; the plan says PVC data is not copied', async () => {
    const before = api.objects().filter((o) => o.metadata.namespace === 'prod').map((o) => `${o.kind}/${o.metadata.name}`).sort();
    const taken = await takeFor(kubernetesSnapshotter, ['kubectl', 'delete', 'namespace', 'prod'], ctx);
    assert.match(taken.plan.notes.join('\n'), /only their manifests are copied, NOT the data on the volumes/);
    assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
    await kubectl('delete', '--wait=false', 'namespace', 'prod');
    assert.equal(exists('Namespace', 'prod'), false);
    await kubernetesSnapshotter.restore(taken.manifest, taken.dir, ctx);
    assert.ok(exists('Namespace', 'prod'));
    assert.deepEqual(api.objects().filter((o) => o.metadata.namespace === 'prod').map((o) => `${o.kind}/${o.metadata.name}`).sort(), before);
  });

  test('a label selector: exactly the objects it matches', async () => {
    const taken = await takeFor(kubernetesSnapshotter, ['kubectl', 'delete', 'pods', '-l', 'app=db', '-n', 'payments'], ctx);
    assert.deepEqual(taken.manifest.facts.objects, ['v1 Pod payments/db-0', 'v1 Pod payments/db-1']);
    assert.equal(taken.verification.ok, true);
  });

  test('a changed copy fails verify; --raw and helm are not copyable; a --token never reaches the manifest', async () => {
    const taken = await takeFor(kubernetesSnapshotter, ['kubectl', '--token=tok-Secret-9', 'delete', 'pod', 'x', '-n', 'default'], ctx);
    assert.doesNotMatch(JSON.stringify(taken.manifest), /tok-Secret-9/);
    const file = join(taken.dir, 'objects.json');
    writeFileSync(file, JSON.stringify({ kind: 'List', items: [] }));
    const verification = await kubernetesSnapshotter.verify(taken.manifest, taken.dir, ctx);
    assert.equal(verification.ok, false);
    assert.match(verification.checks.join('\n'), /0 object manifests \(1 listed when taken\) \(MISMATCH\)/);
    const raw = await planFor(kubernetesSnapshotter, ['kubectl', 'delete', '--raw', '/api/v1/namespaces/default/pods/x'], ctx);
    assert.equal(raw.copyable, false);
    const helm = await planFor(kubernetesSnapshotter, ['helm', 'uninstall', 'shop', '-n', 'payments'], ctx);
    assert.equal(helm.copyable, false);
    assert.match(helm.reason ?? '', /helm get manifest/);
  });

  test('nothing there to copy (already gone) fails the take', async () => {
    await assert.rejects(takeFor(kubernetesSnapshotter, ['kubectl', 'delete', 'pods', '-l', 'app=nothing-matches', '-n', 'payments'], ctx), /nothing to copy/);
  });
});
