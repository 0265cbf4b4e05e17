// Bounded subprocess look-ups (kubectl get, terraform show -json): never with --offline, never unbounded.
import type { SubprocessRunner } from './context.js';

export function processSubprocessRunner(): SubprocessRunner {
  return {
    async run(file, args, options) {
      const { spawn } = await import('node:child_process');
      return new Promise((resolve) => {
        const limit = options.maxOutputBytes ?? 16 * 1024 * 1024;
        const child = spawn(file, [...args], {
          cwd: options.cwd,
          env: options.env ? { ...options.env } : process.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let size = 0;
        let timedOut = false;
        let truncated = false;
        const collect = (into: Buffer[]) => (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            truncated = true;
            child.kill('SIGKILL');
            return;
          }
          into.push(chunk);
        };
        child.stdout.on('data', collect(out));
        child.stderr.on('data', collect(err));
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs);
        const finish = (status: number | null, signal: string | null, error?: string) => {
          clearTimeout(timer);
          resolve({
            status,
            signal,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: error ?? Buffer.concat(err).toString('utf8'),
            timedOut,
            truncated,
          });
        };
        child.on('error', (error) => finish(null, null, error.message));
        child.on('close', (code, signal) => finish(code, signal));
      });
    },
  };
}
