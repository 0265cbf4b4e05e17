// The one object through which the pipeline touches the world; tests build their own.
import type { ApprovalStore } from '../approvals/model.js';
import type { AuditLog } from './audit.js';
import type { ExecRequest } from './exec.js';
import type { GuardConfig } from '../config/types.js';
import type { StdinSource } from './stdin.js';
import type { PostgresInspector } from '../tools/postgres/model.js';
import type { ProcessInfo } from './processes.js';

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** A prompt opened on the controlling terminal, never on stdin. */
export interface Terminal {
  /**
   * Ask for one line; null when the user cancelled (Ctrl-C, Ctrl-D, Escape). With `check`, an
   * answer it rejects (a string: the message) is shown inline and asked again in the same prompt.
   */
  ask(question: string, check?: (answer: string) => true | string): Promise<string | null>;
  close(): void;
}

/** One HTTP request/response, bounded in time; the only way guard reaches a provider's API. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** A Unix socket to speak HTTP over (the Docker Engine API's `unix:///var/run/docker.sock`); `url` then names only the path. */
  readonly socketPath?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly text: string;
}

export interface HttpClient {
  /** Resolves with the response, or rejects (network error, timeout) with a message free of secrets. */
  request(request: HttpRequest): Promise<HttpResponse>;
}

export interface SubprocessResult {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Output went over maxOutputBytes and the process was killed. */
  readonly truncated: boolean;
}

/** Read-only look-ups through other programs (kubectl get, terraform show -json). */
export interface SubprocessRunner {
  run(
    file: string,
    args: readonly string[],
    options: { readonly cwd?: string; readonly env?: Readonly<Record<string, string | undefined>>; readonly timeoutMs: number; readonly maxOutputBytes?: number },
  ): Promise<SubprocessResult>;
}

export interface Spinner {
  stop(): void;
}

export interface Context {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: string;
  /** The OS user the command runs as when a launcher switched to another (`sudo -u postgres psql`); absent: guard's own. */
  readonly osUser?: string;
  /** No network and no subprocess look-ups (`--offline`). */
  readonly offline: boolean;
  /** Why `offline` is set, in the reader's words (`the hook's offline mode`); absent: the user passed --offline. */
  readonly offlineCause?: string;
  /**
   * Set for commands the shell engine produced: their launchers are already unwrapped, so
   * the pipeline must not hand them back to the engine (which would return them unchanged).
   */
  readonly unwrapped?: boolean;
  /**
   * Set by the shell engine for `producer | xargs cmd`: cmd's trailing arguments are the output
   * of this argv, which guard did not run (the redis family counts the keys a `--scan` yields).
   */
  readonly argumentsFrom?: readonly string[];
  /** Running on behalf of an AI agent (environment markers or GUARD_AGENT=1). */
  readonly agent: boolean;
  /** `--color` (true) or `--no-color` (false); absent: decided by NO_COLOR/FORCE_COLOR and the terminal. */
  readonly color?: boolean;
  /** guard was reached through a shim or shell function it wrote: `--confirm` cannot be passed there. */
  readonly invokedVia?: 'shim' | 'function';
  /** The user's guard directory: config.json, audit log, approvals. */
  readonly guardDir: string;
  readonly config: GuardConfig;
  now(): Date;
  readFile(path: string): Promise<Buffer>;
  fileExists(path: string): boolean;
  /** The entry names of a directory (supabase/migrations); rejects when it cannot be read. */
  listDirectory?(path: string): Promise<string[]>;
  readonly stdin: StdinSource;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Open the controlling terminal for a prompt; null when there is none (ENXIO). */
  openTerminal(): Promise<Terminal | null>;
  /** A spinner on stderr while live look-ups run; a no-op without a terminal. */
  spinner(text: string): Spinner;
  readonly postgres: PostgresInspector;
  readonly http: HttpClient;
  /** Only when !offline: `--offline` means no network and no subprocess look-ups. */
  readonly subprocess: SubprocessRunner;
  readonly approvals: ApprovalStore;
  readonly audit: AuditLog;
  /** guard's own binary (bin/guard), when known: its processes are not the agent. */
  readonly guardBinary: string | null;
  /** This process's ancestors, nearest first; throws when they cannot be read (callers fail closed). */
  ancestry(): readonly ProcessInfo[];
  /** The real binary for a command name (never guard or a guard shim); null when none. */
  which(name: string): string | null;
  /** Run the real command; resolves with the status guard exits with. */
  run(request: ExecRequest): Promise<number>;
}

/** Names why look-ups were skipped as the reader knows it: an agent never passed --offline, its hook is offline by default. */
export function offlineCause(ctx: Pick<Context, 'offlineCause'>): string {
  return ctx.offlineCause ?? '--offline';
}
