// Resolver: precedence (flags > RAILWAY_TOKEN > RAILWAY_* ids > link), credential reach, offline, failures, secrets.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HttpClient } from '../../../src/core/context.js';
import { buildWorld, type WorldSpec } from '../../support/world.js';
import { assessRailway, failingHttp, scriptedHttp } from './support.js';
import { ANSWERS, IDS, linkedToStaging } from './world-fixtures.js';

const SECRET = 'tok-7f3a-very-secret-value';

async function run(argv: string[], spec: WorldSpec & { link?: boolean; user?: Record<string, string> }) {
  const world = buildWorld({ offline: false, ...spec });
  if (spec.link !== false) {
    mkdirSync(join(world.root, '.railway'), { recursive: true });
    writeFileSync(join(world.root, '.railway', 'config.json'), linkedToStaging(world.root, spec.user));
  }
  try {
    const result = await assessRailway(['railway', ...argv], world.ctx);
    return { ...result, world };
  } finally {
    world.cleanup();
  }
}

function everything(value: unknown): string {
  return JSON.stringify(value);
}

test('the incident: staging-linked directory, account token, shared volume → production, backups, loud warning', async () => {
  const http = scriptedHttp(ANSWERS);
  const { analysis, verdict } = await run(['volume', 'delete', '--volume', IDS.volume, '--yes'], { env: { RAILWAY_API_TOKEN: SECRET }, http, agent: true });
  assert.equal(analysis.risk, 'destructive');
  assert.equal(analysis.environment?.name, 'production');
  assert.equal(analysis.environment?.protected, true);
  assert.deepEqual(analysis.targets.map((t) => t.environment), ['production', 'staging']);
  assert.equal(analysis.targets[0]?.name, 'pg-data');
  const text = analysis.blastRadius.join('\n');
  assert.match(text, /production .*41\.2 GB/);
  assert.match(text, /staging .*900\.0 MB/);
  assert.match(text, /4 backups on this volume \(newest 2026-11-24T03:00:00Z\) belong to the volume and are deleted with it/);
  assert.match(text, /WARNING: pg-data is not only staging's/);
  assert.equal(analysis.credential?.source, 'RAILWAY_API_TOKEN');
  assert.match(analysis.credential?.reach ?? '', /every project it can see \(workspaces: acme\)/);
  assert.equal(verdict.decision, 'deny');
  for (const request of http.requests) assert.equal(request.headers.authorization, `Bearer ${SECRET}`);
  assert.ok(!everything({ analysis, verdict }).includes(SECRET));
});

test('a human is asked for production/pg-data, never staging/pg-data', async () => {
  const { verdict } = await run(['volume', 'rm', '-v', 'pg-data'], { env: { RAILWAY_API_TOKEN: SECRET }, http: scriptedHttp(ANSWERS) });
  assert.equal(verdict.decision, 'confirm');
  assert.equal(verdict.expectedPhrase, 'production/pg-data');
});

test('RAILWAY_TOKEN is a project token: project-access-token header, its own environment, one-environment reach', async () => {
  const http = scriptedHttp(ANSWERS);
  const { analysis } = await run(['down', '-y'], { env: { RAILWAY_TOKEN: SECRET, RAILWAY_API_TOKEN: 'other' }, http, link: false });
  assert.equal(http.requests[0]?.headers['project-access-token'], SECRET);
  assert.equal(http.requests[0]?.headers.authorization, undefined);
  assert.equal(analysis.credential?.kind, 'project token');
  assert.match(analysis.credential?.reach ?? '', /one environment: staging of project pocket/);
  assert.ok(!everything(analysis).includes(SECRET));
});

test('flags beat the link: -e production on a staging-linked directory', async () => {
  const { analysis } = await run(['down', '-e', 'production', '-s', 'api', '-y'], { env: { RAILWAY_API_TOKEN: SECRET }, http: scriptedHttp(ANSWERS) });
  assert.equal(analysis.environment?.name, 'production');
});

test('RAILWAY_PROJECT_ID and RAILWAY_ENVIRONMENT_ID beat the link', async () => {
  const { analysis } = await run(['down', '-y'], { env: { RAILWAY_API_TOKEN: SECRET, RAILWAY_PROJECT_ID: IDS.project, RAILWAY_ENVIRONMENT_ID: IDS.production }, http: scriptedHttp(ANSWERS) });
  assert.equal(analysis.environment?.name, 'production');
});

test('the logged-in user token from ~/.railway/config.json: Bearer, account-wide', async () => {
  const http = scriptedHttp(ANSWERS);
  const { analysis } = await run(['volume', 'delete', '-v', 'pg-data'], { http, user: { accessToken: SECRET } });
  assert.equal(http.requests[0]?.headers.authorization, `Bearer ${SECRET}`);
  assert.equal(analysis.credential?.kind, 'user login token');
  assert.match(analysis.credential?.reach ?? '', /account-wide/);
});

test('offline: destructive from argv, environment unknown for a volume, no request sent', async () => {
  const http = scriptedHttp(ANSWERS);
  const { analysis, verdict } = await run(['volume', '-e', 'staging', 'delete', '-v', 'pg-data'], { env: { RAILWAY_API_TOKEN: SECRET }, http, offline: true });
  assert.equal(http.requests.length, 0);
  assert.equal(analysis.risk, 'destructive');
  assert.equal(analysis.environment?.name, 'unknown');
  assert.match(analysis.unverified.join('\n'), /could not verify which environments use pg-data/);
  assert.notEqual(verdict.expectedPhrase, 'staging/pg-data');
});

test('offline: environment from the link when the operation stays in one environment', async () => {
  const { analysis } = await run(['down', '-y'], { offline: true });
  assert.equal(analysis.environment?.name, 'staging');
});

for (const [label, http] of [['unreachable', failingHttp], ['HTTP 500', scriptedHttp(ANSWERS, 500)], ['HTTP 403', scriptedHttp(ANSWERS, 403)]] as [string, HttpClient][]) {
  test(`API ${label} → unverified, fails closed, no secret`, async () => {
    const { analysis, verdict } = await run(['volume', 'delete', '-v', IDS.volume], { env: { RAILWAY_API_TOKEN: SECRET }, http });
    assert.match(analysis.unverified.join('\n'), new RegExp(`could not verify which environments use ${IDS.volume}`));
    assert.equal(analysis.environment?.protected, true);
    assert.notEqual(verdict.decision, 'allow');
    assert.ok(!everything({ analysis, verdict }).includes(SECRET));
  });
}

test('a token that cannot see the volume → unverified', async () => {
  const { analysis } = await run(['volume', 'delete', '-v', 'vol_other'], { env: { RAILWAY_API_TOKEN: SECRET }, http: scriptedHttp(ANSWERS) });
  assert.match(analysis.unverified.join('\n'), /could not verify which environments use vol_other/);
});

test('a server echoing the token does not leak it', async () => {
  const echo: HttpClient = { async request(request) { return { status: 200, text: JSON.stringify({ errors: [{ message: `bad token ${request.headers.authorization}` }] }) }; } };
  const { analysis, verdict } = await run(['volume', 'delete', '-v', IDS.volume], { env: { RAILWAY_API_TOKEN: SECRET }, http: echo });
  assert.ok(!everything({ analysis, verdict }).includes(SECRET));
});

test('project delete: every environment, the 48-hour grace, phrase in production', async () => {
  const { analysis, verdict } = await run(['delete', '-p', 'pocket', '-y'], { env: { RAILWAY_API_TOKEN: SECRET }, http: scriptedHttp(ANSWERS) });
  assert.equal(analysis.environment?.name, 'production');
  assert.match(analysis.blastRadius.join('\n'), /48 hours/);
  assert.equal(verdict.expectedPhrase, 'production/pocket');
});

test('environment delete lists its volumes; service delete its deployments', async () => {
  const env = await run(['environment', 'delete', 'staging', '-y'], { env: { RAILWAY_API_TOKEN: SECRET }, http: scriptedHttp(ANSWERS) });
  assert.match(env.analysis.blastRadius.join('\n'), /volume pg-data .*900\.0 MB is deleted with it/);
  assert.equal(env.verdict.expectedPhrase, 'staging/staging');
  const svc = await run(['service', 'delete', '-s', 'api', '-y'], { env: { RAILWAY_API_TOKEN: SECRET }, http: scriptedHttp(ANSWERS) });
  assert.match(svc.analysis.blastRadius.join('\n'), /1 deployment/);
});
