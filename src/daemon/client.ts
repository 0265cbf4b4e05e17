// The daemon client on guard's start-up path: asks the resident guard when one is running, else says to assess in-process.
import { closeSync, fstatSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { guardDirectory, homeDirectory } from '../config/guard-directory.js';
import { parseFast } from '../cli/options.js';
import { flagIsOn } from '../core/env-flag.js';
import { SUBCOMMAND_WORDS } from '../cli/commands/names.js';
import { PROTOCOL_VERSION, parseReply, type AssessRequest, type DaemonReply, type DaemonRequest, type RunAnswer, MAX_MESSAGE_BYTES } from './protocol.js';
import { readBuildId, runtimeDirectory, socketPath, startingMarker, untrustedDirectory, untrustedSocket } from './paths.js';

/** How long a client waits for the daemon's answer before assessing in-process itself. */
export const ANSWER_WAIT_MS = 1500;
/**
 * Node's heap settings for the daemon: small young generation and a capped old one keep its RSS
 * near 105 MB over thousands of requests (V8's defaults let it grow to 140 MB of garbage).
 */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=96'];
/** A marker older than this belongs to a start that failed: the next call may try again. */
const STARTING_MARKER_MS = 10_000;

/** What a standard stream is: closed (`<&-`), or whether it is a terminal. */
function streamState(fd: number, devNull: bigint | null): { closed: boolean; tty: boolean } {
  let stats;
  try {
    stats = fstatSync(fd, { bigint: true });
  } catch {
    return { closed: true, tty: false };
  }
  // node:tty (and the net and stream modules it loads) only for a character device that may be a
  // terminal: pipes, files, sockets and /dev/null are not, and they are what agents and CI give.
  if (!stats.isCharacterDevice() || (devNull !== null && stats.rdev === devNull)) return { closed: false, tty: false };
  const { isatty } = process.getBuiltinModule('node:tty') as typeof import('node:tty');
  return { closed: false, tty: isatty(fd) };
}

function devNullDevice(): bigint | null {
  try {
    return statSync('/dev/null', { bigint: true }).rdev;
  } catch {
    return null;
  }
}

function terminalsOf(): AssessRequest['terminals'] {
  const devNull = devNullDevice();
  const [stdin, stdout, stderr] = [0, 1, 2].map((fd) => streamState(fd, devNull)) as [ReturnType<typeof streamState>, ReturnType<typeof streamState>, ReturnType<typeof streamState>];
  return { stdinClosed: stdin.closed, stdin: stdin.tty, stdout: stdout.tty, stderr: stderr.tty };
}

export type DaemonMode = 'auto' | 'off';

/**
 * `GUARD_DAEMON=0` (or off/false) turns the resident guard off for one process tree, `daemon: "off"`
 * in the user's config.json for good. Only the user's file counts: a repository cannot choose how
 * guard runs (it is an agent's to edit). A config file guard cannot read means off: the in-process
 * path then reports the bad config as it always has.
 */
export function daemonMode(env: Readonly<Record<string, string | undefined>>): DaemonMode {
  const flag = (env.GUARD_DAEMON ?? '').toLowerCase();
  if (flag === '0' || flag === 'off' || flag === 'false' || flag === 'no') return 'off';
  try {
    const file = join(guardDirectory(env, homeDirectory(env)), 'config.json');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'auto' : 'off';
    }
    const config = JSON.parse(text) as { daemon?: unknown };
    return config.daemon === 'off' ? 'off' : 'auto';
  } catch {
    return 'off';
  }
}

/**
 * The request kind these arguments would be (a hook call, a dry run, a run), or null for what the
 * daemon never answers: subcommands (even after `--`, which only costs the daemon's speed),
 * --snapshot, and anything guard's fast option parser does not take.
 */
export function requestKind(args: readonly string[], env: Readonly<Record<string, string | undefined>>): AssessRequest['kind'] | null {
  if (args[0] === 'hook') {
    // Only the plain, offline hook: options, `install` and live look-ups stay in-process.
    if (args.length !== 2 || (args[1] ?? '').startsWith('-') || args[1] === 'install') return null;
    return env.GUARD_HOOK_LIVE === '1' ? null : 'hook';
  }
  const fast = parseFast(args);
  if (!fast || fast.options.snapshot || SUBCOMMAND_WORDS.has(fast.command[0] ?? '')) return null;
  return fast.options.dryRun ? 'argv' : 'run';
}

/** Where this build's daemon listens, if the directory and socket there can be trusted. */
export interface DaemonAddress {
  readonly build: string;
  readonly dir: string;
  readonly socket: string;
}

export function daemonAddress(env: Readonly<Record<string, string | undefined>>, bundleDir: string): DaemonAddress | null {
  const build = readBuildId(bundleDir);
  const dir = runtimeDirectory(env, homeDirectory(env));
  if (!build || !dir) return null;
  const socket = socketPath(dir, build);
  return socket ? { build, dir, socket } : null;
}

/** Why the socket must not be used; 'absent' when there simply is no daemon (one may be started). */
export function socketProblem(address: DaemonAddress, uid: number): string | 'absent' | null {
  const dirProblem = untrustedDirectory(address.dir, uid);
  if (dirProblem) return dirProblem.endsWith('ENOENT') ? 'absent' : dirProblem;
  const problem = untrustedSocket(address.socket, uid);
  if (problem) return problem.endsWith('ENOENT') ? 'absent' : problem;
  return null;
}

/** Nobody listens at the socket (a daemon that died left it): one may be started in its place. */
export const UNREACHABLE = 'unreachable';

/**
 * Sends one request and reads one reply line; null on garbage, a dropped connection or no reply
 * within `waitMs`, UNREACHABLE when the connection was refused before it was made.
 */
export async function exchange(socket: string, request: DaemonRequest, waitMs: number): Promise<DaemonReply | null | typeof UNREACHABLE> {
  // getBuiltinModule, not import(): a dynamic import would start Node's ES-module loader on every call.
  const { createConnection } = process.getBuiltinModule('node:net') as typeof import('node:net');
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    const chunks: Buffer[] = [];
    let size = 0;
    const connection = createConnection({ path: socket });
    const finish = (reply: DaemonReply | null | typeof UNREACHABLE) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(null), waitMs);
    connection.on('error', (error: NodeJS.ErrnoException) => finish(!connected && (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') ? UNREACHABLE : null));
    connection.on('connect', () => {
      connected = true;
      // Not end(): the daemon reads the end of the connection as "the client gave up".
      connection.write(`${JSON.stringify(request)}\n`);
    });
    connection.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_MESSAGE_BYTES) return finish(null);
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) finish(parseReply(text.slice(0, end), request.build));
    });
    connection.on('end', () => finish(null));
  });
}

/**
 * Starts a daemon in the background, at most once at a time: the first of many parallel calls
 * leaves a marker (O_EXCL) that the others respect until the daemon binds or the marker ages out.
 */
export async function startInBackground(address: DaemonAddress, guardBinary: string, uid: number): Promise<void> {
  const { ensureRuntimeDirectory } = await import('./paths.js');
  try {
    ensureRuntimeDirectory(address.dir);
    if (untrustedDirectory(address.dir, uid)) return;
    const marker = startingMarker(address.socket);
    try {
      if (Date.now() - statSync(marker).mtimeMs < STARTING_MARKER_MS) return;
      unlinkSync(marker);
    } catch {
      // no marker: this call starts the daemon
    }
    closeSync(openSync(marker, 'wx', 0o600));
    const { spawn } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
    const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, guardBinary, 'daemon', 'run'], { detached: true, stdio: 'ignore', cwd: '/', env: { ...process.env, GUARD_DAEMON: '1' } });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Not started: this call and the next assess in-process, as without a daemon.
  }
}

export interface DaemonOutcome {
  /** The daemon's answer, to write out as it is; null: assess in-process. */
  readonly answer: { readonly stdout: string; readonly stderr: string; readonly exitCode: number } | null;
  /** The hook payload, read already: the in-process path must not read stdin again. */
  readonly payload?: Buffer;
  /** No daemon was there: start one in the background once this call is answered. */
  readonly startAfter: DaemonAddress | null;
  /** The daemon allows this run: the client runs it (src/daemon/client-run.ts). */
  readonly run?: { readonly answer: RunAnswer; readonly address: DaemonAddress };
}

const NONE: DaemonOutcome = { answer: null, startAfter: null };

/** Asks the daemon, when this call is one it answers and a trustworthy one is listening. */
export async function askDaemon(args: readonly string[], bundleDir: string, guardBinary: string): Promise<DaemonOutcome> {
  const env = process.env;
  const kind = requestKind(args, env);
  const uid = process.getuid?.();
  if (!kind || uid === undefined || daemonMode(env) === 'off') return NONE;
  const address = daemonAddress(env, bundleDir);
  if (!address) return NONE;
  let payload: Buffer | undefined;
  if (kind === 'hook') payload = await (await import('../hooks/payload.js')).readHookPayload();
  const withPayload = (outcome: DaemonOutcome): DaemonOutcome => (payload ? { ...outcome, payload } : outcome);
  const problem = socketProblem(address, uid);
  // In CI (CI=true) a job's calls are few and its machine goes away: none is started there.
  const replaceable = flagIsOn(env.CI) ? null : address;
  if (problem === 'absent') return withPayload({ answer: null, startAfter: replaceable });
  if (problem) return withPayload(NONE);
  const request: AssessRequest = {
    v: PROTOCOL_VERSION,
    build: address.build,
    kind,
    args: [...args],
    cwd: process.cwd(),
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    // fstat and isatty, not process.stdin: creating the stdin stream would touch fd 0 the hook has read.
    terminals: terminalsOf(),
    guardBinary,
    ...(payload ? { payload: payload.toString('base64') } : {}),
  };
  const reply = await exchange(address.socket, request, ANSWER_WAIT_MS);
  if (reply !== null && reply !== UNREACHABLE && reply.status === 'answer' && kind !== 'run') return withPayload({ answer: { stdout: reply.stdout, stderr: reply.stderr, exitCode: reply.exitCode }, startAfter: null });
  if (reply !== null && reply !== UNREACHABLE && reply.status === 'run' && kind === 'run') return { answer: null, startAfter: null, run: { answer: reply, address } };
  // Refused connection: a socket left by a daemon that died; a new one replaces it. A slow or
  // garbled daemon is left alone (it is not replaced from here).
  return withPayload({ answer: null, startAfter: reply === UNREACHABLE ? replaceable : null });
}
