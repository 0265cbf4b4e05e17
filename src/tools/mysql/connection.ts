// Where a MySQL/MariaDB client connects: command line > option files > MYSQL_HOST/MYSQL_TCP_PORT/MYSQL_UNIX_PORT.
import type { FileOption } from './option-files.js';
import type { ParsedOption } from './getopt.js';

export const DEFAULT_SOCKET = '/run/mysqld/mysqld.sock';
export const DEFAULT_PORT = 3306;

export interface MysqlConnection {
  /** Host name, or the socket path when the client uses a Unix socket. */
  readonly host: string;
  readonly port: number;
  readonly socket: string | null;
  readonly isSocket: boolean;
  readonly user: string;
  readonly database: string | null;
  /** Where the password comes from, never the password: `-p on the command line`, `MYSQL_PWD`. */
  readonly passwordSource: string | null;
  /** Kept only for the read-only look-ups (handed to the client through MYSQL_PWD). */
  readonly password: string | null;
  /** Where each fact came from, for the report. */
  readonly origin: string;
}

/** The option values the resolution needs, latest wins: files first, then the command line. */
function pick(fileOptions: readonly FileOption[], cli: readonly ParsedOption[], name: string): { value: string | null; from: string } | undefined {
  for (let i = cli.length - 1; i >= 0; i--) {
    const option = cli[i];
    if (option?.name === name && !option.negated) return { value: option.value, from: 'command line' };
  }
  for (let i = fileOptions.length - 1; i >= 0; i--) {
    const option = fileOptions[i];
    if (option?.name === name) return { value: option.value, from: option.origin };
  }
  return undefined;
}

export function resolveMysqlConnection(
  cli: readonly ParsedOption[],
  fileOptions: readonly FileOption[],
  databaseArgument: string | null,
  env: Readonly<Record<string, string | undefined>>,
): MysqlConnection {
  const host = pick(fileOptions, cli, 'host')?.value ?? env.MYSQL_HOST ?? 'localhost';
  const portOption = pick(fileOptions, cli, 'port');
  const port = Number(portOption?.value ?? env.MYSQL_TCP_PORT ?? DEFAULT_PORT) || DEFAULT_PORT;
  const socketOption = pick(fileOptions, cli, 'socket');
  const socket = socketOption?.value ?? env.MYSQL_UNIX_PORT ?? DEFAULT_SOCKET;
  const protocol = (pick(fileOptions, cli, 'protocol')?.value ?? '').toLowerCase();
  // localhost means the socket unless TCP is asked for; MariaDB ≥ 10.6.1 also takes a --port
  // given on the command line (without --socket) as asking for TCP.
  const portOnCommandLine = portOption?.from === 'command line' && socketOption?.from !== 'command line';
  const isSocket = protocol === 'socket' || (host === 'localhost' && protocol !== 'tcp' && !portOnCommandLine);
  const user = pick(fileOptions, cli, 'user')?.value ?? env.USER ?? env.LOGNAME ?? 'root';
  const database = databaseArgument ?? pick(fileOptions, cli, 'database')?.value ?? null;
  const passwordOption = pick(fileOptions, cli, 'password');
  let passwordSource: string | null = null;
  let password: string | null = null;
  if (passwordOption) {
    passwordSource = passwordOption.value === null ? 'asked at the terminal (-p)' : `password from ${passwordOption.from}`;
    password = passwordOption.value;
  } else if (env.MYSQL_PWD !== undefined) {
    passwordSource = 'MYSQL_PWD';
    password = env.MYSQL_PWD;
  }
  const hostFrom = pick(fileOptions, cli, 'host')?.from ?? (env.MYSQL_HOST ? 'MYSQL_HOST' : 'default');
  return {
    host: isSocket ? socket : host,
    port,
    socket: isSocket ? socket : null,
    isSocket,
    user: user ?? 'root',
    database,
    passwordSource,
    password,
    origin: hostFrom,
  };
}

export function describeMysqlConnection(connection: MysqlConnection): string {
  const where = connection.isSocket ? `socket ${connection.host}` : `${connection.host}:${connection.port}`;
  return `${connection.user}@${where}${connection.database ? `/${connection.database}` : ''}`;
}
