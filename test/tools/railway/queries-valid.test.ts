// Every query guard sends to Railway (RAILWAY_QUERIES in src/tools/railway/api.ts) validates against the real schema.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { loadRailwaySchema, railwaySchemaPath } from '../../support/railway-api/server.js';

const skip = existsSync(railwaySchemaPath()) ? false : '../shared/railway/schema.json is absent';

test('RAILWAY_QUERIES validate against ../shared/railway/schema.json', { skip }, async (t) => {
  let queries: readonly string[];
  try {
    // Written beside the railway resolver; imported by path so this test runs before it exists.
    const modulePath = '../../../src/tools/railway/api.js';
    ({ RAILWAY_QUERIES: queries } = (await import(modulePath)) as { RAILWAY_QUERIES: readonly string[] });
  } catch {
    t.skip('src/tools/railway/api.ts (RAILWAY_QUERIES) does not exist yet');
    return;
  }
  const { parse, validate } = await import('graphql');
  const schema = await loadRailwaySchema();
  assert.ok(queries.length > 0, 'RAILWAY_QUERIES is empty');
  for (const query of queries) {
    const errors = validate(schema, parse(query));
    assert.deepEqual(errors.map((e) => e.message), [], `invalid query:\n${query}`);
  }
});
