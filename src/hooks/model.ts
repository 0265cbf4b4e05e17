// The hook layer's vocabulary: which agents, what they ask, what guard answers.
import type { Context } from '../core/context.js';
import type { Decision, Risk } from '../core/risk.js';
import type { Analysis, Verdict } from '../core/types.js';
import type { LineAssessment } from '../shell/model.js';

export const AGENTS = ['claude', 'codex', 'copilot', 'cursor', 'gemini'] as const;
export type AgentName = (typeof AGENTS)[number];

export function isAgentName(name: string): name is AgentName {
  return (AGENTS as readonly string[]).includes(name);
}

/** What the agent wants to do, out of its payload. */
export type HookRequest =
  /** A whole shell line (Claude's Bash, Cursor's beforeShellExecution, Gemini's run_shell_command…). */
  | { readonly kind: 'shell'; readonly line: string; readonly cwd: string | null }
  /** An MCP tool call: `mcp__<server>__<tool>` and its arguments. */
  | { readonly kind: 'mcp'; readonly tool: string; readonly input: unknown; readonly cwd: string | null }
  /** A tool guard has no opinion on (file edits, reads): allowed without analysis. */
  | { readonly kind: 'other'; readonly tool: string };

/** guard's answer before it is written in an agent's protocol. */
export type HookDecision = 'allow' | 'ask' | 'deny';

/** Bytes for the agent: what to print and the status to exit with. */
export interface HookAnswer {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** The shell-line engine (src/shell/assess.ts), passed in so tests can swap it. */
export type LineAssessor = (line: string, ctx: Context) => Promise<LineAssessment>;

/** One analysed command (of a line, or an MCP call) with the policy's verdict. */
export interface Finding {
  readonly analysis: Analysis;
  readonly verdict: Verdict;
  /** Where it stands in the line, for the reason: `railway volume delete …`. */
  readonly origin: string;
}

/** A request analysed: what the decision rests on, in one shape for lines and MCP calls. */
export interface HookSubject {
  /** What approvals bind to and humans read: the line, or `mcp__railway__volume_delete {…}`. */
  readonly command: string;
  /** The command with its secrets masked (src/core/redact-line.ts), for every place it is shown or written. */
  readonly display?: string;
  readonly risk: Risk;
  readonly decision: Decision;
  readonly findings: readonly Finding[];
  /** Why the whole request could not be analysed (parse errors, budget): fail closed. */
  readonly problems: readonly string[];
}
