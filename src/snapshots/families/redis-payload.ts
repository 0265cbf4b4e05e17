// Redis DUMP payloads: the CRC64 each one ends with (checked by verify), and the RESP commands restore sends.

/** Redis's crc64 (Jones polynomial, reflected, as in src/crc64.c): "123456789" → 0xe9c6d914c4b8d9ca. */
const REFLECTED_POLYNOMIAL = 0x95ac9329ac4bc9b5n;
let table: BigUint64Array | null = null;

function crcTable(): BigUint64Array {
  if (table !== null) return table;
  table = new BigUint64Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = BigInt(n);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ REFLECTED_POLYNOMIAL : crc >> 1n;
    table[n] = crc;
  }
  return table;
}

export function crc64(bytes: Uint8Array): bigint {
  const lookup = crcTable();
  let crc = 0n;
  for (const byte of bytes) crc = (lookup[Number((crc ^ BigInt(byte)) & 0xffn)] ?? 0n) ^ (crc >> 8n);
  return crc;
}

/**
 * A DUMP payload is the serialized value, a 2-byte RDB version and the CRC64 of both, little
 * endian (rdb.c createDumpPayload): a payload whose CRC does not match was damaged.
 */
export function payloadIntact(payload: Buffer): boolean {
  if (payload.length < 10) return false;
  const body = payload.subarray(0, payload.length - 8);
  return payload.readBigUInt64LE(payload.length - 8) === crc64(body);
}

/** One command in the Redis protocol (RESP2 arrays of bulk strings): binary-safe, what `redis-cli --pipe` reads. */
export function respCommand(parts: readonly (string | Buffer)[]): Buffer {
  const chunks: Buffer[] = [Buffer.from(`*${parts.length}\r\n`)];
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    chunks.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(chunks);
}
