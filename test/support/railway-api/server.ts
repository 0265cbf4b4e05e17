// A local stand-in for Railway's GraphQL API: real schema, real validation, per-token auth, a seeded world.
//
// Checked against railwayapp/cli 5.43.1 (commit df3838bf): src/client.rs sends `project-access-token:
// <RAILWAY_TOKEN>` or `authorization: Bearer <token>`; resolver failures come back as HTTP 200 with
// `{"errors":[{"message":"Not Authorized"}],"data":null}` (src/testkit.rs stub_graphql_error, matched
// case-insensitively on "not authorized" by parse_graphql_response), and a bad project token says
// "Project Token not found". Requests without a usable credential get 401 with the same error shape.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { rootResolvers, type Caller } from './resolvers.js';
import { incidentWorld, type RailwayWorld } from './world.js';

export { incidentWorld, INCIDENT, type RailwayWorld } from './world.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased header names, as Node gives them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly status: number;
  /** Mutations the request executed, with their arguments (after variables). */
  readonly mutations: { readonly name: string; readonly args: Record<string, unknown> }[];
}

export interface RailwayApi {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly world: RailwayWorld;
  stop(): Promise<void>;
}

/** Railway's published schema, vendored in the repository (vendor/railway/README.md). */
export function railwaySchemaPath(): string {
  return join(process.cwd(), 'vendor', 'railway', 'schema.json');
}

let cachedSchema: GraphQLSchema | null = null;
export async function loadRailwaySchema(): Promise<GraphQLSchema> {
  if (cachedSchema) return cachedSchema;
  const { buildClientSchema } = await import('graphql');
  const json = JSON.parse(readFileSync(railwaySchemaPath(), 'utf8')) as { data: Parameters<typeof buildClientSchema>[0] };
  cachedSchema = buildClientSchema(json.data);
  return cachedSchema;
}

const MAX_BODY = 1 << 21;

function identify(world: RailwayWorld, headers: IncomingMessage['headers']): Caller | { status: number; message: string } {
  const projectHeader = headers['project-access-token'];
  const projectToken = Array.isArray(projectHeader) ? projectHeader[0] : projectHeader;
  if (projectToken) {
    const token = world.tokens.find((t) => t.kind === 'project' && t.token === projectToken.trim());
    return token && token.kind === 'project' ? { kind: 'project', token } : { status: 401, message: 'Project Token not found' };
  }
  const authorization = headers.authorization ?? '';
  const [scheme, ...rest] = authorization.trim().split(' ');
  const bearer = scheme?.toLowerCase() === 'bearer' ? rest.join(' ').trim() : '';
  const token = world.tokens.find((t) => t.kind !== 'project' && t.token === bearer);
  if (!token || token.kind === 'project') return { status: 401, message: 'Not Authorized' };
  return { kind: token.kind, token };
}

export async function startRailwayApi(world: RailwayWorld = incidentWorld()): Promise<RailwayApi> {
  const schema = await loadRailwaySchema();
  const { parse, validate, execute, getNamedType, isNonNullType, isListType, isScalarType, isEnumType } = await import('graphql');
  const requests: RecordedRequest[] = [];

  /** Fields of world views; absent fields get a schema-typed default so any selection can be served. */
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, _context, info) => {
    const record = source as Record<string, unknown>;
    if (info.parentType.name === 'Mutation') {
      (record._recordInto as RecordedRequest['mutations']).push({ name: info.fieldName, args: { ...args } });
      if (typeof record[info.fieldName] !== 'function') throw new Error(`the Railway API double does not apply ${info.fieldName}`);
    }
    let value = record[info.fieldName];
    if (typeof value === 'function') value = (value as (a: unknown) => unknown)(args);
    const named = getNamedType(info.returnType);
    if (named.name.endsWith('Connection') && Array.isArray(value)) {
      const first = typeof args.first === 'number' ? args.first : value.length;
      return {
        edges: value.slice(0, first).map((node: { id?: string }) => ({ node, cursor: node.id ?? '' })),
        pageInfo: { hasNextPage: value.length > first, hasPreviousPage: false, startCursor: null, endCursor: null },
      };
    }
    if (value !== undefined) return value;
    if (!isNonNullType(info.returnType)) return null;
    if (isListType(info.returnType.ofType)) return [];
    if (named.name.endsWith('Connection')) return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
    if (isScalarType(named)) return ({ String: '', ID: '', Boolean: false, Int: 0, Float: 0, DateTime: '2026-01-01T00:00:00.000Z', JSON: {} } as Record<string, unknown>)[named.name] ?? '';
    if (isEnumType(named)) return named.getValues()[0]?.value ?? null;
    throw new Error(`the Railway API double does not serve ${info.parentType.name}.${info.fieldName}`);
  };

  const runOne = async (payload: unknown, caller: Caller, mutations: RecordedRequest['mutations']): Promise<{ status: number; body: unknown }> => {
    const request = payload as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof request?.query !== 'string') return { status: 400, body: { errors: [{ message: 'Must provide query string.' }] } };
    let document;
    try {
      document = parse(request.query);
    } catch (error) {
      return { status: 400, body: { errors: [{ message: (error as Error).message }] } };
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return { status: 400, body: { errors: invalid.map((e) => e.toJSON()) } };
    const result = await execute({
      schema,
      document,
      rootValue: rootResolvers(world, caller, mutations),
      variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
      operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
      fieldResolver,
    });
    return { status: 200, body: { ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}), data: result.data ?? null } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, text: string): Promise<void> => {
    const mutations: RecordedRequest['mutations'] = [];
    const reply = (status: number, body: unknown) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : (value ?? '');
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers, body: text, status, mutations });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !(req.url ?? '').startsWith('/graphql/v2')) return reply(404, { errors: [{ message: 'Not Found' }] });
    const caller = identify(world, req.headers);
    if ('status' in caller) return reply(caller.status, { errors: [{ message: caller.message }], data: null });
    let payload: unknown;
    try {
      payload = JSON.parse(text) as unknown;
    } catch {
      return reply(400, { errors: [{ message: 'Unexpected token in JSON body' }] });
    }
    if (Array.isArray(payload)) {
      const results = [];
      for (const item of payload) results.push((await runOne(item, caller, mutations)).body);
      return reply(200, results);
    }
    const { status, body } = await runOne(payload, caller, mutations);
    return reply(status, body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: `double: ${(error as Error).message}` }] }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql/v2`,
    requests,
    world,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
