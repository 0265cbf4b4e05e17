// From an analysed request to allow / ask / deny: the policy's decision, the agent's protocol, and human approvals.
import type { ApprovalKey } from '../approvals/model.js';
import type { Context } from '../core/context.js';
import { confirmPhrase } from '../core/decide.js';
import { redactSecretsInText } from '../core/redact.js';
import { isDangerous } from '../core/risk.js';
import type { LineAssessment } from '../shell/model.js';
import type { AgentName, HookDecision, HookSubject } from './model.js';
import { askReason, denyReason } from './reason.js';

export interface HookOutcome {
  readonly decision: HookDecision;
  readonly reason: string;
  /** The pending request recorded for a human, when guard denied. */
  readonly requestId: string | null;
  /** Set when a human's approval let this request through. */
  readonly approvalUsed: boolean;
}

export async function subjectOfLine(assessment: LineAssessment): Promise<HookSubject> {
  // The line and each command's snippet reach the agent, the audit log and the approvals file: masked once here.
  const { redactShellLine } = await import('../core/redact-line.js');
  const findings = [];
  for (const { command, assessment: a } of assessment.commands) findings.push({ analysis: a.analysis, verdict: a.verdict, origin: await redactShellLine(command.origin.text) });
  return {
    command: assessment.line,
    display: await redactShellLine(assessment.line),
    risk: assessment.risk,
    decision: assessment.decision,
    findings,
    problems: assessment.problems,
  };
}

/** Resolved targets as `<environment>/<id>`: an approval is void when they change. */
function targetsOf(subject: HookSubject): string[] {
  return [...new Set(subject.findings.flatMap((f) => f.analysis.targets.map((t) => `${t.environment}/${t.id}`)))].sort();
}

/** The phrases a human would type: guard never shows these to agents. */
function phrasesOf(subject: HookSubject): string[] {
  const dangerous = subject.findings.filter((f) => isDangerous(f.analysis.risk));
  return [...new Set(dangerous.map((f) => confirmPhrase(f.analysis)))];
}

export function approvalKey(subject: HookSubject, cwd: string): ApprovalKey {
  return { kind: 'line', command: subject.command, cwd, targets: targetsOf(subject) };
}

function audit(ctx: Context, subject: HookSubject, agent: AgentName, decision: string, outcome: string): void {
  try {
    const environment = subject.findings.find((f) => f.analysis.environment)?.analysis.environment?.name ?? null;
    ctx.audit.append({
      time: ctx.now().toISOString(),
      cwd: ctx.cwd,
      argv: [subject.display ?? redactSecretsInText(subject.command)],
      tool: `hook:${agent}`,
      risk: subject.risk,
      environment,
      targets: targetsOf(subject),
      rules: [...new Set(subject.findings.flatMap((f) => f.analysis.hits.map((h) => h.rule.id)))],
      decision,
      outcome,
      exitStatus: null,
      agent: true,
    });
  } catch {
    // The answer to the agent matters more than the log line; the hook must still answer.
  }
}

/**
 * allow → allow; deny (protected, unresolved, or unanalysable) → a human's one-time approval
 * or deny; confirm (destructive where unprotected) → the agent's "ask", or deny without one.
 */
export function decideHook(subject: HookSubject, agent: AgentName, supportsAsk: boolean, ctx: Context): HookOutcome {
  const phrases = phrasesOf(subject);
  const blocked = subject.problems.length > 0 ? 'deny' : subject.decision;
  if (blocked === 'allow') {
    if (isDangerous(subject.risk)) audit(ctx, subject, agent, 'allow', 'allowed');
    return { decision: 'allow', reason: '', requestId: null, approvalUsed: false };
  }
  if (blocked === 'confirm' && supportsAsk) {
    audit(ctx, subject, agent, 'confirm', 'asked');
    return { decision: 'ask', reason: askReason(subject, phrases), requestId: null, approvalUsed: false };
  }

  const key = approvalKey(subject, ctx.cwd);
  const approval = ctx.approvals.consume(key);
  if (approval) {
    audit(ctx, subject, agent, 'deny', 'approval-used');
    return { decision: 'allow', reason: '', requestId: approval.requestId, approvalUsed: true };
  }
  const environment = subject.findings.find((f) => isDangerous(f.analysis.risk))?.analysis.environment?.name ?? (subject.problems.length > 0 ? 'unknown' : null);
  const pending = ctx.approvals.recordPending({
    key,
    display: subject.display ?? redactSecretsInText(subject.command),
    risk: subject.problems.length > 0 ? 'unknown' : subject.risk,
    environment,
    blastRadius: subject.findings.flatMap((f) => f.analysis.blastRadius),
    phrase: phrases[0] ?? `${environment ?? 'unknown'}/command`,
    requester: agent,
  });
  audit(ctx, subject, agent, 'deny', 'refused');
  return { decision: 'deny', reason: denyReason(subject, pending.id, phrases), requestId: pending.id, approvalUsed: false };
}
