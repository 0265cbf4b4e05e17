// guard hook through the real bin/guard: install into Claude Code's project settings, then answer its payloads as the agent would run them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hookCommand } from '../../src/hooks/agents.js';
import { FIXTURES } from '../hooks/support.js';
import { createSandbox, describeRun, GUARD_BIN, guardEnv, REPO_ROOT, runGuard, type GuardSandbox } from '../support/run-guard.js';

let sandbox: GuardSandbox;
let project: string;
before(() => {
  sandbox = createSandbox('guard-hooks-');
  project = join(sandbox.dir, 'shop');
  mkdirSync(join(project, 'app'), { recursive: true });
});
after(() => sandbox.cleanup());

/** Runs a hook command the way the agent does: through a shell, payload on stdin. */
function runAsAgent(command: string, payload: string | Buffer) {
  // The project file's portable command finds guard on PATH, as a teammate's machine would.
  const bin = join(sandbox.dir, 'bin');
  if (!existsSync(join(bin, 'guard'))) {
    mkdirSync(bin, { recursive: true });
    symlinkSync(GUARD_BIN, join(bin, 'guard'));
  }
  const result = spawnSync('/bin/sh', ['-c', command], { cwd: project, input: payload, env: guardEnv({ sandbox, pathPrefix: [bin] }), timeout: 30_000 });
  return { status: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

function payload(name: string, cwd: string): string {
  return JSON.stringify({ ...(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as object), cwd });
}

function decisionOf(stdout: string): { decision: string; reason: string } {
  if (stdout.trim() === '') return { decision: 'allow', reason: '' };
  const specific = (JSON.parse(stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;
  return { decision: specific.permissionDecision, reason: specific.permissionDecisionReason };
}

// The shell-line engine is another part of issue 4; until it is built in, lines are denied (fail closed).
const ENGINE = existsSync(join(REPO_ROOT, 'src', 'shell', 'assess.ts'));

test('guard hook install claude --project, then the Done-means payloads', { timeout: 60_000 }, async () => {
  const install = await runGuard(['hook', 'install', 'claude', '--project'], { sandbox, cwd: project });
  assert.equal(install.status, 0, describeRun(install));
  const settings = JSON.parse(readFileSync(join(project, '.claude', 'settings.json'), 'utf8')) as { hooks: { PreToolUse: { matcher: string; hooks: { command: string }[] }[] } };
  const [group] = settings.hooks.PreToolUse;
  assert.equal(group?.matcher, 'Bash|mcp__.*');
  const command = group!.hooks[0]!.command;
  assert.ok(!command.includes(GUARD_BIN), 'a committed project file must not name this machine\'s path');
  assert.match(command, /command -v guard .* guard hook claude; else npx --no-install guard hook claude; fi/);

  const denied = runAsAgent(command, payload('claude-deny', project));
  assert.equal(denied.status, 0, denied.stderr);
  const deny = decisionOf(denied.stdout);
  assert.equal(deny.decision, 'deny');
  if (ENGINE) {
    assert.match(deny.reason, /railway\/volume-delete/);
    assert.match(deny.reason, /blast radius: /);
  }
  assert.match(deny.reason, /guard approve/);

  const allowed = runAsAgent(command, payload('claude-allow', project));
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.equal(decisionOf(allowed.stdout).decision, ENGINE ? 'allow' : 'deny');

  const mcp = decisionOf(runAsAgent(command, payload('claude-mcp-deny', project)).stdout);
  assert.equal(mcp.decision, 'deny');
  assert.match(mcp.reason, /railway\/volume-delete/);
  assert.match(mcp.reason, /blast radius: /);

  const reinstall = await runGuard(['hook', 'install', 'claude', '--project'], { sandbox, cwd: project });
  assert.match(reinstall.stdoutText, /already installed/);
  const uninstall = await runGuard(['hook', 'install', 'claude', '--project', '--uninstall'], { sandbox, cwd: project });
  assert.equal(uninstall.status, 0, describeRun(uninstall));
  assert.equal(existsSync(join(project, '.claude', 'settings.json')), false);
});

test('garbage on stdin: exit 0 with a deny the agent obeys', async () => {
  for (const agent of ['claude', 'codex', 'cursor', 'gemini', 'copilot']) {
    const run = await runGuard(['hook', agent], { sandbox, stdin: 'not json' });
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdoutText, /deny/, describeRun(run));
  }
});

test('an unknown agent name blocks (exit 2 with a reason), never a usage status that agents ignore', async () => {
  const run = await runGuard(['hook', 'claud'], { sandbox, stdin: '{}' });
  assert.equal(run.status, 2);
  assert.match(run.stderrText, /fail closed/);
});

test('when guard itself cannot start, the installed command still blocks (exit 2, reason on stderr)', () => {
  const broken = runAsAgent(hookCommand(join(sandbox.dir, 'no-such-guard'), 'codex'), payload('codex-allow', project));
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /refused \(fail closed\)/);
});

test("guard hook install claude (no scope): the user's settings, calling this guard by absolute path", async () => {
  const install = await runGuard(['hook', 'install', 'claude'], { sandbox, cwd: project });
  assert.equal(install.status, 0, describeRun(install));
  const file = join(sandbox.home, '.claude', 'settings.json');
  const command = (JSON.parse(readFileSync(file, 'utf8')) as { hooks: { PreToolUse: { hooks: { command: string }[] }[] } }).hooks.PreToolUse[0]?.hooks[0]?.command ?? '';
  assert.ok(command.startsWith(`'${GUARD_BIN}' hook claude`), command);
  assert.equal(existsSync(join(project, '.claude', 'settings.json')), false, 'nothing written into the repository');
  const uninstall = await runGuard(['hook', 'install', 'claude', '--uninstall'], { sandbox, cwd: project });
  assert.equal(uninstall.status, 0, describeRun(uninstall));
  assert.equal(existsSync(file), false, 'the file guard created is gone');
});

test('uninstall puts back the exact bytes of a hand-formatted file guard appended to', async () => {
  const file = join(sandbox.home, '.claude', 'settings.json');
  mkdirSync(join(sandbox.home, '.claude'), { recursive: true });
  const original = '{"model":"opus",   "permissions": {"allow": ["Bash(npm test)"]}}';
  writeFileSync(file, original);
  assert.equal((await runGuard(['hook', 'install', 'claude'], { sandbox, cwd: project })).status, 0);
  assert.notEqual(readFileSync(file, 'utf8'), original);
  assert.equal((await runGuard(['hook', 'install', 'claude', '--uninstall'], { sandbox, cwd: project })).status, 0);
  assert.equal(readFileSync(file, 'utf8'), original);
});

