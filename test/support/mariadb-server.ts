// A throwaway real MariaDB for tests: private data directory and socket, no TCP, run as the mysql OS user.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestMariadb {
  readonly socket: string;
  /** Runs SQL as root over the socket through the real client (batch, no column names). */
  query(sql: string): string;
  stop(): Promise<void>;
}

const SERVER_USER = 'mysql';
const START_TIMEOUT_MS = 60_000;

export function mariadbUnavailable(): string | null {
  for (const program of ['mariadbd', 'mariadb-install-db', 'mariadb']) {
    if (findProgram(program) === null) return `${program} is not installed (Debian packages mariadb-server, mariadb-client)`;
  }
  return null;
}

/** PATH, then /usr/sbin (where Debian puts mariadbd, and which a non-root PATH often lacks). */
function findProgram(program: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/bin'];
  return dirs.map((dir) => join(dir, program)).find((path) => existsSync(path)) ?? null;
}

function asServerUser(program: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', SERVER_USER, '--', program, ...args]] : [program, [...args]];
}

function ownerIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${SERVER_USER}:`));
  if (!line) throw new Error(`running as root needs an OS user "${SERVER_USER}" (created by mariadb-server)`);
  const fields = line.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

export async function startTestMariadb(seedFile?: string): Promise<TestMariadb> {
  const root = mkdtempSync(join(tmpdir(), 'guard-mariadb-'));
  const owner = ownerIds();
  if (owner) chownSync(root, owner.uid, owner.gid);
  const dataDir = join(root, 'data');
  const socket = join(root, 'mysqld.sock');
  const [installCommand, installArgs] = asServerUser(findProgram('mariadb-install-db') ?? 'mariadb-install-db', ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=socket', '--skip-test-db', ...(owner ? [`--user=${SERVER_USER}`] : [])]);
  const install = spawnSync(installCommand, installArgs, { cwd: root, encoding: 'utf8', timeout: START_TIMEOUT_MS });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
  const [command, args] = asServerUser(findProgram('mariadbd') ?? 'mariadbd', [
    '--no-defaults', `--datadir=${dataDir}`, `--socket=${socket}`, '--skip-networking', `--pid-file=${join(root, 'mysqld.pid')}`,
    `--log-error=${join(root, 'error.log')}`, '--innodb-buffer-pool-size=16M', '--innodb-log-file-size=8M', '--skip-log-bin',
    '--innodb-flush-log-at-trx-commit=0', '--general-log=1', `--general-log-file=${join(root, 'general.log')}`,
  ]);
  const server: ChildProcess = spawn(command, args, { cwd: root, stdio: 'ignore', detached: false });
  const deadline = Date.now() + START_TIMEOUT_MS;
  const client = (sql: string) => spawnSync('mariadb', ['--no-defaults', '-S', socket, '-u', 'root', '--batch', '--skip-column-names', '-e', sql], { encoding: 'utf8', timeout: 30_000 });
  while (Date.now() < deadline) {
    if (existsSync(socket) && client('SELECT 1').status === 0) break;
    if (server.exitCode !== null) throw new Error(`mariadbd exited: ${existsSync(join(root, 'error.log')) ? readFileSync(join(root, 'error.log'), 'utf8').slice(-2000) : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stopNow = () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  const query = (sql: string) => {
    const result = client(sql);
    if (result.status !== 0) throw new Error(`mariadb: ${result.stderr}`);
    return result.stdout;
  };
  if (seedFile) query(readFileSync(seedFile, 'utf8'));
  return {
    socket,
    query,
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
