#!/usr/bin/env node
// Bundles the compiled CLI into dist/bundle/: code-split ESM chunks (lazy paths stay lazy) turned
// into CommonJS chunks that dist/bundle/start.cjs loads with a V8 code cache (see BENCHMARKS.md).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, transform } from 'esbuild';

const OUT = process.argv[2] ?? 'dist/bundle';
// Heavy or native-adjacent packages stay in node_modules and load only when a path needs them.
const EXTERNAL = ['libpg-query', 'luaparse', 'node-sql-parser', 'pg', '@inquirer/prompts', 'ora', 'conf', 'chalk', 'graphql', 'web-tree-sitter'];
// Must match WRAPPER_HEAD in src/startup/chunk-loader.ts: what a chunk sees instead of ESM.
const IMPORT_FUNCTION = '__guardImport';
const URL_VARIABLE = '__guardUrl';

// Chunk names carry content hashes: clear the old ones so dist/ holds one consistent build.
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const split = await build({
  // client-audit: what a daemon client loads when it must append its run's record itself.
  entryPoints: { main: 'dist/src/cli/main.js', 'client-audit': 'dist/src/daemon/client-audit.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: OUT,
  outExtension: { '.js': '.cjs' },
  external: EXTERNAL,
  write: false,
  metafile: true,
  logLevel: 'warning',
});

for (const file of split.outputFiles) {
  if (!file.path.endsWith('.cjs')) throw new Error(`bundle: unexpected output ${file.path}`);
  const meta = Object.entries(split.metafile.outputs).find(([path]) => file.path.endsWith(path))?.[1];
  if (!meta) throw new Error(`bundle: no metafile entry for ${file.path}`);
  for (const dep of meta.imports) {
    // require() of an ESM-only package fails on Node 20.17: externals may only be loaded lazily.
    if (dep.external && dep.kind !== 'dynamic-import' && !dep.path.startsWith('node:') && !builtinModules.includes(dep.path)) {
      throw new Error(`bundle: ${file.path} imports ${dep.path} statically; load it with await import()`);
    }
  }
  const converted = await transform(file.text, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta.url': URL_VARIABLE },
    logLevel: 'warning',
  });
  // esbuild keeps import() as written; vm.Script code has no import() host, so each becomes a call
  // to the loader's function. The count must match the metafile, or a string was touched.
  const dynamic = meta.imports.filter((dep) => dep.kind === 'dynamic-import').length;
  const parts = converted.code.split('import(');
  if (parts.length - 1 !== dynamic) {
    throw new Error(`bundle: ${file.path} has ${parts.length - 1} import( texts but ${dynamic} dynamic imports`);
  }
  writeFileSync(file.path, parts.join(`${IMPORT_FUNCTION}(`));
}

// The start-up code itself is one small CommonJS file that Node compiles normally.
await build({
  entryPoints: ['dist/src/startup/start.js'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: join(OUT, 'start.cjs'),
  logLevel: 'warning',
});

// The build id: a digest of every file in the bundle. The daemon client and the daemon compare it,
// so a daemon started by an older build never answers for a newer one (or the other way round).
const digest = createHash('sha256');
for (const name of readdirSync(OUT).filter((entry) => entry.endsWith('.cjs')).sort()) {
  digest.update(name).update('\0').update(readFileSync(join(OUT, name))).update('\0');
}
writeFileSync(join(OUT, 'build-id'), `${digest.digest('hex').slice(0, 16)}\n`);
