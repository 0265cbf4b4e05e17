// The pipeline, top to bottom: parse → classify → resolve → blast → decide → confirm → exec → audit.
import type { ApprovalKey } from '../approvals/model.js';
import type { AnyTool, Classification, InnerCommand, ParsedInvocation, Resolution } from '../tools/tool.js';
import { findTool, PROGRAMS } from '../tools/registry.js';
import { catalogued } from './program-name.js';
import { remoteContext } from './inner-context.js';
import { confirm } from './confirm.js';
import type { Context } from './context.js';
import { confirmPhrase, decide } from './decide.js';
import { EXIT } from './errors.js';
import { buildReport } from './report.js';
import { argvCarriesSecret, nonSecretEnvironment, redactArgv, redactProse } from './redact.js';
import { agentProcessFor } from '../approvals/requester.js';
import { isDangerous, maxRisk } from './risk.js';
import type { AuditRecord } from './audit.js';
import { unknownEnvironment } from './environment.js';
import type { Analysis, Report, Verdict } from './types.js';
import { renderReport } from './render.js';

export interface GuardOptions {
  readonly dryRun: boolean;
  readonly json: boolean;
  /** The typed confirmation from --confirm or GUARD_CONFIRM. */
  readonly confirm: string | null;
  /** `--snapshot`: take a verified snapshot of what the run destroys first, or refuse. */
  readonly snapshot?: boolean;
}

export interface Assessment {
  readonly tool: AnyTool | null;
  readonly parsed: ParsedInvocation | null;
  readonly analysis: Analysis;
  readonly verdict: Verdict;
  readonly report: Report;
}

const NOT_GUARDED: Omit<Analysis, 'tool'> = {
  risk: 'none',
  hits: [],
  environment: null,
  targets: [],
  blastRadius: [],
  credential: null,
  recovery: null,
  unverified: [],
  notes: [],
};

/** parse → classify → resolve → blast → decide: everything but the effects of running. */
export async function assess(argv: readonly string[], ctx: Context, depth = 0): Promise<Assessment> {
  let tool = await findTool(argv[0] ?? '');
  // Another name for a catalogued program (a symlink, `~/bin/pq` → psql) is that program.
  const otherName = tool || !argv[0] ? null : catalogued(argv[0], ctx.env, ctx.cwd, (name) => PROGRAMS.includes(name));
  if (otherName) tool = await findTool(otherName);
  let parsed: ParsedInvocation | null = null;
  let analysis: Analysis;
  if (!tool) {
    analysis = { tool: null, ...NOT_GUARDED };
    // `guard sudo psql …`, `guard bash -c '…'`: what a launcher runs is what counts.
    const shell = await import('../shell/prefix.js');
    if (!ctx.unwrapped && shell.isWrapperProgram(argv[0] ?? '')) analysis = await shell.assessWrapperArgv(argv, ctx);
  } else {
    const own: ParsedInvocation = await tool.parse(argv.slice(1), ctx);
    parsed = own;
    const classification: Classification = tool.classify(own);
    const resolution: Resolution = await tool.resolve(own, classification, ctx);
    analysis = combine(tool.name, classification, resolution);
    if (otherName) analysis = { ...analysis, notes: [`${argv[0]} is another name for ${otherName} (a link to it): guard reads it as ${otherName}.`, ...analysis.notes] };
    if (own.runs) analysis = await withInner(analysis, own.runs, ctx, depth);
  }
  analysis = withoutSecrets(analysis);
  const verdict = decide({ analysis, agent: ctx.agent, policy: ctx.config.policy });
  let shown = parsed?.displayArgv ? [argv[0] ?? '', ...parsed.displayArgv.slice(1)] : argv;
  // `guard sh -c 'mysql -pSECRET …'`: the command text is masked as the shell line it is.
  if (!tool && analysis.tool !== null) shown = await (await import('./redact-line.js')).redactLauncherArgv(argv);
  return { tool, parsed, analysis, verdict, report: buildReport(shown, analysis, verdict, ctx.agent) };
}

const MAX_INNER_DEPTH = 4;

/**
 * A command that runs another (`railway run psql …`) is as dangerous as what it runs. The
 * inner command sees variables the outer tool injects, which guard cannot see: when the
 * inner command is dangerous and the outer environment is not already protected, the
 * environment is unresolved.
 */
async function withInner(outer: Analysis, inner: NonNullable<ParsedInvocation['runs']>, ctx: Context, depth: number): Promise<Analysis> {
  if (depth >= MAX_INNER_DEPTH) {
    return { ...outer, risk: maxRisk(outer.risk, 'unknown'), unverified: [...outer.unverified, `${inner.where}: nested too deeply to analyse`] };
  }
  // The inner argv is new text for the engine (railway run sudo psql …), even inside a line.
  const nested = await assess(inner.argv, innerContext(ctx, inner), depth + 1);
  if (nested.tool && nested.parsed) await nested.tool.dispose?.(nested.parsed);
  const found = nested.analysis;
  if (found.tool === null) return outer;
  const dangerous = found.risk === 'destructive' || found.risk === 'unknown';
  const why = inner.remote ? `${inner.where}: it runs in ${inner.remote}, whose connection settings guard cannot see from here` : `${inner.where}: its variables come from ${outer.tool}, which guard cannot see`;
  const environment = dangerous && !outer.environment?.protected ? unknownEnvironment(why) : outer.environment;
  return {
    ...outer,
    risk: maxRisk(outer.risk, found.risk),
    hits: [...outer.hits, ...found.hits],
    environment,
    targets: dangerous ? [...found.targets.map((t) => ({ ...t, environment: environment?.name ?? t.environment })), ...outer.targets] : outer.targets,
    blastRadius: [...outer.blastRadius, ...found.blastRadius.map((line) => `${inner.where}: ${line}`)],
    recovery: dangerous ? found.recovery ?? outer.recovery : outer.recovery,
    unverified: [...outer.unverified, ...found.unverified],
    notes: [...outer.notes, `${inner.where} runs ${found.tool} (${found.risk}).`, ...found.notes],
  };
}

/**
 * The context the inner command is assessed in. A remote one (container, pod, host) sees none
 * of this machine's variables and none of its servers: guard must not resolve `PGHOST` or
 * measure a local database for a psql that runs in a pod.
 */
function innerContext(ctx: Context, inner: InnerCommand): Context {
  const base = inner.remote ? remoteContext(ctx, inner.remote, inner.env) : ctx;
  return base.unwrapped ? (Object.create(base, { unwrapped: { value: false } }) as Context) : base;
}

/** The analysis with every line of prose it shows masked by the one redactor (src/core/redact.ts). */
function withoutSecrets(analysis: Analysis): Analysis {
  return {
    ...analysis,
    hits: analysis.hits.map((hit) => ({ ...hit, summary: redactProse(hit.summary) })),
    blastRadius: analysis.blastRadius.map(redactProse),
    unverified: analysis.unverified.map(redactProse),
    notes: analysis.notes.map(redactProse),
  };
}

function combine(tool: string, classification: Classification, resolution: Resolution): Analysis {
  // Live facts (a function's body read from the server) may revise what classify concluded.
  const revised = resolution.reclassified;
  return {
    tool,
    risk: maxRisk(revised?.risk ?? classification.risk),
    hits: revised?.hits ?? classification.hits,
    environment: resolution.environment,
    targets: resolution.targets,
    blastRadius: resolution.blastRadius,
    credential: resolution.credential,
    recovery: resolution.recovery,
    unverified: [...(revised?.unverified ?? classification.unverified), ...resolution.unverified],
    notes: [...(revised?.reasons ?? []), ...resolution.notes],
    interactive: classification.interactive ?? false,
  };
}

/** Runs a command under guard and returns the exit status (DESIGN.md's contract). */
export async function runGuarded(argv: readonly string[], options: GuardOptions, ctx: Context): Promise<number> {
  const assessment = await assess(argv, ctx);
  const { analysis, verdict } = assessment;
  // The snapshot engine loads only for a destructive run that asks for one (--snapshot or policy).
  const snapshots = snapshotWanted(analysis, options, ctx) ? await import('../snapshots/run-step.js') : null;
  const prepared = snapshots ? await snapshots.planRunSnapshot(assessment, argv, options.snapshot === true, ctx) : null;
  const report: Report = prepared ? { ...assessment.report, snapshot: prepared.report } : assessment.report;
  const snapshotRefusal = snapshots?.refusalBeforePrompt(report.snapshot) ?? null;
  try {
    if (options.dryRun) {
      const confirmed = verdict.decision === 'allow' || (verdict.decision === 'confirm' && options.confirm === verdict.expectedPhrase);
      const wouldRun = confirmed && snapshotRefusal === null;
      if (options.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else await renderReport(report, verdict, ctx, { dryRun: true });
      audit(ctx, report, 'dry-run', null);
      return wouldRun ? EXIT.ok : EXIT.refused;
    }

    // A phrase typed for a program that is not there would be wasted: look it up first.
    const file = ctx.which(argv[0] ?? '');
    if (!file) {
      ctx.stderr.write(`guard: ${argv[0]}: command not found\n`);
      audit(ctx, report, 'not-found', EXIT.notFound);
      return EXIT.notFound;
    }
    if (verdict.decision !== 'allow' || analysis.interactive || report.snapshot) {
      await renderReport(report, verdict, ctx, { dryRun: false });
    }
    if (snapshotRefusal) {
      ctx.stderr.write(`${snapshotRefusal}\n`);
      audit(ctx, report, 'refused', EXIT.refused);
      return EXIT.refused;
    }
    // An agent's refused command runs only on a human's one-time approval (`guard approve`); the
    // refusal says so in unprotected environments too, so a request is recorded there as well.
    const approval = verdict.decision !== 'allow' && ctx.agent ? consultApprovals(argv, analysis, report, ctx) : null;
    if (verdict.decision !== 'allow' && !approval?.approved) {
      const outcome = await confirm(verdict, report, options.confirm, ctx);
      if (!outcome.confirmed) {
        ctx.stderr.write(`${outcome.message}\n`);
        if (approval?.requestId) ctx.stderr.write(`guard: request ${approval.requestId} is waiting for a human: 'guard approve ${approval.requestId}'.\n`);
        audit(ctx, report, 'refused', EXIT.refused);
        return EXIT.refused;
      }
    }

    // Taken only now, after confirmation and before the run; one that fails refuses the run.
    const taken = snapshots && prepared ? await snapshots.snapshotBeforeRun(prepared, redactArgv(report.argv), ctx) : null;
    if (taken?.kind === 'refused') {
      ctx.stderr.write(`${taken.message}\n`);
      audit(ctx, report, 'refused', EXIT.refused);
      return EXIT.refused;
    }
    if (taken?.kind === 'skipped' && taken.message) ctx.stderr.write(`${taken.message}\n`);
    // --snapshot on a command that destroys nothing: said once, so nobody believes a copy exists.
    if (options.snapshot && !prepared) ctx.stderr.write(`guard: --snapshot: ${argv[0]} destroys nothing here (risk ${analysis.risk}), so nothing was copied.\n`);
    const snapshot = taken?.kind === 'taken' ? { id: taken.manifest.id, checksum: taken.checksum } : undefined;
    const outcome = approval?.approved ? 'approval-used' : verdict.decision === 'allow' ? 'ran' : 'confirmed';
    // A destructive run is recorded before it starts: what guard cannot record, it does not run (for humans too).
    const writeAhead = isDangerous(analysis.risk);
    if (writeAhead) {
      const problem = auditStrict(ctx, report, outcome, null, snapshot);
      if (problem) {
        ctx.stderr.write(`guard: refused (exit 77): the audit record of this ${analysis.risk} run cannot be written (${problem}); guard does not run what it cannot record. Fix the audit log (guard doctor) and try again.\n`);
        return EXIT.refused;
      }
    }
    const stdinFd = assessment.parsed?.stdin?.openForChild();
    const status = await ctx.run({ file, argv0: argv[0] ?? file, args: argv.slice(1), ...(stdinFd !== undefined ? { stdinFd } : {}) });
    audit(ctx, report, writeAhead ? 'exited' : outcome, status, snapshot);
    return status;
  } finally {
    if (assessment.tool && assessment.parsed) await assessment.tool.dispose?.(assessment.parsed);
  }
}

/**
 * Uses a human's matching approval once, or records the request for one. The key is built from
 * this run's fresh resolution, so an approval for a target that has since changed matches nothing.
 */
function consultApprovals(argv: readonly string[], analysis: Analysis, report: Report, ctx: Context): { approved: boolean; requestId: string | null } {
  const key: ApprovalKey = { kind: 'argv', command: argv.join('\0'), cwd: ctx.cwd, targets: analysis.targets.map((t) => `${t.environment}/${t.id}`).sort() };
  try {
    if (ctx.approvals.consume(key, { live: !ctx.offline })) return { approved: true, requestId: null };
    const pending = ctx.approvals.recordPending({
      key,
      display: redactArgv(report.argv).join(' '),
      risk: analysis.risk,
      environment: analysis.environment?.name ?? null,
      blastRadius: analysis.blastRadius,
      phrase: confirmPhrase(analysis),
      requester: 'agent',
      agentProcess: agentProcessFor(ctx),
      resolvedLive: !ctx.offline,
      // The command is kept for a live look-up by `guard approve` only when it carries no secret.
      replay: argvCarriesSecret(argv) || argvCarriesSecret(report.argv) ? null : { kind: 'argv', argv: [...argv], env: nonSecretEnvironment(ctx.env) },
    });
    return { approved: false, requestId: pending.id };
  } catch (error) {
    ctx.stderr.write(`guard: could not reach the approvals store: ${(error as Error).message}\n`);
    return { approved: false, requestId: null };
  }
}

/** Cheap, without loading the engine: whether this run asks for a snapshot at all. */
function snapshotWanted(analysis: Analysis, options: GuardOptions, ctx: Context): boolean {
  if (!isDangerous(analysis.risk)) return false;
  const config = ctx.config.snapshots;
  return options.snapshot === true || (config?.protected ?? 'off') !== 'off' || (config?.unprotected ?? 'off') !== 'off';
}

type SnapshotRef = AuditRecord['snapshot'];

function auditRecord(ctx: Context, report: Report, outcome: string, exitStatus: number | null, snapshot?: SnapshotRef): AuditRecord {
  return {
    time: ctx.now().toISOString(),
    cwd: ctx.cwd,
    argv: redactArgv(report.argv),
    tool: report.tool,
    risk: report.risk,
    environment: report.environment?.name ?? null,
    targets: report.targets.map((t) => `${t.environment}/${t.id}`),
    rules: [...new Set(report.rules.map((r) => r.id))],
    decision: report.decision,
    outcome,
    exitStatus,
    agent: report.agent,
    ...(snapshot ? { snapshot } : {}),
  };
}

/** Appends the record; returns why it could not, or null. */
function auditStrict(ctx: Context, report: Report, outcome: string, exitStatus: number | null, snapshot?: SnapshotRef): string | null {
  try {
    ctx.audit.append(auditRecord(ctx, report, outcome, exitStatus, snapshot));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function audit(ctx: Context, report: Report, outcome: string, exitStatus: number | null, snapshot?: SnapshotRef): void {
  if (report.tool === null) return; // uncatalogued commands run untouched, unrecorded
  const problem = auditStrict(ctx, report, outcome, exitStatus, snapshot);
  // Refusals and completed runs still answer; the write-ahead record above is what fails closed.
  if (problem) ctx.stderr.write(`guard: could not write the audit log: ${problem}\n`);
}
