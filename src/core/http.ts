// The real HttpClient: Node's fetch with a hard timeout; errors never carry request headers.
import type { HttpClient } from './context.js';

export function fetchHttpClient(): HttpClient {
  return {
    async request({ method, url, headers, body, timeoutMs }) {
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
