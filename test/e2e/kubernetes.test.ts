// The real bin/guard in front of the real kubectl (and a stand-in helm), against the local Kubernetes API double.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { kubeHome, SECRET_VALUE, SECRET_VALUE_BASE64, startKubeApi, type KubeApi } from '../support/kube-api/server.js';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../support/run-guard.js';

const HAVE_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const skip = HAVE_KUBECTL ? false : 'kubectl is not installed here';

let api: KubeApi;
let home: { dir: string; cleanup(): void };
let kubeconfig: string;
let sandbox: GuardSandbox;
let fakes: FakeBin;

before(async () => {
  if (!HAVE_KUBECTL) return;
  api = await startKubeApi();
  home = kubeHome('guard-kube-e2e-');
  kubeconfig = api.writeKubeconfig(home.dir);
  sandbox = createSandbox('guard-kube-e2e-');
  fakes = createFakeBin({ helm: { stdout: 'release "api" uninstalled\n' } });
});

after(async () => {
  await api?.stop();
  home?.cleanup();
  sandbox?.cleanup();
  fakes?.cleanup();
});

function guard(args: readonly string[], env: Record<string, string> = {}) {
  return runGuard(args, { sandbox, env: { KUBECONFIG: kubeconfig, ...env }, pathPrefix: [fakes.dir], timeoutMs: 60_000 });
}

interface KubeReport {
  risk: string;
  decision: string;
  confirmPhrase: string | null;
  environment: { name: string; protected: boolean } | null;
  blastRadius: string[];
  unverified: string[];
  rules: { id: string }[];
}

const realDeletions = () => api.deletions.filter((d) => !d.dryRun);
const hasLine = (report: KubeReport, part: string) => assert.ok(report.blastRadius.some((line) => line.includes(part)), `no ${JSON.stringify(part)} in:\n${report.blastRadius.join('\n')}`);

describe('kubectl under guard, against a cluster', { skip }, () => {
  test('--dry-run --json delete ns payments on prod-eu: destructive in production, the StatefulSet, its claims and what goes; exit 77', async () => {
    const run = await guard(['--dry-run', '--json', 'kubectl', '--context', 'prod-eu', 'delete', 'ns', 'payments']);
    assert.equal(run.status, 77, describeRun(run));
    const report = JSON.parse(run.stdoutText) as KubeReport;
    assert.equal(report.risk, 'destructive');
    assert.equal(report.environment?.name, 'production');
    assert.equal(report.environment?.protected, true);
    assert.equal(report.decision, 'confirm');
    assert.equal(report.confirmPhrase, 'production/payments');
    assert.ok(report.rules.some((rule) => rule.id === 'kubectl/delete-namespace'));
    hasLine(report, 'StatefulSet payments/db: 2 replicas');
    hasLine(report, 'PVC payments/data-db-0 → PV pv-payments-0: 10Gi, reclaim policy Delete: the data goes');
    hasLine(report, 'PVC payments/data-db-1 → PV pv-payments-1: 20Gi, reclaim policy Delete: the data goes');
    assert.deepEqual(report.unverified, []);
    for (const text of [run.stdoutText, run.stderrText]) assert.ok(!text.includes(SECRET_VALUE) && !text.includes(SECRET_VALUE_BASE64), 'no secret value anywhere');
    assert.deepEqual(api.deletions, [], 'a dry run deletes nothing');
  });

  test('without --dry-run and without a terminal: refused (77), and the cluster saw no DELETE', async () => {
    const run = await guard(['kubectl', '--context', 'prod-eu', 'delete', 'ns', 'payments']);
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /--confirm production\/payments/);
    assert.match(run.stderrText, /reclaim policy Delete: the data goes/);
    assert.ok(!run.stderrText.includes(SECRET_VALUE_BASE64));
    assert.deepEqual(api.requests.filter((r) => r.method !== 'GET'), []);
  });

  test('an agent is denied even with the phrase, and nothing is deleted', async () => {
    const run = await guard(['--confirm', 'production/payments', 'kubectl', '--context', 'prod-eu', 'delete', 'ns', 'payments'], { GUARD_AGENT: '1' });
    assert.equal(run.status, 77, describeRun(run));
    assert.deepEqual(realDeletions(), []);
  });

  test('a phrase for another environment does not confirm', async () => {
    const run = await guard(['--confirm', 'local/payments', 'kubectl', '--context', 'prod-eu', 'delete', 'ns', 'payments']);
    assert.equal(run.status, 77, describeRun(run));
    assert.deepEqual(realDeletions(), []);
  });

  test('kubectl get pods runs and exits 0 with kubectl\'s own output', async () => {
    const run = await guard(['kubectl', 'get', 'pods']);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdoutText, /^x\s/m);
  });

  test('delete ns payments --dry-run=server is a read: it runs, the server sees a dry-run DELETE, the namespace stays', async () => {
    const run = await guard(['kubectl', '--context', 'prod-eu', 'delete', 'ns', 'payments', '--dry-run=server']);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdoutText, /namespace "payments" deleted \(server dry run\)/);
    assert.deepEqual(api.deletions.filter((d) => d.name === 'payments'), [{ resource: 'namespaces', namespace: null, name: 'payments', dryRun: true }]);
    assert.deepEqual(realDeletions(), []);
  });

  test('delete pod x on kind-dev is local: it still asks (77 without a phrase), and runs with local/x', async () => {
    const dry = await guard(['--dry-run', '--json', 'kubectl', '--context', 'kind-dev', 'delete', 'pod', 'x']);
    assert.equal(dry.status, 77, describeRun(dry));
    const report = JSON.parse(dry.stdoutText) as KubeReport;
    assert.equal(report.environment?.name, 'local');
    assert.equal(report.environment?.protected, false);
    assert.equal(report.decision, 'confirm');
    assert.equal(report.confirmPhrase, 'local/x');
    const confirmed = await guard(['--confirm', 'local/x', 'kubectl', '--context', 'kind-dev', 'delete', 'pod', 'x']);
    assert.equal(confirmed.status, 0, describeRun(confirmed));
    assert.deepEqual(realDeletions(), [{ resource: 'pods', namespace: 'default', name: 'x', dryRun: false }]);
  });

  test('a human with --confirm production/payments: the real kubectl deletes namespace payments', async () => {
    const run = await guard(['--confirm', 'production/payments', 'kubectl', '--context', 'prod-eu', 'delete', 'ns', 'payments']);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdoutText, /namespace "payments" deleted/);
    assert.ok(realDeletions().some((d) => d.resource === 'namespaces' && d.name === 'payments'), JSON.stringify(api.deletions));
    assert.ok(!api.objects().some((o) => o.metadata.namespace === 'payments'), 'everything inside went with it');
    assert.deepEqual(sandbox.readAudit().slice(-2).map((r) => [r.outcome, r.exitStatus]), [['confirmed', null], ['exited', 0]]);
  });

  test('an unreachable cluster: unverified, refused, and answered promptly', async () => {
    const run = await guard(['--dry-run', '--json', 'kubectl', '--context', 'prod-eu', '--server', 'http://127.0.0.1:1', 'delete', 'ns', 'prod']);
    assert.equal(run.status, 77, describeRun(run));
    const report = JSON.parse(run.stdoutText) as KubeReport;
    assert.ok(report.unverified.some((line) => line.includes('refused')), JSON.stringify(report.unverified));
  });
});

describe('helm under guard (a stand-in helm binary)', { skip }, () => {
  test('helm --kube-context prod-eu uninstall api: refused without a terminal, helm never runs', async () => {
    const before = fakes.runs('helm');
    const run = await guard(['helm', '--kube-context', 'prod-eu', 'uninstall', 'api']);
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /--confirm production\/api/);
    assert.equal(fakes.runs('helm'), before);
  });

  test('with --confirm production/api it runs, with its argv untouched', async () => {
    const run = await guard(['--confirm', 'production/api', 'helm', '--kube-context', 'prod-eu', 'uninstall', 'api']);
    assert.equal(run.status, 0, describeRun(run));
    assert.deepEqual(fakes.record('helm')?.argv, ['--kube-context', 'prod-eu', 'uninstall', 'api']);
  });

  test('helm history uninstall-job is a read and runs untouched', async () => {
    const run = await guard(['helm', 'history', 'uninstall-job']);
    assert.equal(run.status, 0, describeRun(run));
    assert.deepEqual(fakes.record('helm')?.argv, ['history', 'uninstall-job']);
  });
});
