// doctl: the case table, contexts from flags, environment and the config file, and tokens kept out of reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { doctlCases } from '../../../src/tools/doctl/cases.js';
import { doctlTool } from '../../../src/tools/doctl/doctl-tool.js';
import { runToolCases } from '../../support/case-tester.js';
import { buildWorld, type WorldSpec } from '../../support/world.js';

runToolCases({ tool: doctlTool, cases: doctlCases.doctl ?? [] });

async function report(argv: string[], spec: WorldSpec = {}) {
  const world = buildWorld({ offline: true, ...spec });
  try {
    return (await assess(argv, world.ctx)).report;
  } finally {
    world.cleanup();
  }
}

const CONFIG = { '.config/doctl/config.yaml': 'context: prod-team\nauth-contexts:\n  prod-team: dop_v1_prod\n  staging: dop_v1_staging\ndroplet:\n  delete:\n    force: true\n' };

test('context: --context > DIGITALOCEAN_CONTEXT > the config file; prod-team is protected', async () => {
  assert.equal((await report(['doctl', 'compute', 'droplet', 'delete', 'w'], { files: CONFIG })).environment?.name, 'prod-team');
  assert.equal((await report(['doctl', 'compute', 'droplet', 'delete', 'w'], { files: CONFIG, env: { DIGITALOCEAN_CONTEXT: 'staging' } })).environment?.name, 'staging');
  const flag = await report(['doctl', '--context', 'staging', 'compute', 'droplet', 'delete', 'w'], { files: CONFIG, env: { DIGITALOCEAN_CONTEXT: 'prod-team' } });
  assert.equal(flag.environment?.name, 'staging');
  assert.equal(flag.environment?.protected, false);
});

test('a --force preset in the config file is reported and still needs guard\'s phrase', async () => {
  const r = await report(['doctl', 'compute', 'droplet', 'delete', 'web-1'], { files: CONFIG });
  assert.equal(r.decision, 'confirm');
  assert.equal(r.confirmPhrase, 'prod-team/web-1');
});

test('an access token never reaches the report', async () => {
  const r = await report(['doctl', '--access-token', 'dop_v1_topsecret', 'compute', 'droplet', 'delete', 'w']);
  assert.ok(!JSON.stringify(r).includes('dop_v1_topsecret'));
  const short = await report(['doctl', '-t', 'dop_v1_topsecret', 'compute', 'droplet', 'delete', 'w']);
  assert.ok(!JSON.stringify(short).includes('dop_v1_topsecret'));
});
