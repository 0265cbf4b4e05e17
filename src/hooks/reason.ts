// The words an agent (and the human behind it) reads when guard denies or asks: the blast radius, never a way past.
import type { SnapshotsConfig } from '../config/types.js';
import { isDangerous } from '../core/risk.js';
import type { Finding, HookSubject, OwnGroundTouch } from './model.js';

const MAX_LINES = 12;

/**
 * The hook only answers; it runs nothing, so it takes no snapshot. It says when policy wants one,
 * so the agent (and the human reading along) know the command must be run under guard to get it.
 */
function snapshotLine(finding: Finding, snapshots: SnapshotsConfig | undefined): string | null {
  if (!isDangerous(finding.analysis.risk)) return null;
  const key = finding.analysis.environment?.protected ?? false ? 'protected' : 'unprotected';
  const level = snapshots?.[key] ?? 'off';
  if (level === 'off') return null;
  const what = level === 'required' ? 'requires a verified snapshot before it runs' : 'offers a snapshot before it runs';
  return `  snapshot: policy (snapshots.${key}: ${level}) ${what}; this hook runs nothing, so none was taken: run it as 'guard --snapshot …' to have one taken and verified first`;
}

function findingLines(finding: Finding, snapshots?: SnapshotsConfig): string[] {
  const { analysis } = finding;
  const lines: string[] = [];
  const rules = [...new Set(analysis.hits.filter((h) => h.rule.risk === analysis.risk).map((h) => `${h.summary} [${h.rule.id}]`))];
  const env = analysis.environment;
  const where = env ? ` in ${env.name} (${env.protected ? 'protected' : 'unprotected'}; ${env.source})` : '';
  lines.push(`${analysis.risk}${where}: ${rules.join('; ') || finding.origin}`);
  for (const target of analysis.targets) lines.push(`  target: ${target.kind} ${target.name}${target.id !== target.name ? ` (${target.id})` : ''}, environment ${target.environment}`);
  for (const line of analysis.blastRadius) lines.push(`  blast radius: ${line}`);
  if (analysis.credential) lines.push(`  credential: ${analysis.credential.source}: ${analysis.credential.reach}`);
  for (const reason of analysis.hits.filter((h) => h.rule.risk === analysis.risk).map((h) => h.rule.reason)) {
    if (!lines.includes(`  why: ${reason}`)) lines.push(`  why: ${reason}`);
  }
  if (analysis.unverified.length > 0) lines.push(`  not verified: ${analysis.unverified.join('; ')}`);
  if (analysis.recovery) lines.push(`  recovery: ${analysis.recovery}`);
  // Second, so the bound on lines never cuts it off.
  const snapshot = snapshotLine(finding, snapshots);
  if (snapshot) lines.splice(1, 0, snapshot);
  return lines;
}

function dangerousFindings(subject: HookSubject): Finding[] {
  const dangerous = subject.findings.filter((f) => isDangerous(f.analysis.risk) || f.verdict.decision !== 'allow');
  return dangerous.length > 0 ? dangerous : [...subject.findings];
}

/** Everything guard knows about why the request is dangerous, bounded so agents' UIs stay readable. */
export function describeSubject(subject: HookSubject, snapshots?: SnapshotsConfig): string[] {
  const lines = [...subject.problems.map((p) => `guard could not analyse the command: ${p}`), ...dangerousFindings(subject).flatMap((finding) => findingLines(finding, snapshots))];
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `  … and ${lines.length - MAX_LINES} more lines`] : lines;
}

/** A confirmation phrase must never reach an agent: if a fact happens to spell it, mask it. */
function withoutPhrase(text: string, phrases: readonly string[]): string {
  return phrases.filter((p) => p.length > 0).reduce((out, phrase) => out.split(phrase).join('<environment>/<target>'), text);
}

export function denyReason(subject: HookSubject, requestId: string | null, phrases: readonly string[], snapshots?: SnapshotsConfig): string {
  const head = 'guard refused this command: a human must approve it first.';
  const approval = requestId
    ? `Stop and ask the user to review it: they can run 'guard approve ${requestId}' in their own terminal. After that, the exact same command may run once within 15 minutes, and only if its targets have not changed.`
    : `Stop and ask the user: a human must approve this with 'guard approve'.`;
  return withoutPhrase([head, ...describeSubject(subject, snapshots), approval].join('\n'), phrases);
}

export function askReason(subject: HookSubject, phrases: readonly string[], snapshots?: SnapshotsConfig): string {
  return withoutPhrase(['guard: this command is destructive; approve it only if this is what you intend.', ...describeSubject(subject, snapshots)].join('\n'), phrases);
}

export function failureReason(why: string): string {
  return `guard could not check this command (${why}), so it is refused (fail closed). Stop and ask the user; a human must approve it with 'guard approve' or run it themselves.`;
}

export function ownGroundReason(touches: readonly OwnGroundTouch[]): string {
  const lines = [...new Set(touches.map((t) => `  ${t.by}: ${t.what}${t.path ? ` (${t.path})` : ''}`))].slice(0, MAX_LINES);
  return [
    "guard refused this command: it would change guard's own state (its configuration, approvals, audit log, key, hooks or shims), or approve a request.",
    ...lines,
    'An agent may not change or approve guard from inside its own session: a human must do it, by hand, in their own terminal. Stop and tell the user what you wanted to change and why.',
  ].join('\n');
}
