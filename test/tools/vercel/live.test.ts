// vercel's live blast radius against a REST API double, reached through the CLI's own --api flag.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startVercelApi } from '../../support/api-double/platforms.js';
import type { ApiDouble } from '../../support/api-double/server.js';
import { liveReport } from '../../support/live-world.js';

const TOKEN = 'vc_test_token';
let api: ApiDouble;
before(async () => {
  api = await startVercelApi(TOKEN);
});
after(() => api.stop());

test('vercel remove PROJECT counts its deployments and finds production among them', async () => {
  const r = await liveReport(['vercel', '--api', api.url, 'remove', 'shop', '--yes'], { env: { VERCEL_TOKEN: TOKEN } });
  assert.equal(r.environment?.name, 'production');
  assert.equal(r.environment?.protected, true);
  assert.ok(r.blastRadius.some((l) => l.includes('3 deployments, 1 of them production, serving shop.acme.test, www.acme.test')), r.blastRadius.join('\n'));
  assert.ok(api.requests.every((q) => q.method === 'GET'));
});

test('vercel remove of a preview deployment is a preview (unprotected) removal', async () => {
  const r = await liveReport(['vercel', '--api', api.url, 'rm', 'dpl_prev1'], { env: { VERCEL_TOKEN: TOKEN } });
  assert.equal(r.environment?.name, 'preview');
  assert.equal(r.environment?.protected, false);
});
