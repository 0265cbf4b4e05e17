// The start-up code cache: a missing, stale, corrupt, foreign or unwritable cache never changes what guard does.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BEFORE_FLAGS_CHANGE, cacheNameForFlags, createChunkLoader } from '../../src/startup/chunk-loader.js';
import { codeCacheDir, readCache, writeCache } from '../../src/startup/code-cache.js';
import { createSandbox, runGuard, type GuardResult } from '../support/run-guard.js';

const scratch = mkdtempSync(join(tmpdir(), 'guard-code-cache-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function freshDir(label: string): string {
  const dir = join(scratch, `${label}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const noImport = (specifier: string): Promise<unknown> => Promise.reject(new Error(`unexpected import of ${specifier}`));

function loadValue(bundleDir: string, cacheDir: string | null): unknown {
  const loader = createChunkLoader({ dir: bundleDir, cacheDir, importExternal: noImport, flagsUntouched: () => true });
  const value = loader.load('./main.cjs').value;
  loader.saveCaches();
  return value;
}

function cacheFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.v8'));
}

describe('codeCacheDir', () => {
  const cases: { name: string; prepare(base: string): void; usable: boolean }[] = [
    { name: 'a new directory is created private (0700)', prepare: () => undefined, usable: true },
    { name: 'a directory others can read or write is refused', prepare: (base) => {
      const leaf = join(base, `v8-${process.version}-${process.arch}`);
      mkdirSync(leaf, { recursive: true });
      chmodSync(leaf, 0o777);
    }, usable: false },
    { name: 'a symlink in place of the directory is refused', prepare: (base) => {
      mkdirSync(base, { recursive: true });
      const elsewhere = freshDir('elsewhere');
      chmodSync(elsewhere, 0o700);
      symlinkSync(elsewhere, join(base, `v8-${process.version}-${process.arch}`));
    }, usable: false },
    { name: 'a base that cannot be a directory (a file is in the way) gives no cache', prepare: (base) => writeFileSync(base, 'not a directory'), usable: false },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const base = join(freshDir('base'), 'guard');
      testCase.prepare(base);
      const leaf = join(base, `v8-${process.version}-${process.arch}`);
      const dir = codeCacheDir({ GUARD_CACHE_DIR: base });
      if (testCase.usable) {
        assert.equal(dir, leaf);
        assert.equal(statSync(leaf).mode & 0o777, 0o700);
      } else {
        assert.equal(dir, null);
      }
    });
  }

  it('a relative cache directory is never used (it would trust the working directory)', () => {
    assert.equal(codeCacheDir({ GUARD_CACHE_DIR: 'relative/cache' }), null);
  });

  it('GUARD_CODE_CACHE=0 turns caching off', () => {
    assert.equal(codeCacheDir({ GUARD_CACHE_DIR: freshDir('off'), GUARD_CODE_CACHE: '0' }), null);
  });
});

describe('readCache and writeCache', () => {
  it('round-trips private bytes, and ignores a file others can write', () => {
    const dir = freshDir('rw');
    chmodSync(dir, 0o700);
    writeCache(dir, 'a.v8', Buffer.from('bytecode'));
    assert.equal(statSync(join(dir, 'a.v8')).mode & 0o777, 0o600);
    assert.deepEqual(readCache(dir, 'a.v8'), Buffer.from('bytecode'));
    chmodSync(join(dir, 'a.v8'), 0o666);
    assert.equal(readCache(dir, 'a.v8'), null);
    assert.equal(readCache(dir, 'missing.v8'), null);
    if (process.platform === 'linux') {
      execFileSync('mkfifo', [join(dir, 'fifo.v8')]);
      assert.equal(readCache(dir, 'fifo.v8'), null, 'a FIFO is not read (and does not block)');
    }
  });

  it('a write into a directory that is gone fails quietly', () => {
    assert.doesNotThrow(() => writeCache(join(scratch, 'no', 'such', 'dir'), 'a.v8', Buffer.from('x')));
  });
});

describe('createChunkLoader', () => {
  it('uses, refreshes and survives its cache: cold, warm, stale (same size and mtime), corrupt', () => {
    const bundle = freshDir('bundle');
    const cache = freshDir('cache');
    chmodSync(cache, 0o700);
    const chunk = join(bundle, 'main.cjs');
    writeFileSync(chunk, 'exports.value = require("./part.cjs").value + 1;\n');
    writeFileSync(join(bundle, 'part.cjs'), 'exports.value = 40;\n');

    assert.equal(loadValue(bundle, cache), 41, 'cold');
    assert.equal(cacheFiles(cache).length, 2, 'both chunks cached');
    assert.equal(loadValue(bundle, cache), 41, 'warm');

    // Same length, mtime put back: V8 alone would accept the old bytecode.
    const before = statSync(chunk);
    writeFileSync(chunk, 'exports.value = require("./part.cjs").value + 2;\n');
    utimesSync(chunk, before.atime, before.mtime);
    assert.equal(loadValue(bundle, cache), 42, 'stale');

    for (const name of cacheFiles(cache)) writeFileSync(join(cache, name), 'garbage, not V8 bytecode');
    assert.equal(loadValue(bundle, cache), 42, 'corrupt');
    assert.equal(loadValue(bundle, null), 42, 'no cache');
  });

  it('chunks loaded after the parsers changed V8\'s flags get cache files of their own, written at exit', () => {
    const bundle = freshDir('flags');
    const cache = freshDir('flags-cache');
    chmodSync(cache, 0o700);
    writeFileSync(join(bundle, 'main.cjs'), 'exports.value = 7;\n');
    const loader = createChunkLoader({ dir: bundle, cacheDir: cache, importExternal: noImport, flagsUntouched: () => false });
    assert.equal(loader.load('./main.cjs').value, 7);
    loader.saveCaches();
    const files = cacheFiles(cache);
    assert.equal(files.length, 1, 'bytecode made under the changed flags is kept, not dropped');
    assert.match(files[0] ?? '', /\.liftoff\.v8$/);
    assert.equal(cacheNameForFlags('abc-1-2-3.v8', false), 'abc-1-2-3.v8');
    // Both states side by side: the start-up one does not overwrite the other.
    assert.equal(loadValue(bundle, cache), 7);
    assert.equal(cacheFiles(cache).length, 2);
  });

  it('compiles the CommonJS packages it requires with the cache too, resolved by Node, each file once', async () => {
    const bundle = freshDir('packages');
    const cache = freshDir('packages-cache');
    chmodSync(cache, 0o700);
    // A stand-in under one of the REQUIRABLE names, with an exports map, a relative require and a built-in.
    const pkg = join(bundle, 'node_modules', 'web-tree-sitter');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'web-tree-sitter', type: 'module', exports: { '.': { import: './entry.js', require: './entry.cjs' } } }));
    writeFileSync(join(pkg, 'entry.cjs'), 'const { basename } = require("node:path"); exports.helper = require("./helper.js"); exports.where = basename(__dirname) + "/" + basename(__filename); exports.data = require("./data.json").n;\n');
    writeFileSync(join(pkg, 'helper.js'), 'module.exports = { calls: 0 };\n');
    writeFileSync(join(pkg, 'data.json'), '{"n": 5}');
    writeFileSync(join(bundle, 'main.cjs'), 'const a = require("web-tree-sitter"); exports.same = a === require("web-tree-sitter"); exports.a = a; exports.load = () => __guardImport("web-tree-sitter");\n');
    for (const round of ['cold', 'warm']) {
      const loader = createChunkLoader({ dir: bundle, cacheDir: cache, importExternal: noImport, flagsUntouched: () => true });
      const main = loader.load('./main.cjs') as { same: boolean; a: { where: string; data: number; helper: unknown }; load: () => Promise<{ default: unknown }> };
      assert.equal(main.same, true, `${round}: one instance`);
      assert.equal(main.a.where, 'web-tree-sitter/entry.cjs', `${round}: __dirname and __filename`);
      assert.equal(main.a.data, 5, `${round}: JSON through Node's require`);
      assert.deepEqual(main.a.helper, { calls: 0 });
      assert.equal((await main.load()).default, main.a, `${round}: import() gives the same module`);
      loader.saveCaches();
      assert.equal(cacheFiles(cache).length, 3, `${round}: main.cjs, entry.cjs and helper.js cached`);
    }
  });

  it('keeps bytecode of what ran since loading when told, just before the flags change', () => {
    // A function the chunk's top level does not run: its bytecode exists only once it is called.
    const body = Array.from({ length: 200 }, (_, i) => `  total += (n * ${i}) % ${i + 7};`).join('\n');
    const source = `exports.work = (n) => {\n  let total = 0;\n${body}\n  return total;\n};\n`;
    const cachedSize = (announce: boolean): number => {
      const bundle = freshDir('before-flags');
      const cache = freshDir('before-flags-cache');
      chmodSync(cache, 0o700);
      writeFileSync(join(bundle, 'main.cjs'), source);
      let flagsChanged = false;
      const loader = createChunkLoader({ dir: bundle, cacheDir: cache, importExternal: noImport, flagsUntouched: () => !flagsChanged });
      assert.equal(typeof (loader.load('./main.cjs').work as (n: number) => number)(3), 'number');
      if (announce) (globalThis as Record<symbol, unknown> & { [BEFORE_FLAGS_CHANGE]?: () => void })[BEFORE_FLAGS_CHANGE]?.();
      flagsChanged = true;
      loader.saveCaches();
      const files = cacheFiles(cache);
      assert.equal(files.length, 1);
      assert.doesNotMatch(files[0] ?? '', /liftoff/, 'loaded under the start-up flags: kept under their name');
      return statSync(join(cache, files[0] ?? '')).size;
    };
    assert.ok(cachedSize(true) > cachedSize(false), 'the bytecode taken before the change holds the function that ran');
  });

  it('serves node: built-ins to import() with named and default exports', async () => {
    const bundle = freshDir('builtin');
    writeFileSync(join(bundle, 'main.cjs'), 'exports.load = () => __guardImport("node:path");\n');
    const loader = createChunkLoader({ dir: bundle, cacheDir: null, importExternal: noImport });
    const namespace = (await (loader.load('./main.cjs').load as () => Promise<{ join: unknown; default: { join: unknown } }>)());
    assert.equal(typeof namespace.join, 'function');
    assert.equal(namespace.default.join, namespace.join);
  });
});

describe('bin/guard with its code cache', () => {
  const sandbox = createSandbox('guard-code-cache-e2e-');
  after(() => sandbox.cleanup());
  const args = ['--dry-run', '--offline', 'psql', '-c', 'DROP TABLE orders'];
  const run = (env: Record<string, string | undefined>): Promise<GuardResult> => runGuard(args, { sandbox, env });
  const same = (result: GuardResult, reference: GuardResult, label: string) => {
    assert.equal(result.status, reference.status, `${label}: ${result.stderrText}`);
    assert.equal(result.stderrText, reference.stderrText, label);
    assert.equal(result.stdoutText, reference.stdoutText, label);
  };

  it('decides the same with no cache, a cold one, a warm one, a corrupt one and an unusable one', async () => {
    const reference = await run({ GUARD_CODE_CACHE: '0' });
    assert.equal(reference.status, 77, reference.stderrText);

    const base = join(sandbox.dir, 'cache');
    const leaf = join(base, `v8-${process.version}-${process.arch}`);
    same(await run({ GUARD_CACHE_DIR: base }), reference, 'cold');
    const written = cacheFiles(leaf);
    assert.ok(written.length > 5, `the cold run cached its chunks (${written.length})`);
    same(await run({ GUARD_CACHE_DIR: base }), reference, 'warm');

    for (const name of written) writeFileSync(join(leaf, name), readFileSync(join(leaf, name)).subarray(0, 16));
    same(await run({ GUARD_CACHE_DIR: base }), reference, 'corrupt');
    assert.ok(cacheFiles(leaf).every((name) => statSync(join(leaf, name)).size > 16), 'corrupt entries were rewritten');

    const blocked = join(sandbox.dir, 'a-file');
    writeFileSync(blocked, 'in the way');
    same(await run({ GUARD_CACHE_DIR: blocked }), reference, 'unusable');
    // Where mkdir says ENOENT under a parent that exists, Node's recursive mkdirSync never returns.
    if (existsSync('/proc/self')) same(await run({ GUARD_CACHE_DIR: '/proc/guard-no-such-dir/cache' }), reference, 'under /proc');
  });
});
