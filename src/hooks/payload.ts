// Reading an agent's hook payload from stdin, bounded in size and time (shared by the hook and the daemon client).
import { createReadStream } from 'node:fs';

/** Payloads are a few KB; anything near this is not a hook payload (and is refused, not parsed). */
export const MAX_PAYLOAD_BYTES = 1 << 20;
/** guard answers within this even when analysis hangs (agents' own timeouts would fail open). */
export const DEFAULT_BUDGET_MS = 2000;

/** All of stdin up to `limit` + 1 bytes (one more tells "too large" apart from "exactly at the limit"). */
async function readUpTo(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream('', { fd: 0, autoClose: false })) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (size > limit) break;
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
