// What a refusal records about who asked: the agent process (for `guard approve`'s ancestry check).
import type { Context } from '../core/context.js';
import { agentProcessOf, type AgentProcess } from './agent-identity.js';

/** The agent behind this guard process, or null when the process tree cannot be read. */
export function agentProcessFor(ctx: Context): AgentProcess | null {
  try {
    return agentProcessOf(ctx.ancestry(), ctx.guardBinary);
  } catch {
    return null;
  }
}
