// Runs the real bin/guard as a user would: its own session (no controlling terminal), a minimal env, captured output.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this compiled file (dist/test/support/…) or its source. */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const GUARD_BIN = join(REPO_ROOT, 'bin', 'guard');

/** Environment variables that make guard believe an AI agent runs it (DESIGN.md, plus GUARD_AGENT). */
export const AGENT_MARKERS = ['CLAUDECODE', 'CURSOR_AGENT', 'CODEX_SANDBOX', 'GEMINI_CLI', 'AI_AGENT', 'CLINE_ACTIVE', 'ROO_ACTIVE', 'GUARD_AGENT'];

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bin', 'guard'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`run-guard: no repository root above ${start}`);
    dir = parent;
  }
  return dir;
}

/** A private HOME and GUARD_CONFIG_DIR so no test reads the developer's config or writes their audit log. */
export interface GuardSandbox {
  readonly dir: string;
  readonly home: string;
  readonly configDir: string;
  readonly auditFile: string;
  readAudit(): Record<string, unknown>[];
  cleanup(): void;
}

export function createSandbox(prefix = 'guard-e2e-'): GuardSandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const configDir = join(dir, 'config');
  const auditFile = join(configDir, 'audit.jsonl');
  return {
    dir,
    home: dir,
    configDir,
    auditFile,
    readAudit: () =>
      existsSync(auditFile)
        ? readFileSync(auditFile, 'utf8')
            .split('\n')
            .filter((line) => line.length > 0)
            .map((line) => JSON.parse(line) as Record<string, unknown>)
        : [],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type StdinSpec =
  | string
  | Buffer
  | { readonly file: string }
  | Readable
  | AsyncIterable<Buffer | string>
  | 'inherit-none';

export interface RunGuardOptions {
  readonly sandbox: GuardSandbox;
  /** Test-specific variables; `undefined` removes one. Agent markers are stripped unless set here. */
  readonly env?: Record<string, string | undefined>;
  /** Directories put first on PATH (fake binaries). */
  readonly pathPrefix?: readonly string[];
  readonly cwd?: string;
  /** Default: an empty pipe. A `{file}` becomes the child's fd 0 directly (a regular file, not a pipe). */
  readonly stdin?: StdinSpec;
  readonly timeoutMs?: number;
  /** Runs guard under /usr/bin/time and writes guard's peak RSS (kB) to this file. */
  readonly peakRssFile?: string;
  /**
   * With agent markers in env, guard runs as the child of a stand-in agent process (a node that
   * spawns it and exits with its status), as under a real agent; `false` runs guard directly.
   */
  readonly agentStandIn?: boolean;
}

/**
 * A parent that is neither a shell nor guard, like an agent: guard records it as the requester,
 * and `guard approve` run later from the test (not its descendant) is outside the agent's tree.
 */
export const AGENT_STAND_IN = [
  "const { spawn } = require('node:child_process');",
  'const [file, ...args] = process.argv.slice(1);',
  "const child = spawn(file, args, { stdio: 'inherit' });",
  "for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH']) process.on(name, () => child.kill(name));",
  "child.on('exit', (code, signal) => { if (signal) { process.removeAllListeners(signal); process.kill(process.pid, signal); } else process.exit(code ?? 1); });",
].join('\n');

export function hasAgentMarker(env: Readonly<Record<string, string | undefined>>): boolean {
  return AGENT_MARKERS.some((name) => env[name] !== undefined && env[name] !== '' && env[name] !== '0');
}

export interface GuardResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly stdoutText: string;
  readonly stderrText: string;
  readonly timedOut: boolean;
}

export interface RunningGuard {
  readonly child: ChildProcess;
  readonly result: Promise<GuardResult>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function baseEnv(sandbox: GuardSandbox, pathPrefix: readonly string[] = []): Record<string, string> {
  // node's own directory stays on PATH so `#!/usr/bin/env node` fakes and bin/guard resolve.
  const system = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  const path = [...pathPrefix, dirname(process.execPath), ...system].join(delimiter);
  return {
    PATH: path,
    HOME: sandbox.home,
    GUARD_CONFIG_DIR: sandbox.configDir,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
    NO_COLOR: '1',
    // Every test assesses in-process unless it sets GUARD_DAEMON itself (test/daemon/ does, with a
    // private runtime directory it stops): a daemon per sandbox would load both parsers per test and
    // could outlive the run, and the in-process path is the reference the daemon is compared to.
    GUARD_DAEMON: '0',
  };
}

export function guardEnv(options: Pick<RunGuardOptions, 'sandbox' | 'env' | 'pathPrefix'>): Record<string, string> {
  const env: Record<string, string | undefined> = { ...baseEnv(options.sandbox, options.pathPrefix) };
  for (const marker of AGENT_MARKERS) delete env[marker];
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env as Record<string, string>;
}

/** Starts guard and returns the child at once (for tests that signal it), plus the eventual result. */
export function spawnGuard(args: readonly string[], options: RunGuardOptions): RunningGuard {
  const stdin = options.stdin ?? '';
  let stdinFd: number | null = null;
  let stdio0: 'pipe' | 'ignore' | number = 'pipe';
  if (stdin === 'inherit-none') stdio0 = 'ignore';
  else if (typeof stdin === 'object' && !Buffer.isBuffer(stdin) && 'file' in stdin) {
    stdinFd = openSync(stdin.file, 'r');
    stdio0 = stdinFd;
  }
  const direct = options.peakRssFile
    ? ['/usr/bin/time', '-f', '%M', '-o', options.peakRssFile, process.execPath, GUARD_BIN, ...args]
    : [process.execPath, GUARD_BIN, ...args];
  const env = guardEnv(options);
  const command = options.agentStandIn !== false && hasAgentMarker(env) ? [process.execPath, '-e', AGENT_STAND_IN, ...direct] : direct;
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: options.cwd ? resolve(options.cwd) : options.sandbox.dir,
    env,
    // A new session: /dev/tty cannot be opened (ENXIO), exactly like cron, CI or an agent.
    detached: true,
    stdio: [stdio0, 'pipe', 'pipe'],
  });
  if (stdinFd !== null) closeSync(stdinFd);

  const stdoutChunks: Buffer[] = [];
  const stderrChunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdoutChunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderrChunks.push(chunk));

  if (child.stdin && stdin !== 'inherit-none') {
    // guard or the wrapped command may exit without reading everything: EPIPE is not a test failure.
    child.stdin.on('error', () => undefined);
    if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) child.stdin.end(stdin);
    else if (!('file' in stdin)) {
      const source = stdin instanceof Readable ? stdin : Readable.from(stdin);
      pipeline(source, child.stdin).catch(() => undefined);
    }
  }

  const result = new Promise<GuardResult>((resolvePromise, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // Kill the whole session guard leads, so nothing it started outlives the test.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(stdoutChunks);
      const stderr = Buffer.concat(stderrChunks);
      resolvePromise({
        status,
        signal,
        stdout,
        stderr,
        stdoutText: stdout.toString('utf8'),
        stderrText: stderr.toString('utf8'),
        timedOut,
      });
    });
  });
  return { child, result };
}

export function runGuard(args: readonly string[], options: RunGuardOptions): Promise<GuardResult> {
  return spawnGuard(args, options).result;
}

/** Explains a failed expectation with everything guard printed. */
export function describeRun(run: GuardResult): string {
  return `status ${run.status} signal ${run.signal}${run.timedOut ? ' (timed out)' : ''}\n--- stdout\n${run.stdoutText}\n--- stderr\n${run.stderrText}`;
}

/** Polls until `check` is true; rejects after `timeoutMs`. For waiting on files other processes write. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
