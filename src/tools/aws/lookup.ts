// Read-only look-ups through the same aws binary, with the user's own globals (profile, region, endpoint) and environment; bounded.
import type { Context } from '../../core/context.js';
import { findCliOperation, serviceOfCommand } from './operations.js';

export type Json = Record<string, unknown>;
export type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly notFound: boolean; readonly error: string };

export const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
export const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** One call (the CLI's own network timeouts are shorter, so it reports those itself); a Python start-up is most of it. */
const CALL_TIMEOUT_MS = 30_000;
/** Every look-up of one guard run together. */
const TOTAL_BUDGET_MS = 60_000;
/** Each call is a Python process of its own: more at once only slow each other down. */
const MAX_PARALLEL = 3;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** Globals a look-up repeats so that it asks the same account, region and endpoint as the same identity. */
const PINNED_GLOBALS = ['profile', 'region', 'endpoint-url', 'ca-bundle', 'no-verify-ssl', 'no-sign-request'];

/** Error codes botocore prints as `An error occurred (Code) when calling…` that mean "no such thing". */
const NOT_FOUND_CODES = ['NoSuchBucket', 'NotFound', 'DBInstanceNotFound', 'DBClusterNotFoundFault', 'DBInstanceNotFoundFault', 'ResourceNotFoundException', 'InvalidInstanceID.NotFound', 'ValidationError', '404'];

function lastError(stderr: string, status: number | null): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? `aws exited with status ${status}`;
}

/** The error code in botocore's message: `An error occurred (NoSuchBucket) when calling …` → NoSuchBucket. */
export function errorCode(error: string): string | null {
  const open = error.indexOf('An error occurred (');
  if (open === -1) return null;
  const close = error.indexOf(')', open);
  return close === -1 ? null : error.slice(open + 'An error occurred ('.length, close);
}

export class AwsLookup {
  private readonly deadline: number;
  private unreachable: string | null = null;
  private readonly pin: readonly string[];
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly binary: string,
    globals: Readonly<Record<string, string | true>>,
  ) {
    this.deadline = Date.now() + TOTAL_BUDGET_MS;
    this.pin = PINNED_GLOBALS.flatMap((name) => {
      const value = globals[name];
      return value === undefined ? [] : value === true ? [`--${name}`] : [`--${name}`, value];
    });
  }

  /**
   * `aws SERVICE OPERATION ARGS --output json`: only operations the generated table calls reads,
   * so a look-up can never change anything even if a caller passes the wrong name.
   */
  async call(command: string, operation: string, args: readonly string[]): Promise<Answer<Json>> {
    const service = serviceOfCommand(command);
    const entry = service ? findCliOperation(service, operation) : null;
    if (!entry || entry.risk !== 'read') return { ok: false, notFound: false, error: `guard refuses to call ${command} ${operation}: not a read` };
    if (this.running >= MAX_PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await this.spawn(command, operation, args);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async spawn(command: string, operation: string, args: readonly string[]): Promise<Answer<Json>> {
    if (this.unreachable !== null) return { ok: false, notFound: false, error: this.unreachable };
    const remaining = this.deadline - Date.now();
    if (remaining <= 0) return { ok: false, notFound: false, error: 'look-ups took too long (guard stopped asking)' };
    const argv = [...this.pin, command, operation, ...args, '--output', 'json', '--cli-read-timeout', '10', '--cli-connect-timeout', '5'];
    // AWS_PAGER is v2's; v1 never pages. The user's own variables reach the CLI unchanged (credentials, endpoints).
    const result = await this.ctx.subprocess.run(this.binary, argv, { cwd: this.ctx.cwd, env: this.ctx.env, timeoutMs: Math.min(CALL_TIMEOUT_MS, remaining), maxOutputBytes: MAX_OUTPUT_BYTES });
    if (result.status === 0 && !result.timedOut && !result.truncated) {
      try {
        return { ok: true, value: result.stdout.trim() === '' ? {} : obj(JSON.parse(result.stdout)) };
      } catch {
        return { ok: false, notFound: false, error: 'aws printed something other than JSON' };
      }
    }
    if (result.truncated) return { ok: false, notFound: false, error: 'aws printed more than guard reads' };
    const error = result.timedOut ? `aws did not answer within ${Math.round(Math.min(CALL_TIMEOUT_MS, remaining) / 1000)} s` : lastError(result.stderr, result.status);
    const code = errorCode(error);
    if (result.timedOut || result.status === null || error.includes('Could not connect to the endpoint') || error.includes('Unable to locate credentials')) this.unreachable = error;
    return { ok: false, notFound: code !== null && NOT_FOUND_CODES.some((c) => code === c || code.endsWith('NotFound') || code.endsWith('NotFoundFault')), error };
  }
}
