// `guard hook <agent>` end to end: payload in, answer out, within a time budget, and deny on anything unexpected.
import type { Context } from '../core/context.js';
import { assessMcpCall } from './mcp.js';
import type { AgentName, HookAnswer, HookRequest, HookSubject, LineAssessor } from './model.js';
import type { LineAssessment } from '../shell/model.js';
import { decideHook, ownGroundSubject, subjectOfLine, type HookOutcome } from './evaluate.js';
import { fileToolUse } from './file-tools.js';
import { ownGroundOfFiles, ownGroundOfLine } from './own-ground.js';
import { HookInputError, PROTOCOLS } from './protocols.js';
import { failureReason } from './reason.js';

import { DEFAULT_BUDGET_MS, MAX_PAYLOAD_BYTES } from './payload.js';

export { DEFAULT_BUDGET_MS, MAX_PAYLOAD_BYTES };

export interface HookDeps {
  /** The context for analysis: agent context, the payload's cwd, offline unless asked otherwise. */
  makeContext(cwd: string | null): Context;
  readonly assessLine: LineAssessor;
  readonly budgetMs?: number;
}

export interface HookResult extends HookAnswer {
  readonly outcome: HookOutcome;
}

function parsePayload(raw: Buffer): unknown {
  if (raw.length === 0) throw new HookInputError('the hook payload on stdin was empty');
  if (raw.length > MAX_PAYLOAD_BYTES) throw new HookInputError(`the hook payload is larger than ${MAX_PAYLOAD_BYTES} bytes`);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HookInputError('the hook payload on stdin is not JSON');
  }
}

/** Input fields that make an unknown, non-MCP tool one that runs a command. */
function carriesCommand(input: unknown): boolean {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return false;
  return ['command', 'cmd', 'script', 'argv', 'commandLine', 'command_line', 'shell_command'].some((key) => (input as Record<string, unknown>)[key] !== undefined);
}

async function evaluate(agent: AgentName, request: HookRequest, deps: HookDeps): Promise<HookOutcome> {
  const ctx = deps.makeContext(request.cwd);
  // Every shell line read on the way (the request's, or one inside a tool's input) is checked for guard's own state.
  const lines: LineAssessment[] = [];
  const assessLine: LineAssessor = async (line, lineCtx) => {
    const assessed = await deps.assessLine(line, lineCtx);
    lines.push(assessed);
    return assessed;
  };
  let subject: HookSubject;
  if (request.kind === 'other') {
    const use = fileToolUse(request.tool, request.input);
    const touches = use.paths.length > 0 ? ownGroundOfFiles(request.tool, use.paths, use.readsOnly, ctx) : [];
    if (touches.length > 0) return decideHook(ownGroundSubject(`${request.tool} ${use.paths.join(' ')}`, touches), agent, PROTOCOLS[agent].supportsAsk, ctx);
    if (!carriesCommand(request.input)) return { decision: 'allow', reason: '', requestId: null, approvalUsed: false };
    subject = await assessMcpCall(request.tool, request.input, ctx, assessLine);
  } else if (request.kind === 'shell') subject = await subjectOfLine(await assessLine(request.line, ctx));
  else subject = await assessMcpCall(request.tool, request.input, ctx, assessLine);
  const touches = lines.flatMap((line) => ownGroundOfLine(line, ctx));
  if (touches.length > 0) subject = { ...subject, ownGround: touches };
  return decideHook(subject, agent, PROTOCOLS[agent].supportsAsk, ctx);
}

function withBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HookInputError(`no answer within ${budgetMs} ms`)), budgetMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Never throws: every failure becomes a deny in the agent's own protocol. */
export async function answerHook(agent: AgentName, raw: Buffer, deps: HookDeps): Promise<HookResult> {
  const protocol = PROTOCOLS[agent];
  let outcome: HookOutcome;
  try {
    const request = protocol.parse(parsePayload(raw));
    outcome = await withBudget(evaluate(agent, request, deps), deps.budgetMs ?? DEFAULT_BUDGET_MS);
  } catch (error) {
    const why = error instanceof HookInputError ? error.message : `internal error: ${(error as Error)?.message ?? String(error)}`;
    outcome = { decision: 'deny', reason: failureReason(why), requestId: null, approvalUsed: false };
  }
  try {
    return { ...protocol.answer(outcome.decision, outcome.reason), outcome };
  } catch {
    // Rendering failed (it should not): exit 2 with a reason on stderr blocks in every agent that has a status protocol.
    return { stdout: '', stderr: `${failureReason('could not write the answer')}\n`, exitCode: 2, outcome };
  }
}
