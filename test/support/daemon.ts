// A resident guard for one test: started in the foreground as the test's child, in the sandbox's private runtime directory, always stopped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GUARD_BIN, REPO_ROOT, guardEnv, type GuardSandbox } from './run-guard.js';
import { readBuildId, socketPath } from '../../src/daemon/paths.js';
import { DAEMON_NODE_FLAGS } from '../../src/daemon/client.js';

export interface TestDaemon {
  readonly child: ChildProcess;
  readonly env: Record<string, string>;
  readonly runtimeDir: string;
  readonly socket: string;
  readonly build: string;
  /** What the daemon wrote on stderr so far. */
  log(): string;
  /** Resolves with the exit code when the daemon process ends. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** The environment in which guard uses the sandbox's daemon (GUARD_DAEMON on, a private runtime directory). */
export function daemonEnv(sandbox: GuardSandbox, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const runtimeDir = join(sandbox.dir, 'run');
  if (!existsSync(runtimeDir)) mkdirSync(runtimeDir, { mode: 0o700 });
  // A daemon that outlives a failed test still goes within a minute (and at once when its socket goes).
  return guardEnv({ sandbox, env: { GUARD_DAEMON: '1', XDG_RUNTIME_DIR: runtimeDir, GUARD_DAEMON_IDLE_SECONDS: '60', ...extra } });
}

export function buildId(): string {
  const id = readBuildId(join(REPO_ROOT, 'dist', 'bundle'));
  if (!id) throw new Error('no dist/bundle/build-id: run npm run build');
  return id;
}

export function daemonSocket(sandbox: GuardSandbox): string {
  return daemonSocketFor(sandbox, buildId());
}

export function daemonSocketFor(sandbox: GuardSandbox, build: string): string {
  return socketPath(join(sandbox.dir, 'run', 'guard'), build) as string;
}

export async function startTestDaemon(sandbox: GuardSandbox, extra: Record<string, string | undefined> = {}): Promise<TestDaemon> {
  const env = daemonEnv(sandbox, extra);
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, GUARD_BIN, 'daemon', 'run'], { env, cwd: sandbox.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`guard daemon run did not listen within 60 s: ${log}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('listening at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`guard daemon run exited ${code}: ${log}`));
    });
  });
  return {
    child,
    env,
    runtimeDir: join(sandbox.dir, 'run', 'guard'),
    socket: daemonSocket(sandbox),
    build: buildId(),
    exited,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** `guard daemon status --json` in that environment. */
export function daemonStatus(env: Record<string, string>): { running: boolean; served?: number; requests?: number; pid?: number; problem: string | null; rssBytes?: number } {
  const result = spawnSync(process.execPath, [GUARD_BIN, 'daemon', 'status', '--json'], { env, encoding: 'utf8' });
  return JSON.parse(result.stdout) as ReturnType<typeof daemonStatus>;
}
