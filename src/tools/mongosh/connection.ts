// Which deployment and database a mongosh invocation reaches: the db address, --host/--port, a connection string.
import type { GuardConfig } from '../../config/types.js';
import { environmentFacts, isProtectedName, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';
import type { MongoshInvocation } from './grammar.js';

export interface MongoConnection {
  /** Hosts as written (`db.prod.internal:27017`), credentials removed. */
  readonly hosts: readonly string[];
  readonly database: string;
  /** The connection shown in reports: no user, no password. */
  readonly display: string;
}

/** `mongodb://user:pw@h1,h2/app?…`, `h:p/app`, `app`, with --host/--port; mongosh's default database is `test`. */
export function resolveConnection(invocation: MongoshInvocation): MongoConnection {
  let hosts: string[] = [];
  let database = 'test';
  const address = invocation.address;
  const uri = [address, invocation.host].find((value) => value !== null && /^mongodb(\+srv)?:\/\//.test(value)) ?? null;
  if (uri) {
    const scheme = uri.slice(0, uri.indexOf('://') + 3);
    const rest = uri.slice(scheme.length);
    const at = rest.lastIndexOf('@', rest.indexOf('/') >= 0 ? rest.indexOf('/') : undefined);
    const afterCredentials = at >= 0 ? rest.slice(at + 1) : rest;
    const slash = afterCredentials.indexOf('/');
    hosts = (slash >= 0 ? afterCredentials.slice(0, slash) : afterCredentials.split('?')[0] ?? '').split(',').filter((h) => h !== '');
    const path = slash >= 0 ? afterCredentials.slice(slash + 1).split('?')[0] ?? '' : '';
    if (path !== '') database = decodeURIComponent(path);
  } else if (address !== null) {
    const slash = address.indexOf('/');
    if (slash >= 0) {
      hosts = [address.slice(0, slash)];
      database = address.slice(slash + 1) || 'test';
    } else if (/[:.]/.test(address) && !/^[A-Za-z0-9_-]+$/.test(address)) hosts = [address];
    else database = address;
  }
  if (invocation.host && !uri) {
    // `--host rs0/h1:27017,h2:27017` names a replica set.
    const list = invocation.host.includes('/') ? invocation.host.slice(invocation.host.indexOf('/') + 1) : invocation.host;
    hosts = list.split(',').filter((h) => h !== '');
  }
  if (invocation.port) hosts = (hosts.length > 0 ? hosts : ['localhost']).map((h) => (h.includes(':') ? h : `${h}:${invocation.port}`));
  if (hosts.length === 0) hosts = ['localhost:27017'];
  return { hosts, database, display: `${hosts.join(',')}/${database}` };
}

/** A host word naming a protected environment wins; this machine is local; anything else is unresolved. */
export function environmentOfConnection(connection: MongoConnection, config: GuardConfig): EnvironmentFacts {
  for (const host of connection.hosts) {
    const named = host.toLowerCase().split(/[.:-]/).find((word) => isProtectedName(word));
    if (named) return environmentFacts(named, `default: the host ${host} names "${named}"`, config);
  }
  const named = connection.database.toLowerCase().split(/[_-]/).find((word) => isProtectedName(word));
  if (named) return environmentFacts(named, `default: the database ${connection.database} names "${named}"`, config);
  if (connection.hosts.every((host) => /^(localhost|127\.[0-9.]+|\[::1\])(:[0-9]+)?$/.test(host))) return environmentFacts('local', `default: ${connection.hosts.join(',')} is this machine`, config);
  return unknownEnvironment(`no environment is known for ${connection.hosts.join(',')}`);
}
