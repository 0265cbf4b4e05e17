// Runs the az case table through the pipeline offline, and issue 8's done-means for az: the profile's default subscription.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { azureCases } from '../../../src/tools/azure/cases.js';
import { azureTools } from '../../../src/tools/azure/index.js';
import { runToolCases } from '../../support/case-tester.js';
import { buildWorld } from '../../support/world.js';

for (const tool of azureTools) runToolCases({ tool, cases: azureCases[tool.name] ?? [] });

const SUBSCRIPTIONS = [
  { id: '11111111-1111-1111-1111-111111111111', name: 'Contoso-Production', isDefault: true, tenantId: 'tenant-1', user: { name: 'ops@contoso.com', type: 'user' } },
  { id: '22222222-2222-2222-2222-222222222222', name: 'Contoso-Dev', isDefault: false, tenantId: 'tenant-1', user: { name: 'ops@contoso.com', type: 'user' } },
];
const profile = (subscriptions: unknown[], bom = true) => ({ '.azure/azureProfile.json': `${bom ? '\uFEFF' : ''}${JSON.stringify({ installationId: 'i', subscriptions })}` });

async function analyse(argv: string, world: Parameters<typeof buildWorld>[0] = {}) {
  const built = buildWorld({ offline: true, ...world });
  try {
    return await assess(argv.split(' '), built.ctx);
  } finally {
    built.cleanup();
  }
}

test('the default subscription comes from azureProfile.json, BOM and all', async () => {
  const { analysis, verdict } = await analyse('az group delete -n rg-payments --yes', { files: profile(SUBSCRIPTIONS) });
  assert.equal(analysis.environment?.name, 'production');
  assert.match(analysis.environment?.source ?? '', /subscription Contoso-Production/);
  assert.equal(analysis.targets[0]?.id, '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-payments');
  assert.equal(verdict.confirmPhrase, 'production/rg-payments');
});

test('--subscription by name or ID, case-insensitively, over the default', async () => {
  const files = profile(SUBSCRIPTIONS, false);
  assert.equal((await analyse('az group delete -n rg-payments --subscription contoso-dev', { files })).analysis.environment?.name, 'dev', 'a name, in any case');
  assert.equal((await analyse('az group delete -n rg-payments --subscription Contoso-Staging', { files })).analysis.environment?.name, 'unknown', 'a subscription az cannot find is unresolved');
  const byId = await analyse('az group delete -n rg-payments --subscription 22222222-2222-2222-2222-222222222222', { files });
  assert.equal(byId.analysis.environment?.name, 'dev');
});

test('the subscription inside --ids wins, and the resource group comes from the ID', async () => {
  const { analysis } = await analyse('az vm delete --ids /subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/web-1 -y', { files: profile(SUBSCRIPTIONS) });
  assert.equal(analysis.environment?.name, 'production', 'rg-prod names production');
  assert.equal(analysis.targets[0]?.name, 'web-1');
});

test('AZURE_DEFAULTS_GROUP and az config defaults.group name the resource group', async () => {
  const files = { ...profile([{ ...SUBSCRIPTIONS[1], isDefault: true }]), '.azure/config': '[defaults]\ngroup = rg-prod\n' };
  assert.equal((await analyse('az vm delete -n web-1 -y', { files })).analysis.environment?.name, 'production');
  assert.equal((await analyse('az vm delete -n web-1 -y', { files, env: { AZURE_DEFAULTS_GROUP: 'rg-dev' } })).analysis.environment?.name, 'dev');
});

test('AZURE_SUBSCRIPTION_ID (which az ignores) cannot lower the protection of the default subscription', async () => {
  const { analysis } = await analyse('az vm delete -n web-1 -g rg-x -y', { files: profile(SUBSCRIPTIONS), env: { AZURE_SUBSCRIPTION_ID: SUBSCRIPTIONS[1]?.id ?? '' } });
  assert.equal(analysis.environment?.name, 'production');
  assert.ok(analysis.unverified.some((line) => line.includes('AZURE_SUBSCRIPTION_ID')));
});

test('no profile at all: unknown and protected; an agent is denied', async () => {
  const built = buildWorld({ offline: true, agent: true });
  try {
    const { analysis, verdict } = await assess(['az', 'group', 'delete', '-n', 'rg-x', '--yes'], built.ctx);
    assert.deepEqual([analysis.environment?.name, analysis.environment?.protected], ['unknown', true]);
    assert.equal(verdict.decision, 'deny');
  } finally {
    built.cleanup();
  }
});

test('config match rules: subscriptionName and resourceGroup globs', async () => {
  const config = { user: { file: 'config.json', environments: { payments: { match: { azure: [{ subscriptionName: 'Contoso-*', resourceGroup: 'rg-pay*' }] } } }, policy: {} }, project: null, policy: {} };
  const built = buildWorld({ offline: true, config, files: profile(SUBSCRIPTIONS) });
  try {
    const { analysis } = await assess(['az', 'group', 'delete', '-n', 'rg-payments'], built.ctx);
    assert.equal(analysis.environment?.name, 'payments');
  } finally {
    built.cleanup();
  }
});
