// Read-only look-ups through the real kubectl (`get`, never anything else), pinned to the resolved context and bounded in time.
import type { Context } from '../../core/context.js';

export type Json = Record<string, unknown>;
export type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly notFound: boolean; readonly error: string };

/** One kubectl call; kubectl's own --request-timeout is shorter so it reports the timeout itself. */
const CALL_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT = '5s';
/** Every look-up of one guard run together: a slow cluster cannot hold a command for longer. */
const TOTAL_BUDGET_MS = 25_000;
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/** What kubectl (client-go) prints when the API server cannot be reached at all. */
const UNREACHABLE_MARKERS = ['The connection to the server', 'Unable to connect to the server', 'dial tcp', 'i/o timeout', 'context deadline exceeded', 'no such host'];

export const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
export const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** kubectl's last stderr line, without the klog noise that precedes it. */
function lastError(stderr: string, status: number | null): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line.length > 0 && !line.startsWith('E1') && !line.startsWith('W1') && !line.startsWith('I1'));
  return lines[lines.length - 1] ?? `kubectl exited with status ${status}`;
}

export class KubectlLookup {
  private readonly deadline: number;
  /** Set once the cluster could not be reached: every later look-up fails the same way at once. */
  private unreachable: string | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly pin: readonly string[],
  ) {
    this.deadline = Date.now() + TOTAL_BUDGET_MS;
  }

  /**
   * `kubectl get ARGS -o json`. Never for secrets: their values must not even reach guard's memory
   * (use names() for them). `expectName` tells an object that does not exist from an API that does not.
   */
  async get(args: readonly string[], expectName?: string): Promise<Answer<Json>> {
    const answer = await this.kubectl([...args, '-o', 'json'], expectName);
    if (!answer.ok) return answer;
    try {
      return { ok: true, value: obj(JSON.parse(answer.value)) };
    } catch {
      return { ok: false, notFound: false, error: 'kubectl printed something other than JSON' };
    }
  }

  /** `kubectl get ARGS -o name`: `kind.group/name` per object, and nothing of their contents. */
  async names(args: readonly string[], expectName?: string): Promise<Answer<string[]>> {
    const answer = await this.kubectl([...args, '-o', 'name'], expectName);
    if (!answer.ok) return answer;
    return { ok: true, value: answer.value.split('\n').map((line) => line.trim()).filter(Boolean) };
  }

  private async kubectl(args: readonly string[], expectName: string | undefined): Promise<Answer<string>> {
    if (this.unreachable !== null) return { ok: false, notFound: false, error: this.unreachable };
    const remaining = this.deadline - Date.now();
    if (remaining <= 0) return { ok: false, notFound: false, error: 'look-ups took too long (guard stopped asking)' };
    const result = await this.ctx.subprocess.run('kubectl', [...this.pin, 'get', ...args, `--request-timeout=${REQUEST_TIMEOUT}`], {
      cwd: this.ctx.cwd,
      env: this.ctx.env,
      timeoutMs: Math.min(CALL_TIMEOUT_MS, remaining),
      maxOutputBytes: MAX_OUTPUT_BYTES,
    });
    if (result.status === 0 && !result.timedOut && !result.truncated) return { ok: true, value: result.stdout };
    if (result.truncated) return { ok: false, notFound: false, error: 'kubectl printed more than guard reads' };
    const error = result.timedOut ? `kubectl did not answer within ${Math.round(Math.min(CALL_TIMEOUT_MS, remaining) / 1000)} s` : lastError(result.stderr, result.status);
    const notFound = error.startsWith('Error from server (NotFound)') && expectName !== undefined && error.includes(`"${expectName}" not found`);
    // A cluster that cannot be reached (or no kubectl at all) fails every later look-up the same way: stop asking.
    if (result.timedOut || result.status === null || UNREACHABLE_MARKERS.some((marker) => result.stderr.includes(marker))) this.unreachable = error;
    return { ok: false, notFound, error };
  }
}

/** `10Gi` → bytes; NaN for what is not a Kubernetes quantity. */
export function quantityBytes(quantity: string): number {
  const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  const suffix = Object.keys(units).find((unit) => quantity.endsWith(unit));
  const digits = suffix ? quantity.slice(0, -suffix.length) : quantity;
  if (digits.trim() === '') return NaN;
  return Number(digits) * (suffix ? (units[suffix] ?? NaN) : 1);
}

/** Bytes as people read volume sizes: `30 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
