// Reading an agent's hook payload from stdin, bounded in size and time (shared by the hook and the daemon client).
import { read } from 'node:fs';

/** Payloads are a few KB; anything near this is not a hook payload (and is refused, not parsed). */
export const MAX_PAYLOAD_BYTES = 1 << 20;
/** guard answers within this even when analysis hangs (agents' own timeouts would fail open). */
export const DEFAULT_BUDGET_MS = 2000;

/** One read of fd 0; EAGAIN (a non-blocking pipe with nothing yet) is asked again shortly. */
function readOnce(buffer: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const attempt = () =>
      read(0, buffer, 0, buffer.length, null, (error, bytes) => {
        if (error?.code === 'EAGAIN') setTimeout(attempt, 5).unref();
        else if (error) reject(error);
        else resolve(bytes);
      });
    attempt();
  });
}

/**
 * All of stdin up to `limit` + 1 bytes (one more tells "too large" apart from "exactly at the limit").
 * Plain reads, not a stream: fs.createReadStream pulls in fs/promises and readline, ≈ 13 ms of
 * start-up on every hook call.
 */
async function readUpTo(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size <= limit) {
    const buffer = Buffer.allocUnsafe(64 * 1024);
    const bytes = await readOnce(buffer);
    if (bytes === 0) break;
    chunks.push(buffer.subarray(0, bytes));
    size += bytes;
  }
  return Buffer.concat(chunks);
}

/** The payload; unreadable or endless stdin gives an empty one (which the hook answers with a deny). */
export async function readHookPayload(): Promise<Buffer> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      readUpTo(MAX_PAYLOAD_BYTES),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), DEFAULT_BUDGET_MS);
        timer.unref();
      }),
    ]);
  } catch {
    return Buffer.alloc(0);
  } finally {
    clearTimeout(timer);
  }
}
