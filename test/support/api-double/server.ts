// One small HTTP double framework for REST providers (Heroku, Fly Machines, Vercel, DigitalOcean, the Docker Engine).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names, as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly status: number;
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  /** Extra response headers (the Engine's `Api-Version` on /_ping); a string body is sent as text. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** `GET /v1/apps/:app/volumes/:id`: a handler gets the path parameters and the query. */
export type Route = (params: Readonly<Record<string, string>>, query: URLSearchParams) => Reply;

export interface DoubleSpec {
  /** The provider's routes, keyed `METHOD /path/:param`. */
  readonly routes: Readonly<Record<string, Route>>;
  /** Checks the request's credential the way the provider does; returns the error reply when it fails. */
  readonly authorize?: (headers: IncomingMessage['headers']) => Reply | null;
  /** Listen on a Unix socket (the Docker Engine) instead of a loopback port. */
  readonly socketPath?: string;
  /** The provider's error body for an unknown path. */
  readonly notFound?: (path: string) => unknown;
}

export interface ApiDouble {
  /** `http://127.0.0.1:PORT`, or `unix://SOCKET` for a socket double. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(got[i] ?? '');
    else if (part !== got[i]) return null;
  }
  return params;
}

export async function startApiDouble(spec: DoubleSpec): Promise<ApiDouble> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://double');
    // The Docker CLI prefixes a version (/v1.47/volumes/x); the Engine serves both forms.
    const path = url.pathname.replace(/^\/v1\.\d+(?=\/)/, '');
    const send = (reply: Reply) => {
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, status: reply.status });
      const text = typeof reply.body === 'string';
      res.writeHead(reply.status, { 'content-type': text ? 'text/plain' : 'application/json', ...(reply.headers ?? {}) });
      res.end(text ? (reply.body as string) : JSON.stringify(reply.body));
    };
    req.resume();
    req.on('end', () => {
      const denied = spec.authorize?.(req.headers);
      if (denied) return send(denied);
      for (const [key, route] of Object.entries(spec.routes)) {
        const space = key.indexOf(' ');
        if (key.slice(0, space) !== req.method) continue;
        const params = match(key.slice(space + 1), path);
        if (params) return send(route(params, url.searchParams));
      }
      send({ status: 404, body: spec.notFound?.(path) ?? { message: `no route for ${req.method} ${path}` } });
    });
  });
  if (spec.socketPath) {
    rmSync(spec.socketPath, { force: true });
    await new Promise<void>((resolve) => server.listen(spec.socketPath, resolve));
  } else await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = spec.socketPath ? `unix://${spec.socketPath}` : `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `Authorization: Bearer <token>` as REST providers check it, with their error body. */
export function bearer(token: string, error: unknown): DoubleSpec['authorize'] {
  return (headers) => (headers.authorization === `Bearer ${token}` ? null : { status: 401, body: error });
}
