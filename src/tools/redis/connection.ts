// Where redis-cli connects: -u URI, -h/-p/-s, -n, --user/-a/--pass, REDISCLI_AUTH (never shown).

export interface RedisConnection {
  /** Host, or the socket path. */
  readonly host: string;
  readonly port: number;
  readonly isSocket: boolean;
  readonly db: number;
  readonly user: string | null;
  /** `-a on the command line`, `REDISCLI_AUTH`, `the -u URI`; never the password. */
  readonly passwordSource: string | null;
  /** Kept only to hand to the read-only look-ups through REDISCLI_AUTH. */
  readonly password: string | null;
  readonly tls: boolean;
  readonly problems: readonly string[];
}

/** redis://[user[:password]@]host[:port][/db] and rediss:// (redis-cli's parseRedisUri). */
function parseUri(uri: string): { host?: string; port?: number; db?: number; user?: string; password?: string; tls: boolean } | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return null;
  const db = url.pathname.replace(/^\//, '');
  return {
    ...(url.hostname ? { host: url.hostname.replace(/^\[|\]$/g, '') } : {}),
    ...(url.port ? { port: Number(url.port) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    tls: url.protocol === 'rediss:',
  };
}

export function resolveRedisConnection(options: ReadonlyMap<string, string>, env: Readonly<Record<string, string | undefined>>): RedisConnection {
  const problems: string[] = [];
  const uriText = options.get('-u');
  const uri = uriText === undefined ? null : parseUri(uriText);
  if (uriText !== undefined && uri === null) problems.push('-u is not a redis:// or rediss:// URI');
  const socket = options.get('-s');
  const host = options.get('-h') ?? uri?.host ?? '127.0.0.1';
  const port = Number(options.get('-p') ?? uri?.port ?? 6379);
  const dbText = options.get('-n') ?? (uri?.db !== undefined ? String(uri.db) : '0');
  const db = Number(dbText);
  if (!Number.isInteger(db) || db < 0) problems.push(`-n ${dbText} is not a database number`);
  let passwordSource: string | null = null;
  let password: string | null = null;
  for (const [source, value] of [
    ['-a on the command line', options.get('-a')],
    ['--pass on the command line', options.get('--pass')],
    ['the -u URI', uri?.password],
    ['REDISCLI_AUTH', env.REDISCLI_AUTH],
  ] as const) {
    if (value !== undefined && password === null) {
      passwordSource = source;
      password = value;
    }
  }
  return {
    host: socket ?? host,
    port: Number.isInteger(port) ? port : 6379,
    isSocket: socket !== undefined,
    db: Number.isInteger(db) && db >= 0 ? db : 0,
    user: options.get('--user') ?? uri?.user ?? null,
    passwordSource,
    password,
    tls: options.has('--tls') || uri?.tls === true,
    problems,
  };
}

export function describeRedisConnection(connection: RedisConnection): string {
  return `${connection.isSocket ? `socket ${connection.host}` : `${connection.host}:${connection.port}`} db ${connection.db}`;
}
