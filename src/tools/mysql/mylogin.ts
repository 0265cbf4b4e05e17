// Decodes MySQL's ~/.mylogin.cnf (mysql_config_editor): obfuscated, not encrypted, so guard reads it as the client does.
import { createCipheriv, createDecipheriv } from 'node:crypto';

const UNUSED_BYTES = 4;
const KEY_BYTES = 20;
const MAX_FILE_BYTES = 1 << 20;

/**
 * Layout (mysys/my_default.cc, mysql_config_editor.cc): 4 unused bytes, a 20-byte key, then
 * chunks of <int32 little-endian cipher length><AES-128-ECB cipher>. The AES key is the 20
 * bytes folded into 16 by XOR. Returns the plain option-file text.
 */
export function decodeMyloginCnf(bytes: Buffer): string {
  if (bytes.length > MAX_FILE_BYTES) throw new Error('larger than 1 MiB');
  if (bytes.length < UNUSED_BYTES + KEY_BYTES) throw new Error('too short for a login file');
  const stored = bytes.subarray(UNUSED_BYTES, UNUSED_BYTES + KEY_BYTES);
  const key = Buffer.alloc(16);
  for (let i = 0; i < KEY_BYTES; i++) key[i % 16] = (key[i % 16] ?? 0) ^ (stored[i] ?? 0);
  let offset = UNUSED_BYTES + KEY_BYTES;
  let text = '';
  while (offset + 4 <= bytes.length) {
    const length = bytes.readInt32LE(offset);
    offset += 4;
    if (length <= 0 || offset + length > bytes.length) throw new Error('a chunk runs past the end of the file');
    const decipher = createDecipheriv('aes-128-ecb', key, null);
    text += Buffer.concat([decipher.update(bytes.subarray(offset, offset + length)), decipher.final()]).toString('utf8');
    offset += length;
  }
  return text;
}

/** The inverse, for tests: what mysql_config_editor writes for `text`. */
export function encodeMyloginCnf(text: string, storedKey: Buffer): Buffer {
  const key = Buffer.alloc(16);
  for (let i = 0; i < KEY_BYTES; i++) key[i % 16] = (key[i % 16] ?? 0) ^ (storedKey[i] ?? 0);
  const parts: Buffer[] = [Buffer.alloc(UNUSED_BYTES), storedKey.subarray(0, KEY_BYTES)];
  for (const line of text.split(/(?<=\n)/)) {
    if (line === '') continue;
    const cipher = createCipheriv('aes-128-ecb', key, null);
    const chunk = Buffer.concat([cipher.update(line, 'utf8'), cipher.final()]);
    const length = Buffer.alloc(4);
    length.writeInt32LE(chunk.length);
    parts.push(length, chunk);
  }
  return Buffer.concat(parts);
}
