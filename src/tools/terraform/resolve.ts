// terraform's targets and blast radius: the workspace it acts on and every resource its plan deletes or replaces.
import { basename } from 'node:path';
import type { Context } from '../../core/context.js';
import type { Target } from '../../core/types.js';
import type { Classification, Resolution } from '../tool.js';
import { terraformEnvironment } from './environment.js';
import { flagValues } from './parser.js';
import { countByType, type ResourceLoss } from './plan-json.js';
import type { ParsedTerraform } from './terraform-tool.js';

const LISTED = 25;

/** The phrase's target: the directory, and the workspace when it is not `default` (`infra@prod-eu`). */
export function workspaceTargetName(dir: string, workspace: string): string {
  const base = basename(dir) || dir;
  return workspace === 'default' ? base : `${base}@${workspace}`;
}

function listLosses(losses: readonly ResourceLoss[], action: ResourceLoss['action']): string {
  const chosen = losses.filter((loss) => loss.action === action).map((loss) => loss.address);
  const shown = chosen.slice(0, LISTED).join(', ');
  return chosen.length > LISTED ? `${shown} and ${chosen.length - LISTED} more` : shown;
}

function lossLines(losses: readonly ResourceLoss[], where: string, from: string): string[] {
  if (losses.length === 0) return [`nothing is deleted or replaced in ${where} (${from})`];
  const lines = [`${losses.length} resource${losses.length === 1 ? '' : 's'} deleted or replaced in ${where}: ${countByType(losses)} (${from})`];
  if (losses.some((loss) => loss.action === 'delete')) lines.push(`deleted: ${listLosses(losses, 'delete')}`);
  if (losses.some((loss) => loss.action === 'replace')) lines.push(`replaced (deleted, then created anew, empty): ${listLosses(losses, 'replace')}`);
  return lines;
}

export async function resolveTerraform(parsed: ParsedTerraform, classification: Classification, ctx: Context): Promise<Resolution> {
  const { where, plan, state, command } = parsed;
  const environment = terraformEnvironment(where, ctx.config);
  const place = `workspace ${where.workspace} of ${where.dir} (${where.backend} backend)`;
  const workspaceTarget: Target = {
    kind: 'workspace',
    id: `${where.dir}#${where.workspace}`,
    name: workspaceTargetName(where.dir, where.workspace),
    environment: environment.name,
    workspace: where.workspace,
    workspaceSource: where.workspaceSource,
    directory: where.dir,
    backend: where.backend,
  };
  const dangerous = classification.risk === 'destructive' || classification.risk === 'unknown';
  const blastRadius: string[] = [];
  const notes: string[] = [];
  let losses: readonly ResourceLoss[] = [];
  if (dangerous && plan.kind === 'read') {
    losses = plan.summary.losses;
    blastRadius.push(...lossLines(losses, place, `from ${plan.source}`));
    if (plan.summary.creates + plan.summary.updates > 0) blastRadius.push(`also creates ${plan.summary.creates} and updates ${plan.summary.updates}`);
    notes.push(...plan.summary.problems);
  } else if (dangerous && state.kind === 'read') {
    losses = state.resources;
    const targeted = flagValues(command, 'target');
    const unplanned = `not planned: ${plan.kind === 'skipped' || plan.kind === 'failed' ? plan.why : 'no plan'}`;
    if (losses.length === 0) blastRadius.push(`${state.path} lists no managed resources, so nothing is deleted in ${place} (${unplanned})`);
    else blastRadius.push(...lossLines(losses, place, `every managed resource in ${state.path}; ${unplanned}`));
    if (targeted.length > 0) blastRadius.push(`limited by -target ${targeted.join(', ')}: only those and what depends on them go`);
  } else if (dangerous && (plan.kind === 'skipped' || plan.kind === 'failed')) {
    blastRadius.push(`${place}: not planned (${plan.why})`);
  }
  if (dangerous && command.path[0] === 'apply' && command.positionals.length === 0 && plan.kind === 'read') {
    // Without a saved plan, terraform plans again when it runs; the state may change in between.
    notes.push(`${command.program} apply plans again when it runs: check that its plan matches this one, or apply a saved plan.`);
  }
  const targets: Target[] = [
    workspaceTarget,
    ...losses.map((loss): Target => ({ kind: 'resource', id: loss.address, name: loss.address, environment: environment.name, type: loss.type, provider: loss.provider, action: loss.action })),
  ];
  const recovery = classification.hits.find((hit) => hit.rule.risk === classification.risk)?.rule.recovery ?? null;
  return { environment, targets, blastRadius, credential: null, recovery: dangerous ? recovery : null, unverified: [], notes };
}
