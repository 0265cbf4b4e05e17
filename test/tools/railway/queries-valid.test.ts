// Every query guard sends to Railway (RAILWAY_QUERIES in src/tools/railway/api.ts) validates against the real schema.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { loadRailwaySchema, railwaySchemaPath } from '../../support/railway-api/server.js';

assert.ok(existsSync(railwaySchemaPath()), 'vendor/railway/schema.json is missing');

test('RAILWAY_QUERIES validate against vendor/railway/schema.json', async () => {
  const { RAILWAY_QUERIES: queries } = await import('../../../src/tools/railway/api.js');
  const { parse, validate } = await import('graphql');
  const schema = await loadRailwaySchema();
  assert.ok(queries.length > 0, 'RAILWAY_QUERIES is empty');
  for (const query of queries) {
    const errors = validate(schema, parse(query));
    assert.deepEqual(errors.map((e) => e.message), [], `invalid query:\n${query}`);
  }
});
