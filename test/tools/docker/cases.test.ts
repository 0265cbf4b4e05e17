// docker and docker-compose: the case tables, plus what the reports must name (volumes, contexts, inner commands).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { dockerCases, dockerComposeCases } from '../../../src/tools/docker/cases.js';
import { dockerComposeTool, dockerTool } from '../../../src/tools/docker/docker-tool.js';
import { runToolCases } from '../../support/case-tester.js';
import { buildWorld, type WorldSpec } from '../../support/world.js';

runToolCases({ tool: dockerTool, cases: dockerCases.docker ?? [] });
runToolCases({ tool: dockerComposeTool, cases: dockerComposeCases['docker-compose'] ?? [] });

const COMPOSE = [
  'name: shop',
  'services:',
  '  db: {image: postgres, volumes: ["pgdata:/var/lib/postgresql/data"]}',
  '  search: {image: elastic, profiles: [search], volumes: ["esdata:/usr/share/elasticsearch/data"]}',
  '  api: {image: api, volumes: ["./src:/app", "uploads:/uploads", "shared:/shared"]}',
  'volumes:',
  '  pgdata: {}',
  '  esdata: {}',
  '  uploads: {name: "${UPLOADS_VOLUME:-shop-uploads}"}',
  '  shared: {external: true}',
].join('\n');

async function run(argv: string[], spec: WorldSpec = {}) {
  const world = buildWorld({ offline: true, ...spec });
  try {
    return (await assess(argv, world.ctx)).report;
  } finally {
    world.cleanup();
  }
}

test('compose down -v names the volumes it deletes, never external ones nor those of disabled profiles', async () => {
  const report = await run(['docker', 'compose', 'down', '-v'], { files: { 'compose.yaml': COMPOSE } });
  assert.equal(report.risk, 'destructive');
  assert.deepEqual(report.targets.map((t) => t.id).sort(), ['shop-uploads', 'shop_pgdata']);
  assert.ok(report.blastRadius.some((line) => line.includes('shop_pgdata') && line.includes('shop-uploads')), report.blastRadius.join('\n'));
  assert.ok(report.blastRadius.some((line) => line.includes('external: never removed')), report.blastRadius.join('\n'));
});

test('compose down -v with a profile, a variable and -p: the names follow', async () => {
  const report = await run(['docker-compose', '--profile', 'search', '-p', 'Shop-Two', 'down', '-v'], { files: { 'compose.yaml': COMPOSE }, env: { UPLOADS_VOLUME: 'up-vol' } });
  assert.deepEqual(report.targets.map((t) => t.id).sort(), ['shop-two_esdata', 'shop-two_pgdata', 'up-vol']);
});

test('COMPOSE_FILE and a compose file found in a parent directory', async () => {
  const viaEnv = await run(['docker', 'compose', 'down', '-v'], { files: { 'infra/stack.yml': COMPOSE }, env: { COMPOSE_FILE: 'infra/stack.yml' } });
  assert.ok(viaEnv.targets.some((t) => t.id === 'shop_pgdata'));
});

test('compose down without -v is a write and names nothing', async () => {
  const report = await run(['docker', 'compose', 'down'], { files: { 'compose.yaml': COMPOSE } });
  assert.equal(report.risk, 'write');
  assert.equal(report.decision, 'allow');
});

test('docker exec db psql -c "DROP TABLE users" is destructive, with an environment guard cannot see', async () => {
  const report = await run(['docker', 'exec', 'db', 'psql', '-c', 'DROP TABLE users']);
  assert.equal(report.risk, 'destructive');
  assert.ok(report.rules.some((r) => r.id === 'psql/drop-table'), JSON.stringify(report.rules));
  assert.ok(report.rules.some((r) => r.id === 'docker/exec'));
  assert.equal(report.environment?.name, 'unknown');
  assert.equal(report.environment?.protected, true);
});

test('docker exec sh -c with a destructive psql inside is still destructive', async () => {
  const report = await run(['docker', 'compose', 'exec', 'db', 'sh', '-c', 'psql -c "DROP TABLE users"']);
  assert.equal(report.risk, 'destructive');
});

test('a docker context named prod-eu is protected, from --context, DOCKER_CONTEXT or config.json', async () => {
  const id = createHash('sha256').update('prod-eu').digest('hex');
  const files = { [`.docker/contexts/meta/${id}/meta.json`]: JSON.stringify({ Name: 'prod-eu', Endpoints: { docker: { Host: 'ssh://deploy@10.1.2.3' } } }) };
  for (const spec of [
    { argv: ['docker', '--context', 'prod-eu', 'volume', 'rm', 'pgdata'], files },
    { argv: ['docker', 'volume', 'rm', 'pgdata'], files, env: { DOCKER_CONTEXT: 'prod-eu' } },
    { argv: ['docker', 'volume', 'rm', 'pgdata'], files: { ...files, '.docker/config.json': JSON.stringify({ currentContext: 'prod-eu' }) } },
  ]) {
    const report = await run(spec.argv, { files: spec.files, ...(spec.env ? { env: spec.env } : {}) });
    assert.equal(report.environment?.name, 'prod-eu', JSON.stringify(report.environment));
    assert.equal(report.environment?.protected, true);
    assert.equal(report.confirmPhrase, 'prod-eu/pgdata');
  }
});

test('DOCKER_HOST beats DOCKER_CONTEXT (docker/cli resolveContextName), and a prod host is protected', async () => {
  const report = await run(['docker', 'volume', 'rm', 'pgdata'], { env: { DOCKER_CONTEXT: 'dev', DOCKER_HOST: 'tcp://db.prod.internal:2376' } });
  assert.equal(report.environment?.name, 'db.prod.internal');
  assert.equal(report.environment?.protected, true);
});

test('the local default engine is an unprotected environment named local', async () => {
  const report = await run(['docker', 'volume', 'rm', 'pgdata']);
  assert.equal(report.environment?.name, 'local');
  assert.equal(report.environment?.protected, false);
  assert.equal(report.decision, 'confirm');
});

test('a config match rule names a context an environment', async () => {
  const report = await run(['docker', 'volume', 'rm', 'x'], {
    env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' },
    config: { user: { file: 'u.json', environments: { staging: { match: { docker: [{ host: 'unix:///run/user/*' }] } } }, policy: {} }, project: null, policy: {} },
  } as WorldSpec);
  assert.equal(report.environment?.name, 'staging');
});

test('a psql inside a container never borrows this machine\'s connection settings', async () => {
  const r = await run(['docker', 'exec', 'db', 'psql', '-c', 'DROP TABLE users'], { env: { PGHOST: 'staging-db.internal', PGDATABASE: 'staging' } });
  assert.equal(r.risk, 'destructive');
  assert.equal(r.environment?.name, 'unknown');
  assert.ok(!JSON.stringify(r).includes('staging-db.internal'), JSON.stringify(r.blastRadius));
});
