// Read-only look-ups through the az the user runs: a resource group's resources and locks, pinned to the resolved subscription.
import type { Context } from '../../core/context.js';
import { formatCount } from '../../core/report.js';

type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** az starts slowly (one to several seconds); a look-up that takes longer is abandoned. */
const CALL_TIMEOUT_MS = 30_000;
const TOTAL_BUDGET_MS = 45_000;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

const obj = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export class AzLookup {
  private readonly deadline = Date.now() + TOTAL_BUDGET_MS;

  constructor(
    private readonly ctx: Context,
    private readonly binary: string,
    private readonly subscription: string | null,
  ) {}

  async json(args: readonly string[]): Promise<Answer<unknown>> {
    const remaining = this.deadline - Date.now();
    if (remaining <= 0) return { ok: false, error: 'look-ups took too long (guard stopped asking)' };
    const timeoutMs = Math.min(CALL_TIMEOUT_MS, remaining);
    const pin = this.subscription ? ['--subscription', this.subscription] : [];
    const result = await this.ctx.subprocess.run(this.binary, [...args, ...pin, '--output', 'json', '--only-show-errors'], {
      cwd: this.ctx.cwd,
      env: this.ctx.env,
      timeoutMs,
      maxOutputBytes: MAX_OUTPUT_BYTES,
    });
    if (result.timedOut) return { ok: false, error: `az did not answer within ${Math.round(timeoutMs / 1000)} s` };
    if (result.truncated) return { ok: false, error: 'az printed more than guard reads' };
    if (result.status !== 0) {
      const lines = result.stderr.split('\n').map((line) => line.trim()).filter(Boolean);
      return { ok: false, error: lines.find((line) => line.startsWith('ERROR:')) ?? lines[lines.length - 1] ?? `az exited with status ${result.status}` };
    }
    try {
      return { ok: true, value: JSON.parse(result.stdout === '' ? 'null' : result.stdout) as unknown };
    } catch {
      return { ok: false, error: 'az printed something other than JSON' };
    }
  }
}

export interface GroupFacts {
  readonly blastRadius: readonly string[];
  readonly unverified: readonly string[];
  readonly resources: number | null;
  readonly locks: readonly string[];
}

/** What `az group delete` takes: every resource in the group (by type), and the locks that would stop it. */
export async function measureResourceGroup(lookup: AzLookup, group: string): Promise<GroupFacts> {
  const [shown, resources, locks] = await Promise.all([
    lookup.json(['group', 'show', '--name', group]),
    lookup.json(['resource', 'list', '--resource-group', group]),
    lookup.json(['lock', 'list', '--resource-group', group]),
  ]);
  const blastRadius: string[] = [];
  const unverified: string[] = [];
  if (shown.ok) {
    const properties = obj(obj(shown.value).properties);
    blastRadius.push(`resource group ${group} in ${str(obj(shown.value).location) || '?'} (${str(properties.provisioningState) || 'state unknown'})`);
  } else unverified.push(`resource group ${group}: ${shown.error}`);
  let count: number | null = null;
  if (resources.ok && Array.isArray(resources.value)) {
    const list = resources.value.map(obj);
    count = list.length;
    const byType = new Map<string, string[]>();
    for (const resource of list) byType.set(str(resource.type) || '?', [...(byType.get(str(resource.type) || '?') ?? []), str(resource.name)]);
    blastRadius.push(`${formatCount(count)} resources deleted with it${count === 0 ? '' : ':'}`);
    for (const [type, names] of [...byType.entries()].sort((a, b) => b[1].length - a[1].length)) {
      blastRadius.push(`  ${type}: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`);
    }
  } else unverified.push(`resources in ${group}: ${resources.ok ? 'az printed no list' : resources.error}`);
  const lockNames: string[] = [];
  if (locks.ok && Array.isArray(locks.value)) {
    for (const lock of locks.value.map(obj)) lockNames.push(`${str(lock.name)} (${str(lock.level)})`);
    blastRadius.push(lockNames.length > 0 ? `locks: ${lockNames.join(', ')}: Azure refuses the delete while a CanNotDelete or ReadOnly lock applies` : 'no management locks on the group or its resources');
  } else unverified.push(`locks on ${group}: ${locks.ok ? 'az printed no list' : locks.error}`);
  return { blastRadius, unverified, resources: count, locks: lockNames };
}
