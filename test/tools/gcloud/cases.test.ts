// Runs the gcloud and gsutil case tables through the pipeline offline, and issue 8's done-means for gcloud.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { gcloudCases } from '../../../src/tools/gcloud/cases.js';
import { gcloudTools } from '../../../src/tools/gcloud/index.js';
import { runToolCases } from '../../support/case-tester.js';
import { buildWorld } from '../../support/world.js';

for (const tool of gcloudTools) runToolCases({ tool, cases: gcloudCases[tool.name] ?? [] });

const ACTIVE = (name: string, project: string) => ({
  '.config/gcloud/active_config': `${name}\n`,
  [`.config/gcloud/configurations/config_${name}`]: `[core]\naccount = ops@acme.com\nproject = ${project}\n`,
});

async function report(argv: string, world: Parameters<typeof buildWorld>[0] = {}) {
  const built = buildWorld({ offline: true, ...world });
  try {
    return await assess(argv.split(' '), built.ctx);
  } finally {
    built.cleanup();
  }
}

test('the active configuration names the project, and a prod project protects the delete', async () => {
  const { analysis, verdict } = await report('gcloud sql instances delete prod-db', { files: ACTIVE('work', 'acme-prod') });
  assert.equal(analysis.environment?.name, 'production');
  assert.match(analysis.environment?.source ?? '', /config_work/);
  assert.equal(analysis.targets[0]?.id, 'projects/acme-prod/instances/prod-db');
  assert.equal(verdict.confirmPhrase, 'production/prod-db');
});

test('precedence: --project > CLOUDSDK_CORE_PROJECT > CLOUDSDK_ACTIVE_CONFIG_NAME > active_config', async () => {
  const files = { ...ACTIVE('work', 'acme-prod'), '.config/gcloud/configurations/config_other': '[core]\nproject = acme-staging\n' };
  assert.equal((await report('gcloud sql instances delete db', { files, env: { CLOUDSDK_ACTIVE_CONFIG_NAME: 'other' } })).analysis.environment?.name, 'staging');
  assert.equal((await report('gcloud sql instances delete db', { files, env: { CLOUDSDK_CORE_PROJECT: 'acme-dev' } })).analysis.environment?.name, 'dev');
  assert.equal((await report('gcloud sql instances delete db --project acme-test', { files, env: { CLOUDSDK_CORE_PROJECT: 'acme-dev' } })).analysis.environment?.name, 'test');
  assert.equal((await report('gcloud sql instances delete db --configuration other', { files })).analysis.environment?.name, 'staging');
});

test('a full resource name carries its own project, over --project', async () => {
  const { analysis } = await report('gcloud kms keys versions destroy projects/acme-prod/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1 --project acme-dev');
  assert.equal(analysis.environment?.name, 'production');
});

test('projects delete resolves the project being deleted, not the configured one', async () => {
  const { analysis } = await report('gcloud projects delete acme-prod', { files: ACTIVE('default', 'acme-dev') });
  assert.equal(analysis.environment?.name, 'production');
  assert.equal(analysis.targets[0]?.name, 'acme-prod');
});

test('no project anywhere is an unknown, protected environment; an agent is denied', async () => {
  const built = buildWorld({ offline: true, agent: true });
  try {
    const { analysis, verdict } = await assess(['gcloud', 'sql', 'instances', 'delete', 'db'], built.ctx);
    assert.deepEqual([analysis.environment?.name, analysis.environment?.protected], ['unknown', true]);
    assert.equal(verdict.decision, 'deny');
  } finally {
    built.cleanup();
  }
});

test('config match rules name the environment from project, account or configuration globs', async () => {
  const config = { user: { file: 'config.json', environments: { payments: { match: { gcloud: [{ project: 'acme-pay-*' }] } } }, policy: {} }, project: null, policy: {} };
  const built = buildWorld({ offline: true, config });
  try {
    const { analysis } = await assess(['gcloud', 'sql', 'instances', 'delete', 'db', '--project', 'acme-pay-eu'], built.ctx);
    assert.equal(analysis.environment?.name, 'payments');
    assert.match(analysis.environment?.source ?? '', /gcloud project acme-pay-\*/);
  } finally {
    built.cleanup();
  }
});
