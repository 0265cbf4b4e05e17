// az's live look-ups through the real az. No Azure Resource Manager double: az cannot be signed in offline (see the README), so only failing closed is exercised.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { buildWorld } from '../../support/world.js';

const AZ = spawnSync('which', ['az'], { encoding: 'utf8' }).stdout.trim();
const skip = AZ ? false : 'az is not installed here (Debian: azure-cli)';

test('group delete with az signed out: every look-up fails, is reported, and the decision fails closed', { skip, timeout: 180_000 }, async () => {
  const profile = { installationId: 'i', subscriptions: [{ id: '11111111-1111-1111-1111-111111111111', name: 'Contoso-Dev', isDefault: true, tenantId: 't', user: { name: 'dev@contoso.com', type: 'user' } }] };
  const world = buildWorld({ offline: false, files: { '.azure/azureProfile.json': JSON.stringify(profile) } });
  try {
    // A profile with no tokens: az refuses every call, exactly as a signed-out user's az would.
    const ctx = { ...world.ctx, env: { ...world.ctx.env, AZURE_CONFIG_DIR: join(world.root, '.azure'), HOME: world.root, AZURE_CORE_COLLECT_TELEMETRY: 'no' }, which: () => AZ };
    const { analysis, verdict } = await assess(['az', 'group', 'delete', '-n', 'rg-dev-1', '--yes'], ctx);
    assert.equal(analysis.environment?.name, 'dev');
    assert.ok(analysis.unverified.some((line) => line.startsWith('resources in rg-dev-1:')), analysis.unverified.join('\n'));
    assert.ok(analysis.unverified.some((line) => line.startsWith('locks on rg-dev-1:')));
    assert.equal(verdict.decision, 'confirm');
  } finally {
    world.cleanup();
  }
});
