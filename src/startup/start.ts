// guard's start-up (bundled to dist/bundle/start.cjs): asks the resident guard, or loads the CLI's chunks through the code cache, runs it, exits.
import { createChunkLoader } from './chunk-loader.js';
import { codeCacheDir } from './code-cache.js';
import { askDaemon, startInBackground, type DaemonOutcome } from '../daemon/client.js';
import { ownCommand, runAllowed, type AppendLocally } from '../daemon/client-run.js';

type Main = (argv: readonly string[], guardBinary: string | null, handoff?: { prereadStdin?: Buffer }) => Promise<number>;

/** Exits once both streams have taken everything: nothing guard started may keep the user's shell waiting. */
function exitAfterWrites(status: number): void {
  let pending = 0;
  const done = () => {
    if (--pending <= 0) process.exit(status);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength > 0) {
      pending++;
      stream.once('drain', done);
    }
  }
  if (pending === 0) process.exit(status);
}

function write(stream: NodeJS.WriteStream, text: string): void {
  if (text.length > 0) stream.write(text);
}

/**
 * Runs guard. `importExternal` must be `(s) => import(s)` written in a module Node loaded
 * itself (bin/guard): code compiled by vm.Script cannot call import() on its own.
 */
export async function start(guardBinary: string, bundleDir: string, importExternal: (specifier: string) => Promise<unknown>): Promise<void> {
  // A reader that goes away (`guard rules | head`) is not an error worth a stack trace. Set when a
  // stream is first used, not here: creating process.stdout loads the stream modules on every call.
  const quietOnEpipe = (stream: NodeJS.WriteStream) => stream.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 70));
  // The resident guard answers hook calls, dry runs and allowed runs with its parsers warm; any doubt means in-process.
  let daemon: DaemonOutcome = { answer: null, startAfter: null };
  try {
    daemon = await askDaemon(process.argv.slice(2), bundleDir, guardBinary);
  } catch {
    // the daemon path failing is never a verdict: assess in-process
  }
  const loader = () => createChunkLoader({ dir: bundleDir, cacheDir: codeCacheDir(process.env), importExternal });
  if (daemon.answer) {
    if (daemon.answer.stdout.length > 0) quietOnEpipe(process.stdout);
    write(process.stdout, daemon.answer.stdout);
    write(process.stderr, daemon.answer.stderr);
    return exitAfterWrites(daemon.answer.exitCode);
  }
  const allowed = daemon.run ? ownCommand(process.argv.slice(2), daemon.run.answer, guardBinary) : null;
  if (daemon.run && allowed) {
    const appendLocally = () => (loader().load('./client-audit.cjs') as { appendLocally: AppendLocally }).appendLocally;
    return exitAfterWrites(await runAllowed(allowed, daemon.run.answer, daemon.run.address, appendLocally));
  }
  quietOnEpipe(process.stdout);
  const chunks = loader();
  const { main } = chunks.load('./main.cjs') as { main: Main };
  const status = await main(process.argv, guardBinary, daemon.payload ? { prereadStdin: daemon.payload } : {});
  chunks.saveCaches();
  if (daemon.startAfter) await startInBackground(daemon.startAfter, guardBinary, process.getuid?.() ?? -1);
  exitAfterWrites(status);
}
