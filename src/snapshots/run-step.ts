// The pipeline's snapshot step: plan it before the prompt, take and verify it after confirmation, before exec.
import type { Context } from '../core/context.js';
import { formatBytes } from '../core/report.js';
import type { Analysis, SnapshotReport } from '../core/types.js';
import type { AnyTool, ParsedInvocation } from '../tools/tool.js';
import { maxBytes, prepareSnapshot, snapshotDemand, takeSnapshot, type PreparedSnapshot } from './engine.js';
import { SnapshotError, type SnapshotManifest } from './model.js';
import { snapshotDigest } from './store.js';

export interface RunSubject {
  readonly tool: AnyTool | null;
  readonly parsed: ParsedInvocation | null;
  readonly analysis: Analysis;
}

/** The snapshot this run is due, planned (nothing written); null when none is asked for. */
export async function planRunSnapshot(subject: RunSubject, argv: readonly string[], requested: boolean, ctx: Context): Promise<PreparedSnapshot | null> {
  const demand = snapshotDemand(subject.analysis, requested, ctx);
  if (!demand) return null;
  if (!subject.tool || !subject.parsed) {
    // A launcher (`sudo psql …`, `bash -c`) hides the command from the snapshotters: say so.
    return {
      id: '',
      root: '',
      plan: null,
      snapshotter: null,
      report: {
        requirement: demand.requirement,
        because: demand.because,
        id: null,
        family: null,
        targets: [],
        estimatedBytes: null,
        to: null,
        copyable: false,
        reason: 'guard can snapshot only a command it wraps directly (not through a launcher or a shell line)',
        notes: [],
        restore: null,
      },
    };
  }
  return prepareSnapshot({ tool: subject.tool.name, family: subject.tool.family, argv, parsed: subject.parsed, analysis: subject.analysis }, demand, ctx);
}

/** A required snapshot that cannot be taken refuses the run before anyone is asked for a phrase. */
export function refusalBeforePrompt(report: SnapshotReport | undefined): string | null {
  if (!report || report.requirement !== 'required' || report.copyable) return null;
  return `guard: refused (exit 77): a snapshot is required (${report.because}) but none can be taken: ${report.reason ?? 'unknown reason'}.`;
}

export type SnapshotOutcome =
  | { readonly kind: 'taken'; readonly manifest: SnapshotManifest; readonly checksum: string }
  | { readonly kind: 'skipped'; readonly message: string | null }
  | { readonly kind: 'refused'; readonly message: string };

async function askYesNo(question: string, ctx: Context): Promise<boolean | null> {
  const terminal = await ctx.openTerminal();
  if (!terminal) return null;
  try {
    const answer = await terminal.ask(`${question} [y/N]`);
    return answer !== null && /^(y|yes)$/i.test(answer.trim());
  } finally {
    terminal.close();
  }
}

/** After confirmation: ask (offer, over the size limit), then take and verify; a failure refuses. */
export async function snapshotBeforeRun(prepared: PreparedSnapshot, command: readonly string[], ctx: Context): Promise<SnapshotOutcome> {
  const report = prepared.report;
  const required = report.requirement === 'required';
  if (!report.copyable) return { kind: 'skipped', message: `guard: no snapshot: ${report.reason ?? 'nothing can be copied'}.` };
  const what = `${report.targets.join(', ')}${report.estimatedBytes !== null ? `, ~${formatBytes(report.estimatedBytes)}` : ''}`;
  if (!required) {
    const yes = await askYesNo(`Take a snapshot of ${what} first?`, ctx);
    if (!yes) return { kind: 'skipped', message: yes === null ? 'guard: no snapshot (offered, but there is no terminal to ask).' : null };
  }
  const limit = maxBytes(ctx);
  if (report.estimatedBytes !== null && report.estimatedBytes > limit) {
    const yes = await askYesNo(`The snapshot (~${formatBytes(report.estimatedBytes)}) is over the limit of ${formatBytes(limit)} (snapshots.maxBytes). Copy it anyway?`, ctx);
    if (!yes) {
      const why = `the snapshot (~${formatBytes(report.estimatedBytes)}) is over snapshots.maxBytes (${formatBytes(limit)})${yes === null ? ' and there is no terminal to ask' : ''}`;
      if (required) return { kind: 'refused', message: `guard: refused (exit 77): ${why}.` };
      return { kind: 'skipped', message: `guard: no snapshot: ${why}.` };
    }
  }
  const spinner = ctx.spinner(`taking snapshot ${prepared.id}`);
  try {
    const manifest = await takeSnapshot(prepared, command, ctx);
    spinner.stop();
    ctx.stderr.write(`guard: snapshot ${manifest.id} taken and verified (${formatBytes(manifest.bytes)}, ${report.to ?? manifest.path}); to restore: ${manifest.restore}\n`);
    return { kind: 'taken', manifest, checksum: snapshotDigest(manifest.checksums) };
  } catch (error) {
    spinner.stop();
    const why = error instanceof SnapshotError ? error.message : `unexpected failure: ${(error as Error).message}`;
    return { kind: 'refused', message: `guard: refused (exit 77): the snapshot could not be taken or verified, so nothing was run: ${why}` };
  }
}
