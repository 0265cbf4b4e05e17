// `guard approve [id]`: a human, at a terminal, reads a refused agent request and types its phrase to allow it once.
import type { Context, Terminal } from '../../core/context.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { MAX_TRIES } from '../../core/confirm.js';
import type { PendingRequest } from '../../approvals/model.js';
import type { RegisterCommand } from './types.js';
import { agentAmong } from '../../approvals/agent-identity.js';

function describe(request: PendingRequest, index: number | null): string {
  const lines = [
    `${index === null ? '' : `${index}. `}${request.id}  ${request.risk} in ${request.environment ?? 'an unresolved environment'}  (asked by ${request.requester} at ${request.createdAt})`,
    `   command   ${request.display}`,
    `   in        ${request.key.cwd}`,
    ...request.blastRadius.map((line) => `   blast     ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function choose(pending: readonly PendingRequest[], id: string | undefined, terminal: Terminal, ctx: Context): Promise<PendingRequest | null> {
  if (id !== undefined) {
    const found = pending.find((p) => p.id === id);
    if (!found) throw new UsageError(`no pending request ${id}; 'guard approve' lists them`);
    ctx.stdout.write(describe(found, null));
    return found;
  }
  ctx.stdout.write(`Requests waiting for a human (${pending.length}):\n`);
  pending.forEach((p, i) => ctx.stdout.write(describe(p, i + 1)));
  const answer = (await terminal.ask('Which request? (number or id, Enter to cancel):'))?.trim() ?? '';
  if (answer === '') return null;
  const byNumber = /^\d+$/.test(answer) ? pending[Number(answer) - 1] : undefined;
  return byNumber ?? pending.find((p) => p.id === answer) ?? null;
}

/** Returns the exit status: 0 approved (or nothing to do), 77 refused or cancelled. */
export async function approveRequest(id: string | undefined, ctx: Context): Promise<number> {
  if (ctx.agent) {
    ctx.stderr.write("guard: refused (exit 77): 'guard approve' is for a human at a terminal; an agent cannot approve its own requests. Ask the user to run it.\n");
    return EXIT.refused;
  }
  const pending = ctx.approvals.listPending();
  const inside = insideAgentTree(pending, ctx);
  if (inside) {
    ctx.stderr.write(`guard: refused (exit 77): ${inside} 'guard approve' must be run by the user in their own terminal, not from a terminal the agent opened (script, expect, tmux…).\n`);
    return EXIT.refused;
  }
  if (pending.length === 0 && id === undefined) {
    ctx.stdout.write('guard: no requests are waiting for approval.\n');
    return EXIT.ok;
  }
  const terminal = await ctx.openTerminal();
  if (!terminal) {
    ctx.stderr.write("guard: refused (exit 77): 'guard approve' reads the phrase from a terminal, never from stdin; run it in an interactive terminal.\n");
    return EXIT.refused;
  }
  try {
    const request = await choose(pending, id, terminal, ctx);
    if (!request) {
      ctx.stderr.write('guard: cancelled (exit 77).\n');
      return EXIT.refused;
    }
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const typed = await terminal.ask(`Type ${request.phrase} to allow this once (for 15 minutes), or press Enter to cancel:`);
      if (typed === null || typed.trim() === '') {
        ctx.stderr.write('guard: cancelled (exit 77).\n');
        return EXIT.refused;
      }
      if (typed.trim() === request.phrase) {
        const approval = ctx.approvals.approve(request.id);
        auditApproval(ctx, request);
        ctx.stdout.write(`guard: approved ${request.id} once, until ${approval.expiresAt}. The agent may now retry the exact same command.\n`);
        return EXIT.ok;
      }
      if (attempt < MAX_TRIES) ctx.stderr.write(`guard: that does not match ${request.phrase}.\n`);
    }
    ctx.stderr.write(`guard: refused (exit 77): ${MAX_TRIES} attempts did not match ${request.phrase}.\n`);
    return EXIT.refused;
  } finally {
    terminal.close();
  }
}

/** Why this process counts as the agent's own (its ancestry holds a requesting agent), or null. */
function insideAgentTree(pending: readonly PendingRequest[], ctx: Context): string | null {
  let ancestry;
  try {
    ancestry = ctx.ancestry();
  } catch (error) {
    return `guard cannot read its own process ancestry (${(error as Error).message}), so it cannot tell this terminal from the agent's.`;
  }
  const agents = pending.flatMap((p) => (p.agentProcess ? [p.agentProcess] : []));
  const agent = agentAmong(ancestry, agents);
  return agent ? `this runs inside the process tree of the agent that asked (${agent.name}, pid ${agent.pid}).` : null;
}

function auditApproval(ctx: Context, request: PendingRequest): void {
  try {
    ctx.audit.append({
      time: ctx.now().toISOString(),
      cwd: request.key.cwd,
      argv: [request.display],
      tool: `approve:${request.requester}`,
      risk: request.risk,
      environment: request.environment,
      targets: [...request.key.targets],
      rules: [],
      decision: 'approve',
      outcome: 'approved',
      exitStatus: null,
      agent: false,
    });
  } catch (error) {
    ctx.stderr.write(`guard: could not write the audit log: ${(error as Error).message}\n`);
  }
}

export const registerApproveCommand: RegisterCommand = (program, env) => {
  program
    .command('approve [id]')
    .description('a human approves a refused agent request, once, at a terminal')
    .action(async (id?: string) => {
      const { createProcessContext } = await import('../context.js');
      env.setStatus(await approveRequest(id, createProcessContext({ offline: true, guardBinary: env.guardBinary })));
    });
};
