// guard approve and the prefix path: a refused agent command waits for a human, runs once when approved, and never on a changed target.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { approveRequest } from '../../src/cli/commands/approve.js';
import type { Context } from '../../src/core/context.js';
import { runGuarded } from '../../src/core/pipeline.js';
import { buildWorld, type World } from '../support/world.js';

let worlds: World[] = [];
afterEach(() => {
  for (const world of worlds) world.cleanup();
  worlds = [];
});

function world(terminal: readonly (string | null)[] | 'none' = 'none'): World {
  const w = buildWorld({ offline: true, terminal });
  worlds.push(w);
  return w;
}

const DELETE = ['railway', 'volume', 'delete', '-v', 'pg-data', '--yes'];
const OPTIONS = { dryRun: false, json: false, confirm: null };
const asAgent = (ctx: Context): Context => ({ ...ctx, agent: true });

test('refused, approved at the terminal, run once, refused again', async () => {
  const w = world(['1', 'unknown/pg-data']);
  const agent = asAgent(w.ctx);

  assert.equal(await runGuarded(DELETE, OPTIONS, agent), 77);
  assert.equal(w.ran.length, 0);
  const [pending] = w.ctx.approvals.listPending();
  assert.ok(pending, 'the refusal is recorded for a human');
  assert.match(w.stderr(), new RegExp(`guard approve ${pending.id}`));
  assert.doesNotMatch(w.stderr(), /unknown\/pg-data/, 'the agent is never shown the phrase');

  assert.equal(await approveRequest(undefined, w.ctx), 0);
  assert.deepEqual(w.prompts, ['Which request? (number or id, Enter to cancel):', 'Type unknown/pg-data to allow this once (for 15 minutes), or press Enter to cancel:']);
  assert.match(w.stdout(), /blast/);
  assert.ok(w.audited.some((r) => r.outcome === 'approved'));

  assert.equal(await runGuarded(DELETE, OPTIONS, agent), 0);
  assert.equal(w.ran.length, 1);
  // Recorded before it runs (write-ahead), then its exit status.
  assert.ok(w.audited.some((r) => r.outcome === 'approval-used' && r.exitStatus === null));
  assert.ok(w.audited.some((r) => r.outcome === 'exited' && r.exitStatus === 0));

  assert.equal(await runGuarded(DELETE, OPTIONS, agent), 77);
  assert.equal(w.ran.length, 1, 'an approval is good for one run');
});

test('an approval does not carry over to another target', async () => {
  const w = world(['unknown/pg-data']);
  const agent = asAgent(w.ctx);
  assert.equal(await runGuarded(DELETE, OPTIONS, agent), 77);
  const [pending] = w.ctx.approvals.listPending();
  assert.equal(await approveRequest(pending!.id, w.ctx), 0);
  assert.equal(await runGuarded(['railway', 'volume', 'delete', '-v', 'pg-backups', '--yes'], OPTIONS, agent), 77);
  assert.equal(w.ran.length, 0);
});

test('an agent cannot approve, not even with a terminal', async () => {
  const w = world(['1', 'unknown/pg-data']);
  await runGuarded(DELETE, OPTIONS, asAgent(w.ctx));
  assert.equal(await approveRequest(undefined, asAgent(w.ctx)), 77);
  assert.deepEqual(w.prompts, []);
  assert.match(w.stderr(), /an agent cannot approve/);
  assert.equal(w.ctx.approvals.listPending().length, 1);
});

test('without a terminal nothing is approved (stdin is never read for the phrase)', async () => {
  const w = world('none');
  await runGuarded(DELETE, OPTIONS, asAgent(w.ctx));
  assert.equal(await approveRequest(undefined, w.ctx), 77);
  assert.match(w.stderr(), /from a terminal, never from stdin/);
});

test('three wrong phrases approve nothing', async () => {
  const w = world(['1', 'production/pg-data', 'pg-data', 'yes']);
  await runGuarded(DELETE, OPTIONS, asAgent(w.ctx));
  assert.equal(await approveRequest(undefined, w.ctx), 77);
  assert.equal(await runGuarded(DELETE, OPTIONS, asAgent(w.ctx)), 77);
  assert.equal(w.ran.length, 0);
});

test('nothing pending: says so and succeeds without a prompt', async () => {
  const w = world([]);
  assert.equal(await approveRequest(undefined, w.ctx), 0);
  assert.match(w.stdout(), /no requests are waiting/);
});

test('a human (not an agent) is never sent to guard approve: the prefix path confirms as before', async () => {
  const w = world('none');
  assert.equal(await runGuarded(DELETE, OPTIONS, w.ctx), 77);
  assert.equal(w.ctx.approvals.listPending().length, 0);
});

test('an agent refused in an unprotected environment is told to ask for guard approve, and a request is there to approve', async () => {
  const w = world(['staging/the-latest-deployment']);
  // The agent has no terminal (the human, below, has one).
  const agent: Context = { ...asAgent(w.ctx), openTerminal: async () => null };
  const inStaging = ['railway', 'down', '-e', 'staging', '-y'];
  assert.equal(await runGuarded(inStaging, OPTIONS, agent), 77);
  const [pending] = w.ctx.approvals.listPending();
  assert.ok(pending, 'the message names guard approve, so a request is recorded');
  assert.equal(pending.environment, 'staging');
  assert.match(w.stderr(), new RegExp(`guard approve ${pending.id}`));
  assert.equal(await approveRequest(pending.id, w.ctx, { offline: true }), 0);
  assert.equal(await runGuarded(inStaging, OPTIONS, agent), 0);
  assert.equal(w.ran.length, 1);
});
