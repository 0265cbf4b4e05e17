// The database a migration tool connects to, resolved as the tool would, then named an environment.
//
// Postgres connections go through the Postgres family's libpq resolver and environment rules;
// MySQL URLs are named from their host and database until the MySQL family lands (see
// `mysqlEnvironmentSeam`); SQLite files are local.
import type { Context } from '../../core/context.js';
import { environmentFacts, mostProtected, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';
import { resolveConnection } from '../postgres/connection.js';
import { postgresEnvironment } from '../postgres/environment.js';
import type { ConnectionFacts, OptionOccurrence, ParsedPostgresArgs } from '../postgres/model.js';
import { connectionIo } from '../postgres/shared.js';

export type DatabaseTarget =
  | { readonly engine: 'postgres'; readonly connection: ConnectionFacts; readonly source: string }
  | { readonly engine: 'mysql'; readonly host: string; readonly port: number; readonly dbname: string; readonly user: string; readonly source: string }
  | { readonly engine: 'sqlite'; readonly path: string; readonly source: string }
  | { readonly engine: 'unresolved'; readonly why: string };

/** Connection parts as config files give them (database.yml, Django DATABASES, knexfile objects). */
export interface ConnectionParts {
  readonly adapter: string;
  readonly host?: string;
  readonly port?: string;
  readonly database?: string;
  readonly user?: string;
}

export const unresolved = (why: string): DatabaseTarget => ({ engine: 'unresolved', why });

function postgresFrom(options: OptionOccurrence[], positionals: string[], source: string, ctx: Context): DatabaseTarget {
  const parsed: ParsedPostgresArgs = { program: 'psql', options, positionals, problems: [], infoOnly: false };
  const resolved = resolveConnection(parsed, ctx.env, connectionIo(ctx));
  if ('error' in resolved) return unresolved(`${resolved.error} (${source})`);
  return { engine: 'postgres', connection: resolved, source };
}

const POSTGRES_SCHEMES = ['postgres', 'postgresql', 'pgsql', 'postgis', 'pg', 'cockroachdb'];
const MYSQL_SCHEMES = ['mysql', 'mysql2', 'mariadb', 'mysqlx'];

/** A URL or libpq string as given to a tool; JDBC (`jdbc:postgresql://`) and sqitch (`db:pg:`) prefixes too. */
export function databaseFromUrl(raw: string, source: string, ctx: Context): DatabaseTarget {
  let text = raw.trim();
  if (text === '') return unresolved(`${source} is empty`);
  if (text.startsWith('jdbc:')) text = text.slice(5);
  if (text.startsWith('db:')) text = text.slice(3).replace(/^pg:/, 'postgresql:').replace(/^sqlite:/, 'sqlite:');
  const colon = text.indexOf(':');
  const scheme = colon > 0 ? text.slice(0, colon).toLowerCase().replace(/\+.*$/, '') : '';
  if (POSTGRES_SCHEMES.includes(scheme) || (scheme === '' && text.includes('='))) {
    // libpq reads postgres:// and postgresql:// URIs and key=value strings; the other schemes are spellings of the same.
    const uri = scheme === '' ? text : `postgresql:${text.slice(colon + 1)}`;
    // JDBC carries user and password as parameters, which libpq also accepts.
    return postgresFrom([], [uri], source, ctx);
  }
  if (MYSQL_SCHEMES.includes(scheme)) {
    try {
      const url = new URL(text.replace(/^[^:]+:/, 'mysql:'));
      return { engine: 'mysql', host: url.hostname || 'localhost', port: Number(url.port || 3306), dbname: decodeURIComponent(url.pathname.replace(/^\//, '')), user: decodeURIComponent(url.username), source };
    } catch {
      return unresolved(`${source} is not a URL guard can read`);
    }
  }
  if (scheme === 'sqlite' || scheme === 'sqlite3' || scheme === 'file') return { engine: 'sqlite', path: text.slice(colon + 1).replace(/^\/\//, ''), source };
  return unresolved(`${source} names a database kind guard does not resolve (${scheme || 'no scheme'})`);
}

export function databaseFromParts(parts: ConnectionParts, source: string, ctx: Context): DatabaseTarget {
  const adapter = parts.adapter.toLowerCase();
  if (/postg|psycopg|pg$|^pg/.test(adapter)) {
    const options: OptionOccurrence[] = [];
    const add = (name: string, value: string | undefined) => {
      if (value !== undefined && value !== '') options.push({ name, value, spelling: `${source} ${name}` });
    };
    add('host', parts.host);
    add('port', parts.port);
    add('username', parts.user);
    add('dbname', parts.database);
    return postgresFrom(options, [], source, ctx);
  }
  if (/mysql|maria|trilogy/.test(adapter)) {
    return { engine: 'mysql', host: parts.host ?? 'localhost', port: Number(parts.port ?? 3306), dbname: parts.database ?? '', user: parts.user ?? '', source };
  }
  if (/sqlite/.test(adapter)) return { engine: 'sqlite', path: parts.database ?? '', source };
  return unresolved(`${source}: adapter ${parts.adapter} is not one guard resolves`);
}

/**
 * The seam for the MySQL family: until its own match rules exist, a MySQL server is named by the
 * same host/database/user rules and defaults as a Postgres one (host or database with "prod" is
 * production, loopback is local, anything else unknown and protected).
 */
export function mysqlEnvironmentSeam(db: Extract<DatabaseTarget, { engine: 'mysql' }>, ctx: Context): EnvironmentFacts {
  const conn: ConnectionFacts = { host: db.host, isSocket: false, port: db.port, user: db.user, dbname: db.dbname, sources: { host: db.source, port: db.source, user: db.source, dbname: db.source }, extra: {} };
  return postgresEnvironment(conn, ctx.config);
}

/** A framework's own environment name (RAILS_ENV, NODE_ENV, --env), which counts when it is protected. */
export interface FrameworkEnvironment {
  readonly name: string;
  readonly source: string;
}

export function databaseEnvironment(db: DatabaseTarget, framework: FrameworkEnvironment | null, ctx: Context): EnvironmentFacts {
  let facts: EnvironmentFacts;
  switch (db.engine) {
    case 'postgres':
      facts = postgresEnvironment(db.connection, ctx.config);
      break;
    case 'mysql':
      facts = mysqlEnvironmentSeam(db, ctx);
      break;
    case 'sqlite':
      facts = environmentFacts('local', `SQLite file ${db.path} (${db.source})`, ctx.config);
      break;
    case 'unresolved':
      facts = unknownEnvironment(`could not resolve the database: ${db.why}`);
      break;
  }
  if (framework) {
    const named = environmentFacts(framework.name, framework.source, ctx.config);
    if (named.protected && !facts.protected) facts = named;
    else if (named.protected && facts.name === 'unknown') facts = mostProtected([named, facts]) ?? facts;
  }
  return facts;
}

export function describeDatabase(db: DatabaseTarget): string {
  switch (db.engine) {
    case 'postgres':
      return `${db.connection.user}@${db.connection.host}:${db.connection.port}/${db.connection.dbname}`;
    case 'mysql':
      return `mysql ${db.user ? `${db.user}@` : ''}${db.host}:${db.port}/${db.dbname}`;
    case 'sqlite':
      return `sqlite ${db.path}`;
    case 'unresolved':
      return 'an unresolved database';
  }
}

export function databaseName(db: DatabaseTarget): string {
  switch (db.engine) {
    case 'postgres':
      return db.connection.dbname;
    case 'mysql':
      return db.dbname || db.host;
    case 'sqlite':
      return db.path.slice(db.path.lastIndexOf('/') + 1) || 'sqlite';
    case 'unresolved':
      return 'database';
  }
}
