// Reads libpq's connection service files (pg_service.conf) the way libpq does.
//
// libpq 15 parseServiceInfo/parseServiceFile, checked against
// https://www.postgresql.org/docs/15/libpq-pgservice.html:
//  - the service name is `service=` from the connection parameters, else PGSERVICE;
//  - the user file is $PGSERVICEFILE, else ~/.pg_service.conf; the system file is
//    $PGSYSCONFDIR/pg_service.conf, else <sysconfdir>/pg_service.conf
//    (Debian: /etc/postgresql-common, from `pg_config --sysconfdir`);
//  - the first file holding the [service] group wins, the system file is read only when
//    the user file lacks it; no group anywhere is an error;
//  - lines are `key=value` with no spaces around '=' (libpq does not trim the key), '#'
//    comments, `service=` inside a group is an error, unknown keys are errors.
import { LIBPQ_KEYWORDS } from './conninfo.js';

export const DEBIAN_SYSCONFDIR = '/etc/postgresql-common';

export interface ServiceFileIo {
  readFile(path: string): string | null;
  readonly home: string;
  readonly sysconfdir?: string;
}

export interface ServiceValues {
  readonly values: Readonly<Record<string, string>>;
  /** The file the group came from, with the home directory shown as `~`. */
  readonly file: string;
}

export function readService(
  service: string,
  env: Readonly<Record<string, string | undefined>>,
  io: ServiceFileIo,
): ServiceValues | { error: string } {
  const userFile = env['PGSERVICEFILE'] ?? `${io.home}/.pg_service.conf`;
  const systemFile = `${env['PGSYSCONFDIR'] ?? io.sysconfdir ?? DEBIAN_SYSCONFDIR}/pg_service.conf`;
  for (const path of [userFile, systemFile]) {
    const text = io.readFile(path);
    if (text === null) continue;
    const parsed = parseServiceGroup(text, service, displayPath(path, io.home));
    if ('error' in parsed) return parsed;
    if (parsed.found) return { values: parsed.values, file: displayPath(path, io.home) };
  }
  return { error: `definition of service "${service}" not found` };
}

function parseServiceGroup(
  text: string,
  service: string,
  file: string,
): { found: boolean; values: Record<string, string> } | { error: string } {
  const values: Record<string, string> = {};
  let inGroup = false;
  let found = false;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      if (found) break; // the group ended
      inGroup = line === `[${service}]` || line.startsWith(`[${service}]`);
      found = inGroup;
      continue;
    }
    if (!inGroup) continue;
    const equals = line.indexOf('=');
    const key = equals < 0 ? line : line.slice(0, equals);
    if (equals < 0 || !(key in LIBPQ_KEYWORDS)) {
      return { error: `syntax error in service file "${file}", line ${index + 1}` };
    }
    if (key === 'service') {
      return { error: `nested service specifications not supported in service file "${file}", line ${index + 1}` };
    }
    // The first setting of a key in the group wins: libpq never overrides a value it has.
    if (!(key in values)) values[key] = line.slice(equals + 1);
  }
  return { found, values };
}

function displayPath(path: string, home: string): string {
  return home !== '' && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
