// doctl's live blast radius against a DigitalOcean API v2 double, reached through --api-url / DIGITALOCEAN_API_URL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDigitalOceanApi } from '../../support/api-double/platforms.js';
import type { ApiDouble } from '../../support/api-double/server.js';
import { liveReport } from '../../support/live-world.js';

const TOKEN = 'dop_v1_test';
let api: ApiDouble;
before(async () => {
  api = await startDigitalOceanApi(TOKEN);
});
after(() => api.stop());

const CONFIG = { '.config/doctl/config.yaml': `context: prod-team\nauth-contexts:\n  prod-team: ${TOKEN}\n` };

test('droplet delete: disk, volumes and the backups that die with it; token from the context', async () => {
  const r = await liveReport(['doctl', 'compute', 'droplet', 'delete', '3164444', '-f'], { env: { DIGITALOCEAN_API_URL: api.url }, files: CONFIG });
  assert.equal(r.environment?.name, 'prod-team');
  assert.ok(r.blastRadius.some((l) => l.includes('droplet web-1 (s-2vcpu-4gb): 80 GB disk')), r.blastRadius.join('\n'));
  assert.ok(r.blastRadius.some((l) => l.includes('backups: 2 — deleted with the Droplet')), r.blastRadius.join('\n'));
  assert.ok(!JSON.stringify(r).includes(TOKEN));
});

test('kubernetes cluster delete --dangerous names the associated resources it deletes', async () => {
  const r = await liveReport(['doctl', '--api-url', api.url, 'k8s', 'cluster', 'delete', 'bd5f5959-5e1e-4205-a714-a914373942af', '--dangerous'], { env: { DIGITALOCEAN_ACCESS_TOKEN: TOKEN } });
  assert.ok(r.blastRadius.some((l) => l.startsWith('--dangerous also deletes: load balancers a1b2c3; volumes pvc-123; volume snapshots snapshot-1')), r.blastRadius.join('\n'));
});
