// Starts a throwaway real PostgreSQL server for tests: private data dir, socket dir and port.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, appendFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface TestPostgres {
  /** The Unix socket directory: what libpq and pg accept as `host`. */
  readonly host: string;
  readonly port: number;
  /** Superuser name; it logs in over the socket without a password (trust). */
  readonly superuser: string;
  /** A login role that must authenticate with a password over TCP (scram-sha-256). */
  readonly passwordRole: { readonly user: string; readonly password: string };
  /** PGHOST, PGPORT, PGUSER, PGDATABASE for child processes (socket, superuser). */
  readonly env: Record<string, string>;
  /** Server log; `log_statement = all` with the application name first on each line. */
  readonly logFile: string;
  /** The directory holding psql, pg_ctl, initdb. */
  readonly binDir: string;
  /** `postgresql://<password role>:<password>@127.0.0.1:<port>/<db>`. */
  url(db?: string): string;
  /** Runs SQL as the superuser through the real psql (unaligned, tuples only); rejects on error. */
  psql(sql: string, db?: string): Promise<string>;
  readLog(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Load test/support/seed.sql (databases shop and scratch, with known data). */
  readonly seed?: boolean;
}

const SUPERUSER = 'postgres';
const PASSWORD_ROLE = 'guard_app';
const UNPRIVILEGED_OS_USER = 'postgres';
const START_ATTEMPTS = 3;
const SETTINGS_FILE = 'guard-test.conf';
const COMMAND_TIMEOUT_MS = 120_000;

/** Finds initdb, pg_ctl, postgres and psql together, newest version first. */
export function findPostgresBinDir(): string {
  const required = ['initdb', 'pg_ctl', 'postgres'];
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((entry) => /^\d+(\.\d+)?$/.test(entry))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  const found = candidates.find((dir) => required.every((name) => existsSync(join(dir, name))));
  if (found === undefined) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in PG_BINDIR, ' +
        '/usr/lib/postgresql/*/bin or PATH; run scripts/ensure-postgres.sh to install them',
    );
  }
  return found;
}

function findPsql(binDir: string): string {
  if (existsSync(join(binDir, 'psql'))) return join(binDir, 'psql');
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'psql'))
    .find((path) => existsSync(path));
  if (onPath === undefined) throw new Error('psql not found; run scripts/ensure-postgres.sh');
  return onPath;
}

interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program, as the unprivileged OS user when we are root (initdb/postgres refuse root). */
function run(
  program: string,
  args: readonly string[],
  options: { cwd: string; asServerUser: boolean; input?: string; env?: Record<string, string> },
): Promise<RunResult> {
  const dropPrivileges = options.asServerUser && process.getuid?.() === 0;
  const [command, argv] = dropPrivileges
    ? ['runuser', ['-u', UNPRIVILEGED_OS_USER, '--', program, ...args]]
    : [program, [...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: options.cwd,
      env: { ...process.env, LC_ALL: 'C', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: COMMAND_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else {
        const status = signal === null ? `exit ${code}` : `signal ${signal}`;
        reject(new Error(`${program} ${args.join(' ')} failed (${status}):\n${stderr || stdout}`));
      }
    });
    child.stdin.end(options.input ?? '');
  });
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function serverUserIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${UNPRIVILEGED_OS_USER}:`));
  if (line === undefined) {
    throw new Error(`running as root needs an OS user "${UNPRIVILEGED_OS_USER}" to own the test cluster`);
  }
  const fields = line.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function serverSettings(port: number, socketDir: string): string {
  // Durability is pointless for a throwaway cluster; autovacuum off keeps planner stats
  // exactly as the seed's ANALYZE left them, so estimate tests are deterministic.
  return [
    '',
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${socketDir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'wal_level = minimal',
    'max_wal_senders = 0',
    'shared_buffers = 16MB',
    'max_connections = 40',
    'autovacuum = off',
    "password_encryption = 'scram-sha-256'",
    "log_statement = 'all'",
    "log_line_prefix = '[%a] %p '",
    "log_min_messages = 'warning'",
    '',
  ].join('\n');
}

async function startCluster(binDir: string, root: string, dataDir: string, socketDir: string, logFile: string) {
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    // The port may be taken between probing and binding; a fresh one usually works.
    const port = await freeLoopbackPort();
    writeFileSync(join(dataDir, SETTINGS_FILE), serverSettings(port, socketDir));
    try {
      await run(join(binDir, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-s'], {
        cwd: root,
        asServerUser: true,
      });
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
  throw new Error(`could not start the test PostgreSQL: ${String(lastError)}\n${log}`);
}

export async function startTestPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  const binDir = findPostgresBinDir();
  const psqlPath = findPsql(binDir);
  const owner = serverUserIds();
  const root = mkdtempSync(join(tmpdir(), 'guard-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  const logFile = join(root, 'server.log');
  mkdirSync(socketDir);
  writeFileSync(logFile, '');
  if (owner !== null) {
    for (const path of [root, socketDir, logFile]) chownSync(path, owner.uid, owner.gid);
  }
  let started = false;
  const stopArgs = ['stop', '-m', 'immediate', '-w', '-D', dataDir, '-s'];
  // pg_ctl detaches the server, so a test file that crashes or is killed before `after`
  // would leave it running: stop it synchronously on the way out.
  const stopOnExit = (): void => {
    if (started) {
      const asRoot = process.getuid?.() === 0;
      const pgCtl = join(binDir, 'pg_ctl');
      spawnSync(asRoot ? 'runuser' : pgCtl, asRoot ? ['-u', UNPRIVILEGED_OS_USER, '--', pgCtl, ...stopArgs] : stopArgs, {
        cwd: root,
        stdio: 'ignore',
        timeout: 30_000,
      });
      started = false;
    }
    rmSync(root, { recursive: true, force: true });
  };
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    stopOnExit();
    process.kill(process.pid, signal);
  };
  process.once('exit', stopOnExit);
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const stop = async (): Promise<void> => {
    process.off('exit', stopOnExit);
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    if (started) {
      started = false;
      await run(join(binDir, 'pg_ctl'), stopArgs, { cwd: root, asServerUser: true }).catch(() => undefined);
    }
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await run(
      join(binDir, 'initdb'),
      [
        '-D', dataDir, '-U', SUPERUSER, '--no-sync', '--no-instructions', '-E', 'UTF8', '--locale=C',
        '-A', 'trust', '--auth-host=scram-sha-256',
      ],
      { cwd: root, asServerUser: true },
    );
    // Our settings live in their own file so a retry with another port can rewrite them.
    appendFileSync(join(dataDir, 'postgresql.conf'), `\ninclude_if_exists = '${SETTINGS_FILE}'\n`);
    const port = await startCluster(binDir, root, dataDir, socketDir, logFile);
    started = true;

    const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
    const env = { PGHOST: socketDir, PGPORT: String(port), PGUSER: SUPERUSER, PGDATABASE: 'postgres' };
    const psql = async (sql: string, db = 'postgres'): Promise<string> => {
      const { stdout } = await run(
        psqlPath,
        ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db, '-f', '-'],
        { cwd: root, asServerUser: false, input: sql, env: { ...env, PGAPPNAME: 'guard-test-setup' } },
      );
      return stdout.trim();
    };
    // The password role reads everything, as a typical reporting or migration account would.
    // log_statement is off for this one statement so the password stays out of the log.
    await psql(
      `SET log_statement = 'none'; CREATE ROLE ${PASSWORD_ROLE} LOGIN PASSWORD '${password}';` +
        `GRANT pg_read_all_data, pg_read_all_stats TO ${PASSWORD_ROLE};`,
    );
    if (options.seed === true) {
      await psql(readFileSync(join(process.cwd(), 'test', 'support', 'seed.sql'), 'utf8'));
    }
    return {
      host: socketDir,
      port,
      superuser: SUPERUSER,
      passwordRole: { user: PASSWORD_ROLE, password },
      env,
      logFile,
      binDir,
      url: (db = 'postgres') =>
        `postgresql://${PASSWORD_ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(db)}`,
      psql,
      readLog: () => readFileSync(logFile, 'utf8'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
