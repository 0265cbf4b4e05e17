// The snapshot engine: when a snapshot is due, its plan, taking and verifying it, checking and restoring it later.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../core/context.js';
import { isDangerous } from '../core/risk.js';
import type { Analysis, SnapshotReport } from '../core/types.js';
import type { SnapshotRequirement } from '../config/types.js';
import type { ParsedInvocation } from '../tools/tool.js';
import { snapshotterFor } from './families.js';
import { SnapshotError, type SnapshotManifest, type SnapshotPlan, type Snapshotter, type Verification } from './model.js';
import { downloadSnapshot, s3SnapshotUrl, uploadSnapshot } from './s3.js';
import {
  bytesOf,
  checksumFiles,
  checksumProblems,
  createSnapshotDirectory,
  displayPath,
  isInside,
  newSnapshotId,
  openStore,
  removeSnapshotDirectory,
  storeProblem,
  storeRoot,
  tightenPermissions,
  writeManifest,
  type StoredSnapshot,
} from './store.js';

/** Above this estimated size guard asks before copying (snapshots.maxBytes). */
export const DEFAULT_MAX_BYTES = 1_000_000_000;

export interface SnapshotDemand {
  readonly requirement: 'required' | 'offer';
  readonly because: string;
}

/** Whether this run must (or may) take a snapshot: only destructive runs, by --snapshot or policy. */
export function snapshotDemand(analysis: Analysis, requested: boolean, ctx: Context): SnapshotDemand | null {
  if (!isDangerous(analysis.risk)) return null;
  if (requested) return { requirement: 'required', because: '--snapshot' };
  const isProtected = analysis.environment?.protected ?? false;
  const key = isProtected ? 'protected' : 'unprotected';
  const level: SnapshotRequirement = ctx.config.snapshots?.[key] ?? 'off';
  if (level === 'off') return null;
  return { requirement: level, because: `policy: snapshots.${key} is ${level}` };
}

/** A snapshot planned for one run: shown before the prompt, taken after it. */
export interface PreparedSnapshot {
  readonly id: string;
  readonly root: string;
  readonly plan: SnapshotPlan | null;
  readonly snapshotter: Snapshotter | null;
  readonly report: SnapshotReport;
}

export interface PlanInput {
  readonly tool: string;
  readonly family: string;
  readonly argv: readonly string[];
  readonly parsed: ParsedInvocation;
  readonly analysis: Analysis;
}

export function restoreCommand(id: string): string {
  return `guard snapshots restore ${id}`;
}

/** Asks the family's snapshotter what it would copy; never writes anything. */
export async function prepareSnapshot(input: PlanInput, demand: SnapshotDemand, ctx: Context): Promise<PreparedSnapshot> {
  const id = newSnapshotId(ctx.now());
  const root = storeRoot(ctx.config.snapshots, ctx.env, ctx.home, ctx.cwd);
  const snapshotter = await snapshotterFor(input.family);
  let plan: SnapshotPlan | null = null;
  let reason: string | null = null;
  if (!snapshotter) reason = `guard cannot copy what ${input.tool} destroys (no snapshotter for ${input.family})`;
  else {
    try {
      plan = await snapshotter.plan({ tool: input.tool, argv: input.argv, parsed: input.parsed, analysis: input.analysis }, ctx);
      if (!plan.copyable) reason = plan.reason ?? 'nothing can be copied';
    } catch (error) {
      reason = error instanceof SnapshotError ? error.message : `planning the snapshot failed: ${(error as Error).message}`;
    }
  }
  reason ??= whereProblem(root, plan, ctx);
  const s3 = ctx.config.snapshots?.s3;
  let to: string | null = null;
  try {
    to = s3 ? s3SnapshotUrl(s3, id) : displayPath(join(root, id), ctx.home);
  } catch (error) {
    reason ??= (error as Error).message;
  }
  const copyable = reason === null && plan !== null;
  return {
    id,
    root,
    plan,
    snapshotter,
    report: {
      requirement: demand.requirement,
      because: demand.because,
      id: copyable ? id : null,
      family: input.family,
      targets: plan?.targets ?? [],
      estimatedBytes: plan?.estimatedBytes ?? null,
      to: copyable ? to : null,
      copyable,
      reason,
      notes: plan?.notes ?? [],
      restore: copyable ? restoreCommand(id) : null,
    },
  };
}

/** Why the store cannot take this snapshot: unfit permissions, or inside what the command destroys. */
function whereProblem(root: string, plan: SnapshotPlan | null, ctx: Context): string | null {
  for (const destroyed of plan?.destroysPaths ?? []) {
    if (isInside(root, destroyed)) return `the snapshot store ${displayPath(root, ctx.home)} is inside ${destroyed}, which this command destroys; configure snapshots.directory elsewhere`;
  }
  const problem = storeProblem(root);
  return problem ? `the snapshot store is unfit: ${problem}` : null;
}

export function maxBytes(ctx: Context): number {
  return ctx.config.snapshots?.maxBytes ?? DEFAULT_MAX_BYTES;
}

/**
 * Takes, checksums and verifies the snapshot, then records it; on any failure the directory is
 * removed and SnapshotError says why (the caller refuses the run).
 */
export async function takeSnapshot(prepared: PreparedSnapshot, command: readonly string[], ctx: Context): Promise<SnapshotManifest> {
  const { plan, snapshotter, id, root } = prepared;
  if (!plan || !snapshotter || !prepared.report.copyable) throw new SnapshotError(prepared.report.reason ?? 'no snapshot can be taken');
  openStore(root);
  const dir = createSnapshotDirectory(root, id);
  try {
    const taken = await snapshotter.take(plan, dir, ctx);
    tightenPermissions(dir);
    const checksums = await checksumFiles(dir, taken.files);
    const s3 = ctx.config.snapshots?.s3;
    const base: SnapshotManifest = {
      version: 1,
      id,
      family: plan.family,
      tool: plan.tool,
      environment: plan.environment,
      targets: plan.targets,
      path: s3 ? s3SnapshotUrl(s3, id) : dir,
      bytes: bytesOf(dir, taken.files),
      createdAt: ctx.now().toISOString(),
      verified: false,
      restore: restoreCommand(id),
      checksums,
      command,
      settings: plan.settings,
      facts: taken.facts,
    };
    writeManifest(dir, base);
    const verification = await snapshotter.verify(base, dir, ctx);
    if (!verification.ok) throw new SnapshotError(`the snapshot did not verify: ${verification.checks.join('; ')}`);
    if (s3) await keepInS3(base, dir, taken.files, ctx);
    const manifest = { ...base, verified: true };
    writeManifest(dir, manifest);
    return manifest;
  } catch (error) {
    removeSnapshotDirectory(dir);
    if (error instanceof SnapshotError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotError(`taking the snapshot failed: ${code === 'ENOSPC' ? 'no space left on the store' : (error as Error).message}`);
  }
}

/** Uploads, fetches back and compares checksums; then only the manifest stays local. */
async function keepInS3(manifest: SnapshotManifest, dir: string, files: readonly string[], ctx: Context): Promise<void> {
  await uploadSnapshot(dir, manifest.path, files, ctx);
  const check = join(dir, '.s3-check');
  mkdirSync(check, { mode: 0o700 });
  try {
    await downloadSnapshot(manifest.path, check, files, ctx);
    const problems = await checksumProblems(manifest, check);
    if (problems.length > 0) throw new SnapshotError(`the copy in ${manifest.path} does not match: ${problems.join('; ')}`);
  } finally {
    rmSync(check, { recursive: true, force: true });
  }
  for (const file of files) rmSync(join(dir, file), { force: true });
}

/** A stored snapshot's files, local or fetched from S3 for the duration of `use`. */
async function withFiles<T>(stored: StoredSnapshot & { manifest: SnapshotManifest }, ctx: Context, use: (dir: string) => Promise<T>): Promise<T> {
  const { manifest, dir } = stored;
  if (!manifest.path.startsWith('s3://')) return use(dir);
  const fetched = join(dir, '.fetched');
  rmSync(fetched, { recursive: true, force: true });
  mkdirSync(fetched, { mode: 0o700 });
  try {
    await downloadSnapshot(manifest.path, fetched, Object.keys(manifest.checksums), ctx);
    return await use(fetched);
  } finally {
    rmSync(fetched, { recursive: true, force: true });
  }
}

export interface SnapshotCheck extends Verification {
  /** False when the bytes differ from the manifest (corrupted or changed). */
  readonly intact: boolean;
}

/** Checksums first (a corrupted file is named), then the family's own verification. */
export async function checkSnapshot(stored: StoredSnapshot, ctx: Context, options: { deep: boolean } = { deep: true }): Promise<SnapshotCheck> {
  const manifest = stored.manifest;
  if (!manifest) return { ok: false, intact: false, checks: [stored.problem ?? 'no manifest'] };
  return withFiles({ ...stored, manifest }, ctx, async (dir) => {
    const problems = await checksumProblems(manifest, dir);
    if (problems.length > 0) return { ok: false, intact: false, checks: problems.map((p) => `corrupted: ${p}`) };
    const checks = [`checksums match (${Object.keys(manifest.checksums).length} file${Object.keys(manifest.checksums).length === 1 ? '' : 's'})`];
    if (!manifest.verified) return { ok: false, intact: true, checks: [...checks, 'it was never verified when taken'] };
    if (!options.deep) return { ok: true, intact: true, checks };
    const snapshotter = await snapshotterFor(manifest.family);
    if (!snapshotter) return { ok: false, intact: true, checks: [...checks, `no snapshotter for ${manifest.family} in this guard`] };
    const verification = await snapshotter.verify(manifest, dir, ctx);
    return { ok: verification.ok, intact: true, checks: [...checks, ...verification.checks] };
  });
}

/** Puts a snapshot back after checking it; throws SnapshotError when it is corrupted or the family cannot. */
export async function restoreStored(stored: StoredSnapshot, ctx: Context): Promise<void> {
  const manifest = stored.manifest;
  if (!manifest) throw new SnapshotError(stored.problem ?? 'no manifest');
  const snapshotter = await snapshotterFor(manifest.family);
  if (!snapshotter) throw new SnapshotError(`no snapshotter for ${manifest.family} in this guard`);
  await withFiles({ ...stored, manifest }, ctx, async (dir) => {
    const problems = await checksumProblems(manifest, dir);
    if (problems.length > 0) throw new SnapshotError(`refusing to restore a corrupted snapshot: ${problems.join('; ')}`);
    if (!manifest.verified) throw new SnapshotError('refusing to restore a snapshot that was never verified');
    await snapshotter.restore(manifest, dir, ctx);
  });
}

/** True when a stored snapshot's local directory still holds its data (not only a manifest of an S3 copy). */
export function isLocal(stored: StoredSnapshot): boolean {
  return stored.manifest !== null && !stored.manifest.path.startsWith('s3://') && existsSync(stored.dir);
}
