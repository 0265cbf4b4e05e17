// supabase: the case table, and what db push reports about its pending migrations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { supabaseCases } from '../../../src/tools/supabase/cases.js';
import { supabaseTool } from '../../../src/tools/supabase/supabase-tool.js';
import { runToolCases } from '../../support/case-tester.js';
import { buildWorld, type WorldSpec } from '../../support/world.js';

runToolCases({ tool: supabaseTool, cases: supabaseCases.supabase ?? [] });

async function report(argv: string[], spec: WorldSpec = {}) {
  const world = buildWorld({ offline: true, ...spec });
  try {
    return (await assess(argv, world.ctx)).report;
  } finally {
    world.cleanup();
  }
}

const LINKED = { 'supabase/config.toml': 'project_id = "shop"\n', 'supabase/.temp/project-ref': 'abcdefghijklmnopqrst\n' };

test('supabase db push with a migration that drops users: destructive, and the report names users', async () => {
  const r = await report(['supabase', 'db', 'push'], { files: { ...LINKED, 'supabase/migrations/20240202000000_cleanup.sql': 'DROP TABLE users;\n' } });
  assert.equal(r.risk, 'destructive');
  assert.ok(r.rules.some((rule) => rule.id === 'psql/drop-table' && rule.summary.includes('users')), JSON.stringify(r.rules));
  assert.ok(r.targets.some((t) => t.name === 'users'), JSON.stringify(r.targets));
  assert.equal(r.environment?.name, 'abcdefghijklmnopqrst');
  assert.equal(r.environment?.protected, true);
});

test('supabase db push with CREATE-only migrations is a write, run from a subdirectory', async () => {
  const r = await report(['supabase', 'db', 'push'], { files: { ...LINKED, 'supabase/migrations/20240101000000_init.sql': 'CREATE TABLE users (id int);\n', 'app/src/.keep': '' } });
  assert.equal(r.risk, 'write');
  assert.equal(r.decision, 'allow');
});

test('--db-url is redacted in the report', async () => {
  const r = await report(['supabase', 'db', 'reset', '--db-url', 'postgres://app:hunter2@db.prod.internal/postgres']);
  assert.ok(!JSON.stringify(r).includes('hunter2'), JSON.stringify(r.argv));
  assert.equal(r.environment?.protected, true);
});

test('a config match rule names a linked project', async () => {
  const r = await report(['supabase', 'db', 'reset', '--linked'], {
    files: LINKED,
    config: { user: { file: 'u.json', environments: { staging: { match: { supabase: [{ projectRef: 'abcdef*' }] } } }, policy: {} }, project: null, policy: {} },
  } as WorldSpec);
  assert.equal(r.environment?.name, 'staging');
  assert.equal(r.environment?.protected, false);
});
