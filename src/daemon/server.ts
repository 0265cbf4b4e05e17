// The resident guard: listens on its private socket, answers one request at a time with warm parsers, exits when idle or stale.
import { chmodSync, lstatSync, readFileSync, unlinkSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { guardDirectory, homeDirectory } from '../config/guard-directory.js';
import { UNREACHABLE, daemonAddress, exchange, type DaemonAddress } from './client.js';
import { ensureRuntimeDirectory, readBuildId, startingMarker, untrustedDirectory, untrustedSocket } from './paths.js';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION, parseRequest, type DaemonReply, type AssessRequest } from './protocol.js';
import { serveRequest, type Abandonment, type HoldRecord } from './serve.js';
import { fileAuditLog, type AuditRecord } from '../core/audit.js';
import { randomBytes } from 'node:crypto';
import { warmUp } from './warm.js';
import { NeedsClient } from './gated-context.js';

/** The default idle time before the daemon exits; `daemonIdleMinutes` in config.json changes it. */
export const DEFAULT_IDLE_MINUTES = 30;
/** A request that takes longer is given up on (the client falls back well before its own wait ends). */
const REQUEST_DEADLINE_MS = 800;
/** Above this the daemon exits after answering: a fresh one is started on demand. */
const RSS_CEILING_BYTES = 120 * 1024 * 1024;
/** The RSS is checked after every this many requests (each adds a few hundred KB of garbage at most). */
const RSS_CHECK_EVERY = 8;
/** How often the daemon checks that its build is still the installed one and its socket still its own. */
const WATCH_MS = 10_000;

function idleLimitSeconds(env: Readonly<Record<string, string | undefined>>): number {
  const override = Number(env.GUARD_DAEMON_IDLE_SECONDS);
  if (Number.isInteger(override) && override > 0) return override;
  try {
    const home = homeDirectory(env);
    const config = JSON.parse(readFileSync(join(guardDirectory(env, home), 'config.json'), 'utf8')) as { daemonIdleMinutes?: unknown };
    const minutes = config.daemonIdleMinutes;
    if (typeof minutes === 'number' && Number.isInteger(minutes) && minutes > 0) return minutes * 60;
  } catch {
    // no config, or one the schema check will report: the default
  }
  return DEFAULT_IDLE_MINUTES * 60;
}

/** Takes the socket path: refuses one that is not ours, leaves a live daemon alone, clears a dead one's. */
async function claimSocket(address: DaemonAddress, uid: number): Promise<string | null> {
  ensureRuntimeDirectory(address.dir);
  const dirProblem = untrustedDirectory(address.dir, uid);
  if (dirProblem) return `refusing the runtime directory: ${dirProblem}`;
  const socketProblem = untrustedSocket(address.socket, uid);
  if (socketProblem === null) {
    // Only a socket nobody listens at is cleared: a live listener, ours or not, is never unlinked.
    const reply = await exchange(address.socket, { v: PROTOCOL_VERSION, build: address.build, kind: 'status' }, 2000);
    if (reply === UNREACHABLE) unlinkSync(address.socket);
    else if (reply?.status === 'status') return 'already running';
    else return `refusing ${address.socket}: something listens there that does not answer as this build's daemon`;
  } else if (!socketProblem.endsWith('ENOENT')) return `refusing ${address.socket}: ${socketProblem}`;
  return null;
}

function readLine(connection: Socket, onLine: (line: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  connection.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_MESSAGE_BYTES) return void connection.destroy();
    const end = chunk.indexOf(0x0a);
    if (end < 0) return;
    connection.removeAllListeners('data');
    // Keep reading (and dropping) so the client's end is seen: it means the client gave up.
    connection.on('data', () => undefined);
    const all = Buffer.concat(chunks);
    onLine(all.subarray(0, all.indexOf(0x0a)).toString('utf8'));
  });
}

/** The most audit records held for runs still going; past it the oldest is dropped (its client appends it itself). */
const MAX_HELD_RECORDS = 1000;

/**
 * Audit records of runs the daemon allowed, each waiting for its client's exit status under a
 * random token. A record the client never reports (it was killed) is lost, as it is in-process.
 */
function heldRecords(): { hold: HoldRecord; release: (token: string, exitStatus: number) => string | null } {
  const held = new Map<string, { record: AuditRecord; guardDir: string }>();
  return {
    hold: (record, guardDir) => {
      const token = randomBytes(16).toString('hex');
      held.set(token, { record, guardDir });
      if (held.size > MAX_HELD_RECORDS) held.delete(held.keys().next().value as string);
      return token;
    },
    release: (token, exitStatus) => {
      const entry = held.get(token);
      if (!entry) return 'no run holds that token';
      held.delete(token);
      try {
        // Written when the run ended, as the in-process path writes it.
        fileAuditLog(entry.guardDir).append({ ...entry.record, time: new Date().toISOString(), exitStatus });
        return null;
      } catch (error) {
        return `audit: ${(error as Error).message}`;
      }
    },
  };
}

/** Runs the daemon in this process until it is stopped, idle, stale or over its memory; resolves with the exit status. */
export async function runDaemon(bundleDir: string, log: (line: string) => void): Promise<number> {
  const uid = process.getuid?.();
  const address = daemonAddress(process.env, bundleDir);
  if (uid === undefined || !address) {
    log('guard daemon: no runtime directory or build id (XDG_RUNTIME_DIR, the guard directory, dist/bundle/build-id)');
    return 78;
  }
  const problem = await claimSocket(address, uid);
  if (problem === 'already running') {
    log(`guard daemon: already running at ${address.socket}`);
    return 0;
  }
  if (problem) {
    log(`guard daemon: ${problem}`);
    return 77;
  }
  await warmUp();

  const started = Date.now();
  const idleLimit = idleLimitSeconds(process.env);
  let lastActivity = Date.now();
  let requests = 0;
  let served = 0;
  let queue: Promise<void> = Promise.resolve();
  const held = heldRecords();
  let finish: (status: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const reply = (connection: Socket, message: DaemonReply) => {
    if (!connection.destroyed) connection.end(`${JSON.stringify(message)}\n`);
  };
  const base = { v: PROTOCOL_VERSION, build: address.build } as const;

  const serveInTurn = (connection: Socket, request: AssessRequest) => {
    queue = queue.then(async () => {
      // The client gave up waiting (it assesses in-process): no work for an answer nobody reads.
      if (connection.destroyed || connection.readableEnded) {
        connection.destroy();
        return;
      }
      const abandonment: Abandonment = { abandoned: false };
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<DaemonReply>((resolve) => {
        timer = setTimeout(() => {
          abandonment.abandoned = true;
          resolve({ ...base, status: 'fallback', why: 'too slow' });
        }, REQUEST_DEADLINE_MS);
      });
      const answer = await Promise.race([serveRequest(request, address.build, abandonment, held.hold), late]).catch((error: unknown) => ({ ...base, status: 'fallback' as const, why: String(error) }));
      clearTimeout(timer);
      if (answer.status === 'answer' || answer.status === 'run') served++;
      reply(connection, answer);
      lastActivity = Date.now();
      // Reading the RSS is a read of /proc/self/stat: every few requests is enough to stay under the ceiling.
      if (requests % RSS_CHECK_EVERY === 0 && process.memoryUsage.rss() > RSS_CEILING_BYTES) shutdown(0, 'over its memory ceiling');
    });
  };

  // Half-open: a client's end (it gave up) must not end our side before the answer is written.
  const server = createServer({ allowHalfOpen: true }, (connection) => {
    lastActivity = Date.now();
    connection.on('error', () => undefined);
    connection.setTimeout(5000, () => connection.destroy());
    readLine(connection, (line) => {
      // The 5 s limit is for a client that never sends its request; waiting in the queue is not idling.
      connection.setTimeout(0);
      const request = parseRequest(line);
      if (typeof request === 'string') return reply(connection, { ...base, status: 'fallback', why: request });
      if (request.kind === 'status') {
        return reply(connection, {
          ...base,
          status: 'status',
          pid: process.pid,
          uptimeSeconds: Math.round((Date.now() - started) / 1000),
          requests,
          served,
          rssBytes: process.memoryUsage.rss(),
          idleSeconds: Math.round((Date.now() - lastActivity) / 1000),
          idleLimitSeconds: idleLimit,
        });
      }
      if (request.kind === 'exited') {
        lastActivity = Date.now();
        const recorded = held.release(request.token, request.exitStatus);
        return reply(connection, recorded === null ? { ...base, status: 'recorded' } : { ...base, status: 'fallback', why: recorded });
      }
      if (request.kind === 'stop') {
        reply(connection, { ...base, status: 'stopping', pid: process.pid });
        return shutdown(0, 'stopped');
      }
      requests++;
      serveInTurn(connection, request as AssessRequest);
    });
  });

  let socketIdentity: bigint | null = null;
  let closing = false;
  function shutdown(status: number, why: string): void {
    if (closing) return;
    closing = true;
    log(`guard daemon: exiting (${why})`);
    clearInterval(watch);
    server.close();
    // Only our own socket: a new daemon may already have taken the path.
    try {
      if (socketIdentity !== null && lstatSync(address!.socket, { bigint: true }).ino === socketIdentity) unlinkSync(address!.socket);
    } catch {
      // already gone
    }
    void queue.finally(() => finish(status));
  }

  const watch = setInterval(() => {
    if (readBuildId(bundleDir) !== address.build) return shutdown(0, 'guard was rebuilt or upgraded');
    try {
      if (lstatSync(address.socket, { bigint: true }).ino !== socketIdentity) return shutdown(0, 'its socket was replaced');
    } catch {
      return shutdown(0, 'its socket was removed');
    }
    if (Date.now() - lastActivity > idleLimit * 1000) shutdown(0, `idle for ${idleLimit} s`);
  }, Math.min(WATCH_MS, idleLimit * 1000));

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => shutdown(0, signal));
  // A refused effect in a promise nobody awaited is already recorded on its request (which falls back).
  process.on('unhandledRejection', (reason) => {
    if (!(reason instanceof NeedsClient)) log(`guard daemon: unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`);
  });
  // Anything else thrown outside a request leaves the daemon in a state nobody checked: it goes, clients fall back.
  process.on('uncaughtException', (error) => {
    log(`guard daemon: ${error.stack ?? error.message}`);
    shutdown(70, 'an internal error');
  });

  const listening = await new Promise<string | null>((resolve) => {
    server.once('error', (error) => resolve((error as Error).message));
    server.listen(address.socket, () => resolve(null));
  });
  if (listening) {
    clearInterval(watch);
    log(`guard daemon: cannot listen at ${address.socket}: ${listening}`);
    return 70;
  }
  chmodSync(address.socket, 0o600);
  socketIdentity = lstatSync(address.socket, { bigint: true }).ino;
  try {
    unlinkSync(startingMarker(address.socket));
  } catch {
    // started by hand, not by a client
  }
  log(`guard daemon: listening at ${address.socket} (pid ${process.pid}, exits after ${idleLimit} s idle)`);
  return finished;
}
