// Drives a family snapshotter as the engine will: assess → plan → take into a 0700 directory → manifest → verify.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { assess } from '../../src/core/pipeline.js';
import type { Context } from '../../src/core/context.js';
import type { SnapshotManifest, SnapshotPlan, Snapshotter, Verification } from '../../src/snapshots/model.js';

export interface TakenForTest {
  readonly plan: SnapshotPlan;
  readonly manifest: SnapshotManifest;
  readonly dir: string;
  readonly verification: Verification;
}

/** The plan the snapshotter makes for `argv` as guard assesses it in `ctx`. */
export async function planFor(snapshotter: Snapshotter, argv: readonly string[], ctx: Context): Promise<SnapshotPlan> {
  return (await planAndShownArgv(snapshotter, argv, ctx)).plan;
}

/** The plan, and the command as the report shows it (secrets masked): what the manifest records. */
async function planAndShownArgv(snapshotter: Snapshotter, argv: readonly string[], ctx: Context): Promise<{ plan: SnapshotPlan; shown: readonly string[] }> {
  const assessment = await assess(argv, ctx);
  if (!assessment.tool || !assessment.parsed) throw new Error(`${argv[0]}: not a guarded tool`);
  try {
    const plan = await snapshotter.plan({ tool: assessment.tool.name, argv, parsed: assessment.parsed, analysis: assessment.analysis }, ctx);
    return { plan, shown: assessment.report.argv };
  } finally {
    await assessment.tool.dispose?.(assessment.parsed);
  }
}

/** A private directory removed after the test file, like the engine's store would make one. */
export function privateDirectory(prefix = 'guard-snapshot-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function takeFor(snapshotter: Snapshotter, argv: readonly string[], ctx: Context): Promise<TakenForTest> {
  const { plan, shown } = await planAndShownArgv(snapshotter, argv, ctx);
  if (!plan.copyable) throw new Error(`not copyable: ${plan.reason ?? '(no reason)'}`);
  const dir = privateDirectory();
  const taken = await snapshotter.take(plan, dir, ctx);
  const checksums = Object.fromEntries(taken.files.map((file) => [file, createHash('sha256').update(readFileSync(join(dir, file))).digest('hex')]));
  const manifest: SnapshotManifest = {
    version: 1,
    id: 'test-snapshot',
    family: plan.family,
    tool: plan.tool,
    environment: plan.environment,
    targets: plan.targets,
    path: dir,
    bytes: taken.bytes,
    createdAt: ctx.now().toISOString(),
    verified: false,
    restore: 'guard snapshots restore test-snapshot',
    checksums,
    command: shown,
    settings: JSON.parse(JSON.stringify(plan.settings)) as Record<string, unknown>,
    facts: JSON.parse(JSON.stringify(taken.facts)) as Record<string, unknown>,
  };
  const verification = await snapshotter.verify(manifest, dir, ctx);
  return { plan, manifest, dir, verification };
}
