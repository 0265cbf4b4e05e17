// heroku's live blast radius against a Platform API + Postgres data API double, reached through HEROKU_HOST as the CLI is.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHerokuApi } from '../../support/api-double/platforms.js';
import type { ApiDouble } from '../../support/api-double/server.js';
import { liveReport } from '../../support/live-world.js';

const TOKEN = 'HRKU-test-0123456789';
let api: ApiDouble;
before(async () => {
  api = await startHerokuApi(TOKEN);
});
after(() => api.stop());

const env = () => ({ HEROKU_HOST: api.url, HEROKU_DATA_HOST: api.url, HEROKU_API_KEY: TOKEN });
// With HEROKU_HOST pointing at the double, the CLI's git host is the double's host too (lib/vars.js httpGitHost).
const remote = () => ({ '.git/config': `[remote "heroku"]\n\turl = https://${new URL(api.url).host}/acme-prod.git\n` });

test('heroku pg:reset DATABASE_URL: plan, data size, tables, rollback and backups from the API', async () => {
  const r = await liveReport(['heroku', 'pg:reset', 'DATABASE_URL'], { env: env(), files: remote() });
  assert.equal(r.environment?.name, 'acme-prod');
  assert.ok(r.blastRadius.some((l) => l.includes('postgresql-rugged-12345') && l.includes('8.3 GB of data') && l.includes('42 tables')), r.blastRadius.join('\n'));
  assert.ok(r.blastRadius.some((l) => l.startsWith('backups: 2 (newest 2026-12-01') && l.includes('daily at 3:00 UTC')), r.blastRadius.join('\n'));
  assert.equal(r.credential?.source, 'HEROKU_API_KEY');
  assert.ok(!JSON.stringify(r).includes(TOKEN), 'the token is never printed');
  assert.deepEqual(r.unverified, []);
});

test('heroku apps:destroy lists every add-on that goes with the app', async () => {
  const r = await liveReport(['heroku', 'apps:destroy', 'acme-prod'], { env: env() });
  assert.ok(r.blastRadius.some((l) => l.includes('deletes 2 add-ons') && l.includes('redis-cubic-42')), r.blastRadius.join('\n'));
  assert.ok(r.blastRadius.some((l) => l.includes('deleted with the app')), r.blastRadius.join('\n'));
});

test('a rejected token and an unknown app are unverified, never harmless', async () => {
  const bad = await liveReport(['heroku', 'pg:reset', '-a', 'acme-prod'], { env: { ...env(), HEROKU_API_KEY: 'wrong' } });
  assert.ok(bad.unverified.some((l) => l.includes('HTTP 401')), bad.unverified.join('\n'));
  const none = await liveReport(['heroku', 'pg:reset', '-a', 'acme-nope'], { env: env() });
  assert.ok(none.unverified.some((l) => l.includes('not found')), none.unverified.join('\n'));
});

test('the netrc entry for the API host is the credential when HEROKU_API_KEY is unset', async () => {
  const host = new URL(api.url).hostname;
  const r = await liveReport(['heroku', 'pg:reset', '-a', 'acme-prod'], { env: { HEROKU_HOST: api.url, HEROKU_DATA_HOST: api.url }, files: { '.netrc': `machine ${host}\n  login ops@acme.test\n  password ${TOKEN}\n` } });
  assert.ok(r.credential?.source.endsWith('.netrc'), JSON.stringify(r.credential));
  assert.ok(r.blastRadius.some((l) => l.includes('8.3 GB')));
});
