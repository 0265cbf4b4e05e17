// Loads guard's CommonJS bundle chunks with vm.Script and the private V8 code cache (see scripts/bundle.mjs).
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Script } from 'node:vm';
import { cacheFileName, readCache, writeCache } from './code-cache.js';

/** The parameters scripts/bundle.mjs compiles every chunk against; the two must agree. */
const WRAPPER_HEAD = '(function (exports, require, module, __guardUrl, __guardImport) {';
const WRAPPER_TAIL = '\n})';
/** Node's own CommonJS wrapper, for the external packages' files compiled here with the code cache. */
const PACKAGE_WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
/** External packages whose CommonJS entry is the same library as their ESM one (checked in their package.json). */
const REQUIRABLE = new Set(['libpg-query', 'web-tree-sitter']);

type ChunkExports = Record<string, unknown>;
type PackageFunction = (exports: ChunkExports, require: NodeJS.Require, module: { exports: ChunkExports }, filename: string, dirname: string) => void;
type ChunkFunction = (
  exports: ChunkExports,
  require: (specifier: string) => unknown,
  module: { exports: ChunkExports },
  url: string,
  importDynamic: (specifier: string) => Promise<unknown>,
) => void;

export interface ChunkLoaderOptions {
  /** dist/bundle: the chunks, and where bare specifiers resolve from. */
  readonly dir: string;
  /** The private cache directory (codeCacheDir), or null to compile from source every time. */
  readonly cacheDir: string | null;
  /** `import()` evaluated in a real module: vm.Script code has no dynamic-import host of its own. */
  readonly importExternal: (specifier: string) => Promise<unknown>;
  /** Whether V8's flags are still the start-up ones (tests run where node:v8 is loaded already). */
  readonly flagsUntouched?: () => boolean;
}

export interface ChunkLoader {
  /** A chunk's exports (`./main.cjs`), loading it and what it requires on first use. */
  load(specifier: string): ChunkExports;
  /** Stores bytecode for chunks that had none or had it rejected; called once, just before exit. */
  saveCaches(): void;
}

interface Pending {
  readonly script: Script;
  readonly name: string;
  /** Loaded after the parsers changed V8's flags: its bytecode is made and kept under those flags. */
  readonly afterFlags: boolean;
  /** Bytecode taken while V8's flags were still the start-up ones: after the chunk ran, again just before they change. */
  early: Buffer | null;
}

/**
 * Called (through globalThis: the parsers' chunks cannot import the loader that loads them) by
 * src/parsers/wasm-flags.ts right before it changes V8's flags.
 */
export const BEFORE_FLAGS_CHANGE = Symbol.for('guard.beforeV8FlagsChange');

/**
 * Bytecode is valid only under the flags it was made with, so a chunk loaded after the parsers
 * set `--liftoff-only` has a cache file of its own: the two states never refuse each other's.
 */
export function cacheNameForFlags(name: string, afterFlags: boolean): string {
  return afterFlags ? name.replace(/\.v8$/, '.liftoff.v8') : name;
}

/**
 * V8 refuses bytecode made under other flags. The SQL and shell parsers set `--liftoff-only`
 * (importing node:v8 to do so) just before their WASM loads: after that, bytecode made now
 * would be refused by every ordinary run, so only what was taken before then is kept.
 */
function flagsUntouched(): boolean {
  const loaded = (process as unknown as { moduleLoadList?: readonly string[] }).moduleLoadList;
  return Array.isArray(loaded) && !loaded.includes('NativeModule v8');
}

function namespaceOf(exports: object): object {
  return { ...exports, default: exports };
}

/** A chunk esbuild named (`./chunk-ABC123.cjs`): nothing in it for join() to normalise or a URL to escape. */
function isPlainChunkName(specifier: string): boolean {
  if (!specifier.startsWith('./') || !specifier.endsWith('.cjs') || specifier.length <= 6) return false;
  for (let i = 2; i < specifier.length - 4; i++) {
    const code = specifier.charCodeAt(i);
    const plain = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95;
    if (!plain) return false;
  }
  return true;
}

export function createChunkLoader(options: ChunkLoaderOptions): ChunkLoader {
  // Loaded here, not at the top of start.cjs: a call the resident guard answers never needs them.
  const { pathToFileURL } = process.getBuiltinModule('node:url') as typeof import('node:url');
  const { Script } = process.getBuiltinModule('node:vm') as typeof import('node:vm');
  const { createRequire } = process.getBuiltinModule('node:module') as typeof import('node:module');
  const modules = new Map<string, { exports: ChunkExports }>();
  // Worked out once: a hook call loads ≈ 50 chunks, and join() plus pathToFileURL() for each was ≈ 1 ms.
  const dir = join(options.dir, '.');
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const urlPrefix = pathToFileURL(prefix).href;
  const locate = (specifier: string): { path: string; url: string } => {
    if (isPlainChunkName(specifier)) {
      const file = specifier.slice(2);
      return { path: prefix + file, url: urlPrefix + file };
    }
    const path = join(dir, specifier);
    return { path, url: pathToFileURL(path).href };
  };
  const pending: Pending[] = [];
  const nodeRequire = createRequire(join(options.dir, 'main.cjs'));
  const untouched = options.flagsUntouched ?? flagsUntouched;
  // The last moment bytecode of chunks loaded so far is still valid for the next run: taken now it
  // also holds every function they ran since loading (the CLI, the hook, the policy), which
  // would otherwise be compiled from source on every call.
  (globalThis as Record<symbol, unknown>)[BEFORE_FLAGS_CHANGE] = () => {
    for (const entry of pending) if (!entry.afterFlags) entry.early = entry.script.createCachedData();
  };

  // Without a cache there is nothing to gain over Node's own loader.
  const requireExternal = (specifier: string): unknown =>
    options.cacheDir && REQUIRABLE.has(specifier) ? requirePackageFile(nodeRequire.resolve(specifier)) : nodeRequire(specifier);
  const requireChunk = (specifier: string): unknown =>
    specifier.startsWith('./') ? load(specifier) : requireExternal(specifier);
  const importChunk = (specifier: string): Promise<unknown> => {
    if (specifier.startsWith('./')) return Promise.resolve().then(() => load(specifier));
    // Built-ins and packages that ship CommonJS load through require, which skips starting the
    // ESM loader; the result is shaped like the ESM namespace import() would give.
    if (specifier.startsWith('node:') || REQUIRABLE.has(specifier)) return Promise.resolve().then(() => namespaceOf(requireExternal(specifier) as object));
    return options.importExternal(specifier);
  };

  /**
   * Compiles one file with its cached bytecode (when there is a cache). `ran()` is to be called
   * once it has run: bytecode taken then also holds the functions its top level called.
   */
  function compile(path: string, head: string, tail: string): { script: Script; ran(): void } {
    const fd = openSync(path, 'r');
    let source: string;
    let name: string | null = null;
    const afterFlags = options.cacheDir !== null && !untouched();
    try {
      if (options.cacheDir) name = cacheNameForFlags(cacheFileName(path, fstatSync(fd, { bigint: true })), afterFlags);
      source = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    const cachedData = options.cacheDir && name ? readCache(options.cacheDir, name) ?? undefined : undefined;
    const script = new Script(head + source + tail, { filename: path, cachedData });
    const cacheName = name;
    const ran = () => {
      if (cacheName && (cachedData === undefined || script.cachedDataRejected)) {
        pending.push({ script, name: cacheName, afterFlags, early: afterFlags ? null : script.createCachedData() });
      }
    };
    return { script, ran };
  }

  function load(specifier: string): ChunkExports {
    const { path, url } = locate(specifier);
    const known = modules.get(path);
    if (known) return known.exports;
    const { script, ran } = compile(path, WRAPPER_HEAD, WRAPPER_TAIL);
    const module = { exports: {} as ChunkExports };
    // Registered before it runs, as require does, so a cycle sees the partial exports.
    modules.set(path, module);
    (script.runInThisContext() as ChunkFunction)(module.exports, requireChunk, module, url, importChunk);
    ran();
    return module.exports;
  }

  /**
   * A REQUIRABLE package, resolved by Node (exports map and all) but compiled here, so that its
   * JavaScript (160 KB for web-tree-sitter, 70 KB for libpg-query) gets bytecode from the cache
   * instead of being compiled on every run. Its own relative requires of JavaScript files load the
   * same way; anything else (built-ins, other packages, JSON) goes through Node's require.
   */
  function requirePackageFile(path: string): unknown {
    const known = modules.get(path);
    if (known) return known.exports;
    const nodeRequire = createRequire(path);
    const localRequire = ((specifier: string) => {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) return nodeRequire(specifier);
      const resolved = nodeRequire.resolve(specifier);
      return resolved.endsWith('.js') || resolved.endsWith('.cjs') ? requirePackageFile(resolved) : nodeRequire(resolved);
    }) as NodeJS.Require;
    Object.assign(localRequire, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main, extensions: nodeRequire.extensions });
    const { script, ran } = compile(path, PACKAGE_WRAPPER_HEAD, WRAPPER_TAIL);
    const module = { exports: {} as ChunkExports };
    modules.set(path, module);
    (script.runInThisContext() as PackageFunction)(module.exports, localRequire, module, path, dirname(path));
    ran();
    return module.exports;
  }

  function saveCaches(): void {
    const cacheDir = options.cacheDir;
    if (!cacheDir) return;
    const now = untouched();
    for (const entry of pending.splice(0)) {
      // The flags only ever go one way (start-up → liftoff), so a chunk loaded after the change is still under them.
      const data = now || entry.afterFlags ? entry.script.createCachedData() : entry.early;
      if (data && data.length > 0) writeCache(cacheDir, entry.name, data);
    }
  }

  return { load, saveCaches };
}
