// Read-only live look-ups on a Postgres server: the measured half of the blast radius.
import type { Client, ClientConfig, QueryConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import type {
  ConnectionFacts,
  InspectedObject,
  InspectRequest,
  InspectResult,
  PostgresInspector,
} from './model.js';
import { inspectDatabase, inspectSchema } from './inspect-containers.js';
import { inspectColumn, inspectEstimate, inspectTable } from './inspect-relations.js';
import { inspectRole } from './inspect-roles.js';
import { inspectFunction } from './inspect-functions.js';
import { inspectMigrationHistory } from './inspect-history.js';
import { sqlState, underSavepoint, type InspectSession, type LookupContext } from './inspect-session.js';

export interface PostgresInspectorOptions {
  /** Planner estimates at or above this many rows are reported instead of counting. */
  readonly exactCountThreshold?: number;
}

export const DEFAULT_EXACT_COUNT_THRESHOLD = 1_000_000;
/** All look-ups together may take this many times the per-statement timeout. */
const TOTAL_BUDGET_FACTOR = 3;
/** The server cancels a slow statement itself; this only catches a silent network. */
const CLIENT_READ_GRACE_MS = 1_000;
const CLOSE_WAIT_MS = 1_000;

type PgModule = typeof import('pg');

export function createPostgresInspector(options: PostgresInspectorOptions = {}): PostgresInspector {
  const exactCountThreshold = options.exactCountThreshold ?? DEFAULT_EXACT_COUNT_THRESHOLD;
  return {
    inspect: (connection, requests, { timeoutMs }) =>
      inspectPostgres(connection, requests, { timeoutMs, exactCountThreshold }),
  };
}

/** `user@host:port/db`: how the server is named in messages; never the password or URL. */
export function describeConnection(connection: ConnectionFacts, dbname = connection.dbname): string {
  return `${connection.user}@${connection.host}:${connection.port}/${dbname}`;
}

function describeRequest(request: InspectRequest): string {
  switch (request.kind) {
    case 'column':
      return `column ${request.table}.${request.column}`;
    case 'estimate':
      return `the row estimate for ${request.label}`;
    default:
      return `${request.kind} ${request.name}`;
  }
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOENT: 'no server socket there',
  EACCES: 'permission denied on the socket',
};

/** An error whose message is already a complete line for `unverified`. */
class InspectFailure extends Error {}

/** One short reason in English; the server's own message when it gave one. */
export function describeError(error: unknown, timeoutMs: number): string {
  const state = sqlState(error);
  const message = error instanceof Error ? error.message : String(error);
  // Only the server's errors carry a severity; its messages may mention any word at all.
  const fromServer = typeof (error as { severity?: unknown }).severity === 'string';
  const timedOut = state === '57014' || state === '55P03' || state === 'ETIMEDOUT' || (!fromServer && /timeout/i.test(message));
  if (timedOut) return `timeout after ${timeoutMs} ms`;
  const network = state === undefined ? undefined : NETWORK_REASONS[state];
  if (network !== undefined) return network;
  if (message !== '') return message;
  // Node reports a failed dual-stack connect as an AggregateError with an empty message.
  const first = (error as { errors?: unknown[] }).errors?.[0];
  return first === undefined ? 'unknown error' : describeError(first, timeoutMs);
}

async function loadPg(): Promise<PgModule> {
  // Loaded on demand: guard starts on every wrapped command and most never need a connection.
  const module = (await import('pg')) as PgModule & { default?: PgModule };
  return module.default ?? module;
}

async function readTlsFile(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = sqlState(error);
    throw new Error(`cannot read TLS file ${path}${code === undefined ? '' : ` (${code})`}`);
  }
}

async function readCertificates(extra: Readonly<Record<string, string>>): Promise<ConnectionOptions> {
  const files: ConnectionOptions = {};
  // `system` (libpq 16) means the platform's trusted roots, which Node uses by default.
  if (extra.sslrootcert !== undefined && extra.sslrootcert !== 'system') files.ca = await readTlsFile(extra.sslrootcert);
  if (extra.sslcert !== undefined) files.cert = await readTlsFile(extra.sslcert);
  if (extra.sslkey !== undefined) files.key = await readTlsFile(extra.sslkey);
  return files;
}

/** TLS settings to try in order, following libpq's sslmode (default `prefer`). */
async function tlsAttempts(connection: ConnectionFacts): Promise<(false | ConnectionOptions)[]> {
  if (connection.isSocket) return [false];
  const unverified: ConnectionOptions = { rejectUnauthorized: false };
  switch (connection.extra.sslmode) {
    case 'disable':
      return [false];
    case 'allow':
      return [false, unverified];
    case 'require':
      return [unverified];
    case 'verify-ca':
      return [{ ...(await readCertificates(connection.extra)), rejectUnauthorized: true, checkServerIdentity: () => undefined }];
    case 'verify-full':
      return [{ ...(await readCertificates(connection.extra)), rejectUnauthorized: true }];
    default:
      return [unverified, false];
  }
}

/** Whether the next TLS setting is worth a try: the server refused this one, not us. */
function tlsRefused(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return message.includes('does not support SSL') || sqlState(error) === '28000';
}

async function closeClient(client: Client): Promise<void> {
  const ended = client.end().catch(() => undefined);
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), CLOSE_WAIT_MS).unref());
  if ((await Promise.race([ended, timer])) === 'late') {
    // A server that stopped answering never acknowledges the goodbye; drop the socket.
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
}

async function openClient(pg: PgModule, connection: ConnectionFacts, dbname: string, timeoutMs: number): Promise<Client> {
  const attempts = await tlsAttempts(connection);
  for (let index = 0; ; index++) {
    const config: ClientConfig = {
      host: connection.host,
      port: connection.port,
      user: connection.user,
      database: dbname,
      // Left undefined, pg falls back to PGPASSWORD and then ~/.pgpass, as libpq would.
      password: connection.password,
      application_name: 'guard',
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs + CLIENT_READ_GRACE_MS,
      ssl: attempts[index] ?? false,
      ...(connection.extra.options === undefined ? {} : { options: connection.extra.options }),
    };
    const client = new pg.Client(config);
    // Without a listener, a socket error after connect would crash the whole process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await closeClient(client);
      if (index + 1 >= attempts.length || !tlsRefused(error)) throw error;
    }
  }
}

function sessionOf(client: Client): InspectSession {
  return {
    async query<Row>(text: string, values?: readonly unknown[]) {
      const result = await client.query({ text, ...(values === undefined ? {} : { values: [...values] }) });
      return result.rows as Row[];
    },
    async querySingleStatement<Row>(text: string) {
      const config = { text, queryMode: 'extended' } as QueryConfig;
      const result = await client.query(config);
      return result.rows as Row[];
    },
  };
}

/** Opens a connection, runs `look` inside `BEGIN READ ONLY`, and always rolls back. */
async function readOnly<T>(
  pg: PgModule,
  connection: ConnectionFacts,
  dbname: string,
  timeoutMs: number,
  look: (session: InspectSession) => Promise<T>,
): Promise<T> {
  let client: Client;
  try {
    client = await openClient(pg, connection, dbname, timeoutMs);
  } catch (error) {
    throw new InspectFailure(`could not connect to ${describeConnection(connection, dbname)}: ${describeError(error, timeoutMs)}`);
  }
  try {
    // REPEATABLE READ: every look-up sees the same snapshot, so the numbers add up.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return await look(sessionOf(client));
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await closeClient(client);
  }
}

function lookUp(context: LookupContext, request: InspectRequest): Promise<InspectedObject> {
  switch (request.kind) {
    case 'table':
      return inspectTable(context, request);
    case 'schema':
      return inspectSchema(context, request);
    case 'database':
      return inspectDatabase(context, request);
    case 'role':
      return inspectRole(context, request);
    case 'column':
      return inspectColumn(context, request);
    case 'estimate':
      return inspectEstimate(context, request);
    case 'function':
      return inspectFunction(context, request);
    case 'migration-history':
      return inspectMigrationHistory(context, request);
  }
}

/** Removes the password from every line guard may print, store or send to an agent. */
function withoutSecret(result: InspectResult, password: string | undefined): InspectResult {
  if (password === undefined || password === '') return result;
  const scrub = (text: string) => text.split(password).join('***');
  return {
    ...result,
    objects: result.objects.map((object) => ({ ...object, id: scrub(object.id), facts: object.facts.map(scrub) })),
    unverified: result.unverified.map(scrub),
  };
}

async function inspectPostgres(
  connection: ConnectionFacts,
  requests: readonly InspectRequest[],
  settings: { timeoutMs: number; exactCountThreshold: number },
): Promise<InspectResult> {
  const { timeoutMs, exactCountThreshold } = settings;
  const objects: InspectedObject[] = [];
  const unverified: string[] = [];
  let server: { version: string } | undefined;
  try {
    const pg = await loadPg().catch((error: unknown) => {
      throw new InspectFailure(`could not load the pg driver: ${describeError(error, timeoutMs)}`);
    });
    const deadline = Date.now() + timeoutMs * TOTAL_BUDGET_FACTOR;
    await readOnly(pg, connection, connection.dbname, timeoutMs, async (session) => {
      const [row] = await session.query<{ server_version: string }>('SHOW server_version');
      if (row !== undefined) server = { version: row.server_version };
      const context: LookupContext = {
        session,
        exactCountThreshold,
        timeoutMs,
        withDatabase: (dbname, look) => readOnly(pg, connection, dbname, timeoutMs, look),
      };
      for (const request of requests) {
        if (Date.now() > deadline) {
          unverified.push(`did not inspect ${describeRequest(request)}: the ${timeoutMs * TOTAL_BUDGET_FACTOR} ms budget ran out`);
          continue;
        }
        try {
          objects.push(await underSavepoint(session, () => lookUp(context, request)));
        } catch (error) {
          unverified.push(`could not inspect ${describeRequest(request)}: ${describeError(error, timeoutMs)}`);
        }
      }
    });
  } catch (error) {
    unverified.push(
      error instanceof InspectFailure
        ? error.message
        : `could not inspect ${describeConnection(connection)}: ${describeError(error, timeoutMs)}`,
    );
  }
  return withoutSecret({ objects, unverified, ...(server === undefined ? {} : { server }) }, connection.password);
}
