// The Railway snapshotter: the incident's volume, its Postgres reached through the variables the Railway API double serves.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { buildClientSchema, parse, validate, type IntrospectionQuery } from 'graphql';
import { railwaySnapshotter, SERVICE_VARIABLES_QUERY, VOLUME_INSTANCE_QUERY } from '../../src/snapshots/families/railway.js';
import { findPostgresBinDir, startTestPostgres, type TestPostgres } from '../support/postgres-server.js';
import { incidentWorld, INCIDENT, railwaySchemaPath, startRailwayApi, type RailwayApi } from '../support/railway-api/server.js';
import { buildWorld } from '../support/world.js';
import { planFor, takeFor } from './harness.js';

let havePostgres = true;
try {
  findPostgresBinDir();
} catch {
  havePostgres = false;
}

test("the snapshotter's queries are valid against Railway's published schema", () => {
  const introspection = JSON.parse(readFileSync(railwaySchemaPath(), 'utf8')) as { data?: IntrospectionQuery } & IntrospectionQuery;
  const schema = buildClientSchema(introspection.data ?? introspection);
  for (const query of [VOLUME_INSTANCE_QUERY, SERVICE_VARIABLES_QUERY]) assert.deepEqual(validate(schema, parse(query)).map((e) => e.message), []);
});

describe('railway snapshots', { skip: !havePostgres && 'PostgreSQL is not installed' }, () => {
  let pg: TestPostgres;
  let api: RailwayApi;
  const env = () => ({ RAILWAY_API_TOKEN: INCIDENT.apiToken, RAILWAY_PROJECT_ID: INCIDENT.projectId, RAILWAY_ENVIRONMENT_ID: INCIDENT.stagingId, GUARD_RAILWAY_API_URL: api.url });
  before(async () => {
    pg = await startTestPostgres();
    for (const db of ['railway_prod', 'railway_stg']) {
      await pg.psql(`CREATE DATABASE ${db} OWNER ${pg.passwordRole.user}`);
      await pg.psql(`SET ROLE ${pg.passwordRole.user}; CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, ${db === 'railway_prod' ? 1200 : 30}) g; CREATE TABLE customers (id int PRIMARY KEY); INSERT INTO customers VALUES (1), (2);`, db);
    }
    const world = incidentWorld();
    const project = world.projects[0];
    assert.ok(project);
    // What Railway's Postgres template sets: DATABASE_URL on the private network, DATABASE_PUBLIC_URL through the proxy.
    project.variables = [
      { environmentId: INCIDENT.productionId, serviceId: INCIDENT.serviceId, values: { DATABASE_URL: 'postgresql://postgres:x@postgres.railway.internal:5432/railway', DATABASE_PUBLIC_URL: pg.url('railway_prod'), PGDATA: '/var/lib/postgresql/data/pgdata' } },
      { environmentId: INCIDENT.stagingId, serviceId: INCIDENT.serviceId, values: { DATABASE_PUBLIC_URL: pg.url('railway_stg') } },
    ];
    api = await startRailwayApi(world);
  });
  after(async () => {
    await api?.stop();
    await pg?.stop();
  });

  test('volume delete: both environments\' databases are dumped, verified, and restored after the data is gone', async () => {
    const world = buildWorld({ offline: false, env: env() });
    try {
      const taken = await takeFor(railwaySnapshotter, ['railway', 'volume', 'delete', '-v', 'pg-data', '--yes'], world.ctx);
      assert.deepEqual(taken.plan.targets, ['pg-data in production: Postgres database railway_prod of postgres', 'pg-data in staging: Postgres database railway_stg of postgres']);
      assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
      assert.match(taken.verification.checks.join('\n'), /railway-1\.dump: pg_restore --list reads it; data of 2 tables, 2 tables live/);
      assert.doesNotMatch(JSON.stringify(taken.manifest), new RegExp(pg.passwordRole.password), 'the password from the variables is never stored');
      assert.doesNotMatch(JSON.stringify(taken.manifest), new RegExp(INCIDENT.apiToken));

      // The volume goes: with it, the data.
      await pg.psql('DROP TABLE orders; DROP TABLE customers;', 'railway_prod');
      await pg.psql('TRUNCATE orders;', 'railway_stg');
      await railwaySnapshotter.restore(taken.manifest, taken.dir, world.ctx);
      assert.equal((await pg.psql('SELECT count(*) FROM orders', 'railway_prod')).trim(), '1200');
      assert.equal((await pg.psql('SELECT count(*) FROM customers', 'railway_prod')).trim(), '2');
      assert.equal((await pg.psql('SELECT count(*) FROM orders', 'railway_stg')).trim(), '30');
    } finally {
      world.cleanup();
    }
  });

  test('a volume whose service is not Postgres, or --offline: not copyable, saying why plainly', async () => {
    const project = api.world.projects[0];
    assert.ok(project);
    const saved = project.variables;
    project.variables = [];
    const world = buildWorld({ offline: false, env: env() });
    try {
      const plan = await planFor(railwaySnapshotter, ['railway', 'volume', 'delete', '-v', 'pg-data', '--yes'], world.ctx);
      assert.equal(plan.copyable, false);
      assert.match(plan.reason ?? '', /no off-volume copy can be made .* its own volume backups live on the volume and are deleted with it/);
    } finally {
      project.variables = saved;
      world.cleanup();
    }
    const offline = buildWorld({ offline: true, env: env() });
    try {
      const plan = await planFor(railwaySnapshotter, ['railway', 'volume', 'delete', '-v', 'pg-data', '--yes'], offline.ctx);
      assert.equal(plan.copyable, false);
    } finally {
      offline.cleanup();
    }
  });

  test('an environment deletion is not copied by guard, and says so', async () => {
    const world = buildWorld({ offline: false, env: env() });
    try {
      const plan = await planFor(railwaySnapshotter, ['railway', 'environment', 'delete', 'staging', '--yes'], world.ctx);
      assert.equal(plan.copyable, false);
      assert.match(plan.reason ?? '', /cannot tell which data goes/);
    } finally {
      world.cleanup();
    }
  });
});
