// issue 8's done-means for gcloud and az, as a user runs them: bin/guard --dry-run --json, the real command passed through, the hook, scan.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { createSandbox, runGuard, type GuardSandbox } from '../support/run-guard.js';

let sandbox: GuardSandbox;
let fakes: FakeBin;

before(() => {
  sandbox = createSandbox('guard-cloud-');
  const gcloud = join(sandbox.home, '.config', 'gcloud');
  mkdirSync(join(gcloud, 'configurations'), { recursive: true });
  writeFileSync(join(gcloud, 'active_config'), 'work\n');
  writeFileSync(join(gcloud, 'configurations', 'config_work'), '[core]\nproject = acme-prod\naccount = ops@acme.com\n');
  mkdirSync(join(sandbox.home, '.azure'), { recursive: true });
  const profile = { installationId: 'i', subscriptions: [{ id: '11111111-1111-1111-1111-111111111111', name: 'Contoso-Production', isDefault: true, tenantId: 't', user: { name: 'ops@contoso.com', type: 'user' } }] };
  writeFileSync(join(sandbox.home, '.azure', 'azureProfile.json'), `\uFEFF${JSON.stringify(profile)}`);
  fakes = createFakeBin({ gcloud: { stdout: 'NAME  DATABASE_VERSION\n' }, az: { stdout: '[]\n' } });
});
after(() => {
  sandbox.cleanup();
  fakes.cleanup();
});

async function dryRun(argv: string[]) {
  const run = await runGuard(['--dry-run', '--json', '--offline', ...argv], { sandbox });
  return { status: run.status, report: JSON.parse(run.stdoutText) as Record<string, unknown> & { environment: { name: string; protected: boolean; source: string }; rules: { id: string }[] } };
}

test('gcloud sql instances delete prod-db: destructive in the active configuration\'s production project, exit 77', async () => {
  const { status, report } = await dryRun(['gcloud', 'sql', 'instances', 'delete', 'prod-db']);
  assert.equal(status, 77);
  assert.equal(report.risk, 'destructive');
  assert.deepEqual([report.environment.name, report.environment.protected], ['production', true]);
  assert.match(report.environment.source, /config_work/);
  assert.equal(report.confirmPhrase, 'production/prod-db');
});

test('az group delete -n rg-prod: destructive in the default subscription, exit 77', async () => {
  const { status, report } = await dryRun(['az', 'group', 'delete', '-n', 'rg-prod', '--yes']);
  assert.equal(status, 77);
  assert.equal(report.rules[0]?.id, 'az/group-delete');
  assert.equal(report.environment.name, 'production');
  assert.match(report.environment.source, /Contoso-Production/);
});

test('read-only commands run untouched: gcloud sql instances list, az group list', async () => {
  for (const argv of [['gcloud', 'sql', 'instances', 'list', '--format=json'], ['az', 'group', 'list', '-o', 'table']]) {
    const run = await runGuard(argv, { sandbox, pathPrefix: [fakes.dir] });
    assert.equal(run.status, 0, run.stderrText);
    assert.deepEqual(fakes.record(argv[0] ?? '')?.argv, argv.slice(1));
  }
});

test('without a terminal the destructive command is refused and never runs', async () => {
  const before = fakes.runs('gcloud');
  const run = await runGuard(['--offline', 'gcloud', '--project', 'acme-prod', 'sql', 'instances', 'delete', 'db', '--quiet'], { sandbox, pathPrefix: [fakes.dir] });
  assert.equal(run.status, 77, run.stderrText);
  assert.equal(fakes.runs('gcloud'), before);
});

test('the Claude hook denies an agent these lines, and allows the reads', async () => {
  const ask = async (command: string) => {
    const run = await runGuard(['hook', 'claude'], { sandbox, stdin: JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, cwd: sandbox.dir }), env: { CLAUDECODE: '1' } });
    return (JSON.parse(run.stdoutText || '{}') as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision ?? 'allow';
  };
  assert.equal(await ask('gcloud --project p sql instances delete db --quiet'), 'deny');
  assert.equal(await ask('bash -c "az group delete -n rg-prod --yes"'), 'deny');
  assert.equal(await ask('sudo gsutil -m rm -r gs://orders'), 'deny');
  assert.equal(await ask('gcloud sql instances list'), 'allow');
  assert.equal(await ask('az group list'), 'allow');
});

test('guard scan finds the cloud deletes in a script', async () => {
  const script = join(sandbox.dir, 'teardown.sh');
  writeFileSync(script, '#!/bin/sh\ngcloud sql instances list\ngcloud projects delete acme-prod --quiet\naz group delete -n rg-prod --yes\ngsutil rb gs://orders\n');
  const run = await runGuard(['scan', '--json', script], { sandbox });
  const text = run.stdoutText;
  for (const id of ['gcloud/projects-delete', 'az/group-delete', 'gsutil/rb']) assert.ok(text.includes(id), `${id} not in ${text}`);
  assert.ok(!text.includes('gcloud/read'), 'reads are not findings');
});
