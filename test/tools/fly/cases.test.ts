// fly and flyctl: the case tables, and the app read from fly.toml.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { flyCases } from '../../../src/tools/fly/cases.js';
import { flyTools } from '../../../src/tools/fly/fly-tool.js';
import { runToolCases } from '../../support/case-tester.js';
import { buildWorld, type WorldSpec } from '../../support/world.js';

for (const tool of flyTools) runToolCases({ tool, cases: flyCases[tool.name] ?? [] });

async function report(argv: string[], spec: WorldSpec = {}) {
  const world = buildWorld({ offline: true, ...spec });
  try {
    return (await assess(argv, world.ctx)).report;
  } finally {
    world.cleanup();
  }
}

test('fly volumes destroy reads fly.toml\'s app: destructive in shop-prod, protected', async () => {
  const r = await report(['fly', 'volumes', 'destroy', 'vol_123abc'], { files: { 'fly.toml': "app = 'shop-prod'\n[env]\n  app = 'not-this'\n" } });
  assert.equal(r.risk, 'destructive');
  assert.equal(r.environment?.name, 'shop-prod');
  assert.equal(r.environment?.protected, true);
  assert.equal(r.confirmPhrase, 'shop-prod/vol_123abc');
});

test('-a beats FLY_APP beats fly.toml; -c names another config', async () => {
  const files = { 'fly.toml': 'app = "shop-staging"\n', 'infra/fly.toml': 'app = "shop-prod"\n' };
  assert.equal((await report(['fly', 'vol', 'rm', 'v1'], { files })).environment?.name, 'shop-staging');
  assert.equal((await report(['fly', 'vol', 'rm', 'v1', '-c', 'infra'], { files })).environment?.name, 'shop-prod');
  assert.equal((await report(['fly', 'vol', 'rm', 'v1'], { files, env: { FLY_APP: 'shop-dev' } })).environment?.name, 'shop-dev');
  assert.equal((await report(['fly', 'vol', 'rm', 'v1', '-a', 'shop-qa'], { files, env: { FLY_APP: 'shop-dev' } })).environment?.name, 'shop-qa');
});

test('no app anywhere: unknown and protected', async () => {
  const r = await report(['fly', 'volumes', 'destroy', 'vol_1']);
  assert.equal(r.environment?.name, 'unknown');
  assert.equal(r.environment?.protected, true);
});

test('the access token given with -t never appears in the report', async () => {
  const r = await report(['fly', '-t', 'fo1_supersecret', 'volumes', 'destroy', 'vol_1', '-a', 'x']);
  assert.ok(!JSON.stringify(r).includes('fo1_supersecret'));
});
