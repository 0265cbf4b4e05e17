// The incident's own command, `curl … volumeDelete`, through the real bin/guard against the Railway API double.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { findTool } from '../../../src/tools/registry.js';
import { INCIDENT, railwaySchemaPath, startRailwayApi, type RailwayApi } from '../../support/railway-api/server.js';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../../support/run-guard.js';

assert.ok(existsSync(railwaySchemaPath()), 'vendor/railway/schema.json is missing');
assert.ok((await findTool('curl')) !== null, 'curl is not registered in src/tools/registry.ts');

let api: RailwayApi;
let sandbox: GuardSandbox;
before(async () => {
  api = await startRailwayApi();
  sandbox = createSandbox('guard-http-e2e-');
});
after(async () => {
  await api?.stop();
  sandbox?.cleanup();
});

const incidentCurl = (url: string) => [
  'curl', '-sS', '-H', `Authorization: Bearer ${INCIDENT.apiToken}`, url,
  '-d', JSON.stringify({ query: `mutation { volumeDelete(volumeId: "${INCIDENT.volumeId}") }` }),
];

test('curl volumeDelete to Railway: destructive, refused (77), production and staging in the blast radius, nothing sent', async () => {
  const run = await runGuard(['--dry-run', '--json', ...incidentCurl(api.url)], {
    sandbox,
    env: { GUARD_RAILWAY_API_URL: api.url, CLAUDECODE: '1' },
  });
  assert.equal(run.status, 77, describeRun(run));
  const report = JSON.parse(run.stdoutText) as { risk: string; tool: string; rules: { id: string }[]; environment: { name: string } | null; blastRadius: string[]; decision: string };
  assert.equal(report.tool, 'curl');
  assert.equal(report.risk, 'destructive');
  assert.ok(report.rules.some((r) => r.id === 'curl/railway-destructive'), JSON.stringify(report.rules));
  assert.notEqual(report.decision, 'allow');
  // The resolver (src/tools/railway/resolve.ts) looks the volume up through the double.
  assert.equal(report.environment?.name, 'production', run.stdoutText);
  const blast = report.blastRadius.join('\n');
  assert.ok(blast.includes('production') && blast.includes('staging'), blast);
  const { argv: _argv, ...facts } = JSON.parse(run.stdoutText) as Record<string, unknown>;
  assert.ok(!JSON.stringify(facts).includes(INCIDENT.apiToken), 'the token must never be printed');
  assert.equal(api.requests.filter((r) => r.mutations.length > 0).length, 0, 'guard itself must never send the mutation');
});

test('--confirm staging/pg-data does not confirm a volume that production shares', async () => {
  const run = await runGuard(['--dry-run', '--json', '--confirm', 'staging/pg-data', ...incidentCurl(api.url)], { sandbox, env: { GUARD_RAILWAY_API_URL: api.url } });
  assert.equal(run.status, 77, describeRun(run));
});

test('with --offline the same curl is destructive from its body alone', async () => {
  const run = await runGuard(['--offline', '--dry-run', '--json', ...incidentCurl('https://backboard.railway.com/graphql/v2')], { sandbox });
  assert.equal(run.status, 77, describeRun(run));
  assert.equal((JSON.parse(run.stdoutText) as { risk: string }).risk, 'destructive');
});

test('a query through curl is a read and runs without asking', async () => {
  const run = await runGuard(['--dry-run', '--json', 'curl', '-H', `Authorization: Bearer ${INCIDENT.apiToken}`, '--json', '{"query":"{ me { id } }"}', api.url], { sandbox, env: { GUARD_RAILWAY_API_URL: api.url } });
  assert.equal(run.status, 0, describeRun(run));
});

test('the report\'s argv masks header credentials (-H "Authorization: Bearer …")', async () => {
  const run = await runGuard(['--dry-run', '--json', ...incidentCurl(api.url)], { sandbox, env: { GUARD_RAILWAY_API_URL: api.url } });
  assert.ok(!run.stdoutText.includes(INCIDENT.apiToken), run.stdoutText);
});
