// SQL that empties a table without saying so: bounded DELETE/UPDATE the server says take (nearly) every row, and offline proofs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { mergePolicies } from '../../../src/config/load.js';
import type { PolicyConfig } from '../../../src/config/types.js';
import { startTestPostgres, type TestPostgres } from '../../support/postgres-server.js';
import { buildWorld } from '../../support/world.js';

const SCHEMA = `
CREATE SCHEMA allrows;
CREATE TABLE allrows.users (id integer PRIMARY KEY, email text, parent_id integer);
INSERT INTO allrows.users SELECT i, 'u' || i || '@example.com', CASE WHEN i > 1 THEN i - 1 END FROM generate_series(1, 200) AS i;
CREATE TABLE allrows.sessions (id integer PRIMARY KEY, expired_at timestamptz);
INSERT INTO allrows.sessions SELECT i, CASE WHEN i % 4 = 0 THEN now() END FROM generate_series(1, 400) AS i;
CREATE TABLE allrows.empty (id integer PRIMARY KEY);
ANALYZE allrows.users; ANALYZE allrows.sessions; ANALYZE allrows.empty;
`;

describe('offline: conditions guard can prove true for every row', () => {
  const cases: { sql: string; risk: string; rule: string; note: string }[] = [
    { sql: 'DELETE FROM users u USING users u2 WHERE u.id = u2.id', risk: 'destructive', rule: 'psql/delete-all', note: 'self-join on the key' },
    { sql: 'DELETE FROM public.users USING public.users AS again WHERE again.id = users.id', risk: 'destructive', rule: 'psql/delete-all', note: 'self-join written with the table name, qualified' },
    { sql: 'UPDATE users SET email = NULL WHERE email IS NOT NULL OR email IS NULL', risk: 'destructive', rule: 'psql/update-all', note: 'IS NULL OR IS NOT NULL' },
    { sql: 'ALTER TABLE users ALTER COLUMN email TYPE text USING NULL', risk: 'destructive', rule: 'psql/rewrite-column', note: 'ALTER … USING NULL' },
    { sql: "ALTER TABLE users ALTER COLUMN email TYPE varchar(3) USING 'x' || now()::text", risk: 'destructive', rule: 'psql/rewrite-column', note: 'USING an expression of no column' },
    { sql: 'DELETE FROM users WHERE id IS NOT NULL', risk: 'write', rule: 'psql/delete-where', note: 'IS NOT NULL alone: the count is said to be unchecked' },
    { sql: 'DELETE FROM users u USING users u2 WHERE u.parent_id = u2.id', risk: 'write', rule: 'psql/delete-where', note: 'a self-join on other columns is a real condition' },
  ];
  for (const c of cases) {
    it(c.note, async () => {
      const world = buildWorld({ offline: true });
      const { analysis } = await assess(['psql', '-X', '-c', c.sql], world.ctx);
      assert.equal(analysis.risk, c.risk, `${c.sql}: ${JSON.stringify(analysis.hits.map((h) => h.summary))}`);
      assert.ok(analysis.hits.some((h) => h.rule.id === c.rule), `${c.sql}: ${JSON.stringify(analysis.hits.map((h) => h.rule.id))}`);
      if (c.risk === 'write') assert.ok(analysis.unverified.some((u) => u.includes('not counted with --offline')), JSON.stringify(analysis.unverified));
    });
  }

  it('the policy share merges strictest-wins (the lower percentage)', () => {
    assert.equal(mergePolicies({ allRowsPercent: 95 }, { allRowsPercent: 50 }).allRowsPercent, 50);
    assert.equal(mergePolicies({ allRowsPercent: 50 }, {}).allRowsPercent, 50);
    assert.equal(mergePolicies({}, {}).allRowsPercent, undefined);
  });
});

describe('live: the planner and an exact count say how much of the table goes', () => {
  let server: TestPostgres;
  before(async () => {
    server = await startTestPostgres({ seed: true });
    await server.psql(SCHEMA, 'scratch');
  });
  after(async () => {
    await server?.stop();
  });

  const run = async (sql: string, policy: PolicyConfig = {}) => {
    const world = buildWorld({ offline: false, env: { ...server.env, PGDATABASE: 'scratch' }, ...(Object.keys(policy).length > 0 ? { config: { user: null, project: null, policy } } : {}) });
    return (await assess(['psql', '-X', '-c', sql], world.ctx)).analysis;
  };

  const destructive: { sql: string; rule: string; note: string; provenOffline?: boolean }[] = [
    { sql: 'DELETE FROM allrows.users WHERE id IS NOT NULL', rule: 'psql/delete-all', note: 'IS NOT NULL on the primary key' },
    { sql: 'DELETE FROM allrows.users u USING allrows.users u2 WHERE u.id = u2.id', rule: 'psql/delete-all', note: 'self-join', provenOffline: true },
    { sql: 'UPDATE allrows.users SET email = NULL WHERE id > 0', rule: 'psql/update-all', note: 'a range that covers every key' },
    { sql: 'DELETE FROM allrows.users WHERE id <> 7', rule: 'psql/delete-all', note: 'all but one row is nearly all' },
    { sql: "UPDATE allrows.users SET email = 'x' WHERE email LIKE '%@example.com'", rule: 'psql/update-all', note: 'a pattern every row matches' },
  ];
  for (const c of destructive) {
    it(`destructive: ${c.note}`, async () => {
      const analysis = await run(c.sql);
      assert.equal(analysis.risk, 'destructive', `${c.sql}: ${JSON.stringify(analysis.hits.map((h) => h.summary))} ${JSON.stringify(analysis.blastRadius)}`);
      assert.ok(analysis.hits.some((h) => h.rule.id === c.rule), JSON.stringify(analysis.hits.map((h) => h.rule.id)));
      assert.ok(analysis.targets.some((t) => t.id === 'allrows.users' && t.rows === 200), JSON.stringify(analysis.targets));
      if (c.provenOffline) return;
      assert.ok(analysis.blastRadius.some((line) => /empties the table/.test(line) && line.includes('allrows.users')), JSON.stringify(analysis.blastRadius));
      assert.ok(analysis.notes.some((n) => n.includes('empties the table as surely as no WHERE')), JSON.stringify(analysis.notes));
    });
  }

  const bounded: { sql: string; note: string }[] = [
    { sql: 'DELETE FROM allrows.users WHERE id = 42', note: 'one row' },
    { sql: 'UPDATE allrows.users SET email = NULL WHERE id < 50', note: 'a quarter of the rows' },
    { sql: 'DELETE FROM allrows.sessions WHERE expired_at IS NOT NULL', note: 'IS NOT NULL on a column that is mostly NULL' },
    { sql: 'DELETE FROM allrows.empty WHERE id IS NOT NULL', note: 'an empty table loses nothing' },
  ];
  for (const c of bounded) {
    it(`stays write: ${c.note}`, async () => {
      const analysis = await run(c.sql);
      assert.equal(analysis.risk, 'write', `${c.sql}: ${JSON.stringify(analysis.hits.map((h) => h.summary))} ${JSON.stringify(analysis.blastRadius)}`);
    });
  }

  it('the share is a policy setting: 20% makes a quarter of the rows destructive', async () => {
    const analysis = await run('UPDATE allrows.users SET email = NULL WHERE id < 50', { allRowsPercent: 20 });
    assert.equal(analysis.risk, 'destructive', JSON.stringify(analysis.blastRadius));
    assert.ok(analysis.blastRadius.some((line) => line.includes('at or above 20%')), JSON.stringify(analysis.blastRadius));
  });
});
