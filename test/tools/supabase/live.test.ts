// supabase db push --db-url against a real PostgreSQL: the migration's DROP is measured by psql's live inspector.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPostgres, type TestPostgres } from '../../support/postgres-server.js';
import { liveReport } from '../../support/live-world.js';

let pg: TestPostgres;
before(async () => {
  pg = await startTestPostgres({ seed: true });
});
after(() => pg.stop());

const MIGRATIONS = {
  'supabase/config.toml': 'project_id = "shop"\n',
  'supabase/migrations/20240101000000_init.sql': 'CREATE TABLE IF NOT EXISTS public.audit (id bigint);\n',
  'supabase/migrations/20240202000000_drop_orders.sql': 'DROP TABLE public.refunds;\n',
};

test('db push --db-url: the pending DROP is measured on the server (rows), through the Postgres resolver', async () => {
  const url = pg.url('shop');
  const r = await liveReport(['supabase', 'db', 'push', '--db-url', url], { files: MIGRATIONS });
  assert.equal(r.risk, 'destructive');
  assert.ok(r.rules.some((rule) => rule.id === 'psql/drop-table' && rule.summary.includes('refunds')), JSON.stringify(r.rules));
  const target = r.targets.find((t) => t.id === 'public.refunds');
  assert.ok(target && typeof target.rows === 'number', JSON.stringify(r.targets));
  assert.ok(!JSON.stringify(r).includes(new URL(url).password), 'the password in --db-url is never printed');
});

test('db reset --db-url is measured as dropping the public schema', async () => {
  const r = await liveReport(['supabase', 'db', 'reset', '--db-url', pg.url('shop')]);
  assert.equal(r.risk, 'destructive');
  assert.ok(r.blastRadius.some((l) => l.includes('measured as DROP SCHEMA public CASCADE')), r.blastRadius.join('\n'));
  assert.ok(r.targets.some((t) => t.kind === 'schema' && t.id.includes('public')), JSON.stringify(r.targets));
});
