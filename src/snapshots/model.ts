// The snapshot contract: what a family copies before a destructive run, how it is checked and restored.
import type { Context } from '../core/context.js';
import type { Analysis } from '../core/types.js';
import type { ParsedInvocation } from '../tools/tool.js';

/**
 * One family's way of copying what a command destroys (src/snapshots/families/<family>.ts). The
 * engine (src/snapshots/engine.ts) asks for a plan from the assessment, shows it before the prompt,
 * then has the snapshotter take it into a fresh private directory, verify it, and record it in the
 * manifest. Restore reads only the manifest and the files: the parsed command is gone by then.
 */
export interface Snapshotter {
  /** The family it serves (`postgres`, `mysql`, `redis`, `kubernetes`, `terraform`, `railway`). */
  readonly family: string;
  /**
   * What would be copied for this command, or a plan with `copyable: false` saying why nothing can
   * be. May look things up live (sizes) unless ctx.offline; never writes anywhere.
   */
  plan(input: SnapshotInput, ctx: Context): Promise<SnapshotPlan>;
  /** Copy into `dir` (already created 0700); every file written 0600. Throws SnapshotError on failure. */
  take(plan: SnapshotPlan, dir: string, ctx: Context): Promise<TakenSnapshot>;
  /** Check the files in `dir` against the manifest (and, where it can, the live counts taken then). */
  verify(manifest: SnapshotManifest, dir: string, ctx: Context): Promise<Verification>;
  /** Put what the snapshot holds back; throws SnapshotError when it cannot. */
  restore(manifest: SnapshotManifest, dir: string, ctx: Context): Promise<void>;
}

export interface SnapshotInput {
  readonly tool: string;
  readonly argv: readonly string[];
  readonly parsed: ParsedInvocation;
  readonly analysis: Analysis;
}

export interface SnapshotPlan {
  readonly family: string;
  readonly tool: string;
  readonly environment: string;
  /** What will be copied, as the report names targets: `public.orders`, `shop`, `deployment/api`. */
  readonly targets: readonly string[];
  /** Estimated size of the copy, when known. */
  readonly estimatedBytes: number | null;
  /** False when nothing can be copied; `reason` then says why, plainly, and what else covers it. */
  readonly copyable: boolean;
  readonly reason?: string;
  /** Lines the report shows under the plan ("PVC data is not copied: only its manifest"). */
  readonly notes: readonly string[];
  /**
   * Family-private settings the take/verify/restore steps need (connection settings, object
   * lists). Stored in the manifest: never a secret (passwords come from the environment at
   * restore time, as they did for the command).
   */
  readonly settings: Readonly<Record<string, unknown>>;
  /**
   * Local paths the command destroys, when knowable (a local server's data directory for DROP
   * DATABASE): the engine refuses a store inside any of them. Optional: absent means none known.
   */
  readonly destroysPaths?: readonly string[];
}

export interface TakenSnapshot {
  /** Files written, relative to the snapshot directory. */
  readonly files: readonly string[];
  readonly bytes: number;
  /** Facts taken at copy time that verify compares with (row counts per table, key counts). */
  readonly facts: Readonly<Record<string, unknown>>;
}

export interface Verification {
  readonly ok: boolean;
  /** One line per check made, and for a failure what did not match. */
  readonly checks: readonly string[];
}

/** The manifest.json beside a snapshot's files; `guard snapshots list --json` shows these fields. */
export interface SnapshotManifest {
  readonly version: 1;
  readonly id: string;
  readonly family: string;
  readonly tool: string;
  readonly environment: string;
  readonly targets: readonly string[];
  /** Where the snapshot is: a local directory, or `s3://bucket/prefix/id`. */
  readonly path: string;
  readonly bytes: number;
  readonly createdAt: string;
  readonly verified: boolean;
  /** The command that restores it: `guard snapshots restore <id>`. */
  readonly restore: string;
  /** sha256 of every file, by relative path; checked before verify and restore. */
  readonly checksums: Readonly<Record<string, string>>;
  /** The redacted command the snapshot was taken for. */
  readonly command: readonly string[];
  readonly settings: Readonly<Record<string, unknown>>;
  readonly facts: Readonly<Record<string, unknown>>;
}

/** A snapshot that could not be taken, verified or restored: the message says why, without secrets. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}
