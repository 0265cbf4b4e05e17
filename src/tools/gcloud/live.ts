// Read-only look-ups through the gcloud the user runs (describe, list, du), pinned to the resolved project and bounded in time.
import type { Context } from '../../core/context.js';
import { formatBytes, formatCount } from '../../core/report.js';

export type Json = Record<string, unknown>;
export type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** gcloud starts slowly (about a second); a look-up that takes longer than this is abandoned. */
const CALL_TIMEOUT_MS = 30_000;
/** Every look-up of one guard run together. */
const TOTAL_BUDGET_MS = 60_000;
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** `storage du` prints a line per object: past this many, the count is a lower bound. */
export const MAX_LISTED_OBJECTS = 100_000;

export const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
export const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

function lastError(stderr: string, status: number | null): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  const error = lines.find((line) => line.startsWith('ERROR:')) ?? lines[lines.length - 1];
  return error ?? `gcloud exited with status ${status}`;
}

export class GcloudLookup {
  private readonly deadline = Date.now() + TOTAL_BUDGET_MS;

  /** `pin`: the flags that make each look-up ask the same project as the same account (--project, --account, --configuration…). */
  constructor(
    private readonly ctx: Context,
    private readonly binary: string,
    private readonly pin: readonly string[],
  ) {}

  async json(args: readonly string[]): Promise<Answer<unknown>> {
    const answer = await this.run([...args, '--format=json']);
    if (!answer.ok) return answer;
    try {
      return { ok: true, value: JSON.parse(answer.value) as unknown };
    } catch {
      return { ok: false, error: 'gcloud printed something other than JSON' };
    }
  }

  /** Raw stdout; `truncated` when the output limit cut it (the caller says "at least"). */
  async run(args: readonly string[], options: { allowTruncated?: boolean } = {}): Promise<Answer<string> & { truncated?: boolean }> {
    const remaining = this.deadline - Date.now();
    if (remaining <= 0) return { ok: false, error: 'look-ups took too long (guard stopped asking)' };
    const timeoutMs = Math.min(CALL_TIMEOUT_MS, remaining);
    // --quiet: a look-up never waits on a prompt; --verbosity=error keeps warnings out of stderr parsing.
    const result = await this.ctx.subprocess.run(this.binary, [...args, ...this.pin, '--quiet', '--verbosity=error'], {
      cwd: this.ctx.cwd,
      env: { ...this.ctx.env, CLOUDSDK_CORE_DISABLE_PROMPTS: '1' },
      timeoutMs,
      maxOutputBytes: MAX_OUTPUT_BYTES,
    });
    if (result.truncated && options.allowTruncated) return { ok: true, value: result.stdout, truncated: true };
    if (result.status === 0 && !result.timedOut && !result.truncated) return { ok: true, value: result.stdout };
    if (result.truncated) return { ok: false, error: 'gcloud printed more than guard reads' };
    return { ok: false, error: result.timedOut ? `gcloud did not answer within ${Math.round(timeoutMs / 1000)} s` : lastError(result.stderr, result.status) };
  }
}

export interface ObjectTally {
  readonly objects: number;
  readonly bytes: number;
  /** The listing was cut short: both numbers are lower bounds. */
  readonly atLeast: boolean;
}

/** Sums `gcloud storage du` output: `<bytes>  <url>` per object. */
export function tallyDu(output: string, truncated: boolean): ObjectTally {
  let objects = 0;
  let bytes = 0;
  for (const line of output.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const space = [...trimmed].findIndex((c) => c === ' ' || c === '\t');
    const size = Number(space < 0 ? NaN : trimmed.slice(0, space));
    if (!Number.isFinite(size)) continue;
    objects++;
    bytes += size;
    if (objects >= MAX_LISTED_OBJECTS) return { objects, bytes, atLeast: true };
  }
  // A cut listing ends mid-line: the last line may be partial, so every number is a floor.
  return { objects, bytes, atLeast: truncated };
}

export function describeTally(url: string, tally: ObjectTally): string {
  const prefix = tally.atLeast ? 'at least ' : '';
  return `${url}: ${prefix}${formatCount(tally.objects)} objects, ${prefix}${formatBytes(tally.bytes)} (live versions)`;
}
