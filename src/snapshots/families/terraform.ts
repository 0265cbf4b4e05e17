// Terraform/OpenTofu snapshots: the state (`state pull`) and the plan (`show -json`), verified; restore pushes the state back.
import { basename, dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { planArguments } from '../../tools/terraform/live.js';
import { boolFlag, flagValues } from '../../tools/terraform/parser.js';
import type { ParsedTerraform } from '../../tools/terraform/terraform-tool.js';
import { SnapshotError, type SnapshotInput, type SnapshotManifest, type SnapshotPlan, type Snapshotter, type TakenSnapshot, type Verification } from '../model.js';
import { COPY_TIMEOUT_MS, failureLine, keepSessionSecret, readSnapshotFile, requireBinary, sessionSecret, settingString, writePrivateFile } from './shared.js';

const STATE_FILE = 'terraform.tfstate';
const PLAN_FILE = 'plan.json';
const MAX_OUTPUT_BYTES = 256 << 20;

/** Rules whose loss the state copy speaks to; `withPlan`: what terraform is about to destroy is recorded too. */
const COVERED: Readonly<Record<string, { readonly withPlan: boolean }>> = {
  destroy: { withPlan: true },
  'apply-deletes': { withPlan: true },
  'apply-unseen': { withPlan: true },
  'state-rm': { withPlan: false },
  'state-push': { withPlan: false },
  'workspace-delete': { withPlan: false },
};

const NOT_CLOUD = 'a copy of the state does not bring destroyed cloud resources back: it records what existed (ids, attributes) so they can be found, imported or recreated';

interface TerraformSettings {
  readonly program: string;
  readonly dir: string;
  readonly workspace: string;
  /** `-state=PATH` (the legacy local state option): that file is copied as it is. */
  readonly stateFile: string | null;
  readonly withPlan: boolean;
  readonly destroy: boolean;
  /** A saved plan `apply` was given: shown as it is instead of planning anew. */
  readonly savedPlan: string | null;
  /** The plan options (-var=… may hold secrets): kept in memory for this run only. */
  readonly planArgsKey: string | null;
  readonly workspaceDeleted: boolean;
}

function notCopyable(input: SnapshotInput, reason: string): SnapshotPlan {
  return { family: 'terraform', tool: input.tool, environment: input.analysis.environment?.name ?? 'unknown', targets: [], estimatedBytes: null, copyable: false, reason, notes: [], settings: {} };
}

function plan(input: SnapshotInput): SnapshotPlan {
  const parsed = input.parsed as Partial<ParsedTerraform>;
  if (!parsed.command || !parsed.where) return notCopyable(input, `${input.tool}: no terraform working directory to copy from`);
  const { command, where } = parsed;
  const dangerous = input.analysis.hits.filter((hit) => hit.rule.risk === 'destructive' || hit.rule.risk === 'unknown');
  const keys = dangerous.map((hit) => hit.rule.id.slice(hit.rule.id.indexOf('/') + 1));
  const uncovered = dangerous.filter((_, i) => COVERED[keys[i] ?? ''] === undefined);
  if (uncovered.length > 0) return notCopyable(input, `nothing guard can copy covers ${uncovered.map((hit) => hit.summary).join('; ')}`);
  if (keys.length === 0) return notCopyable(input, 'the command destroys nothing guard can copy');
  const key = keys[0] ?? '';
  const workspaceDeleted = key === 'workspace-delete';
  const workspace = workspaceDeleted ? (command.positionals[0] ?? '') : where.workspace;
  if (workspace === '') return notCopyable(input, 'the workspace to delete is not named');
  const stateOption = flagValues(command, 'state').at(-1) ?? null;
  const saved = command.path[0] === 'apply' ? (command.positionals[0] ?? null) : null;
  const withPlan = COVERED[key]?.withPlan ?? false;
  const settings: TerraformSettings = {
    program: command.program,
    dir: where.dir,
    workspace,
    stateFile: stateOption === null ? null : isAbsolute(stateOption) ? stateOption : resolvePath(where.dir, stateOption),
    withPlan,
    destroy: command.path[0] === 'destroy' || boolFlag(command, 'destroy'),
    savedPlan: saved === null ? null : isAbsolute(saved) ? saved : resolvePath(where.dir, saved),
    planArgsKey: withPlan && saved === null ? keepSessionSecret(JSON.stringify(planArguments(command))) : null,
    workspaceDeleted,
  };
  const target = `${where.dir} workspace ${workspace} (${where.backend} backend): state${withPlan ? ' and plan' : ''}`;
  return {
    family: 'terraform',
    tool: input.tool,
    environment: input.analysis.environment?.name ?? 'unknown',
    targets: [target],
    estimatedBytes: null,
    copyable: true,
    notes: [`${command.program} state pull${withPlan ? ` and ${saved ? 'show -json of the saved plan' : 'plan -out + show -json'}` : ''}; restore runs ${workspaceDeleted ? 'workspace new -state=' : 'state push -force'}`, NOT_CLOUD],
    settings: settings as unknown as Record<string, unknown>,
  };
}

function readSettings(settings: Readonly<Record<string, unknown>>): TerraformSettings {
  const program = settingString(settings, 'program');
  if ((program !== 'terraform' && program !== 'tofu') || settingString(settings, 'dir') === null || settingString(settings, 'workspace') === null) {
    throw new SnapshotError('the manifest has no usable terraform settings');
  }
  return settings as unknown as TerraformSettings;
}

/** The user's environment minus TF_CLI_ARGS* (guard passes the arguments itself), pinned to the workspace. */
function terraformEnv(ctx: Context, workspace: string | null): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(ctx.env)) if (!name.startsWith('TF_CLI_ARGS') && name !== 'TF_WORKSPACE') env[name] = value;
  return { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...(workspace === null ? {} : { TF_WORKSPACE: workspace }) };
}

async function run(settings: TerraformSettings, args: readonly string[], ctx: Context, workspace: string | null = settings.workspace): Promise<string> {
  const binary = requireBinary(ctx, [settings.program], 'the state is read and pushed through it');
  const result = await ctx.subprocess.run(binary, args, { cwd: settings.dir, env: terraformEnv(ctx, workspace), timeoutMs: COPY_TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT_BYTES });
  if (result.status !== 0 || result.timedOut || result.truncated) throw new SnapshotError(`${settings.program} ${args[0] ?? ''} ${args[1] ?? ''}: ${failureLine(result, settings.program)}`.replace(/ {2,}/g, ' '));
  return result.stdout;
}

interface StateFacts {
  readonly serial: number;
  readonly lineage: string;
  readonly resources: number;
}

function stateFacts(text: string): StateFacts {
  let state: { serial?: unknown; lineage?: unknown; resources?: unknown };
  try {
    state = JSON.parse(text) as typeof state;
  } catch {
    throw new SnapshotError('the state is not JSON');
  }
  if (typeof state.serial !== 'number' || typeof state.lineage !== 'string' || !Array.isArray(state.resources)) throw new SnapshotError('the state has no serial, lineage or resources');
  return { serial: state.serial, lineage: state.lineage, resources: state.resources.length };
}

function planFacts(text: string): { resourceChanges: number; deletes: number } {
  let plan: { format_version?: unknown; resource_changes?: { change?: { actions?: string[] } }[] };
  try {
    plan = JSON.parse(text) as typeof plan;
  } catch {
    throw new SnapshotError('the plan is not JSON');
  }
  if (typeof plan.format_version !== 'string') throw new SnapshotError('the plan JSON has no format_version');
  const changes = plan.resource_changes ?? [];
  return { resourceChanges: changes.length, deletes: changes.filter((c) => c.change?.actions?.includes('delete')).length };
}

async function take(planned: SnapshotPlan, dir: string, ctx: Context): Promise<TakenSnapshot> {
  const settings = readSettings(planned.settings);
  // An empty `state pull` is a workspace with no state yet: nothing to lose, nothing to copy.
  const state = settings.stateFile !== null ? (await ctx.readFile(settings.stateFile).catch(() => { throw new SnapshotError(`the state file ${settings.stateFile ?? ''} cannot be read`); })).toString('utf8') : await run(settings, ['state', 'pull'], ctx);
  if (state.trim() === '') throw new SnapshotError(`workspace ${settings.workspace} has no state to copy`);
  const facts: Record<string, unknown> = { state: stateFacts(state) };
  let bytes = await writePrivateFile(dir, STATE_FILE, state);
  const files = [STATE_FILE];
  if (settings.withPlan) {
    let planJson: string;
    if (settings.savedPlan !== null) planJson = await run(settings, ['show', '-json', '-no-color', settings.savedPlan], ctx);
    else {
      const binaryPlan = join(dir, 'destroy.tfplan');
      const extra = JSON.parse(sessionSecret(settings.planArgsKey) ?? (settings.destroy ? '["-destroy"]' : '[]')) as string[];
      await run(settings, ['plan', '-input=false', '-lock=false', '-no-color', `-out=${binaryPlan}`, ...extra], ctx);
      planJson = await run(settings, ['show', '-json', '-no-color', binaryPlan], ctx);
      // The binary plan holds the state and the variables again; the JSON is the readable record.
      await (await import('node:fs/promises')).rm(binaryPlan, { force: true });
    }
    facts.plan = planFacts(planJson);
    bytes += await writePrivateFile(dir, PLAN_FILE, planJson);
    files.push(PLAN_FILE);
  }
  return { files, bytes, facts };
}

async function verify(manifest: SnapshotManifest, dir: string): Promise<Verification> {
  const checks: string[] = [];
  try {
    const expected = manifest.facts.state as StateFacts;
    const found = stateFacts((await readSnapshotFile(dir, STATE_FILE)).toString('utf8'));
    const same = found.serial === expected.serial && found.lineage === expected.lineage && found.resources === expected.resources;
    checks.push(`state: serial ${found.serial}, lineage ${found.lineage}, ${found.resources} resources${same ? '' : ` (MISMATCH: taken with serial ${expected.serial}, lineage ${expected.lineage}, ${expected.resources} resources)`}`);
    if (!same) return { ok: false, checks };
    if (manifest.facts.plan !== undefined) {
      const plan = planFacts((await readSnapshotFile(dir, PLAN_FILE)).toString('utf8'));
      const expectedPlan = manifest.facts.plan as { resourceChanges: number; deletes: number };
      const samePlan = plan.resourceChanges === expectedPlan.resourceChanges && plan.deletes === expectedPlan.deletes;
      checks.push(`plan: ${plan.resourceChanges} resource changes, ${plan.deletes} deletes${samePlan ? '' : ' (MISMATCH)'}`);
      if (!samePlan) return { ok: false, checks };
    }
    return { ok: true, checks };
  } catch (error) {
    return { ok: false, checks: [...checks, (error as Error).message] };
  }
}

async function restore(manifest: SnapshotManifest, dir: string, ctx: Context): Promise<void> {
  const settings = readSettings(manifest.settings);
  const file = join(dir, STATE_FILE);
  if (settings.stateFile !== null) {
    await writePrivateFile(dirname(settings.stateFile), basename(settings.stateFile), await readSnapshotFile(dir, STATE_FILE));
    return;
  }
  if (settings.workspaceDeleted) {
    const listed = (await run(settings, ['workspace', 'list'], ctx, null)).split('\n').map((line) => line.replace(/^\*?\s*/, '').trim());
    if (!listed.includes(settings.workspace)) {
      // `workspace new` selects the new workspace: the one selected before is selected again.
      const current = (await run(settings, ['workspace', 'show'], ctx, null)).trim();
      await run(settings, ['workspace', 'new', `-state=${file}`, settings.workspace], ctx, null);
      await run(settings, ['workspace', 'select', current], ctx, null);
      return;
    }
  }
  // -force: after a destroy the live state has a higher serial than the copy; pushing it back is the point.
  await run(settings, ['state', 'push', '-force', file], ctx);
}

export const terraformSnapshotter: Snapshotter = {
  family: 'terraform',
  plan: async (input) => plan(input),
  take,
  verify: async (manifest, dir) => verify(manifest, dir),
  restore,
};
