// aws through guard's other surfaces: the Claude Code hook on shell lines and guard scan over a script (offline, real bin/guard).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../../support/run-guard.js';

let sandbox: GuardSandbox;
let project: string;
before(() => {
  sandbox = createSandbox('guard-aws-surfaces-');
  project = join(sandbox.dir, 'infra');
  mkdirSync(project, { recursive: true });
});
after(() => sandbox.cleanup());

async function hook(command: string) {
  const payload = JSON.stringify({ session_id: 's', cwd: project, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
  const run = await runGuard(['hook', 'claude'], { sandbox, cwd: project, stdin: payload, env: { CLAUDECODE: '1' } });
  assert.equal(run.status, 0, describeRun(run));
  if (run.stdoutText.trim() === '') return { decision: 'allow', reason: '' };
  const out = (JSON.parse(run.stdoutText) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;
  return { decision: out.permissionDecision, reason: out.permissionDecisionReason };
}

test('guard hook claude denies an agent aws s3 rb --force in production, with globals before the verb', async () => {
  const answer = await hook('cd infra && aws --profile prod --region eu-west-1 s3 rb s3://orders --force');
  assert.equal(answer.decision, 'deny');
  assert.match(answer.reason, /aws\/s3-rb-force/);
  assert.match(answer.reason, /guard approve/);
});

test('guard hook claude denies a delete hidden behind a read on the same line, and lets reads through', async () => {
  assert.equal((await hook('aws s3 ls s3://orders && aws rds delete-db-instance --db-instance-identifier db --skip-final-snapshot')).decision, 'deny');
  assert.equal((await hook('aws sts get-caller-identity')).decision, 'allow');
  assert.equal((await hook('aws s3 ls s3://backups/deleted/')).decision, 'allow');
});

test('guard scan finds the aws deletes in a deploy script, line by line', async () => {
  writeFileSync(join(project, 'teardown.sh'), '#!/bin/sh\naws s3 ls s3://orders\naws s3 rb s3://orders --force --profile prod\naws cloudformation delete-stack --stack-name api\n');
  const run = await runGuard(['scan', '--json', 'teardown.sh'], { sandbox, cwd: project });
  assert.equal(run.status, 77, describeRun(run));
  const text = run.stdoutText;
  assert.match(text, /aws\/s3-rb-force/);
  assert.match(text, /aws\/cloudformation-delete-stack/);
  const human = await runGuard(['scan', 'teardown.sh'], { sandbox, cwd: project });
  assert.match(human.stdoutText, /^teardown\.sh:3:\d+ {2}FAIL {2}DESTRUCTIVE {2}aws\/s3-rb-force/m);
  assert.doesNotMatch(human.stdoutText, /^teardown\.sh:2:/m);
});
