// The real HttpClient: Node's fetch (or node:http over a Unix socket) with a hard timeout; errors never carry request headers.
import type { HttpClient, HttpRequest, HttpResponse } from './context.js';

/** Bodies guard reads are small JSON documents; anything larger is cut off rather than buffered without end. */
const MAX_SOCKET_RESPONSE_BYTES = 8 << 20;

async function overSocket({ method, url, headers, body, timeoutMs, socketPath }: HttpRequest & { socketPath: string }): Promise<HttpResponse> {
  const { request } = await import('node:http');
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path: `${target.pathname}${target.search}`, headers: { host: 'localhost', ...headers }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_SOCKET_RESPONSE_BYTES) req.destroy(new Error(`response over ${MAX_SOCKET_RESPONSE_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => reject(new Error(`${socketPath}: ${error.message}`)));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(new Error(`${socketPath}: ${error.code ?? error.message}`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function fetchHttpClient(): HttpClient {
  return {
    async request(input) {
      if (input.socketPath !== undefined) return overSocket({ ...input, socketPath: input.socketPath });
      const { method, url, headers, body, timeoutMs } = input;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), signal: controller.signal });
        return { status: response.status, text: await response.text() };
      } catch (error) {
        const reason = controller.signal.aborted ? `timeout after ${timeoutMs} ms` : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
        throw new Error(`${new URL(url).host}: ${reason}`);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
