// The hook path consults human approvals: a denied line is recorded, and once approved the exact line is allowed once.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { approveRequest } from '../../src/cli/commands/approve.js';
import { answerHook } from '../../src/hooks/run.js';
import { buildWorld, type World } from '../support/world.js';
import { fixture, stubAssessor } from './support.js';

let worlds: World[] = [];
afterEach(() => {
  for (const world of worlds) world.cleanup();
  worlds = [];
});

test('deny, approve, allowed once, denied again; every step audited', async () => {
  const w = buildWorld({ offline: true, terminal: ['unknown/pg-data'], files: { 'app/.keep': '' } });
  worlds.push(w);
  const deps = { assessLine: stubAssessor, makeContext: () => ({ ...w.ctx, agent: true }) };
  const decision = async () => (await answerHook('codex', fixture('codex-deny'), deps)).outcome;

  const first = await decision();
  assert.equal(first.decision, 'deny');
  assert.ok(first.requestId);
  const [pending] = w.ctx.approvals.listPending();
  assert.equal(pending?.id, first.requestId);
  assert.equal(pending?.requester, 'codex');
  assert.equal(pending?.key.kind, 'line');

  assert.equal(await approveRequest(first.requestId!, w.ctx), 0);
  const second = await decision();
  assert.equal(second.decision, 'allow');
  assert.equal(second.approvalUsed, true);
  assert.equal((await decision()).decision, 'deny');
  assert.deepEqual(
    w.audited.map((r) => r.outcome),
    ['refused', 'approved', 'approval-used', 'refused'],
  );
});
