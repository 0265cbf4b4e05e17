// `guard approve [id]`: a human, at their own terminal, sees a refused agent request looked up live and types its phrase to allow it once.
import type { Context, Terminal } from '../../core/context.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { MAX_TRIES } from '../../core/confirm.js';
import type { PendingRequest } from '../../approvals/model.js';
import type { LiveOutcome } from '../../approvals/reassess.js';
import type { RegisterCommand } from './types.js';
import { agentAmong, agentStartedAncestor } from '../../approvals/agent-identity.js';

export interface ApproveOptions {
  /** No live look-up: approve from the facts the hook had (machines with no access). */
  readonly offline?: boolean;
}

function describe(request: PendingRequest, index: number | null): string {
  const facts = request.resolvedLive ? 'looked up live by the hook' : 'guard did not look this up when it refused';
  const lines = [
    `${index === null ? '' : `${index}. `}${request.id}  ${request.risk} in ${request.environment ?? 'an unresolved environment'}  (asked by ${request.requester} at ${request.createdAt}; ${facts})`,
    `   command   ${request.display}`,
    `   in        ${request.key.cwd}`,
    ...request.blastRadius.map((line) => `   blast     ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `guard approve --list [--json]`: needs no terminal, approves nothing. */
export function listRequests(ctx: Context, json: boolean): number {
  const pending = ctx.approvals.listPending();
  if (json) {
    const rows = pending.map((p) => ({ id: p.id, createdAt: p.createdAt, requester: p.requester, command: p.display, cwd: p.key.cwd, risk: p.risk, environment: p.environment, blastRadius: p.blastRadius, resolvedLive: p.resolvedLive ?? false, replayable: Boolean(p.replay) }));
    ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  if (pending.length === 0) ctx.stdout.write('guard: no requests are waiting for approval.\n');
  else {
    ctx.stdout.write(`Requests waiting for a human (${pending.length}):\n`);
    pending.forEach((p, i) => ctx.stdout.write(describe(p, i + 1)));
  }
  return EXIT.ok;
}

async function choose(pending: readonly PendingRequest[], id: string | undefined, terminal: Terminal, ctx: Context): Promise<PendingRequest | null> {
  if (id !== undefined) {
    const found = pending.find((p) => p.id === id);
    if (!found) throw new UsageError(`no pending request ${id}; 'guard approve --list' lists them`);
    ctx.stdout.write(describe(found, null));
    return found;
  }
  ctx.stdout.write(`Requests waiting for a human (${pending.length}):\n`);
  pending.forEach((p, i) => ctx.stdout.write(describe(p, i + 1)));
  const answer = (await terminal.ask('Which request? (number or id, Enter to cancel):'))?.trim() ?? '';
  if (answer === '') return null;
  const byNumber = /^\d+$/.test(answer) ? pending[Number(answer) - 1] : undefined;
  const chosen = byNumber ?? pending.find((p) => p.id === answer) ?? null;
  return chosen;
}

/** Prints what the live look-up found; returns the phrase to ask for and the targets to bind. */
async function showLive(request: PendingRequest, outcome: LiveOutcome, ctx: Context): Promise<{ phrase: string; liveTargets: readonly string[] | null }> {
  const { renderHuman, PLAIN } = await import('../../core/report.js');
  if (outcome.kind === 'skipped') {
    ctx.stdout.write(`guard did not look this up live (${outcome.why}): what you see is what guard knew when it refused, so the phrase stays ${request.phrase}.\n`);
    return { phrase: request.phrase, liveTargets: null };
  }
  for (const finding of outcome.findings) ctx.stdout.write(`Looked up live now:\n${renderHuman(finding.report, PLAIN)}`);
  if (outcome.kind === 'unverified') {
    ctx.stdout.write(`guard could not verify this live: ${outcome.why.join('; ')}. Treat it as production-level; the phrase stays the unresolved ${request.phrase}.\n`);
    return { phrase: request.phrase, liveTargets: null };
  }
  if (outcome.phrase !== request.phrase) ctx.stdout.write(`The agent was refused for ${request.phrase}; looked up live, it is ${outcome.phrase}.\n`);
  return { phrase: outcome.phrase, liveTargets: outcome.targets };
}

/** Returns the exit status: 0 approved (or nothing to do), 77 refused or cancelled. */
export async function approveRequest(id: string | undefined, ctx: Context, options: ApproveOptions = {}): Promise<number> {
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
    ctx.stderr.write("guard: refused (exit 77): 'guard approve' reads the phrase from a terminal, never from stdin; run it in an interactive terminal ('guard approve --list' works anywhere).\n");
    return EXIT.refused;
  }
  try {
    const request = await choose(pending, id, terminal, ctx);
    if (!request) {
      ctx.stderr.write('guard: cancelled (exit 77).\n');
      return EXIT.refused;
    }
    const { reassessLive } = await import('../../approvals/reassess.js');
    const outcome: LiveOutcome = options.offline ? { kind: 'skipped', why: '--offline' } : await reassessLive(request, ctx);
    const { phrase, liveTargets } = await showLive(request, outcome, ctx);
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const typed = await terminal.ask(`Type ${phrase} to allow this once (for 15 minutes), or press Enter to cancel:`);
      if (typed === null || typed.trim() === '') {
        ctx.stderr.write('guard: cancelled (exit 77).\n');
        return EXIT.refused;
      }
      if (typed.trim() === phrase) {
        const approval = ctx.approvals.approve(request.id, { liveTargets });
        auditApproval(ctx, request, liveTargets);
        ctx.stdout.write(`guard: approved ${request.id} once, until ${approval.expiresAt}. The agent may now retry the exact same command${liveTargets ? `, and only against ${liveTargets.join(', ')}` : ''}.\n`);
        return EXIT.ok;
      }
      if (attempt < MAX_TRIES) ctx.stderr.write(`guard: that does not match ${phrase}.\n`);
    }
    ctx.stderr.write(`guard: refused (exit 77): ${MAX_TRIES} attempts did not match ${phrase}.\n`);
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
  if (agent) return `this runs inside the process tree of the agent that asked (${agent.name}, pid ${agent.pid}).`;
  const started = agentStartedAncestor(ancestry);
  return started ? `this runs inside a process an AI agent started (${started.name}, pid ${started.pid}, has agent markers in its environment).` : null;
}

function auditApproval(ctx: Context, request: PendingRequest, liveTargets: readonly string[] | null): void {
  try {
    ctx.audit.append({
      time: ctx.now().toISOString(),
      cwd: request.key.cwd,
      argv: [request.display],
      tool: `approve:${request.requester}`,
      risk: request.risk,
      environment: request.environment,
      targets: [...(liveTargets ?? request.key.targets)],
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
    .description('a human approves a refused agent request, once, at a terminal, after a live look-up')
    .option('--list', 'list the pending requests (no terminal needed; approves nothing)')
    .option('--json', 'with --list: as JSON')
    .option('--offline', 'no live look-up: approve from the facts guard had when it refused')
    .action(async (id: string | undefined, options: { list?: boolean; json?: boolean; offline?: boolean }) => {
      const { createProcessContext } = await import('../context.js');
      const ctx = createProcessContext({ offline: Boolean(options.offline), guardBinary: env.guardBinary });
      if (options.list || options.json) {
        env.setStatus(listRequests(ctx, Boolean(options.json)));
        return;
      }
      env.setStatus(await approveRequest(id, ctx, { offline: Boolean(options.offline) }));
    });
};
