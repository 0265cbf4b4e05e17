// terraform and tofu under guard: parse (argv, working directory, plan look-ups), classify, and the Tool objects.
import type { Context } from '../../core/context.js';
import { maxRisk } from '../../core/risk.js';
import type { RuleHit } from '../../core/types.js';
import type { Classification, ParsedInvocation, Tool } from '../tool.js';
import { planNow, readSavedPlan, type PlanLookup } from './live.js';
import { boolFlag, flagValues, parseTerraformArgs, type TerraformCommand } from './parser.js';
import { stateResources, type ResourceLoss } from './plan-json.js';
import { resolveTerraform } from './resolve.js';
import { terraformRuleTable, type TerraformRuleKey, type TerraformRules } from './rules.js';
import { resolveWorkdir, type Workdir } from './workdir.js';

export const TERRAFORM_CHECKED_AGAINST = {
  version: 'terraform 1.11.4 (linux_amd64); OpenTofu 1.10 docs',
  references: [
    'terraform -help and terraform <command> -help for every command in src/tools/terraform/grammar.ts (1.11.4, run here)',
    'real runs of terraform 1.11.4: -help anywhere shows help and runs nothing; TF_CLI_ARGS_<command with underscores>; `env` still aliases `workspace`; --chdir is refused',
    'hashicorp/terraform main.go (extractChdirOption, TF_CLI_ARGS mergeEnvArgs), command/meta.go (TF_WORKSPACE, TF_DATA_DIR/environment)',
    'https://developer.hashicorp.com/terraform/internals/json-format (resource_changes[].change.actions)',
    'https://opentofu.org/docs/cli/commands/plan (tofu: -exclude, -target-file, -exclude-file)',
  ],
};

/** A destroy's victims read from a local state file, when no plan could be made. */
export type StateListing =
  | { readonly kind: 'none' }
  | { readonly kind: 'read'; readonly path: string; readonly resources: readonly ResourceLoss[] }
  | { readonly kind: 'failed'; readonly why: string };

export interface ParsedTerraform extends ParsedInvocation {
  readonly command: TerraformCommand;
  readonly where: Workdir;
  readonly plan: PlanLookup;
  readonly state: StateListing;
}

function isDestroy(command: TerraformCommand): boolean {
  return command.path[0] === 'destroy' || (command.path[0] === 'apply' && boolFlag(command, 'destroy'));
}

async function listLocalState(where: Workdir, ctx: Context): Promise<StateListing> {
  if (!where.localStatePath) return { kind: 'none' };
  if (!ctx.fileExists(where.localStatePath)) return { kind: 'read', path: where.localStatePath, resources: [] };
  try {
    return { kind: 'read', path: where.localStatePath, resources: stateResources((await ctx.readFile(where.localStatePath)).toString('utf8')) };
  } catch (error) {
    return { kind: 'failed', why: `the state file ${where.localStatePath}: ${(error as Error).message}` };
  }
}

/**
 * The risk of `apply` is the risk of its plan, so the plan is part of the payload, read here
 * like psql's -f file: a saved plan through `show -json`, otherwise a private `plan -out`.
 */
async function parseTerraform(program: string, args: readonly string[], ctx: Context): Promise<ParsedTerraform> {
  const command = parseTerraformArgs(program, args, ctx.env);
  const where = await resolveWorkdir(command, ctx);
  const runnable = command.problems.length === 0 && !command.infoOnly && command.spec !== null;
  let plan: PlanLookup = { kind: 'not-needed' };
  let state: StateListing = { kind: 'none' };
  if (runnable && command.path[0] === 'apply' && !boolFlag(command, 'refresh-only')) {
    const saved = command.positionals[0];
    plan = saved !== undefined ? await readSavedPlan(command, where.dir, saved, ctx) : await planNow(command, where.dir, ctx);
  } else if (runnable && command.path[0] === 'destroy') {
    plan = await planNow(command, where.dir, ctx);
  }
  if (runnable && isDestroy(command) && plan.kind !== 'read') state = await listLocalState(where, ctx);
  return { command, where, plan, state };
}

function ruleKeyOf(parsed: ParsedTerraform): TerraformRuleKey {
  const { command, plan } = parsed;
  if (command.problems.length > 0 || (!command.spec && !command.infoOnly)) return 'bad-arguments';
  if (command.infoOnly || !command.spec) return 'read';
  const path = command.path.join(' ');
  if (path === 'apply') {
    if (boolFlag(command, 'destroy')) return 'destroy';
    if (boolFlag(command, 'refresh-only')) return 'apply-refresh-only';
    if (flagValues(command, 'replace').length > 0) return 'apply-deletes';
    if (plan.kind === 'read') return plan.summary.losses.length > 0 ? 'apply-deletes' : 'write';
    return 'apply-unseen';
  }
  if (path === 'fmt' && (boolFlag(command, 'check') || flagValues(command, 'write').at(-1) === 'false' || command.positionals.includes('-'))) return 'read';
  if ((path === 'state rm' || path === 'state mv') && boolFlag(command, 'dry-run')) return 'read';
  return command.spec.action;
}

function summaryOf(parsed: ParsedTerraform): string {
  const { command, plan } = parsed;
  const words = [command.program, ...command.path, ...command.positionals].join(' ');
  if (plan.kind === 'read') {
    const replaces = plan.summary.losses.filter((loss) => loss.action === 'replace').length;
    const deletes = plan.summary.losses.length - replaces;
    return `${words}: plan deletes ${deletes}, replaces ${replaces}, creates ${plan.summary.creates}, updates ${plan.summary.updates}`;
  }
  return words;
}

export function classifyTerraform(rules: TerraformRules, parsed: ParsedTerraform): Classification {
  const key = ruleKeyOf(parsed);
  const rule = rules[key];
  const { command, plan, state } = parsed;
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  if (key === 'bad-arguments') {
    for (const problem of command.problems.length > 0 ? command.problems : ['unrecognised command']) hits.push({ rule, summary: problem });
    unverified.push(...command.problems.map((problem) => `${command.program} arguments: ${problem}`));
  } else {
    const objects = [{ kind: 'workspace', name: parsed.where.workspace }, ...flagValues(command, 'replace').map((address) => ({ kind: 'resource', name: address }))];
    hits.push({ rule, summary: summaryOf(parsed), objects });
  }
  const dangerous = rule.risk === 'destructive' || rule.risk === 'unknown';
  if (dangerous && (plan.kind === 'skipped' || plan.kind === 'failed')) {
    // A destroy whose victims a local state file lists is still known; everything else is not.
    // Offline, a destroy whose victims a local state file lists is still known; a plan terraform
    // refused (prevent_destroy, missing variables, unreachable backend) is a fact guard could not verify.
    const knownFromState = plan.kind === 'skipped' && isDestroy(command) && state.kind === 'read' && flagValues(command, 'target').length === 0;
    if (!knownFromState) unverified.push(plan.why);
  }
  if (state.kind === 'failed') unverified.push(state.why);
  unverified.push(...parsed.where.problems);
  return { risk: maxRisk(...hits.map((hit) => hit.rule.risk)), hits, unverified };
}

function makeTool(program: 'terraform' | 'tofu', summary: string): Tool<ParsedTerraform> {
  const rules = terraformRuleTable(program);
  return {
    name: program,
    family: 'terraform',
    summary,
    rules,
    checkedAgainst: TERRAFORM_CHECKED_AGAINST,
    parse: (args, ctx) => parseTerraform(program, args, ctx),
    classify: (parsed) => classifyTerraform(rules, parsed),
    resolve: (parsed, classification, ctx) => resolveTerraform(parsed, classification, ctx),
  };
}

export const terraformTool = makeTool('terraform', 'Terraform CLI');
export const tofuTool = makeTool('tofu', 'OpenTofu CLI (terraform’s grammar)');
