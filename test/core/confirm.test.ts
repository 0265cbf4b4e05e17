// The typed confirmation's logic: inline rejections with the tries left, cancel, and the right phrase.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirm, MAX_TRIES } from '../../src/core/confirm.js';
import type { Report, Verdict } from '../../src/core/types.js';
import { buildWorld } from '../support/world.js';

const VERDICT: Verdict = { decision: 'confirm', confirmPhrase: 'production/orders', expectedPhrase: 'production/orders', reasons: [] };
const REPORT = { risk: 'destructive', environment: { name: 'production', protected: true, source: 'test' } } as unknown as Report;

test('wrong phrases are rejected inline with the tries left, then refused', async () => {
  const world = buildWorld({ terminal: ['production/order', 'staging/orders', 'yes'] });
  const outcome = await confirm(VERDICT, REPORT, null, world.ctx);
  assert.equal(outcome.confirmed, false);
  assert.match(outcome.message, new RegExp(`${MAX_TRIES} attempts did not match production/orders`));
  assert.equal(world.prompts.length, 1, 'one prompt, answered again in place');
  assert.deepEqual(world.rejections, ['that does not match production/orders (2 tries left)', 'that does not match production/orders (1 try left)']);
  world.cleanup();
});

test('a corrected phrase confirms; Enter cancels; Ctrl-C cancels', async () => {
  const corrected = buildWorld({ terminal: ['production/order', ' production/orders '] });
  assert.equal((await confirm(VERDICT, REPORT, null, corrected.ctx)).confirmed, true);
  const entered = buildWorld({ terminal: [''] });
  assert.match((await confirm(VERDICT, REPORT, null, entered.ctx)).message, /cancelled/);
  const interrupted = buildWorld({ terminal: [null] });
  assert.match((await confirm(VERDICT, REPORT, null, interrupted.ctx)).message, /cancelled/);
  for (const w of [corrected, entered, interrupted]) w.cleanup();
});

test('the phrase is one word: a name with spaces gives way to the id, else to dashes', async () => {
  const { confirmPhrase } = await import('../../src/core/decide.js');
  const base = { tool: 'railway', risk: 'destructive', environment: { name: 'staging', protected: false, source: 'test' } };
  const withTarget = (name: string, id: string) => ({ ...base, targets: [{ kind: 'deployment', id, name, environment: 'staging' }] }) as never;
  assert.equal(confirmPhrase(withTarget('pg-data', 'vol_1')), 'staging/pg-data');
  assert.equal(confirmPhrase(withTarget('the latest deployment', 'dep_9f')), 'staging/dep_9f');
  assert.equal(confirmPhrase(withTarget('the latest deployment', 'the latest deployment')), 'staging/the-latest-deployment');
});

test('the report: a long label keeps two spaces before its value, one line per repeated statement, plurals', async () => {
  const { renderHuman, PLAIN } = await import('../../src/core/report.js');
  const report = {
    version: 1, argv: ['psql', '-c', 'x'], tool: 'psql', risk: 'destructive',
    rules: [
      { id: 'psql/truncate', risk: 'destructive', summary: 'TRUNCATE t' },
      { id: 'psql/truncate', risk: 'destructive', summary: 'TRUNCATE t' },
    ],
    environment: null,
    targets: [
      { kind: 'persistentvolumeclaims', id: 'shop-data', name: 'shop-data', environment: 'production' },
      { kind: 'table', id: 'public.t', name: 't', environment: 'production', rows: 1 },
    ],
    blastRadius: ['same fact', 'same fact'], credential: null, recovery: null, decision: 'confirm', confirmPhrase: null, reasons: [], unverified: [],
  } as never;
  const text = renderHuman(report, PLAIN);
  assert.match(text, /persistentvolumeclaims {2}shop-data in production/);
  assert.equal(text.match(/TRUNCATE t/g)?.length, 1);
  assert.match(text, /TRUNCATE t {2}\(2 times\)/);
  assert.match(text, /public\.t in production {2}1 row\n/);
  assert.equal(text.match(/same fact/g)?.length, 1);
});
