// Each agent's protocol with its recorded payloads: allow, deny, ask, malformed input and internal errors (always a deny).
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { AGENTS, type AgentName, type LineAssessor } from '../../src/hooks/model.js';
import { answerHook, MAX_PAYLOAD_BYTES, type HookResult } from '../../src/hooks/run.js';
import { buildWorld, type World } from '../support/world.js';
import { fixture, stubAssessor } from './support.js';

let worlds: World[] = [];
afterEach(() => {
  for (const world of worlds) world.cleanup();
  worlds = [];
});

function run(agent: AgentName, payload: Buffer | string, assessLine: LineAssessor = stubAssessor, budgetMs?: number): Promise<HookResult> {
  const world = buildWorld({ agent: true, offline: true, files: { 'app/.keep': '' } });
  worlds.push(world);
  return answerHook(agent, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), {
    assessLine,
    makeContext: () => world.ctx,
    ...(budgetMs !== undefined ? { budgetMs } : {}),
  });
}

/** What the agent will do with guard's answer, read the way each agent reads it. */
function verdictOf(agent: AgentName, result: HookResult): { decision: 'allow' | 'ask' | 'deny'; reason: string } {
  if (result.exitCode === 2) return { decision: 'deny', reason: result.stderr };
  assert.equal(result.exitCode, 0, 'any other status lets the agent run the tool');
  const out = result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, any>);
  switch (agent) {
    case 'claude':
    case 'codex': {
      const specific = out.hookSpecificOutput as Record<string, string> | undefined;
      if (!specific) return { decision: 'allow', reason: '' };
      assert.equal(specific.hookEventName, 'PreToolUse');
      return { decision: specific.permissionDecision as 'allow' | 'ask' | 'deny', reason: specific.permissionDecisionReason ?? '' };
    }
    case 'cursor':
      return { decision: out.permission, reason: out.agent_message ?? '' };
    case 'gemini':
      return { decision: out.decision === 'deny' || out.decision === 'block' ? 'deny' : 'allow', reason: out.reason ?? '' };
    case 'copilot':
      return { decision: out.permissionDecision === 'deny' ? 'deny' : 'allow', reason: out.permissionDecisionReason ?? '' };
  }
}

const ASKS: Record<AgentName, 'ask' | 'deny'> = { claude: 'ask', cursor: 'ask', codex: 'deny', gemini: 'deny', copilot: 'deny' };

describe('recorded payloads', () => {
  for (const agent of AGENTS) {
    test(`${agent}: ls -la is allowed, and guard does not pre-approve it`, async () => {
      const result = await run(agent, fixture(`${agent}-allow`));
      assert.equal(verdictOf(agent, result).decision, 'allow');
      assert.equal(result.outcome.decision, 'allow');
      if (agent === 'claude' || agent === 'codex' || agent === 'copilot') assert.equal(result.stdout, '', 'no "allow" that would skip the user\'s own prompt');
    });

    test(`${agent}: the production volume delete is denied with the blast radius and no phrase`, async () => {
      const result = await run(agent, fixture(`${agent}-deny`));
      const { decision, reason } = verdictOf(agent, result);
      assert.equal(decision, 'deny');
      assert.match(reason, /railway\/volume-delete/);
      assert.match(reason, /blast radius: /);
      assert.match(reason, /guard approve [0-9a-f]{10}/);
      assert.doesNotMatch(reason, /--confirm|GUARD_CONFIRM|unknown\/pg-data|production\/pg-data/);
    });

    test(`${agent}: a destructive command where nothing is protected gets ${ASKS[agent]}`, async () => {
      const result = await run(agent, fixture(`${agent}-ask`));
      const { decision, reason } = verdictOf(agent, result);
      assert.equal(decision, ASKS[agent]);
      assert.match(reason, /psql\/drop-table|DROP TABLE/);
      assert.doesNotMatch(reason, /local\/orders/);
    });
  }
});

describe('fail closed: bad input and guard\'s own failures answer deny in the agent\'s protocol', () => {
  const huge = Buffer.alloc(MAX_PAYLOAD_BYTES + 10, 0x20);
  const cases: [string, Buffer | string][] = [
    ['empty stdin', ''],
    ['garbage', '\x00\xff not json {'],
    ['a JSON array', '[1, 2]'],
    ['a payload over the size limit', huge],
  ];
  /** The agent's own shell tool, called without a command. */
  const withoutCommand = (agent: AgentName): string =>
    JSON.stringify({ tool_name: agent === 'gemini' ? 'run_shell_command' : 'Bash', tool_input: {}, toolName: 'bash', toolArgs: '{}', hook_event_name: agent === 'cursor' ? 'beforeShellExecution' : 'PreToolUse' });
  for (const agent of AGENTS) {
    for (const [what, payload] of [...cases, ['a shell call without a command', withoutCommand(agent)] as [string, string]]) {
      test(`${agent}: ${what}`, async () => {
        const result = await run(agent, payload);
        const { decision, reason } = verdictOf(agent, result);
        assert.equal(decision, 'deny');
        assert.match(reason, /fail closed/);
      });
    }

    test(`${agent}: the engine throwing is a deny`, async () => {
      const result = await run(agent, fixture(`${agent}-allow`), async () => {
        throw new Error('boom');
      });
      assert.equal(verdictOf(agent, result).decision, 'deny');
      assert.match(verdictOf(agent, result).reason, /internal error: boom/);
    });

    test(`${agent}: an engine that never answers is denied within guard's budget`, async () => {
      const result = await run(agent, fixture(`${agent}-allow`), () => new Promise(() => undefined), 50);
      assert.equal(verdictOf(agent, result).decision, 'deny');
      assert.match(verdictOf(agent, result).reason, /no answer within 50 ms/);
    });
  }
});

test('tools that are neither shell nor MCP are left to the agent', async () => {
  const result = await run('claude', JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_input: { file_path: '/x' } }));
  assert.equal(verdictOf('claude', result).decision, 'allow');
});

test('a line the engine cannot analyse is denied, never allowed', async () => {
  const result = await run('claude', fixture('claude-allow'), async (line) => ({ line, risk: 'unknown', decision: 'deny', commands: [], problems: ['parse error at 1:4'] }));
  const { decision, reason } = verdictOf('claude', result);
  assert.equal(decision, 'deny');
  assert.match(reason, /parse error at 1:4/);
});
