// Resolves the libpq connection a Postgres client program will open, and where each part came from.
//
// Precedence, as libpq 15 applies it (fe-connect.c conninfo_array_parse, conninfo_add_defaults,
// connectOptions2) and as checked against the real psql 15.18 on this machine:
//  1. the program's explicit parameters, in the order it passes them to PQconnectdbParams
//     (host, port, user, then dbname); an empty value counts as not given; the first dbname,
//     when it is a connection string, is expanded and overrides what came before it, so
//     `psql -h a postgresql://b/db` connects to b;
//  2. the service file group (`service=` or PGSERVICE) fills what is still unset: it beats
//     the environment (PGSERVICE=svc PGHOST=x connects to the service's host);
//  3. environment variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD…);
//  4. defaults: the compiled-in socket directory (Debian: /var/run/postgresql, as
//     `psql --help` prints; elsewhere usually /tmp), port 5432, the OS user, dbname = user.
import { isConnInfoError, isConnectionString, LIBPQ_KEYWORDS, parseConnectionString, SECRET_KEYWORDS } from './conninfo.js';
import { hasOption, lastOption, lastOptionSpelling } from './programs.js';
import { readService } from './service-file.js';
import type { ConnectionFacts, ParsedPostgresArgs, Reconnect } from './model.js';

export { isConnectionString, parseConnectionString } from './conninfo.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ConnectionIo {
  readFile(path: string): string | null;
  readonly home: string;
  readonly osUser: string;
  /** `pg_config --sysconfdir` of the client; defaults to Debian's /etc/postgresql-common. */
  readonly sysconfdir?: string;
  /** The client's compiled-in socket directory; defaults by platform. */
  readonly defaultSocketDir?: string;
}

const DEFAULT_PORT = 5432;

/** One explicit keyword/value pair, in the order the program hands them to libpq. */
interface ExplicitParam {
  readonly keyword: string;
  readonly value: string | undefined;
  readonly source: string;
}

interface Setting {
  readonly value: string;
  readonly source: string;
}

type Settings = Map<string, Setting>;

export function resolveConnection(
  parsed: ParsedPostgresArgs,
  env: Environment,
  io: ConnectionIo,
): ConnectionFacts | { error: string } {
  const explicit = explicitParams(parsed, env, io);
  if ('error' in explicit) return explicit;
  const settings: Settings = new Map();
  let expanded = false;
  for (const param of explicit) {
    if (param.value === undefined || param.value === '') continue;
    if (param.keyword === 'dbname' && !expanded) {
      expanded = true;
      if (isConnectionString(param.value)) {
        const conninfo = parseConnectionString(param.value);
        if (isConnInfoError(conninfo)) return { error: `${conninfo.error} (${param.source})` };
        for (const [keyword, value] of Object.entries(conninfo)) {
          if (value !== '') settings.set(keyword, { value, source: `connection string (${param.source})` });
        }
        continue;
      }
    }
    settings.set(param.keyword, { value: param.value, source: param.source });
  }
  return finish(settings, env, io);
}

/** psql's \connect: omitted or '-' keeps the current value; a connection string starts afresh. */
export function applyReconnect(
  current: ConnectionFacts,
  change: Reconnect,
  env: Environment,
  io: ConnectionIo,
): ConnectionFacts | { error: string } {
  const given = (value: string | undefined) => (value === undefined || value === '' || value === '-' ? undefined : value);
  const conninfo = given(change.conninfo) ?? (given(change.dbname) && isConnectionString(change.dbname as string) ? change.dbname : undefined);
  const source = 'psql \\connect';
  if (conninfo !== undefined) {
    // PG 15 \connect does not reuse the previous connection's values for a connection string.
    const parsed = parseConnectionString(conninfo);
    if (isConnInfoError(parsed)) return { error: `${parsed.error} (${source})` };
    const settings: Settings = new Map();
    for (const [keyword, value] of Object.entries(parsed)) {
      if (value !== '') settings.set(keyword, { value, source: `connection string (${source})` });
    }
    return finish(settings, env, io);
  }
  const host = given(change.host);
  const port = given(change.port);
  const user = given(change.user);
  const dbname = given(change.dbname);
  const portNumber = port === undefined ? current.port : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    return { error: `invalid integer value "${port}" for connection option "port"` };
  }
  const extra: Record<string, string> = { ...current.extra };
  if (host !== undefined && host !== current.host) {
    // A new host makes the old hostaddr and host list meaningless.
    delete extra['hostaddr'];
    delete extra['hosts'];
  }
  // psql keeps the password only while user, host and port stay the same.
  const samePeer = (user ?? current.user) === current.user && (host ?? current.host) === current.host && portNumber === current.port;
  const next: ConnectionFacts = {
    host: host ?? current.host,
    isSocket: isSocketPath(host ?? current.host),
    port: portNumber,
    user: user ?? current.user,
    dbname: dbname ?? current.dbname,
    ...(current.service !== undefined ? { service: current.service } : {}),
    sources: {
      host: host === undefined ? current.sources.host : source,
      port: port === undefined ? current.sources.port : source,
      user: user === undefined ? current.sources.user : source,
      dbname: dbname === undefined ? current.sources.dbname : source,
    },
    extra,
    ...(samePeer && current.password !== undefined ? { password: current.password } : {}),
  };
  return next;
}

export function describeConnection(conn: ConnectionFacts): string {
  const host = !conn.isSocket && conn.host.includes(':') ? `[${conn.host}]` : conn.host;
  return `${conn.user}@${host}:${conn.port}/${conn.dbname}${conn.isSocket ? ' (socket)' : ''}`;
}

/** Debian and Red Hat build libpq with /var/run/postgresql; upstream's default is /tmp. */
function defaultSocketDir(io: ConnectionIo): string {
  return io.defaultSocketDir ?? (process.platform === 'linux' ? '/var/run/postgresql' : '/tmp');
}

export function isSocketPath(host: string): boolean {
  return host.startsWith('/') || host.startsWith('@');
}

/** The keyword array each program builds for PQconnectdbParams (startup.c, connect_utils.c, pg_dump…). */
function explicitParams(parsed: ParsedPostgresArgs, env: Environment, io: ConnectionIo): ExplicitParam[] | { error: string } {
  const fromOption = (keyword: string, name: string): ExplicitParam => ({
    keyword,
    value: lastOption(parsed, name),
    source: `argument ${lastOptionSpelling(parsed, name) ?? `--${name}`}`,
  });
  const server = [fromOption('host', 'host'), fromOption('port', 'port'), fromOption('user', 'username')];
  const first = parsed.positionals[0];
  const maintenance = (target: string | undefined): ExplicitParam => {
    const given = lastOption(parsed, 'maintenance-db');
    if (given !== undefined) return fromOption('dbname', 'maintenance-db');
    // The programs try postgres and fall back to template1 only if that fails; dropping or
    // creating "postgres" itself goes straight to template1.
    return { keyword: 'dbname', value: target === 'postgres' ? 'template1' : 'postgres', source: 'default maintenance database' };
  };
  switch (parsed.program) {
    case 'psql': {
      const dbnameOption = lastOption(parsed, 'dbname');
      const positionalForUser = dbnameOption === undefined ? parsed.positionals[1] : first;
      const dbname: ExplicitParam =
        dbnameOption !== undefined
          ? fromOption('dbname', 'dbname')
          : first !== undefined
            ? { keyword: 'dbname', value: first, source: 'argument DBNAME' }
            : hasOption(parsed, 'list')
              ? { keyword: 'dbname', value: 'postgres', source: 'psql -l default' }
              : { keyword: 'dbname', value: undefined, source: '' };
      const user: ExplicitParam =
        lastOption(parsed, 'username') !== undefined || positionalForUser === undefined
          ? fromOption('user', 'username')
          : { keyword: 'user', value: positionalForUser, source: 'argument USERNAME' };
      return [server[0] as ExplicitParam, server[1] as ExplicitParam, user, dbname];
    }
    case 'dropdb':
    case 'createdb':
      return [...server, maintenance(first)];
    case 'dropuser':
      return [...server, maintenance(undefined)];
    case 'vacuumdb':
    case 'reindexdb':
    case 'clusterdb': {
      if (hasOption(parsed, 'all')) return [...server, maintenance(undefined)];
      if (lastOption(parsed, 'dbname') !== undefined) return [...server, fromOption('dbname', 'dbname')];
      if (first !== undefined) return [...server, { keyword: 'dbname', value: first, source: 'argument DBNAME' }];
      // These programs pick the database themselves, before libpq (so not the -U user).
      const fallback =
        env['PGDATABASE'] !== undefined
          ? { value: env['PGDATABASE'], source: 'PGDATABASE' }
          : env['PGUSER'] !== undefined
            ? { value: env['PGUSER'], source: `PGUSER (${parsed.program} default database)` }
            : { value: io.osUser, source: `OS user (${parsed.program} default database)` };
      return [...server, { keyword: 'dbname', ...fallback }];
    }
    case 'pg_dump':
      return first !== undefined
        ? [...server, { keyword: 'dbname', value: first, source: 'argument DBNAME' }]
        : [...server, fromOption('dbname', 'dbname')];
    case 'pg_restore':
      if (lastOption(parsed, 'dbname') === undefined) {
        return { error: 'pg_restore without -d/--dbname writes a script and connects to no database' };
      }
      return [...server, fromOption('dbname', 'dbname')];
    case 'pg_dumpall': {
      // -d is a connection string whose dbname pg_dumpall ignores; -l picks the database.
      const connstr = lastOption(parsed, 'dbname');
      const base: ExplicitParam[] = [];
      if (connstr !== undefined && connstr !== '') {
        const conninfo = parseConnectionString(connstr);
        if (isConnInfoError(conninfo)) return { error: `${conninfo.error} (argument -d)` };
        for (const [keyword, value] of Object.entries(conninfo)) {
          if (keyword !== 'dbname') base.push({ keyword, value, source: 'connection string (argument -d)' });
        }
      }
      const database = lastOption(parsed, 'database') !== undefined ? fromOption('dbname', 'database') : maintenance(undefined);
      return [...base, ...server, database];
    }
    case 'pg_isready':
      return [...server, fromOption('dbname', 'dbname'), fromOption('connect_timeout', 'timeout')];
  }
}

/** Steps 2–4 of the header: service file, environment, defaults; then the first of several hosts. */
function finish(settings: Settings, env: Environment, io: ConnectionIo): ConnectionFacts | { error: string } {
  const serviceName = settings.get('service')?.value ?? env['PGSERVICE'];
  if (serviceName !== undefined && serviceName !== '') {
    const service = readService(serviceName, env, io);
    if ('error' in service) return service;
    for (const [keyword, value] of Object.entries(service.values)) {
      if (!settings.has(keyword)) settings.set(keyword, { value, source: `service "${serviceName}" (${service.file})` });
    }
  }
  for (const [keyword, variable] of Object.entries(LIBPQ_KEYWORDS)) {
    if (variable === null || settings.has(keyword)) continue;
    const value = env[variable];
    if (value !== undefined) settings.set(keyword, { value, source: variable });
  }
  const present = (keyword: string) => {
    const setting = settings.get(keyword);
    return setting && setting.value !== '' ? setting : undefined;
  };

  const hostaddr = present('hostaddr');
  const hostSetting = present('host') ?? hostaddr ?? { value: defaultSocketDir(io), source: 'default' };
  const hosts = hostSetting.value.split(',');
  const portSetting = present('port');
  const ports = portSetting ? portSetting.value.split(',') : [''];
  if (ports.length > 1 && ports.length !== hosts.length) {
    return { error: `could not match ${ports.length} port numbers to ${hosts.length} hosts` };
  }
  const portOf = (index: number) => (ports.length === 1 ? (ports[0] as string) : (ports[index] as string));
  const portText = portOf(0).trim();
  const port = portText === '' ? DEFAULT_PORT : Number(portText);
  if (!/^\d*$/.test(portText) || port < 1 || port > 65535) {
    return { error: `invalid integer value "${portText}" for connection option "port"` };
  }
  // An empty entry in a host list means the default, as a missing host does.
  const host = hosts[0] === '' ? defaultSocketDir(io) : (hosts[0] as string);
  const userSetting = present('user') ?? { value: io.osUser, source: 'default (OS user)' };
  const dbnameSetting = present('dbname') ?? { value: userSetting.value, source: 'default (user name)' };

  const extra: Record<string, string> = {};
  for (const [keyword, setting] of settings) {
    if (SECRET_KEYWORDS.has(keyword) || ['host', 'port', 'user', 'dbname', 'service'].includes(keyword)) continue;
    extra[keyword] = setting.value;
  }
  if (hosts.length > 1) {
    extra['hosts'] = hosts
      .slice(1)
      .map((other, index) => `${other.includes(':') ? `[${other}]` : other}:${portOf(index + 1) === '' ? DEFAULT_PORT : portOf(index + 1)}`)
      .join(',');
  }
  const password = present('password')?.value;
  return {
    host,
    isSocket: isSocketPath(host),
    port,
    user: userSetting.value,
    dbname: dbnameSetting.value,
    ...(serviceName !== undefined && serviceName !== '' ? { service: serviceName } : {}),
    sources: {
      host: hostSetting.source,
      port: portSetting?.source ?? 'default',
      user: userSetting.source,
      dbname: dbnameSetting.source,
    },
    extra,
    ...(password !== undefined ? { password } : {}),
  };
}
