// guard's start-up (bundled to dist/bundle/start.cjs): loads the CLI's chunks through the code cache, runs it, exits.
import { createChunkLoader } from './chunk-loader.js';
import { codeCacheDir } from './code-cache.js';

type Main = (argv: readonly string[], guardBinary: string | null) => Promise<number>;

/**
 * Runs guard. `importExternal` must be `(s) => import(s)` written in a module Node loaded
 * itself (bin/guard): code compiled by vm.Script cannot call import() on its own.
 */
export async function start(guardBinary: string, bundleDir: string, importExternal: (specifier: string) => Promise<unknown>): Promise<void> {
  // A reader that goes away (`guard rules | head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 70));
  const loader = createChunkLoader({ dir: bundleDir, cacheDir: codeCacheDir(process.env), importExternal });
  const { main } = loader.load('./main.cjs') as { main: Main };
  const status = await main(process.argv, guardBinary);
  loader.saveCaches();
  // Exit now: nothing guard started may keep the process (and the user's shell) waiting.
  if (process.stdout.writableLength > 0) process.stdout.once('drain', () => process.exit(status));
  else process.exit(status);
}
