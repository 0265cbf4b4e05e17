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
