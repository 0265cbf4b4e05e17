// What the Postgres family's tools share: where they were checked, and file access for libpq look-ups.
import { readFileSync } from 'node:fs';
import type { Context } from '../../core/context.js';
import { osUserName } from '../../core/os-user.js';
import type { ToolSource } from '../tool.js';

export const POSTGRES_CHECKED_AGAINST: ToolSource = {
  version: 'PostgreSQL 15.18 client programs (Debian 15.18-0+deb12u1)',
  references: [
    '`<program> --help` of each client program, PostgreSQL 15.18',
    'https://www.postgresql.org/docs/15/app-psql.html',
    'https://www.postgresql.org/docs/15/libpq-connect.html',
    'https://www.postgresql.org/docs/15/libpq-pgservice.html',
    'https://www.postgresql.org/docs/15/libpq-envars.html',
  ],
};

/** The synchronous file reads libpq itself does (service files), through the context's home and OS user (a launcher's target user). */
export function connectionIo(ctx: Context): { readFile(path: string): string | null; home: string; osUser: string } {
  return {
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    home: ctx.home,
    osUser: ctx.osUser ?? osUserName(),
  };
}
