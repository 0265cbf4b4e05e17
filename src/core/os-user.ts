// The operating-system user a command runs as: libpq's default user and database, and the home its ~/.pgpass lives in.
import { userInfo } from 'node:os';

export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

/** A user a launcher switches to (`sudo -u postgres`, `su - postgres -c`), as this machine knows it. */
export interface OsUser {
  readonly name: string;
  readonly home: string;
}

/**
 * Finds a user in passwd(5) text by name, or by `#uid` as sudo accepts it. Only the local
 * file is read: a user known only to NSS (LDAP, sssd) is not found, and the caller treats it
 * as unresolved (fail closed), never as the invoking user.
 */
export function findOsUser(passwd: string, wanted: string): OsUser | null {
  const byUid = /^#(\d+)$/.exec(wanted)?.[1];
  for (const line of passwd.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 7) continue;
    const [name = '', , uid = '', , , home = ''] = fields;
    if (byUid !== undefined ? uid === byUid : name === wanted) return { name, home };
  }
  return null;
}
