// Pulumi snapshots: the stack's state (`pulumi stack export`, secrets left encrypted) before destroy/stack rm/state delete/up.
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import type { ParsedPulumi } from '../../tools/pulumi/pulumi-tool.js';
import { SnapshotError, type SnapshotInput, type SnapshotManifest, type SnapshotPlan, type Snapshotter, type TakenSnapshot, type Verification } from '../model.js';
import { COPY_TIMEOUT_MS, failureLine, privateFileSize, readSnapshotFile, requireBinary, settingString } from './shared.js';

const FILE = 'stack.json';
const COVERED = new Set(['destroy', 'stack-rm', 'state-delete', 'up-deletes', 'up-unseen']);

function notCopyable(input: SnapshotInput, reason: string): SnapshotPlan {
  return { family: 'pulumi', tool: input.tool, environment: input.analysis.environment?.name ?? 'unknown', targets: [], estimatedBytes: null, copyable: false, reason, notes: [], settings: {} };
}

function plan(input: SnapshotInput): SnapshotPlan {
  const parsed = input.parsed as Partial<ParsedPulumi>;
  if (!parsed.stack || !parsed.command) return notCopyable(input, `${input.tool}: no Pulumi stack to copy`);
  const dangerous = input.analysis.hits.filter((hit) => hit.rule.risk === 'destructive' || hit.rule.risk === 'unknown');
  const uncovered = dangerous.filter((hit) => !COVERED.has(hit.rule.id.slice(hit.rule.id.indexOf('/') + 1)));
  if (uncovered.length > 0 || dangerous.length === 0) return notCopyable(input, `nothing guard can copy covers ${uncovered.map((hit) => hit.summary).join('; ') || 'this command'}`);
  // `pulumi stack rm NAME` names its stack; everything else acts on the selected one.
  const stack = (parsed.command.path.join(' ') === 'stack rm' ? parsed.command.positionals[0] : undefined) ?? parsed.stack.stack;
  if (!stack) return notCopyable(input, 'guard could not tell which stack: pass --stack');
  return {
    family: 'pulumi',
    tool: input.tool,
    environment: input.analysis.environment?.name ?? 'unknown',
    targets: [`stack ${stack}${parsed.stack.project ? ` of ${parsed.stack.project}` : ''}: state`],
    estimatedBytes: null,
    copyable: true,
    notes: [
      'pulumi stack export (secrets stay encrypted by the stack\'s secrets provider); restore runs pulumi stack import (after stack rm: stack init first)',
      'a copy of the state does not bring destroyed cloud resources back: it records what existed so they can be found, imported or recreated',
    ],
    settings: { dir: parsed.stack.dir, stack, removesStack: parsed.command.path.join(' ') === 'stack rm' },
  };
}

async function pulumi(settings: Readonly<Record<string, unknown>>, args: readonly string[], ctx: Context): Promise<string> {
  const dir = settingString(settings, 'dir');
  if (dir === null) throw new SnapshotError('the manifest has no usable Pulumi settings');
  const binary = requireBinary(ctx, ['pulumi'], 'the stack is exported and imported through it');
  const result = await ctx.subprocess.run(binary, [...args, '--non-interactive'], { cwd: dir, env: ctx.env, timeoutMs: COPY_TIMEOUT_MS, maxOutputBytes: 4 << 20 });
  if (result.status !== 0 || result.timedOut) throw new SnapshotError(`pulumi ${args.slice(0, 2).join(' ')}: ${failureLine(result, 'pulumi')}`);
  return result.stdout;
}

function deploymentFacts(text: string): { version: number; resources: number } {
  let parsed: { version?: unknown; deployment?: { resources?: unknown } };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new SnapshotError(`${FILE} is not JSON`);
  }
  if (typeof parsed.version !== 'number' || typeof parsed.deployment !== 'object' || parsed.deployment === null) throw new SnapshotError(`${FILE} is not a Pulumi deployment (no version or deployment)`);
  return { version: parsed.version, resources: Array.isArray(parsed.deployment.resources) ? parsed.deployment.resources.length : 0 };
}

async function take(planned: SnapshotPlan, dir: string, ctx: Context): Promise<TakenSnapshot> {
  const stack = settingString(planned.settings, 'stack') ?? '';
  await pulumi(planned.settings, ['stack', 'export', '--stack', stack, '--file', join(dir, FILE)], ctx);
  const bytes = await privateFileSize(dir, FILE);
  return { files: [FILE], bytes, facts: deploymentFacts((await readSnapshotFile(dir, FILE)).toString('utf8')) };
}

async function verify(manifest: SnapshotManifest, dir: string): Promise<Verification> {
  try {
    const found = deploymentFacts((await readSnapshotFile(dir, FILE)).toString('utf8'));
    const same = found.version === manifest.facts.version && found.resources === manifest.facts.resources;
    return { ok: same, checks: [`deployment version ${found.version}, ${found.resources} resources${same ? '' : ` (MISMATCH: ${String(manifest.facts.resources)} when taken)`}`] };
  } catch (error) {
    return { ok: false, checks: [(error as Error).message] };
  }
}

async function restore(manifest: SnapshotManifest, dir: string, ctx: Context): Promise<void> {
  const stack = settingString(manifest.settings, 'stack') ?? '';
  if (manifest.settings.removesStack === true) {
    const listed = await pulumi(manifest.settings, ['stack', 'ls', '--json'], ctx).catch(() => '[]');
    const names = (JSON.parse(listed) as { name?: string }[]).map((s) => s.name);
    if (!names.includes(stack)) await pulumi(manifest.settings, ['stack', 'init', stack], ctx);
  }
  await pulumi(manifest.settings, ['stack', 'import', '--stack', stack, '--file', join(dir, FILE)], ctx);
}

export const pulumiSnapshotter: Snapshotter = {
  family: 'pulumi',
  plan: async (input) => plan(input),
  take,
  verify: async (manifest, dir) => verify(manifest, dir),
  restore,
};
