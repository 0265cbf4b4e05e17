// The Postgres family's page in docs/tools/: how a connection is resolved and what the live look-ups ask.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'PostgreSQL: psql and the client programs',
  resolution: [
    'The connection is resolved as libpq resolves it: command-line options and the connection string or URI, then `PG*` environment variables, then the service file (`PGSERVICEFILE`, `~/.pg_service.conf`, the system file), then libpq defaults (the Unix socket, the OS user as user and database).',
    'psql reconnects (`\\c`) are resolved one by one; every connection a script makes counts.',
    'The environment comes from your `environments.<name>.match.postgres` rules (host, port, dbname, user globs); otherwise a Unix socket, `localhost` or 127.0.0.0/8 is `local`, a host or database name containing "prod" is `production`, and anything else is `unknown` (protected).',
    'What psql will execute is everything it reads: each `-c` and `-f` in order, stdin when it is not a terminal (spooled, then handed on byte for byte), `~/.psqlrc` unless `-X`, `\\i`/`\\ir` includes (bounded, cycles caught) and `-v` variables.',
  ],
  liveLookups: [
    'One read-only transaction with a 4 s timeout, through the same connection settings.',
    'Tables: exact row counts (the planner estimate above a million rows, marked as such), total bytes, foreign keys and views that depend on them, what CASCADE takes.',
    'Schemas and databases: their tables and rows, size, open connections, owner.',
    'DELETE/UPDATE with a WHERE: the planner estimate of the rows touched.',
    'Called user functions: their volatility and body (`pg_proc`), to judge what they change.',
  ],
  notes: ['Passwords (URIs, conninfo, `PGPASSWORD`, SQL `PASSWORD` clauses) never appear in reports or the audit log.'],
};
