// The resident guard's wire protocol: one JSON line each way per connection, versioned, bounded, checked on receipt.
import type { AuditRecord } from '../core/audit.js';

/** Bumped whenever a message's shape or meaning changes (the build id guards the code itself). */
export const PROTOCOL_VERSION = 2;
/** A hook payload is at most 1 MiB; with the environment and base64 this bounds every message. */
export const MAX_MESSAGE_BYTES = 4 << 20;

export interface Terminals {
  /** fd 0 is closed (`<&-`). */
  readonly stdinClosed: boolean;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
}

/** What a client asks: the same inputs an in-process run reads from its own process. */
export interface AssessRequest {
  readonly v: typeof PROTOCOL_VERSION;
  readonly build: string;
  /** hook: `guard hook <agent>`; argv: a dry run; run: `guard [options] CMD…`, which the client runs itself. */
  readonly kind: 'hook' | 'argv' | 'run';
  /** guard's own arguments (process.argv after the script). */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly terminals: Terminals;
  /** With kind hook: the agent's payload, base64. */
  readonly payload?: string;
  readonly guardBinary: string;
}

export interface ControlRequest {
  readonly v: typeof PROTOCOL_VERSION;
  readonly build: string;
  readonly kind: 'status' | 'stop';
}

/** After a run the daemon allowed: the command's exit status, for the audit record it holds. */
export interface ExitedRequest {
  readonly v: typeof PROTOCOL_VERSION;
  readonly build: string;
  readonly kind: 'exited';
  readonly token: string;
  readonly exitStatus: number;
}

export type DaemonRequest = AssessRequest | ControlRequest | ExitedRequest;

/** The daemon computed the whole answer: the client writes it and exits with the status. */
export interface Answer {
  readonly v: typeof PROTOCOL_VERSION;
  readonly build: string;
  readonly status: 'answer';
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * The daemon allows the run: the client writes the output, runs exactly this command itself
 * (after checking it is its own) and reports the exit status with `token`. `record` is the audit
 * record the daemon holds for it, for the client to append itself when the daemon is gone by then.
 */
export interface RunAnswer {
  readonly v: typeof PROTOCOL_VERSION;
  readonly build: string;
  readonly status: 'run';
  readonly stdout: string;
  readonly stderr: string;
  readonly file: string;
  readonly argv0: string;
  readonly args: readonly string[];
  readonly token: string | null;
  readonly record: AuditRecord | null;
}

/** The daemon appended the run's record. */
export interface RecordedReply {
  readonly v: typeof PROTOCOL_VERSION;
  readonly build: string;
  readonly status: 'recorded';
}

/** The daemon will not answer this one: the client assesses in-process, as without a daemon. */
export interface Fallback {
  readonly v: typeof PROTOCOL_VERSION;
  readonly build: string;
  readonly status: 'fallback';
  readonly why: string;
}

export interface StatusReply {
  readonly v: typeof PROTOCOL_VERSION;
  readonly build: string;
  readonly status: 'status';
  readonly pid: number;
  readonly uptimeSeconds: number;
  readonly requests: number;
  readonly served: number;
  readonly rssBytes: number;
  readonly idleSeconds: number;
  readonly idleLimitSeconds: number;
}

export interface StoppingReply {
  readonly v: typeof PROTOCOL_VERSION;
  readonly build: string;
  readonly status: 'stopping';
  readonly pid: number;
}

export type DaemonReply = Answer | RunAnswer | RecordedReply | Fallback | StatusReply | StoppingReply;

/** Exit statuses an answer may carry: the hook's (0, 2) and a dry run's (0, 77). Anything else is garbage. */
const ANSWER_STATUSES = new Set([0, 2, 77]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The reply, when it is well formed and from this build; null otherwise. A client that gets
 * null assesses in-process: garbage is never read as an answer.
 */
export function parseReply(line: string, build: string): DaemonReply | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.v !== PROTOCOL_VERSION || value.build !== build) return null;
  switch (value.status) {
    case 'answer':
      if (typeof value.stdout !== 'string' || typeof value.stderr !== 'string') return null;
      if (typeof value.exitCode !== 'number' || !ANSWER_STATUSES.has(value.exitCode)) return null;
      return value as unknown as Answer;
    case 'run':
      if (typeof value.stdout !== 'string' || typeof value.stderr !== 'string' || typeof value.file !== 'string' || typeof value.argv0 !== 'string') return null;
      if (!Array.isArray(value.args) || !value.args.every((arg) => typeof arg === 'string')) return null;
      if (!(value.token === null || typeof value.token === 'string') || !(value.record === null || isRecord(value.record))) return null;
      return value as unknown as RunAnswer;
    case 'recorded':
      return value as unknown as RecordedReply;
    case 'fallback':
      return typeof value.why === 'string' ? (value as unknown as Fallback) : null;
    case 'status':
      return typeof value.pid === 'number' && typeof value.requests === 'number' ? (value as unknown as StatusReply) : null;
    case 'stopping':
      return typeof value.pid === 'number' ? (value as unknown as StoppingReply) : null;
    default:
      return null;
  }
}

/** The request, when it is well formed; a string saying what is wrong otherwise. */
export function parseRequest(line: string): DaemonRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isRecord(value)) return 'not an object';
  if (value.v !== PROTOCOL_VERSION) return `protocol ${String(value.v)}, not ${PROTOCOL_VERSION}`;
  if (typeof value.build !== 'string') return 'no build';
  if (value.kind === 'status' || value.kind === 'stop') return value as unknown as ControlRequest;
  if (value.kind === 'exited') {
    if (typeof value.token !== 'string' || typeof value.exitStatus !== 'number' || !Number.isInteger(value.exitStatus)) return 'bad exit report';
    return value as unknown as ExitedRequest;
  }
  if (value.kind !== 'hook' && value.kind !== 'argv' && value.kind !== 'run') return 'unknown kind';
  if (!Array.isArray(value.args) || !value.args.every((arg) => typeof arg === 'string')) return 'bad args';
  if (typeof value.cwd !== 'string' || typeof value.guardBinary !== 'string') return 'bad cwd';
  if (!isRecord(value.env) || !Object.values(value.env).every((entry) => typeof entry === 'string')) return 'bad env';
  const terminals = value.terminals;
  if (!isRecord(terminals) || ![terminals.stdinClosed, terminals.stdin, terminals.stdout, terminals.stderr].every((flag) => typeof flag === 'boolean')) return 'bad terminals';
  if (value.kind === 'hook' && typeof value.payload !== 'string') return 'no payload';
  return value as unknown as AssessRequest;
}
