// From an analysed request to allow / ask / deny: the policy's decision, the agent's protocol, and human approvals.
import type { ApprovalKey } from '../approvals/model.js';
import type { Context } from '../core/context.js';
import { confirmPhrase } from '../core/decide.js';
import { argvCarriesSecret, nonSecretEnvironment, redactSecretsInText } from '../core/redact.js';
import { agentProcessFor } from '../approvals/requester.js';
import { isDangerous } from '../core/risk.js';
import type { LineAssessment } from '../shell/model.js';
import type { AgentName, HookDecision, HookSubject, OwnGroundTouch } from './model.js';
import { askReason, denyReason, failureReason, ownGroundReason } from './reason.js';
import { OWN_GROUND_RULE } from './own-ground-rule.js';

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
  // The line is kept for a live re-assessment only when nothing in it would be redacted (by the
  // line redactor, which also reads the SQL and GraphQL the words carry).
  const display = await redactShellLine(assessment.line);
  const secret = display !== assessment.line || redactSecretsInText(assessment.line) !== assessment.line || assessment.commands.some(({ command, assessment: a }) => argvCarriesSecret(command.argv, command.env) || argvCarriesSecret(a.report.argv));
  return {
    command: assessment.line,
    display,
    risk: assessment.risk,
    decision: assessment.decision,
    findings,
    problems: assessment.problems,
    replay: secret ? null : { kind: 'line', line: assessment.line },
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

/** Returns false when the record could not be written. */
function audit(ctx: Context, subject: HookSubject, agent: AgentName, decision: string, outcome: string): boolean {
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
    return true;
  } catch {
    // The answer to the agent matters more than the log line; the hook must still answer.
    return false;
  }
}

/** A request that touches guard's own state: destructive in a protected environment, for a human only. */
export function ownGroundSubject(command: string, touches: readonly OwnGroundTouch[]): HookSubject {
  const environment = { name: 'guard', protected: true, source: "guard's own state" };
  const analysis = {
    tool: 'guard',
    risk: 'destructive' as const,
    hits: touches.map((t) => ({ rule: OWN_GROUND_RULE, summary: `${t.by}: ${t.what}${t.path ? ` (${t.path})` : ''}` })),
    environment,
    targets: [],
    blastRadius: [],
    credential: null,
    recovery: OWN_GROUND_RULE.recovery,
    unverified: [],
    notes: [],
  };
  const verdict = { decision: 'deny' as const, confirmPhrase: null, expectedPhrase: null, reasons: [OWN_GROUND_RULE.reason] };
  return { command, risk: 'destructive', decision: 'deny', findings: [{ analysis, verdict, origin: command }], problems: [], ownGround: touches };
}

/**
 * allow → allow; deny (protected, unresolved, or unanalysable) → a human's one-time approval
 * or deny; confirm (destructive where unprotected) → the agent's "ask", or deny without one.
 */
export function decideHook(subject: HookSubject, agent: AgentName, supportsAsk: boolean, ctx: Context): HookOutcome {
  if (subject.ownGround && subject.ownGround.length > 0) {
    // No request, no approval: changing guard itself is for the human to do, by hand.
    const own = subject.findings.some((f) => f.analysis.tool === 'guard') ? subject : { ...ownGroundSubject(subject.command, subject.ownGround), replay: null };
    audit(ctx, own, agent, 'deny', 'refused-own-ground');
    return { decision: 'deny', reason: ownGroundReason(subject.ownGround), requestId: null, approvalUsed: false };
  }
  const phrases = phrasesOf(subject);
  const blocked = subject.problems.length > 0 ? 'deny' : subject.decision;
  if (blocked === 'allow') {
    if (isDangerous(subject.risk)) audit(ctx, subject, agent, 'allow', 'allowed');
    return { decision: 'allow', reason: '', requestId: null, approvalUsed: false };
  }
  if (blocked === 'confirm' && supportsAsk) {
    audit(ctx, subject, agent, 'confirm', 'asked');
    return { decision: 'ask', reason: askReason(subject, phrases, ctx.config.snapshots), requestId: null, approvalUsed: false };
  }

  const key = approvalKey(subject, ctx.cwd);
  const approval = ctx.approvals.consume(key, { live: !ctx.offline });
  if (approval) {
    // An approved destructive run that cannot be recorded does not run (fail closed).
    if (!audit(ctx, subject, agent, 'deny', 'approval-used')) {
      return { decision: 'deny', reason: failureReason("the audit record of this approved run cannot be written; guard does not let through what it cannot record"), requestId: approval.requestId, approvalUsed: false };
    }
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
    agentProcess: agentProcessFor(ctx),
    resolvedLive: !ctx.offline,
    replay: subject.replay ? { ...subject.replay, env: nonSecretEnvironment(ctx.env) } : null,
  });
  audit(ctx, subject, agent, 'deny', 'refused');
  return { decision: 'deny', reason: denyReason(subject, pending.id, phrases, ctx.config.snapshots), requestId: pending.id, approvalUsed: false };
}
