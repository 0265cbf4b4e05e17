// `guard approve` looks the request up again, live, with the human's own credentials: the facts the human decides on.
import type { Context } from '../core/context.js';
import { confirmPhrase } from '../core/decide.js';
import { secretEnvironment } from '../core/redact.js';
import { isDangerous } from '../core/risk.js';
import type { Analysis, Report, Verdict } from '../core/types.js';
import { UNKNOWN_ENVIRONMENT_NAME } from '../core/types.js';
import type { PendingRequest, ReplayCommand } from './model.js';

/** A live look-up that does not answer within this is reported as unverified (the phrase stays unresolved). */
export const LIVE_APPROVE_BUDGET_MS = 20_000;

export interface LiveFinding {
  readonly analysis: Analysis;
  readonly report: Report;
}

export type LiveOutcome =
  /** Every dangerous part resolved live: the phrase and targets come from these facts. */
  | { readonly kind: 'verified'; readonly findings: readonly LiveFinding[]; readonly phrase: string; readonly targets: readonly string[] }
  /** Looked up, but some facts could not be had: shown, and the phrase stays the request's. */
  | { readonly kind: 'unverified'; readonly findings: readonly LiveFinding[]; readonly why: readonly string[] }
  /** Not looked up at all (--offline, a command guard kept only the hash of, a vanished directory). */
  | { readonly kind: 'skipped'; readonly why: string };

/**
 * The environment of the live look-up: the request's non-secret variables (where the command
 * runs), then the human's own credentials. guard's own settings (GUARD_*) always come from the
 * human: an agent must not point the human's look-up at a server of its choosing.
 */
export function liveEnvironment(replay: Readonly<Record<string, string>>, human: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(replay)) if (!name.startsWith('GUARD_')) env[name] = value;
  for (const [name, value] of Object.entries(human)) if (name.startsWith('GUARD_') && value !== undefined) env[name] = value;
  Object.assign(env, secretEnvironment(human));
  // The human's home and login files, never the agent's idea of them.
  if (human.HOME !== undefined) env.HOME = human.HOME;
  return env;
}

function liveContext(ctx: Context, request: PendingRequest, replay: ReplayCommand): Context {
  const live = Object.create(ctx) as Context;
  Object.defineProperties(live, {
    cwd: { value: request.key.cwd, enumerable: true },
    env: { value: liveEnvironment(replay.env, ctx.env), enumerable: true },
    offline: { value: false, enumerable: true },
    // Judged as the agent's request: the policy for agents applies to what is shown.
    agent: { value: true, enumerable: true },
    unwrapped: { value: false, enumerable: true },
  });
  return live;
}

async function analyse(replay: ReplayCommand, ctx: Context): Promise<LiveFinding[]> {
  if (replay.kind === 'argv') {
    const { assess } = await import('../core/pipeline.js');
    const assessment = await assess(replay.argv, ctx);
    if (assessment.tool && assessment.parsed) await assessment.tool.dispose?.(assessment.parsed);
    return [{ analysis: assessment.analysis, report: assessment.report }];
  }
  if (replay.kind === 'line') {
    const { assessShellLine } = await import('../shell/assess.js');
    const line = await assessShellLine(replay.line, ctx);
    return line.commands.map(({ assessment }) => ({ analysis: assessment.analysis, report: assessment.report }));
  }
  const [{ assessMcpCall }, { buildReport }] = await Promise.all([import('../hooks/mcp.js'), import('../core/report.js')]);
  const subject = await assessMcpCall(replay.tool, replay.input, ctx);
  return subject.findings.map((f: { analysis: Analysis; verdict: Verdict; origin: string }) => ({ analysis: f.analysis, report: buildReport([f.origin], f.analysis, f.verdict, true) }));
}

function withBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the live look-up took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Assesses the request again, live; never throws (what fails is said, and the phrase stays unresolved). */
export async function reassessLive(request: PendingRequest, ctx: Context, budgetMs = LIVE_APPROVE_BUDGET_MS): Promise<LiveOutcome> {
  const replay = request.replay;
  if (!replay) return { kind: 'skipped', why: 'the command carries a secret, so guard kept only its fingerprint and cannot look it up again' };
  if (!ctx.fileExists(request.key.cwd)) return { kind: 'skipped', why: `its working directory ${request.key.cwd} no longer exists` };
  // Each live look-up shows its own spinner (railway's, psql's…): one at a time on the terminal.
  let findings: LiveFinding[];
  try {
    findings = await withBudget(analyse(replay, liveContext(ctx, request, replay)), budgetMs);
  } catch (error) {
    return { kind: 'unverified', findings: [], why: [(error as Error).message] };
  }
  const dangerous = findings.filter((f) => isDangerous(f.analysis.risk));
  const why = [...new Set(dangerous.flatMap((f) => f.analysis.unverified))];
  const unresolved = dangerous.some((f) => f.analysis.environment?.name === UNKNOWN_ENVIRONMENT_NAME || f.analysis.environment === null);
  if (dangerous.length === 0) return { kind: 'unverified', findings, why: ['looked up live, the command no longer resolves to anything destructive; guard keeps the phrase the agent was refused with'] };
  if (why.length > 0 || unresolved) return { kind: 'unverified', findings: dangerous, why: why.length > 0 ? why : ['the environment could not be resolved'] };
  const targets = [...new Set(dangerous.flatMap((f) => f.analysis.targets.map((t) => `${t.environment}/${t.id}`)))].sort();
  return { kind: 'verified', findings: dangerous, phrase: confirmPhrase(dangerous[0]!.analysis), targets };
}
