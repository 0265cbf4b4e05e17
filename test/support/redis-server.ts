// A throwaway real redis-server for tests: a private Unix socket, no TCP, run as the redis OS user.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  readonly socket: string;
  /** Runs one command through the real redis-cli; its raw reply. */
  cli(...args: string[]): string;
  stop(): Promise<void>;
}

const SERVER_USER = 'redis';
const START_TIMEOUT_MS = 30_000;

export function redisUnavailable(): string | null {
  for (const program of ['redis-server', 'redis-cli']) {
    if (spawnSync(program, ['--version'], { stdio: 'ignore' }).status !== 0) return `${program} is not installed (Debian packages redis-server, redis-tools)`;
  }
  return null;
}

function ownerIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${SERVER_USER}:`));
  if (!line) return null; // redis-server runs as root happily; the OS user is only a nicety here
  const fields = line.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Known data: db 0 holds 1000 `session:*` keys and 20 `user:*` keys; db 3 holds 5 keys. */
export const REDIS_SEED = { db0: { session: 1000, user: 20 }, db3: 5 } as const;

export async function startTestRedis(): Promise<TestRedis> {
  const root = mkdtempSync(join(tmpdir(), 'guard-redis-'));
  const owner = ownerIds();
  if (owner) chownSync(root, owner.uid, owner.gid);
  const socket = join(root, 'redis.sock');
  const config = join(root, 'redis.conf');
  writeFileSync(config, [`port 0`, `unixsocket ${socket}`, 'unixsocketperm 777', `dir ${root}`, 'save ""', 'appendonly no', 'daemonize no', `logfile ${join(root, 'redis.log')}`, ''].join('\n'));
  if (owner) chownSync(config, owner.uid, owner.gid);
  const [command, args] = owner ? ['runuser', ['-u', SERVER_USER, '--', 'redis-server', config]] : ['redis-server', [config]];
  const server: ChildProcess = spawn(command, args, { cwd: root, stdio: 'ignore' });
  const cli = (...cliArgs: string[]) => {
    const result = spawnSync('redis-cli', ['-s', socket, ...cliArgs], { encoding: 'utf8', timeout: 30_000 });
    if (result.status !== 0) throw new Error(`redis-cli ${cliArgs.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (existsSync(socket) && spawnSync('redis-cli', ['-s', socket, 'PING'], { encoding: 'utf8' }).stdout.trim() === 'PONG') break;
    if (server.exitCode !== null) throw new Error('redis-server exited during start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Seed through redis-cli's own stdin mode (one command a line).
  const lines: string[] = [];
  for (let i = 0; i < REDIS_SEED.db0.session; i++) lines.push(`SET session:${i} x`);
  for (let i = 0; i < REDIS_SEED.db0.user; i++) lines.push(`HSET user:${i} name u${i}`);
  lines.push('SELECT 3');
  for (let i = 0; i < REDIS_SEED.db3; i++) lines.push(`SET other:${i} y`);
  const seeded = spawnSync('redis-cli', ['-s', socket], { input: `${lines.join('\n')}\n`, encoding: 'utf8', timeout: 60_000 });
  if (seeded.status !== 0) throw new Error(`seeding redis failed: ${seeded.stderr}`);
  const stopNow = () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  return {
    socket,
    cli,
    async stop() {
      process.off('exit', stopNow);
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
      stopNow();
    },
  };
}
