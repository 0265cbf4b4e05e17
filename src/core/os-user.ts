// The operating-system user name, which libpq uses as the default user and database.
import { userInfo } from 'node:os';

export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}
