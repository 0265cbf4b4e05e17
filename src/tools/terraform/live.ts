// Read-only look-ups through the real terraform: `plan -out` to a private file, then `show -json`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { offlineCause, type Context } from '../../core/context.js';
import { PLAN_CUSTOMISATION, TOFU_PLAN_CUSTOMISATION } from './grammar.js';
import { planDiagnostics, summarisePlan, type PlanSummary } from './plan-json.js';
import { boolFlag, type TerraformCommand } from './parser.js';

export type PlanLookup =
  | { readonly kind: 'not-needed' }
  | { readonly kind: 'skipped'; readonly why: string }
  | { readonly kind: 'failed'; readonly why: string }
  | { readonly kind: 'read'; readonly source: string; readonly summary: PlanSummary };

// Planning refreshes every resource through its provider: slow on big states, but bounded.
const PLAN_TIMEOUT_MS = 300_000;
const SHOW_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** The user's environment minus TF_CLI_ARGS*: guard passes the effective arguments itself. */
function lookupEnv(ctx: Context): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(ctx.env)) if (!name.startsWith('TF_CLI_ARGS')) env[name] = value;
  return { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
}

/** The plan-customisation flags of the command as `-name=value` words, in the order given. */
export function planArguments(command: TerraformCommand): string[] {
  const names = new Set([...Object.keys(PLAN_CUSTOMISATION), ...(command.program === 'tofu' ? Object.keys(TOFU_PLAN_CUSTOMISATION) : []), 'parallelism', 'state']);
  const out: string[] = [];
  for (const [name, values] of command.flags) if (names.has(name)) for (const value of values) out.push(`-${name}=${value}`);
  if (command.path[0] === 'destroy') out.push('-destroy');
  return out;
}

function firstLines(text: string): string {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).slice(0, 3).join(' ').slice(0, 400);
}

async function show(binary: string, planFile: string, dir: string, ctx: Context): Promise<PlanLookup> {
  const result = await ctx.subprocess.run(binary, ['show', '-json', '-no-color', planFile], { cwd: dir, env: lookupEnv(ctx), timeoutMs: SHOW_TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT_BYTES });
  if (result.timedOut || result.truncated || result.status !== 0) {
    return { kind: 'failed', why: `terraform show -json ${planFile} failed: ${result.timedOut ? 'timed out' : result.truncated ? 'output too large' : firstLines(result.stderr) || `exit ${result.status}`}` };
  }
  try {
    return { kind: 'read', source: planFile, summary: summarisePlan(result.stdout) };
  } catch (error) {
    return { kind: 'failed', why: `terraform show -json ${planFile}: ${(error as Error).message}` };
  }
}

/** A saved plan passed to apply: classify exactly what it holds. */
export async function readSavedPlan(command: TerraformCommand, dir: string, planFile: string, ctx: Context): Promise<PlanLookup> {
  if (ctx.offline) return { kind: 'skipped', why: `the saved plan ${planFile} (reading it needs terraform show; skipped with ${offlineCause(ctx)})` };
  const binary = ctx.which(command.program);
  if (!binary) return { kind: 'failed', why: `the saved plan ${planFile}: ${command.program} is not on PATH` };
  return show(binary, isAbsolute(planFile) ? planFile : resolvePath(dir, planFile), dir, ctx);
}

/**
 * Plans what apply or destroy would do, into a private plan file that is removed at once.
 * -lock=false: the plan persists nothing, and holding the state lock would block (or be blocked
 * by) a colleague's run; -input=false: guard never prompts for variables (missing ones fail the
 * look-up, and the command fails closed).
 */
export async function planNow(command: TerraformCommand, dir: string, ctx: Context): Promise<PlanLookup> {
  const what = command.path[0] === 'destroy' || boolFlag(command, 'destroy') ? 'what would be destroyed' : "apply's plan";
  if (ctx.offline) return { kind: 'skipped', why: `${what} (planning needs terraform and its backend; skipped with ${offlineCause(ctx)})` };
  const binary = ctx.which(command.program);
  if (!binary) return { kind: 'failed', why: `${what}: ${command.program} is not on PATH` };
  const scratch = mkdtempSync(join(tmpdir(), 'guard-tfplan-'));
  const spinner = ctx.spinner(`guard: planning with ${command.program}…`);
  try {
    const planFile = join(scratch, 'guard.tfplan');
    const customisation = planArguments(command);
    const args = ['plan', '-input=false', '-lock=false', '-no-color', '-json', `-out=${planFile}`, ...customisation];
    const result = await ctx.subprocess.run(binary, args, { cwd: dir, env: lookupEnv(ctx), timeoutMs: PLAN_TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT_BYTES });
    if (result.timedOut || result.truncated || result.status !== 0) {
      const diagnostics = planDiagnostics(result.stdout);
      const reason = result.timedOut ? 'timed out' : result.truncated ? 'output too large' : diagnostics.join('; ') || firstLines(result.stderr) || `exit ${result.status}`;
      return { kind: 'failed', why: `${what}: ${command.program} plan failed: ${reason}` };
    }
    const shown = await show(binary, planFile, dir, ctx);
    return shown.kind === 'read' ? { ...shown, source: `${command.program} plan ${customisation.join(' ')}`.trimEnd() } : shown;
  } finally {
    spinner.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
