// guard approve under a pseudo-terminal: an agent's refused command, approved by a human, runs once through bin/guard; the next retry is refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { describePty, runOnPty } from '../support/pty.js';
import { createSandbox, describeRun, GUARD_BIN, guardEnv, runGuard, type GuardSandbox } from '../support/run-guard.js';

let sandbox: GuardSandbox;
let fakes: FakeBin;
before(() => {
  sandbox = createSandbox('guard-approve-');
  fakes = createFakeBin({ railway: { exit: 0, stdout: 'deleted\n', stderr: '' } });
});
after(() => {
  fakes.cleanup();
  sandbox.cleanup();
});

const COMMAND = ['--offline', 'railway', 'volume', 'delete', '-v', 'pg-data', '--yes'];
const PHRASE = 'unknown/pg-data';
const agentRun = () => runGuard(COMMAND, { sandbox, env: { CLAUDECODE: '1' }, pathPrefix: [fakes.dir] });

test('refused → approved at a terminal → runs once → refused again', { timeout: 60_000 }, async () => {
  const refused = await agentRun();
  assert.equal(refused.status, 77, describeRun(refused));
  assert.equal(fakes.record('railway'), null);
  const id = /guard approve ([0-9a-f]{10})/.exec(refused.stderrText)?.[1];
  assert.ok(id, describeRun(refused));
  assert.ok(!refused.stderrText.includes(PHRASE), 'the agent never sees the phrase');

  // An agent cannot approve, even at a terminal.
  const byAgent = await runOnPty({ argv: [process.execPath, GUARD_BIN, 'approve'], env: { ...guardEnv({ sandbox, env: { CLAUDECODE: '1' } }) }, cwd: sandbox.dir, answers: [] });
  assert.equal(byAgent.status, 77, describePty(byAgent));

  const approved = await runOnPty({
    argv: [process.execPath, GUARD_BIN, 'approve'],
    env: guardEnv({ sandbox }),
    cwd: sandbox.dir,
    answers: [
      { text: '1', after: ['Which request?'] },
      { text: PHRASE, after: [`Type ${PHRASE} to allow this once`] },
    ],
  });
  assert.equal(approved.status, 0, describePty(approved));
  assert.equal(approved.unanswered, 0);
  const screen = approved.screen.join('\n');
  assert.match(screen, new RegExp(id));
  assert.match(screen, /railway volume delete -v pg-data --yes/);
  assert.match(screen, /blast/);

  const retry = await agentRun();
  assert.equal(retry.status, 0, describeRun(retry));
  assert.deepEqual(fakes.record('railway')?.argv, COMMAND.slice(2));

  const again = await agentRun();
  assert.equal(again.status, 77, describeRun(again));
  const outcomes = sandbox.readAudit().map((r) => r.outcome);
  assert.deepEqual(outcomes.filter((o) => o !== 'dry-run'), ['refused', 'approved', 'approval-used', 'exited', 'refused']);
});

test('guard approve without a terminal refuses and never reads stdin', async () => {
  const run = await runGuard(['approve'], { sandbox, stdin: `1\n${PHRASE}\n` });
  assert.equal(run.status, 77, describeRun(run));
});
