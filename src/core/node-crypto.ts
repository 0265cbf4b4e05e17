// node:crypto on first use: loading it costs ≈ 4–7 ms, which guard's start-up path must not pay for code it does not run.

/** The node:crypto module, loaded the first time a caller actually hashes, signs or draws random bytes. */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto') as typeof import('node:crypto');
}
