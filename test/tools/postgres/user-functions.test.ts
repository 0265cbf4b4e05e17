// Tests of calls of user functions: unknown offline, judged by their bodies live, and the built-in list kept fresh.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assess } from '../../../src/core/pipeline.js';
import { classifySqlText } from '../../../src/tools/postgres/analyse.js';
import { BUILTIN_FUNCTION_NAMES } from '../../../src/tools/postgres/builtin-functions.generated.js';
import { BUILTIN_NAMES_QUERY, BUILTINS_FILE, renderBuiltins } from '../../../scripts/generate-pg-builtins.js';
import { startTestPostgres, type TestPostgres } from '../../support/postgres-server.js';
import { buildWorld } from '../../support/world.js';

describe('offline: which calls are user functions', () => {
  const cases: { sql: string; rules: string[]; note: string }[] = [
    { sql: 'SELECT purge_old_orders()', rules: ['user-function'], note: 'in the SELECT list' },
    { sql: 'SELECT * FROM cleanup()', rules: ['user-function'], note: 'set-returning, in FROM' },
    { sql: 'SELECT * FROM ROWS FROM (generate_series(1, 2), mine())', rules: ['user-function'], note: 'ROWS FROM' },
    { sql: 'SELECT id FROM orders WHERE is_stale(id)', rules: ['user-function'], note: 'in WHERE' },
    { sql: 'CALL archive_orders()', rules: ['write', 'user-function'], note: 'CALL' },
    { sql: 'INSERT INTO t VALUES (next_code())', rules: ['write', 'user-function'], note: 'in VALUES' },
    { sql: 'ALTER TABLE t ADD COLUMN c int DEFAULT fill()', rules: ['write', 'user-function'], note: 'ADD COLUMN DEFAULT runs for every row' },
    { sql: 'SELECT public.lower(x) FROM t', rules: ['user-function'], note: 'qualified outside pg_catalog' },
    { sql: 'SELECT "Lower"(x) FROM t', rules: ['user-function'], note: 'quoted names keep their case' },
    { sql: 'SELECT count(*), sum(x), row_number() OVER (), percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM t', rules: [], note: 'aggregates and window functions' },
    { sql: "SELECT extract(year FROM now()), substring(x FROM 1 FOR 2), trim(x), x AT TIME ZONE 'UTC', coalesce(a, b), greatest(1, 2) FROM t", rules: [], note: 'SQL-syntax built-ins' },
    { sql: 'SELECT pg_catalog.lower(x) FROM t', rules: [], note: 'pg_catalog' },
    { sql: 'CREATE TABLE t (id int DEFAULT next_code(), CHECK (valid(id)))', rules: ['write'], note: 'DEFAULT and CHECK run on later inserts' },
    { sql: 'CREATE VIEW v AS SELECT purge()', rules: ['write'], note: 'a view runs when read' },
    { sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT g() $$', rules: ['write'], note: 'a body runs when called' },
    { sql: 'DO $$ BEGIN PERFORM purge(); END $$', rules: ['user-function'], note: 'a DO block runs now' },
    { sql: 'SELECT lo_unlink(42)', rules: ['dangerous-function'], note: 'destructive built-ins keep their rule' },
  ];
  for (const c of cases) {
    it(c.note, async () => {
      assert.deepEqual((await classifySqlText(c.sql)).map((f) => f.rule), c.rules, c.sql);
    });
  }

  it('a call after this input (re)defines the function is not looked up', async () => {
    const findings = await classifySqlText('CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;\nSELECT f();');
    const call = findings.find((f) => f.rule === 'user-function');
    assert.ok(call && call.objects.length === 0 && call.summary.includes('defined or changed earlier'));
  });
});

describe('live: the called functions read from the server', () => {
  let server: TestPostgres;
  before(async () => {
    server = await startTestPostgres({ seed: true });
    await server.psql(readFileSync('test/fixtures/psql/user-functions.sql', 'utf8'), 'scratch');
  });
  after(async () => {
    await server?.stop();
  });

  it('the generated built-in list matches the server', async () => {
    const names = (await server.psql(BUILTIN_NAMES_QUERY)).split('\n').filter(Boolean);
    assert.deepEqual([...BUILTIN_FUNCTION_NAMES], names, 'stale: run node dist/scripts/generate-pg-builtins.js');
    const version = (await server.psql('SHOW server_version')).split(' ')[0] ?? '';
    assert.equal(readFileSync(BUILTINS_FILE, 'utf8'), renderBuiltins(version, names));
  });

  const cases: { sql: string; risk: string; rules: string[]; reason?: string; note: string }[] = [
    { sql: 'SELECT uf.report_total()', risk: 'read', rules: ['psql/read'], reason: 'is STABLE', note: 'STABLE sql: downgraded to read' },
    { sql: 'SELECT uf.report_total() + uf.double_it(2)', risk: 'read', rules: ['psql/read'], note: 'STABLE and IMMUTABLE together' },
    { sql: 'SELECT uf.purge_all()', risk: 'destructive', rules: ['psql/delete-all'], reason: 'VOLATILE', note: 'VOLATILE plpgsql with a DELETE' },
    { sql: 'SELECT * FROM uf.purge_some(10)', risk: 'write', rules: ['psql/delete-where'], note: 'VOLATILE sql, bounded DELETE, in FROM' },
    { sql: 'SELECT uf.atomic_purge()', risk: 'destructive', rules: ['psql/delete-all'], note: 'BEGIN ATOMIC body' },
    { sql: 'SELECT uf.only_reads()', risk: 'read', rules: ['psql/read'], note: 'VOLATILE but only reads' },
    { sql: 'SELECT uf.stable_calls_purge()', risk: 'destructive', rules: ['psql/delete-all'], note: 'STABLE calling a VOLATILE purge' },
    { sql: 'SELECT uf.stable_deletes()', risk: 'read', rules: ['psql/read'], note: 'a DELETE in a STABLE function is rejected by PostgreSQL' },
    { sql: "SELECT uf.over(1), uf.over('x')", risk: 'destructive', rules: ['psql/delete-all'], note: 'overloads: the worst counts' },
    { sql: 'SELECT uf.internal_now()', risk: 'unknown', rules: ['psql/user-function'], reason: 'LANGUAGE internal', note: 'a language guard cannot read' },
    { sql: 'SELECT uf.my_sum(id) FROM uf.items', risk: 'unknown', rules: ['psql/user-function'], note: 'a user-defined aggregate' },
    { sql: 'SELECT uf.recurse()', risk: 'unknown', rules: ['psql/user-function'], note: 'recursion stays unknown' },
    { sql: 'SELECT no_such_function()', risk: 'unknown', rules: ['psql/user-function'], reason: 'no such function', note: 'missing function' },
    { sql: 'SELECT count(*) FROM uf.items', risk: 'read', rules: ['psql/read'], note: 'built-ins need no look-up' },
  ];
  for (const c of cases) {
    it(c.note, async () => {
      const world = buildWorld({ offline: false, env: { ...server.env, PGDATABASE: 'scratch' } });
      const { analysis } = await assess(['psql', '-X', '-c', c.sql], world.ctx);
      assert.equal(analysis.risk, c.risk, `${c.sql}: ${JSON.stringify(analysis.hits.map((h) => h.summary))} ${JSON.stringify(analysis.notes)}`);
      for (const rule of c.rules) assert.ok(analysis.hits.some((h) => h.rule.id === rule), `${c.sql}: ${rule}`);
      if (c.reason) assert.ok(analysis.notes.some((n) => n.includes(c.reason!)), `${c.sql}: ${JSON.stringify(analysis.notes)}`);
    });
  }

  it('a destructive body names the function and measures its table', async () => {
    const world = buildWorld({ offline: false, env: { ...server.env, PGDATABASE: 'scratch' } });
    const { analysis } = await assess(['psql', '-X', '-c', 'SELECT uf.purge_all()'], world.ctx);
    const hit = analysis.hits.find((h) => h.rule.id === 'psql/delete-all');
    assert.ok(hit?.summary.startsWith('uf.purge_all(): DELETE FROM uf.items'), hit?.summary);
    assert.ok(analysis.targets.some((t) => t.id === 'uf.items' && t.rows === 3), JSON.stringify(analysis.targets));
  });
});
