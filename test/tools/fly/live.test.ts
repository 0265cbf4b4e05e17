// fly's live blast radius against a Machines API double, reached through FLY_FLAPS_BASE_URL as flyctl is.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFlyMachinesApi } from '../../support/api-double/platforms.js';
import type { ApiDouble } from '../../support/api-double/server.js';
import { liveReport } from '../../support/live-world.js';

const TOKEN = 'fo1_test_token';
let api: ApiDouble;
before(async () => {
  api = await startFlyMachinesApi(TOKEN);
});
after(() => api.stop());

test('fly volumes destroy: size, attached machine, snapshots and their retention, app from fly.toml', async () => {
  const r = await liveReport(['fly', 'volumes', 'destroy', 'vol_4d3k7o9p2qzrwx1y', '-y'], { env: { FLY_FLAPS_BASE_URL: api.url, FLY_API_TOKEN: TOKEN }, files: { 'fly.toml': "app = 'shop-prod'\n" } });
  assert.equal(r.environment?.name, 'shop-prod');
  assert.ok(r.blastRadius.some((l) => l.includes('volume pg_data') && l.includes('40 GB') && l.includes('withered-sun-1234')), r.blastRadius.join('\n'));
  assert.ok(r.blastRadius.some((l) => l.includes('snapshots of vol_4d3k7o9p2qzrwx1y: 2 (newest 2026-12-01T02:00:00Z), kept 5 days')), r.blastRadius.join('\n'));
  assert.equal(r.targets[0]?.name, 'pg_data');
  assert.ok(!JSON.stringify(r).includes(TOKEN));
});

test('the token from ~/.fly/config.yml is used; a wrong one is unverified', async () => {
  const ok = await liveReport(['flyctl', 'apps', 'destroy', 'shop-prod'], { env: { FLY_FLAPS_BASE_URL: api.url }, files: { '.fly/config.yml': `access_token: ${TOKEN}\n` } });
  assert.ok(ok.blastRadius.some((l) => l.includes('destroys 1 machine and 1 volume')), ok.blastRadius.join('\n'));
  const bad = await liveReport(['fly', 'vol', 'rm', 'vol_x', '-a', 'shop-prod'], { env: { FLY_FLAPS_BASE_URL: api.url, FLY_API_TOKEN: 'wrong' } });
  assert.ok(bad.unverified.some((l) => l.includes('HTTP 401')), bad.unverified.join('\n'));
});
