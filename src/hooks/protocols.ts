// Each agent's hook protocol: the payload it sends on stdin, and the answer (stdout, exit status) it obeys.
import type { AgentName, HookAnswer, HookDecision, HookRequest } from './model.js';

/*
 * Sources (checked 2026-11-25; recorded payloads in test/hooks/fixtures/):
 * - Claude Code: https://code.claude.com/docs/en/hooks (PreToolUse: tool_name, tool_input.command;
 *   answer hookSpecificOutput.permissionDecision allow|deny|ask + permissionDecisionReason, exit 0;
 *   exit 2 blocks with stderr as the reason; any other status is a non-blocking error: the tool RUNS).
 * - OpenAI Codex: openai/codex codex-rs/hooks/src/events/pre_tool_use.rs (Claude-compatible input;
 *   hookSpecificOutput.permissionDecision "deny" blocks; exit 0 with empty stdout = no objection;
 *   exit 2 blocks only with a non-empty stderr; other statuses fail open). No "ask".
 * - Cursor: https://cursor.com/docs/agent/hooks (beforeShellExecution: command, cwd;
 *   beforeMCPExecution: tool_name, tool_input; answer {"permission": allow|deny|ask,
 *   "user_message", "agent_message"}), as summarised by cupcake.eqtylab.io/reference/harnesses/cursor.
 * - Gemini CLI: google-gemini/gemini-cli docs/hooks/reference.md (BeforeTool: tool_name,
 *   tool_input; answer {"decision": "allow"|"deny", "reason"}; exit 2 blocks with stderr;
 *   other statuses are warnings: the tool RUNS). No "ask".
 * - GitHub Copilot: github/docs content/copilot/reference/hooks-configuration.md (preToolUse:
 *   toolName, toolArgs as a JSON *string*; answer {"permissionDecision", "permissionDecisionReason"},
 *   "only deny is currently processed"). No "ask".
 */

export class HookInputError extends Error {}

export interface AgentProtocol {
  readonly agent: AgentName;
  /** Whether the agent can put a question to its human ("ask"); else guard denies instead. */
  readonly supportsAsk: boolean;
  parse(payload: unknown): HookRequest;
  answer(decision: HookDecision, reason: string): HookAnswer;
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HookInputError(`${what} is not a JSON object`);
  return value as Json;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new HookInputError(`${what} is missing or not a string`);
  return value;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Tool names that run a shell line, per agent (Claude Bash, Codex shell tools, Gemini, Copilot). */
const SHELL_TOOLS: Readonly<Record<AgentName, readonly string[]>> = {
  claude: ['Bash'],
  codex: ['Bash', 'shell', 'exec_command', 'local_shell', 'unified_exec'],
  copilot: ['bash', 'shell', 'powershell'],
  cursor: [],
  gemini: ['run_shell_command'],
};

function toolRequest(agent: AgentName, tool: string, input: unknown, cwd: string | null): HookRequest {
  if (SHELL_TOOLS[agent].includes(tool)) {
    const args = object(input, 'tool input');
    const command = Array.isArray(args.command) ? shellJoin(args.command) : text(args.command, 'tool input command');
    return { kind: 'shell', line: command, cwd };
  }
  if (tool.startsWith('mcp__')) return { kind: 'mcp', tool, input, cwd };
  return { kind: 'other', tool, input, cwd };
}

/** Codex may send argv arrays (`["bash", "-lc", "…"]`): quote them back into one line. */
function shellJoin(argv: unknown[]): string {
  return argv
    .map((word) => {
      const value = text(word, 'command word');
      return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
    })
    .join(' ');
}

function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** Claude Code and Codex share one wire format (Codex adopted Claude's). */
function preToolUseAnswer(decision: HookDecision, reason: string): HookAnswer {
  // Printing nothing leaves the agent's own permission rules in charge: guard's "allow" means
  // "no objection", never "skip the user's prompt".
  if (decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
  return {
    stdout: json({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } }),
    stderr: '',
    exitCode: 0,
  };
}

const claude: AgentProtocol = {
  agent: 'claude',
  supportsAsk: true,
  parse(payload) {
    const body = object(payload, 'the hook payload');
    return toolRequest('claude', text(body.tool_name, 'tool_name'), body.tool_input, optionalText(body.cwd));
  },
  answer: preToolUseAnswer,
};

const codex: AgentProtocol = {
  agent: 'codex',
  supportsAsk: false,
  parse(payload) {
    const body = object(payload, 'the hook payload');
    return toolRequest('codex', text(body.tool_name, 'tool_name'), body.tool_input, optionalText(body.cwd));
  },
  answer: (decision, reason) => preToolUseAnswer(decision === 'ask' ? 'deny' : decision, reason),
};

const cursor: AgentProtocol = {
  agent: 'cursor',
  supportsAsk: true,
  parse(payload) {
    const body = object(payload, 'the hook payload');
    const event = optionalText(body.hook_event_name);
    const cwd = optionalText(body.cwd) ?? (Array.isArray(body.workspace_roots) ? optionalText(body.workspace_roots[0]) : null);
    if (event === 'beforeMCPExecution' || (event === null && body.tool_name !== undefined)) {
      const tool = text(body.tool_name, 'tool_name');
      let input: unknown = body.tool_input;
      if (typeof input === 'string') {
        try {
          input = JSON.parse(input);
        } catch {
          throw new HookInputError('tool_input is not JSON');
        }
      }
      // Cursor names MCP tools without the server prefix; guard's table keys on mcp__server__tool.
      return { kind: 'mcp', tool: tool.startsWith('mcp__') ? tool : `mcp__${optionalText(body.server) ?? 'unknown'}__${tool}`, input, cwd };
    }
    if (event !== null && event !== 'beforeShellExecution') throw new HookInputError(`unexpected event ${event}`);
    return { kind: 'shell', line: text(body.command, 'command'), cwd };
  },
  answer(decision, reason) {
    const out = decision === 'allow' ? { permission: 'allow' } : { permission: decision, user_message: reason.startsWith('guard') ? reason : `guard: ${reason}`, agent_message: reason };
    return { stdout: json(out), stderr: '', exitCode: 0 };
  },
};

const gemini: AgentProtocol = {
  agent: 'gemini',
  supportsAsk: false,
  parse(payload) {
    const body = object(payload, 'the hook payload');
    return toolRequest('gemini', text(body.tool_name, 'tool_name'), body.tool_input, optionalText(body.cwd));
  },
  answer(decision, reason) {
    if (decision === 'allow') return { stdout: json({}), stderr: '', exitCode: 0 };
    return { stdout: json({ decision: 'deny', reason }), stderr: '', exitCode: 0 };
  },
};

const copilot: AgentProtocol = {
  agent: 'copilot',
  supportsAsk: false,
  parse(payload) {
    const body = object(payload, 'the hook payload');
    const tool = text(body.toolName, 'toolName');
    let args: unknown = body.toolArgs;
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args);
      } catch {
        throw new HookInputError('toolArgs is not JSON');
      }
    }
    return toolRequest('copilot', tool, args, optionalText(body.cwd));
  },
  answer(decision, reason) {
    if (decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
    return { stdout: json({ permissionDecision: 'deny', permissionDecisionReason: reason }), stderr: '', exitCode: 0 };
  },
};

export const PROTOCOLS: Readonly<Record<AgentName, AgentProtocol>> = { claude, codex, copilot, cursor, gemini };
