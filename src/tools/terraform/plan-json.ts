// Pure readers of the JSON terraform writes: `show -json PLAN`, `plan -json` diagnostics, and state files.

/** A resource instance a plan deletes or replaces (or, from state, one a destroy would delete). */
export interface ResourceLoss {
  readonly address: string;
  readonly type: string;
  readonly provider: string;
  readonly action: 'delete' | 'replace';
}

export interface PlanSummary {
  readonly losses: readonly ResourceLoss[];
  readonly creates: number;
  readonly updates: number;
  /** Why the plan cannot be applied as is (`errored`, not `applyable`). */
  readonly problems: readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Replace is ["delete","create"] or ["create","delete"] (create_before_destroy); delete alone is a delete. */
function lossOf(actions: readonly string[]): 'delete' | 'replace' | null {
  if (!actions.includes('delete')) return null;
  return actions.includes('create') ? 'replace' : 'delete';
}

/** The terraform JSON plan format (format_version 1.x): resource_changes[].change.actions. */
export function summarisePlan(json: string): PlanSummary {
  const plan: unknown = JSON.parse(json);
  if (!isObject(plan) || !Array.isArray(plan.resource_changes ?? [])) throw new Error('not a terraform JSON plan');
  const losses: ResourceLoss[] = [];
  let creates = 0;
  let updates = 0;
  for (const change of (plan.resource_changes ?? []) as unknown[]) {
    if (!isObject(change) || !isObject(change.change) || !Array.isArray(change.change.actions)) throw new Error('a resource change without actions');
    const actions = change.change.actions.map(text);
    const loss = lossOf(actions);
    if (loss) losses.push({ address: text(change.address), type: text(change.type), provider: text(change.provider_name), action: loss });
    else if (actions.includes('create')) creates++;
    else if (actions.includes('update')) updates++;
  }
  const problems: string[] = [];
  if (plan.errored === true) problems.push('the saved plan is marked errored');
  if (plan.applyable === false && losses.length + creates + updates > 0) problems.push('the saved plan is not applyable');
  return { losses, creates, updates, problems };
}

/** Error diagnostics from `plan -json` (one JSON object per line), e.g. prevent_destroy refusals. */
export function planDiagnostics(jsonLines: string): string[] {
  const errors: string[] = [];
  for (const line of jsonLines.split('\n')) {
    if (!line.startsWith('{')) continue;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isObject(message) || message.type !== 'diagnostic' || !isObject(message.diagnostic)) continue;
    if (message.diagnostic.severity !== 'error') continue;
    const detail = text(message.diagnostic.detail);
    errors.push(detail ? `${text(message.diagnostic.summary)}: ${detail}` : text(message.diagnostic.summary));
  }
  return errors;
}

/** Managed resource instances in a state file (version 4): what a full destroy deletes. */
export function stateResources(json: string): ResourceLoss[] {
  const state: unknown = JSON.parse(json);
  if (!isObject(state) || !Array.isArray(state.resources ?? [])) throw new Error('not a terraform state file');
  const out: ResourceLoss[] = [];
  for (const resource of (state.resources ?? []) as unknown[]) {
    if (!isObject(resource) || resource.mode !== 'managed') continue;
    const module = text(resource.module);
    const base = `${module ? `${module}.` : ''}${text(resource.type)}.${text(resource.name)}`;
    const instances = Array.isArray(resource.instances) ? resource.instances : [];
    for (const instance of instances) {
      const key = isObject(instance) ? instance.index_key : undefined;
      const suffix = typeof key === 'number' ? `[${key}]` : typeof key === 'string' ? `[${JSON.stringify(key)}]` : '';
      out.push({ address: `${base}${suffix}`, type: text(resource.type), provider: providerName(text(resource.provider)), action: 'delete' });
    }
  }
  return out;
}

/** `provider["registry.terraform.io/hashicorp/aws"]` → `registry.terraform.io/hashicorp/aws` (the plan's provider_name). */
function providerName(config: string): string {
  const open = config.indexOf('["');
  const close = config.lastIndexOf('"]');
  return open !== -1 && close > open ? config.slice(open + 2, close) : config;
}

/** `3 terraform_data, 1 aws_s3_bucket`: counts by type, largest first. */
export function countByType(losses: readonly ResourceLoss[]): string {
  const counts = new Map<string, number>();
  for (const loss of losses) counts.set(loss.type, (counts.get(loss.type) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
}
