// The context the resident guard assesses in: the client's world for reading, and no effect it could perform on a client's behalf.
import { isAbsolute, resolve } from 'node:path';
import type { Context, Output } from '../core/context.js';
import type { AuditRecord } from '../core/audit.js';
import type { ExecRequest } from '../core/exec.js';
import type { Terminals } from './protocol.js';

/**
 * Thrown when an assessment needs what only the client's own process has or may do: its stdin,
 * its terminal, its process tree, approvals, live look-ups, running the command. The daemon then
 * answers "fallback" and the client assesses in-process, exactly as without a daemon.
 */
export class NeedsClient extends Error {
  constructor(readonly effect: string) {
    super(`the daemon does not ${effect} on a client's behalf`);
  }
}

/** What one request did: its output, the audit records to append if it is served, and whether it needs the client. */
export interface RequestEffects {
  stdout: string;
  stderr: string;
  readonly audit: AuditRecord[];
  /** The first effect the daemon refused; set even when the code under assessment caught the error. */
  needsClient: string | null;
  /**
   * With `allowRun`: the command the in-process path would have started now, and how many audit
   * records came before that moment (the one after it waits for the client's exit status).
   */
  run: { readonly request: ExecRequest; readonly recordsBefore: number } | null;
  /** A prefix run (`guard psql …`): the run is handed to the client instead of refused. */
  readonly allowRun: boolean;
}

export function newEffects(options: { allowRun?: boolean } = {}): RequestEffects {
  return { stdout: '', stderr: '', audit: [], needsClient: null, run: null, allowRun: options.allowRun === true };
}

/** The status the daemon's run step resolves with; the client's real status replaces it in the record. */
export const STATUS_PENDING = -1;

/**
 * Files that name the reading process itself (`/proc/self`, `/dev/stdin`, `/dev/fd/N`) or a
 * device: read by the daemon they would be the daemon's, not the client's.
 */
function namesTheReader(path: string): boolean {
  return path.startsWith('/proc/') || path.startsWith('/dev/');
}

export function gatedContext(ctx: Context, terminals: Terminals, effects: RequestEffects): Context {
  const refuse = (effect: string): never => {
    effects.needsClient ??= effect;
    throw new NeedsClient(effect);
  };
  const output = (which: 'stdout' | 'stderr', isTTY: boolean): Output => ({
    isTTY,
    write: (text) => {
      effects[which] += text;
    },
  });
  const local = (path: string): string => {
    // Relative to the process's directory, as in the client: the server has made it the client's
    // (for the hook that is guard's own cwd, not the payload's, exactly as in-process).
    const absolute = isAbsolute(path) ? path : resolve(path);
    if (namesTheReader(absolute)) refuse(`read ${absolute}`);
    return absolute;
  };
  return {
    ...ctx,
    readFile: (path) => {
      try {
        return ctx.readFile(local(path));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    fileExists: (path) => ctx.fileExists(local(path)),
    ...(ctx.listDirectory ? { listDirectory: (path: string) => (ctx.listDirectory as (p: string) => Promise<string[]>)(local(path)) } : {}),
    stdin: { isTTY: terminals.stdin, closed: terminals.stdinClosed, spool: async () => refuse("read the client's stdin") },
    stdout: output('stdout', terminals.stdout),
    stderr: output('stderr', terminals.stderr),
    openTerminal: async () => refuse("open the client's terminal"),
    spinner: () => refuse('look anything up live'),
    postgres: { inspect: async () => refuse('look anything up live') },
    http: { request: async () => refuse('look anything up live') },
    subprocess: { run: async () => refuse('run a look-up') },
    approvals: {
      recordPending: () => refuse('record an approval request'),
      listPending: () => refuse('read approvals'),
      approve: () => refuse('approve'),
      consume: () => refuse('use an approval'),
    },
    audit: { append: (record) => void effects.audit.push(record) },
    ancestry: () => refuse("read the client's process tree"),
    run: async (request) => {
      // Only a plain run is handed over: a spooled stdin or raw bytes are the client's own to pass on.
      if (!effects.allowRun || effects.run || request.stdinFd !== undefined) return refuse('run a command');
      effects.run = { request, recordsBefore: effects.audit.length };
      return STATUS_PENDING;
    },
  };
}
