// gcloud's live blast radius through the real gcloud, pointed at the local Google Cloud API double with a fake access token.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { FAKE_TOKEN, startGcloudApi, type GcloudApi } from '../../support/gcloud-api/server.js';
import { buildWorld } from '../../support/world.js';

const HAVE_GCLOUD = spawnSync('gcloud', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = HAVE_GCLOUD ? false : 'gcloud is not installed here: the live look-ups cannot be exercised';

let api: GcloudApi;
before(async () => {
  api = await startGcloudApi({
    instances: {
      'acme-prod/prod-db': { databaseVersion: 'POSTGRES_15', state: 'RUNNABLE', settings: { tier: 'db-custom-2-7680', dataDiskSizeGb: '100', deletionProtectionEnabled: true, retainBackupsOnDelete: false, backupConfiguration: { enabled: true } } },
    },
    buckets: {
      orders: { bucket: { softDeletePolicy: { retentionDurationSeconds: '604800' }, versioning: { enabled: false } }, objects: [{ name: 'a.csv', size: 1000 }, { name: 'b.csv', size: 2000 }, { name: 'c/d.csv', size: 3000 }] },
    },
    projects: { 'acme-prod': { name: 'Acme Production', projectNumber: '123456789012', lifecycleState: 'ACTIVE' } },
  });
});
after(async () => api?.stop());

async function live(argv: string) {
  const world = buildWorld({ offline: false, files: { token: FAKE_TOKEN, '.config/gcloud/configurations/config_default': '[core]\nproject = acme-prod\n' } });
  try {
    // The real gcloud keeps its state under CLOUDSDK_CONFIG: the world's home, never the machine's.
    const env = { ...api.env(join(world.root, 'token')), CLOUDSDK_CONFIG: join(world.root, '.config', 'gcloud'), HOME: world.root };
    const ctx = { ...world.ctx, env: { ...world.ctx.env, ...env }, which: (name: string) => (spawnSync('which', [name], { encoding: 'utf8' }).stdout.trim() || null) };
    return await assess(argv.split(' '), ctx);
  } finally {
    world.cleanup();
  }
}

test('sql instances delete: engine, size, deletion protection and backups, asked through gcloud', { skip, timeout: 120_000 }, async () => {
  const { analysis } = await live('gcloud sql instances delete prod-db');
  assert.equal(analysis.environment?.name, 'production');
  assert.ok(analysis.blastRadius.some((line) => line.includes('POSTGRES_15') && line.includes('100 GB')), analysis.blastRadius.join('\n'));
  assert.ok(analysis.blastRadius.some((line) => line.startsWith('deletion protection is ON')), analysis.blastRadius.join('\n'));
  assert.ok(analysis.blastRadius.some((line) => line.includes('deleted with it')));
  assert.equal(analysis.targets[0]?.deletionProtection, true);
  assert.deepEqual(analysis.unverified, []);
  assert.ok(api.requests.includes('GET /sql/v1beta4/projects/acme-prod/instances/prod-db'), api.requests.join('\n'));
  assert.ok(api.requests.every((request) => request.startsWith('GET ')), 'look-ups only read');
});

test('storage rm -r: soft delete, and every object counted across pages', { skip, timeout: 120_000 }, async () => {
  const { analysis } = await live('gcloud storage rm -r gs://orders');
  const target = analysis.targets[0];
  assert.equal(target?.objects, 3, analysis.unverified.join('\n'));
  assert.equal(target?.bytes, 6000);
  assert.ok(analysis.blastRadius.some((line) => line.includes('soft delete keeps deleted objects restorable for 7 days')), analysis.blastRadius.join('\n'));
});

test('projects delete: the project as Resource Manager describes it', { skip, timeout: 120_000 }, async () => {
  const { analysis } = await live('gcloud projects delete acme-prod');
  assert.ok(analysis.blastRadius.some((line) => line.includes('Acme Production') && line.includes('30 days')), analysis.blastRadius.join('\n'));
});

test('a look-up that fails is unverified, never harmless', { skip, timeout: 120_000 }, async () => {
  const { analysis, verdict } = await live('gcloud sql instances delete missing-db');
  assert.ok(analysis.unverified.some((line) => line.startsWith('Cloud SQL instance missing-db')), analysis.unverified.join('\n'));
  assert.notEqual(verdict.decision, 'allow');
});
