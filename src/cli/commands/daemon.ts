// `guard daemon start|stop|status`: the resident per-user guard that answers hooks and dry runs with warm parsers.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { RegisterCommand } from './types.js';

function bundleDirOf(guardBinary: string | null): string {
  if (!guardBinary) throw new UsageError("cannot tell where guard's own binary is; run the installed 'guard'");
  return join(dirname(guardBinary), '..', 'dist', 'bundle');
}

async function address(guardBinary: string | null) {
  const { daemonAddress } = await import('../../daemon/client.js');
  const found = daemonAddress(process.env, bundleDirOf(guardBinary));
  if (!found) throw new UsageError('no place for the daemon: no runtime directory ($XDG_RUNTIME_DIR or the guard directory), or no build id (npm run build)');
  return found;
}

function describeStatus(reply: { pid: number; uptimeSeconds: number; requests: number; served: number; rssBytes: number; idleLimitSeconds: number }): string {
  return `running (pid ${reply.pid}, up ${reply.uptimeSeconds} s, ${reply.requests} requests, ${reply.served} answered, ${(reply.rssBytes / 1048576).toFixed(1)} MB, exits after ${Math.round(reply.idleLimitSeconds / 60)} min idle)`;
}

export const registerDaemonCommand: RegisterCommand = (program, env) => {
  const daemon = program.command('daemon').description('the resident guard: answers hook calls and dry runs with its parsers warm');

  daemon
    .command('status')
    .description('whether the daemon of this build is running, and its figures')
    .option('--json', 'one JSON object on stdout')
    .action(async (options: { json?: boolean }) => {
      const where = await address(env.guardBinary);
      const { daemonMode, exchange, socketProblem } = await import('../../daemon/client.js');
      const { PROTOCOL_VERSION } = await import('../../daemon/protocol.js');
      const problem = socketProblem(where, process.getuid?.() ?? -1);
      const reply = problem === null ? await exchange(where.socket, { v: PROTOCOL_VERSION, build: where.build, kind: 'status' }, 2000) : null;
      const running = reply && reply !== 'unreachable' && reply.status === 'status' ? reply : null;
      const mode = daemonMode(process.env);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ mode, socket: where.socket, build: where.build, running: running !== null, problem: problem === 'absent' ? null : problem, ...(running ? { pid: running.pid, uptimeSeconds: running.uptimeSeconds, requests: running.requests, served: running.served, rssBytes: running.rssBytes, idleLimitSeconds: running.idleLimitSeconds } : {}) }, null, 2)}\n`);
      } else {
        process.stdout.write(`guard daemon: ${running ? describeStatus(running) : 'not running'}; mode ${mode}; socket ${where.socket}\n`);
        if (problem && problem !== 'absent') process.stdout.write(`guard daemon: not used: ${problem}\n`);
      }
      env.setStatus(running ? 0 : 3);
    });

  daemon
    .command('start')
    .description('start the daemon in the background (calls start it on demand anyway, unless it is off)')
    .action(async () => {
      const where = await address(env.guardBinary);
      const { exchange, startInBackground, socketProblem } = await import('../../daemon/client.js');
      const { PROTOCOL_VERSION } = await import('../../daemon/protocol.js');
      const uid = process.getuid?.() ?? -1;
      const problem = socketProblem(where, uid);
      if (problem !== null && problem !== 'absent') {
        process.stderr.write(`guard daemon: refusing to start: ${problem}\n`);
        return env.setStatus(77);
      }
      await startInBackground(where, env.guardBinary as string, uid);
      // Loading the parsers takes a moment; report only once it answers.
      for (let waited = 0; waited < 15_000; waited += 100) {
        const reply = socketProblem(where, uid) === null ? await exchange(where.socket, { v: PROTOCOL_VERSION, build: where.build, kind: 'status' }, 1000) : null;
        if (reply && reply !== 'unreachable' && reply.status === 'status') {
          process.stdout.write(`guard daemon: ${describeStatus(reply)}\n`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      process.stderr.write('guard daemon: it did not answer within 15 s (see guard daemon status); guard keeps assessing in-process\n');
      env.setStatus(70);
    });

  daemon
    .command('stop')
    .description('stop the daemon (of this build and any older one left in the runtime directory)')
    .action(async () => {
      const where = await address(env.guardBinary);
      const { exchange } = await import('../../daemon/client.js');
      const { PROTOCOL_VERSION } = await import('../../daemon/protocol.js');
      const { untrustedDirectory, untrustedSocket } = await import('../../daemon/paths.js');
      const uid = process.getuid?.() ?? -1;
      let stopped = 0;
      if (untrustedDirectory(where.dir, uid) === null) {
        for (const name of readdirSync(where.dir).filter((entry) => /^guard-[0-9a-f]{16}\.sock$/.test(entry))) {
          const socket = join(where.dir, name);
          if (untrustedSocket(socket, uid) !== null) continue;
          // Each build answers only its own id: ask with the one in the socket's name.
          const build = socket === where.socket ? where.build : name.slice('guard-'.length, -'.sock'.length);
          const reply = await exchange(socket, { v: PROTOCOL_VERSION, build, kind: 'stop' }, 2000);
          if (reply && reply !== 'unreachable' && reply.status === 'stopping') {
            stopped++;
            process.stdout.write(`guard daemon: stopped pid ${reply.pid}\n`);
          }
        }
      }
      if (stopped === 0) process.stdout.write('guard daemon: not running\n');
    });

  daemon
    .command('run', { hidden: true })
    .description('run the daemon in the foreground (what start does in the background)')
    .action(async () => {
      const { runDaemon } = await import('../../daemon/server.js');
      env.setStatus(await runDaemon(bundleDirOf(env.guardBinary), (line) => process.stderr.write(`${line}\n`)));
    });
};
