// Shared shapes of the Postgres family: parsed argv, connections, SQL findings, live facts.
import type { ObjectRef } from '../../core/types.js';

export const POSTGRES_PROGRAMS = [
  'clusterdb',
  'createdb',
  'dropdb',
  'dropuser',
  'pg_dump',
  'pg_dumpall',
  'pg_isready',
  'pg_restore',
  'psql',
  'reindexdb',
  'vacuumdb',
] as const;
export type PostgresProgram = (typeof POSTGRES_PROGRAMS)[number];

/** One option occurrence, in argv order, under its canonical long name. */
export interface OptionOccurrence {
  /** Canonical long name without dashes: `host`, `command`, `file`, `set`, `clean`. */
  readonly name: string;
  /** The value, or '' for a flag. */
  readonly value: string;
  /** How it was written, for messages: `-c`, `--command=…`. */
  readonly spelling: string;
}

export interface ParsedPostgresArgs {
  readonly program: PostgresProgram;
  /** Every option, in the order given (psql runs -c and -f in this order). */
  readonly options: readonly OptionOccurrence[];
  readonly positionals: readonly string[];
  /** Unrecognised options, missing values, too many positionals: each makes risk unknown. */
  readonly problems: readonly string[];
  /** --help / --version / -V / -?: the program prints and exits, touching nothing. */
  readonly infoOnly: boolean;
}

/** Where a connection parameter came from, for the report. */
export type ParamSource = string; // 'argument -h', 'PGHOST', 'connection string', 'service "x" (~/.pg_service.conf)', 'default'

/** A libpq connection as libpq itself would resolve it. Never serialise `password`. */
export interface ConnectionFacts {
  /** Host name, IP address, or the Unix socket directory (starts with '/'). */
  readonly host: string;
  readonly isSocket: boolean;
  readonly port: number;
  readonly user: string;
  readonly dbname: string;
  readonly service?: string;
  readonly sources: {
    readonly host: ParamSource;
    readonly port: ParamSource;
    readonly user: ParamSource;
    readonly dbname: ParamSource;
  };
  /** Other libpq parameters given (sslmode, options, connect_timeout…), minus secrets. */
  readonly extra: Readonly<Record<string, string>>;
  /** Password from the connection string or PGPASSWORD; .pgpass is left to the client. */
  readonly password?: string;
}

/** One psql input, in the order psql executes them. */
export type PsqlInput =
  | { readonly kind: 'command'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string } // path '-' means stdin
  | { readonly kind: 'stdin' };

/** What a \c or \connect in a script switches to (fields not given keep their value). */
export interface Reconnect {
  readonly dbname?: string;
  readonly user?: string;
  readonly host?: string;
  readonly port?: string;
  /** A full connection string given to \c. */
  readonly conninfo?: string;
}

/** One classified SQL statement or psql meta-command that is not read-only. */
export interface SqlFinding {
  /** Key into the psql rule table: `drop-table`, `delete-all`… */
  readonly rule: string;
  /** The statement as a short human summary: `DROP TABLE orders`. */
  readonly summary: string;
  readonly objects: readonly ObjectRef[];
  /** Index into PsqlAnalysis.connections: which connection runs it (0 = the initial one). */
  readonly connection: number;
  /** `-c #1`, `cleanup.sql:12`, `stdin:3`. */
  readonly origin: string;
  /** DROP … CASCADE: the inspector lists what would go with it. */
  readonly cascade?: boolean;
  /** For DELETE/UPDATE with a WHERE: the statement text, for a planner estimate. */
  readonly statementText?: string;
}

export interface PsqlAnalysis {
  /** Findings of risk write, destructive or unknown (reads are only counted). */
  readonly findings: readonly SqlFinding[];
  /** Number of findings dropped after the cap (the report says "+N more"). */
  readonly truncatedFindings: number;
  readonly statementCount: number;
  /** Connection switches seen, in order; findings refer to them by index (0 = initial). */
  readonly connections: readonly (Reconnect | null)[];
}

/** A question for the live inspector, derived from findings. */
export type InspectRequest =
  | { readonly kind: 'table'; readonly name: string; readonly cascade: boolean } // DROP/TRUNCATE TABLE, DELETE/UPDATE all
  | { readonly kind: 'schema'; readonly name: string; readonly cascade: boolean }
  | { readonly kind: 'database'; readonly name: string }
  | { readonly kind: 'role'; readonly name: string }
  | { readonly kind: 'column'; readonly table: string; readonly column: string }
  | { readonly kind: 'estimate'; readonly statement: string; readonly label: string; readonly origin?: string } // DELETE/UPDATE … WHERE
  | { readonly kind: 'function'; readonly name: string }; // a call of a non-built-in function, name as written

/** One function (overload) a call may reach, with what guard needs to judge its body. */
export interface RoutineFacts {
  /** `public.purge_old_orders(integer)`. */
  readonly id: string;
  readonly kind: 'function' | 'procedure' | 'aggregate' | 'window';
  readonly volatility: 'immutable' | 'stable' | 'volatile';
  readonly language: string;
  /** prosrc: the body of string-bodied functions. */
  readonly source: string | null;
  /** pg_get_functiondef, for SQL-standard (BEGIN ATOMIC) bodies only. */
  readonly definition: string | null;
}

export interface InspectedObject {
  readonly request: InspectRequest;
  readonly exists: boolean;
  /** Fully qualified name: `public.orders`. */
  readonly id: string;
  readonly rows?: number;
  readonly rowsEstimated?: boolean;
  readonly bytes?: number;
  /** Human lines: `2 foreign keys reference it (public.order_items, public.refunds)`. */
  readonly facts: readonly string[];
  /** For a `function` request: every function of that name the call may reach. */
  readonly routines?: readonly RoutineFacts[];
  /** For an `estimate`: rows in the whole table the statement modifies (exact when small). */
  readonly tableRows?: number;
  readonly tableRowsEstimated?: boolean;
  /** For an `estimate`: false when the planner has no statistics for the table (never analysed). */
  readonly tableAnalysed?: boolean;
}

export interface InspectResult {
  readonly objects: readonly InspectedObject[];
  /** What could not be verified: `could not connect to db.prod.internal:5432 (timeout)`. */
  readonly unverified: readonly string[];
  /** Server facts: version, read-only check, open connections when asked. */
  readonly server?: { readonly version: string };
}

/** Read-only look-ups against a live server; injected through the context. */
export interface PostgresInspector {
  inspect(
    connection: ConnectionFacts,
    requests: readonly InspectRequest[],
    options: { readonly timeoutMs: number },
  ): Promise<InspectResult>;
}
