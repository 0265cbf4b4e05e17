// Plays the agent against bin/guard: its own pty for `guard approve`, a forged approval file, edits to guard's files; then the human approves.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hookAsAgent as hookAsAgentProcess } from '../support/agent-hook.js';
import { describePty, runOnPty } from '../support/pty.js';
import { createSandbox, GUARD_BIN, guardEnv, type GuardSandbox } from '../support/run-guard.js';

let sandbox: GuardSandbox;
let project: string;
before(() => {
  sandbox = createSandbox('guard-agent-');
  project = join(sandbox.dir, 'project');
  mkdirSync(project);
});
after(() => sandbox.cleanup());

const LINE = 'railway volume delete -v pg-data --yes';
const PHRASE = 'unknown/pg-data';

/**
 * The agent: one node process that runs the hook as its child (as Claude Code does), then tries
 * to approve its own request through a pseudo-terminal of its own (`script`), with the agent
 * variables cleared, typing the phrase; and finally asks the hook again. It prints what it saw.
 */
const AGENT = String.raw`
const { spawnSync } = require('node:child_process');
const [guardBin, project, line, phrase, forgeDir] = process.argv.slice(1);
const hook = () => {
  const payload = JSON.stringify({ tool_name: 'Bash', tool_input: { command: line }, cwd: project, hook_event_name: 'PreToolUse' });
  const run = spawnSync(process.execPath, [guardBin, 'hook', 'claude'], { input: payload, encoding: 'utf8' });
  const out = run.stdout.trim() ? JSON.parse(run.stdout) : null;
  return { decision: out ? out.hookSpecificOutput.permissionDecision : 'allow', reason: out ? out.hookSpecificOutput.permissionDecisionReason : '' };
};
const first = hook();
const id = /guard approve ([0-9a-f]{10})/.exec(first.reason)?.[1] ?? null;
const clean = { ...process.env };
for (const name of ['CLAUDECODE', 'CURSOR_AGENT', 'CODEX_SANDBOX', 'GEMINI_CLI', 'AI_AGENT', 'CLINE_ACTIVE', 'ROO_ACTIVE', 'GUARD_AGENT']) delete clean[name];
// The phrase is typed into the pty once guard asks (script copies its stdin to the pty).
const approve = spawnSync('script', ['-qec', process.execPath + ' ' + guardBin + ' approve ' + id, '/dev/null'], {
  input: phrase + '\n', env: clean, encoding: 'utf8', timeout: 30000,
});
// A forged approval next to the pending request: the right shape, no valid MAC.
const fs = require('node:fs');
const pending = fs.readdirSync(forgeDir).find((n) => n.startsWith('pending-'));
const request = JSON.parse(fs.readFileSync(forgeDir + '/' + pending, 'utf8'));
const now = Date.now();
fs.writeFileSync(forgeDir + '/approved-f0f0f0f0f0f0.json', JSON.stringify({ id: 'f0f0f0f0f0f0', requestId: request.id, approvedAt: new Date(now).toISOString(), expiresAt: new Date(now + 600000).toISOString(), key: request.key, liveTargets: null, used: false, mac: 'ab'.repeat(32) }));
const retry = hook();
process.stdout.write(JSON.stringify({ first, id, approve: { status: approve.status, output: (approve.stdout || '') + (approve.stderr || '') }, retry }));
`;

interface AgentRun {
  first: { decision: string; reason: string };
  id: string | null;
  approve: { status: number | null; output: string };
  retry: { decision: string; reason: string };
}

function playAgent(): Promise<AgentRun> {
  const env = { ...guardEnv({ sandbox, env: { CLAUDECODE: '1' } }), TERM: 'xterm' };
  const child = spawn(process.execPath, ['-e', AGENT, GUARD_BIN, project, LINE, PHRASE, join(sandbox.configDir, 'approvals')], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (status) => {
      try {
        resolve(JSON.parse(out) as AgentRun);
      } catch {
        reject(new Error(`agent exited ${status}: ${out}\n${err}`));
      }
    });
  });
}

const hookAsAgent = (line: string) => hookAsAgentProcess(sandbox, { name: 'Bash', input: { command: line } }, { cwd: project });

test('the agent cannot approve itself: not under script with its markers cleared, not with a forged approval file', { timeout: 90_000 }, async () => {
  const run = await playAgent();
  assert.equal(run.first.decision, 'deny', JSON.stringify(run));
  assert.ok(run.id, JSON.stringify(run));
  assert.ok(!run.first.reason.includes(PHRASE), 'the phrase never reaches the agent');
  assert.equal(run.approve.status, 77, run.approve.output);
  assert.match(run.approve.output, /inside the process tree of the agent that asked/);
  assert.equal(run.retry.decision, 'deny', 'neither the pty nor the forged file let the retry through');
  assert.ok(!readdirSync(join(sandbox.configDir, 'approvals')).some((n) => n.startsWith('approved-') && n !== 'approved-f0f0f0f0f0f0.json'), 'no approval was written');

  // The human, in their own terminal (not a descendant of the agent): one step.
  const human = await runOnPty({
    argv: [process.execPath, GUARD_BIN, 'approve', run.id!, '--offline'],
    env: { ...guardEnv({ sandbox }), TERM: 'xterm' },
    cwd: sandbox.dir,
    answers: [{ text: PHRASE, after: [`Type ${PHRASE} to allow this once`] }],
    timeoutSeconds: 30,
  });
  assert.equal(human.status, 0, describePty(human));
  const retry = await hookAsAgent(LINE);
  assert.equal(retry.decision, 'allow', retry.reason);
  const again = await hookAsAgent(LINE);
  assert.equal(again.decision, 'deny', 'one time only');
});

test('after a real approval exists, a forged one with a made-up MAC still approves nothing', { timeout: 60_000 }, async () => {
  const line = 'railway volume delete -v other-data --yes';
  const first = await hookAsAgent(line);
  assert.equal(first.decision, 'deny');
  const dir = join(sandbox.configDir, 'approvals');
  const pending = readdirSync(dir).find((n) => n.startsWith('pending-') && readFileSync(join(dir, n), 'utf8').includes('other-data'));
  const request = JSON.parse(readFileSync(join(dir, pending!), 'utf8')) as { id: string; key: unknown };
  const now = Date.now();
  writeFileSync(join(dir, 'approved-abcdefabcdef.json'), JSON.stringify({ id: 'abcdefabcdef', requestId: request.id, approvedAt: new Date(now).toISOString(), expiresAt: new Date(now + 600_000).toISOString(), key: request.key, liveTargets: null, used: false, mac: 'cd'.repeat(32) }));
  assert.equal((await hookAsAgent(line)).decision, 'deny');
});

const OWN_GROUND: readonly string[] = [
  `echo '{"environments":{}}' > ~/.config/guard/config.json`,
  'rm -f "$GUARD_CONFIG_DIR/audit.jsonl"',
  ': > "$GUARD_CONFIG_DIR/audit.jsonl"',
  'truncate -s 0 "$GUARD_CONFIG_DIR/audit.jsonl"',
  'mv "$GUARD_CONFIG_DIR/audit.head.json" /tmp/x',
  'cd "$GUARD_CONFIG_DIR" && rm -rf approvals',
  'cat "$GUARD_CONFIG_DIR/keys/approval.key"',
  "bash -c 'rm -rf ~/.config/guard'",
  "script -qc 'guard approve 0123456789' /dev/null",
  'guard config set policy.rules {}',
  'guard hook install claude --uninstall',
  'guard shims uninstall ~/bin',
];

for (const line of OWN_GROUND) {
  test(`guard's own state through the hook: ${line}`, async () => {
    const answer = await hookAsAgent(line.replaceAll('~/.config/guard', '$GUARD_CONFIG_DIR'));
    assert.equal(answer.decision, 'deny', line);
    assert.match(answer.reason, /a human must do it/);
  });
}

test('reading guard\'s log, or writing elsewhere, is not held back', async () => {
  for (const line of ['cat "$GUARD_CONFIG_DIR/audit.jsonl"', 'echo hi > notes.txt', 'guard log --verify', 'guard doctor']) {
    const answer = await hookAsAgent(line);
    assert.equal(answer.decision, 'allow', `${line}: ${answer.reason}`);
  }
});
