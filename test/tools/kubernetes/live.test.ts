// The kubectl/helm resolver and live blast radius, through the real kubectl, against the local Kubernetes API double.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SubprocessRunner } from '../../../src/core/context.js';
import { assess } from '../../../src/core/pipeline.js';
import { processSubprocessRunner } from '../../../src/core/subprocess.js';
import { kubeHome, SECRET_VALUE, SECRET_VALUE_BASE64, startKubeApi, writeKubeconfigFile, type KubeApi } from '../../support/kube-api/server.js';
import { buildWorld } from '../../support/world.js';

const HAVE_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const skip = HAVE_KUBECTL ? false : 'kubectl is not installed here';

let api: KubeApi;
let home: { dir: string; cleanup(): void };
let kubeconfig: string;

before(async () => {
  if (!HAVE_KUBECTL) return;
  api = await startKubeApi();
  home = kubeHome();
  kubeconfig = api.writeKubeconfig(home.dir);
});

after(async () => {
  await api?.stop();
  home?.cleanup();
});

/** Records every look-up guard makes, then runs it for real. */
function recordingRunner(calls: string[][]): SubprocessRunner {
  const real = processSubprocessRunner();
  return {
    run(file, args, options) {
      calls.push([file, ...args]);
      return real.run(file, args, options);
    },
  };
}

async function analyse(command: string, options: { offline?: boolean; kubeconfig?: string; files?: Record<string, string> } = {}) {
  const calls: string[][] = [];
  const world = buildWorld({
    offline: options.offline ?? false,
    env: { KUBECONFIG: options.kubeconfig ?? kubeconfig, HOME: home.dir },
    subprocess: recordingRunner(calls),
    ...(options.files ? { files: options.files } : {}),
  });
  try {
    const { analysis, verdict, report } = await assess(command.split(' '), world.ctx);
    return { analysis, verdict, report, calls, text: JSON.stringify(report) };
  } finally {
    world.cleanup();
  }
}

const includesLine = (lines: readonly string[], part: string) => assert.ok(lines.some((line) => line.includes(part)), `no line with ${JSON.stringify(part)} in:\n${lines.join('\n')}`);

describe('live blast radius through the real kubectl', { skip }, () => {
  test('delete ns payments on prod-eu: production, its StatefulSet, claims with sizes, and what the Delete policy takes', async () => {
    const deletionsBefore = api.deletions.length;
    const { analysis, verdict, text } = await analyse('kubectl --context prod-eu delete ns payments');
    assert.equal(analysis.risk, 'destructive');
    assert.equal(analysis.environment?.name, 'production');
    assert.equal(verdict.decision, 'confirm');
    assert.equal(verdict.expectedPhrase, 'production/payments');
    const lines = analysis.blastRadius;
    includesLine(lines, 'namespace payments holds 11 objects');
    includesLine(lines, '1 statefulset');
    includesLine(lines, 'StatefulSet payments/db: 2 replicas');
    includesLine(lines, 'Deployment payments/api: 3 replicas');
    includesLine(lines, 'PVC payments/data-db-0 → PV pv-payments-0: 10Gi, reclaim policy Delete: the data goes');
    includesLine(lines, 'PVC payments/data-db-1 → PV pv-payments-1: 20Gi, reclaim policy Delete: the data goes');
    includesLine(lines, '30 GiB of volume data');
    assert.equal(analysis.targets[0]?.bytes, 30 * 2 ** 30);
    assert.deepEqual(analysis.unverified, []);
    assert.ok(!text.includes(SECRET_VALUE) && !text.includes(SECRET_VALUE_BASE64), 'no secret value in the report');
    assert.equal(api.deletions.length, deletionsBefore, 'looking deleted nothing');
  });

  test('every look-up is a pinned, read-only kubectl get; secrets are only ever listed by name', async () => {
    const { calls } = await analyse('kubectl --context prod-eu delete ns payments');
    assert.ok(calls.length > 0);
    for (const call of calls) {
      assert.deepEqual(call.slice(0, 3), ['kubectl', '--context', 'prod-eu'], call.join(' '));
      assert.equal(call[3], 'get', call.join(' '));
      assert.ok(call.some((arg) => arg.startsWith('--request-timeout=')), call.join(' '));
      if (call.some((arg) => arg.includes('secrets'))) assert.equal(call[call.indexOf('-o') + 1], 'name', call.join(' '));
    }
    const requests = api.requests.filter((r) => r.method !== 'GET');
    assert.deepEqual(requests, []);
  });

  const named: [string, string[], number | undefined][] = [
    ['kubectl --context prod-eu -n prod delete pvc data-0', ['PVC prod/data-0 → PV pv-prod-data-0: 50Gi, reclaim policy Retain: the PV and its data stay'], undefined],
    ['kubectl --context prod-eu delete pv pv-payments-1', ['PV pv-payments-1: 20Gi, reclaim policy Delete: the data goes; claimed by payments/data-db-1'], 20 * 2 ** 30],
    ['kubectl --context prod-eu delete sts db -n payments', ['StatefulSet payments/db: 2 replicas', '2 PVCs from its volume claim templates stay', 'PVC payments/data-db-1 stays'], undefined],
    ['kubectl --context prod-eu delete deploy/api -n payments', ['Deployment payments/api: 3 replicas'], undefined],
    ['kubectl --context prod-eu delete crd widgets.example.com', ['2 Widget objects in every namespace are deleted with it: widget.example.com/w1, widget.example.com/w2'], undefined],
    ['kubectl --context prod-eu delete secret db-credentials -n payments', ['secret/db-credentials exists in namespace payments'], undefined],
    ['kubectl --context prod-eu delete ns nosuch', ['namespaces/nosuch does not exist'], undefined],
    ['kubectl --context prod-eu delete -n payments pods -l app=db', ['2 objects would be deleted in namespace payments (2 pods): pod/db-0, pod/db-1'], undefined],
    ['kubectl --context prod-eu delete -n payments pvc --all', ['2 objects would be deleted', 'PVC payments/data-db-0 → PV pv-payments-0: 10Gi, reclaim policy Delete'], undefined],
    ['kubectl --context prod-eu delete pvc -A --all', ['3 objects would be deleted in every namespace', 'PVC prod/data-0 → PV pv-prod-data-0: 50Gi, reclaim policy Retain'], undefined],
    ['kubectl --context prod-eu delete --raw /api/v1/namespaces/prod', ['namespace prod holds'], undefined],
  ];
  for (const [command, parts, bytes] of named) {
    test(`${command.slice('kubectl --context prod-eu '.length)}: ${parts[0]}`, async () => {
      const { analysis, text } = await analyse(command);
      assert.equal(analysis.risk, 'destructive');
      for (const part of parts) includesLine(analysis.blastRadius, part);
      if (bytes !== undefined) assert.equal(analysis.targets[0]?.bytes, bytes);
      assert.deepEqual(analysis.unverified, []);
      assert.ok(!text.includes(SECRET_VALUE_BASE64));
    });
  }

  test('the current-context (kind-dev) is local; a delete there still needs the phrase, and guard says how to pin it', async () => {
    const { analysis, verdict } = await analyse('kubectl delete pod x');
    assert.equal(analysis.environment?.name, 'local');
    assert.equal(verdict.decision, 'confirm');
    assert.equal(verdict.expectedPhrase, 'local/x');
    includesLine(analysis.blastRadius, 'pod/x exists in namespace default');
    includesLine(analysis.notes, '--context kind-dev');
  });

  test('helm uninstall counts the release\'s revisions by name only', async () => {
    const { analysis, calls } = await analyse('helm --kube-context prod-eu uninstall api -n payments');
    assert.equal(analysis.environment?.name, 'production');
    includesLine(analysis.blastRadius, 'release api not found in namespace payments');
    assert.equal(calls.length, 1);
    const call = calls[0] ?? [];
    assert.deepEqual(call.slice(0, 4), ['kubectl', '--context', 'prod-eu', 'get']);
    assert.equal(call[call.indexOf('-o') + 1], 'name', 'helm keeps releases in secrets: never read them as JSON');
  });

  test('reads and dry runs ask the cluster nothing', async () => {
    for (const command of ['kubectl --context prod-eu get pods -n payments', 'kubectl --context prod-eu delete ns payments --dry-run=server']) {
      const { analysis, calls } = await analyse(command);
      assert.equal(analysis.risk, 'read', command);
      assert.deepEqual(calls, [], command);
    }
  });

  test('an unreachable cluster: unverified, not allowed, and guard stops asking after the first refusal', async () => {
    const port = await closedPort();
    const dir = join(home.dir, 'closed');
    mkdirSync(dir, { recursive: true });
    const closed = writeKubeconfigFile(dir, `http://127.0.0.1:${port}`);
    const { analysis, verdict, calls } = await analyse('kubectl --context prod-eu delete ns payments', { kubeconfig: closed });
    assert.equal(analysis.risk, 'destructive');
    assert.notEqual(verdict.decision, 'allow');
    assert.ok(analysis.unverified.some((line) => line.includes('namespaces/payments') && line.includes('refused')), analysis.unverified.join('\n'));
    assert.equal(calls.length, 1, calls.map((c) => c.join(' ')).join('\n'));
  });

  test('offline: nothing runs, and the blast radius says it was not measured', async () => {
    const { analysis, calls } = await analyse('kubectl --context prod-eu delete ns payments', { offline: true });
    assert.deepEqual(calls, []);
    includesLine(analysis.blastRadius, 'not measured: --offline');
  });
});

describe('-k: a kustomization is rendered with kubectl kustomize and classified like -f', { skip }, () => {
  const files = {
    'overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- namespace.yaml\n- claim.yaml\n',
    'overlay/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n',
    'overlay/claim.yaml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data-0\n  namespace: prod\n',
  };

  test('live: the namespace and the claim inside it are found, and measured', async () => {
    const { analysis, calls } = await analyse('kubectl --context prod-eu delete -k overlay', { files });
    const ids = analysis.hits.map((hit) => hit.rule.id);
    assert.ok(ids.includes('kubectl/delete-namespace'), ids.join(', '));
    assert.ok(ids.includes('kubectl/delete-storage'), ids.join(', '));
    assert.deepEqual(calls[0]?.slice(0, 3), ['kubectl', 'kustomize', 'overlay']);
    includesLine(analysis.blastRadius, 'namespace payments holds 11 objects');
    includesLine(analysis.blastRadius, 'PVC prod/data-0 → PV pv-prod-data-0: 50Gi, reclaim policy Retain');
    assert.deepEqual(analysis.unverified, []);
  });

  test('offline: not rendered, so unverified (fail closed)', async () => {
    const { analysis, calls } = await analyse('kubectl --context prod-eu delete -k overlay', { files, offline: true });
    assert.deepEqual(calls, []);
    assert.equal(analysis.risk, 'destructive');
    assert.ok(analysis.unverified.some((line) => line.includes('kustomization overlay')), analysis.unverified.join('\n'));
  });

  test('a kustomization that does not render is unverified', async () => {
    const { analysis } = await analyse('kubectl --context prod-eu delete -k missing-dir', { files });
    assert.equal(analysis.risk, 'destructive');
    assert.ok(analysis.unverified.some((line) => line.includes('could not render kustomization missing-dir')), analysis.unverified.join('\n'));
  });
});

/** A loopback port nothing listens on: connections are refused at once. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
