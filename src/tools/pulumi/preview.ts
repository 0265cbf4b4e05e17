// `pulumi preview --json` through ctx.subprocess, and the pure reading of its steps.
import { offlineCause, type Context } from '../../core/context.js';
import { flagValue, type PulumiCommand } from './parser.js';
import type { StackFacts } from './stack.js';

export interface PreviewLoss {
  readonly urn: string;
  readonly type: string;
  readonly op: string;
}

export type PreviewLookup =
  | { readonly kind: 'not-needed' }
  | { readonly kind: 'skipped' | 'failed'; readonly why: string }
  | { readonly kind: 'read'; readonly losses: readonly PreviewLoss[]; readonly changes: number };

// Step ops that delete an existing object (pkg/resource/deploy/step.go: OpDelete, OpReplace, OpDeleteReplaced…).
const LOSING_OPS = new Set(['delete', 'replace', 'create-replacement', 'delete-replaced', 'discard', 'discard-replaced', 'import-replacement', 'read-replacement']);

/** `urn:pulumi:stack::project::parent$type::name` → `type`. */
function typeOfUrn(urn: string): string {
  const parts = urn.split('::');
  return (parts[2] ?? '').split('$').at(-1) ?? '';
}

export function summarisePreview(json: string): { losses: PreviewLoss[]; changes: number } {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as Record<string, unknown>).steps ?? [])) throw new Error('not a pulumi preview');
  const losses: PreviewLoss[] = [];
  let changes = 0;
  for (const step of ((parsed as Record<string, unknown>).steps ?? []) as unknown[]) {
    if (typeof step !== 'object' || step === null) throw new Error('a preview step that is not an object');
    const { op, urn } = step as Record<string, unknown>;
    if (typeof op !== 'string') throw new Error('a preview step without op');
    if (op !== 'same') changes++;
    if (LOSING_OPS.has(op)) losses.push({ urn: typeof urn === 'string' ? urn : '', type: typeOfUrn(typeof urn === 'string' ? urn : ''), op });
  }
  return { losses, changes };
}

// Flags of `up` that change what it would do, passed on to the preview as given.
const PASSED_ON = ['target', 'target-dependents', 'exclude', 'exclude-dependents', 'replace', 'target-replace', 'config', 'config-file', 'config-path', 'refresh', 'policy-pack', 'policy-pack-config', 'plan'];

export async function previewUp(command: PulumiCommand, facts: StackFacts, ctx: Context): Promise<PreviewLookup> {
  if (ctx.offline) return { kind: 'skipped', why: `pulumi up's preview (skipped with ${offlineCause(ctx)})` };
  const binary = ctx.which('pulumi');
  if (!binary) return { kind: 'skipped', why: "pulumi up's preview: pulumi is not on PATH" };
  const args = ['preview', '--json', '--non-interactive'];
  if (facts.stack) args.push('--stack', facts.stack);
  for (const name of PASSED_ON) for (const value of command.flags.get(name) ?? []) args.push(`--${name}=${value}`);
  if (flagValue(command, 'cwd')) args.push('--cwd', facts.dir);
  const spinner = ctx.spinner('guard: pulumi preview…');
  try {
    const result = await ctx.subprocess.run(binary, args, { cwd: facts.dir, env: { ...ctx.env, PULUMI_SKIP_UPDATE_CHECK: 'true' }, timeoutMs: 300_000, maxOutputBytes: 64 * 1024 * 1024 });
    if (result.timedOut || result.truncated || result.status !== 0) {
      const reason = result.timedOut ? 'timed out' : result.truncated ? 'output too large' : result.stderr.trim().split('\n').slice(0, 3).join(' ').slice(0, 400) || `exit ${result.status}`;
      return { kind: 'failed', why: `pulumi preview failed: ${reason}` };
    }
    return { kind: 'read', ...summarisePreview(result.stdout) };
  } catch (error) {
    return { kind: 'failed', why: `pulumi preview: ${(error as Error).message}` };
  } finally {
    spinner.stop();
  }
}
