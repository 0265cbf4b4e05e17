// Builds the real Context: this process's environment, files, terminal, network and audit log.
import { existsSync } from 'node:fs';
import type { Context, Output, Spinner } from '../core/context.js';
import { fileAuditLog } from '../core/audit.js';
import { execCommand, findExecutable } from '../core/exec.js';
import { rawBytesFor } from '../core/raw-bytes.js';
import { fetchHttpClient } from '../core/http.js';
import { processSubprocessRunner } from '../core/subprocess.js';
import { createApprovalStore } from '../approvals/store.js';
import { processStdin } from '../core/stdin.js';
import { readAncestry } from '../core/processes.js';
import { guardDirectory, loadConfig } from '../config/load.js';
import { homeDirectory } from '../config/guard-directory.js';
import { createLazyPostgresInspector } from '../tools/postgres/inspector-lazy.js';

export { AGENT_MARKERS, isAgentEnvironment } from '../core/agent-markers.js';
import { isAgentEnvironment } from '../core/agent-markers.js';

function output(stream: NodeJS.WriteStream): Output {
  return { write: (text) => void stream.write(text), isTTY: Boolean(stream.isTTY) };
}

export function createProcessContext(options: { offline: boolean; offlineCause?: string; guardBinary: string | null; color?: boolean; invokedVia?: 'shim' | 'function' }): Context {
  const env = process.env;
  const cwd = process.cwd();
  const home = homeDirectory(env);
  const guardDir = guardDirectory(env, home);
  const config = loadConfig(guardDir, cwd);
  return {
    env,
    cwd,
    home,
    offline: options.offline,
    ...(options.offline && options.offlineCause ? { offlineCause: options.offlineCause } : {}),
    agent: isAgentEnvironment(env),
    ...(options.color === undefined ? {} : { color: options.color }),
    ...(options.invokedVia ? { invokedVia: options.invokedVia } : {}),
    guardDir,
    config,
    now: () => new Date(),
    // fs/promises (and the readline it loads) only when a file is read: not on every start.
    readFile: async (path) => (await import('node:fs/promises')).readFile(path),
    fileExists: (path) => existsSync(path),
    listDirectory: async (path) => (await import('node:fs/promises')).readdir(path),
    stdin: processStdin(),
    stdout: output(process.stdout),
    stderr: output(process.stderr),
    // tty streams and the prompt library load only when a prompt opens.
    openTerminal: async () => (await import('../core/terminal.js')).openControllingTerminal(),
    spinner: (text) => startSpinner(text),
    postgres: createLazyPostgresInspector(),
    http: fetchHttpClient(),
    subprocess: processSubprocessRunner(),
    approvals: createApprovalStore(guardDir, () => new Date()),
    audit: fileAuditLog(guardDir),
    guardBinary: options.guardBinary,
    ancestry: readAncestry,
    which: (name) => findExecutable(name, env, cwd, options.guardBinary),
    run: (request) => {
      // Bytes Node decoded lossily (not UTF-8) reach the child as guard received them.
      const raw = rawBytesFor([request.argv0, ...request.args]);
      return execCommand({ ...request, rawArgv: raw.argv, rawEnviron: raw.environ });
    },
  };
}

/** ora on stderr, only on a terminal; loaded lazily because only live look-ups need it. */
function startSpinner(text: string): Spinner {
  // A terminal with no width (a pty nobody sized) would make ora redraw endlessly.
  if (!process.stderr.isTTY || !((process.stderr.columns ?? 0) > 0)) return { stop() {} };
  let stopped = false;
  let spinner: { stop(): void } | null = null;
  void import('ora').then(({ default: ora }) => {
    if (!stopped) spinner = ora({ text, stream: process.stderr, discardStdin: false }).start();
  });
  return {
    stop() {
      stopped = true;
      spinner?.stop();
    },
  };
}
