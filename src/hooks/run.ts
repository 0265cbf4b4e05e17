// `guard hook <agent>` end to end: payload in, answer out, within a time budget, and deny on anything unexpected.
import type { Context } from '../core/context.js';
import { assessMcpCall } from './mcp.js';
import type { AgentName, HookAnswer, HookRequest, LineAssessor } from './model.js';
import { decideHook, subjectOfLine, type HookOutcome } from './evaluate.js';
import { HookInputError, PROTOCOLS } from './protocols.js';
import { failureReason } from './reason.js';

/** Payloads are a few KB; anything near this is not a hook payload (and is refused, not parsed). */
export const MAX_PAYLOAD_BYTES = 1 << 20;
/** guard answers within this even when analysis hangs (agents' own timeouts would fail open). */
export const DEFAULT_BUDGET_MS = 2000;

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

async function evaluate(agent: AgentName, request: HookRequest, deps: HookDeps): Promise<HookOutcome> {
  if (request.kind === 'other') return { decision: 'allow', reason: '', requestId: null, approvalUsed: false };
  const ctx = deps.makeContext(request.cwd);
  const subject = request.kind === 'shell' ? await subjectOfLine(await deps.assessLine(request.line, ctx)) : await assessMcpCall(request.tool, request.input, ctx);
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
