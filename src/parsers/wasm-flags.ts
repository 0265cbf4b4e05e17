// The V8 flags guard's WASM parsers (tree-sitter, libpg-query) run under, set once just before the first one loads.

let applied: Promise<void> | undefined;

/**
 * `--liftoff-only`: no TurboFan compilation in the background, which would otherwise hold the
 * process open at exit (≈ 300 ms for libpg-query). (`--wasm-lazy-validation` was tried here and
 * measured no cheaper for a whole hook or SQL call: see BENCHMARKS.md.)
 *
 * Both parsers set the same flags through here: V8 keys cached bytecode by its flags, so chunks
 * loaded after either parser must see one and the same flag state (src/startup/chunk-loader.ts).
 * node:v8 is imported here, not at the top, because its loading is what tells the start-up code
 * cache that the flags changed.
 */
export function applyWasmFlags(): Promise<void> {
  applied ??= (async () => {
    const { setFlagsFromString } = await import('node:v8');
    // The start-up code cache's last chance to keep bytecode made under the current flags (src/startup/chunk-loader.ts).
    const beforeChange = (globalThis as Record<symbol, unknown>)[Symbol.for('guard.beforeV8FlagsChange')];
    if (typeof beforeChange === 'function') beforeChange();
    setFlagsFromString('--liftoff-only');
  })();
  return applied;
}
