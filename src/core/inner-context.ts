// The context a command run elsewhere (a container, a pod, a remote host) is assessed in: none of this machine's.
import type { Context } from './context.js';

/**
 * A remote command sees none of this machine's variables, files or servers: guard must not
 * resolve `PGHOST` from here, read a local `-f file.sql` of the same name, or measure a local
 * database for a psql that runs in a pod. What it is known to get there (`env`) is kept.
 */
export function remoteContext(ctx: Context, where: string, env: Readonly<Record<string, string>> = {}): Context {
  return Object.create(ctx, {
    offline: { value: true },
    env: { value: { PATH: ctx.env.PATH ?? '', ...env } },
    home: { value: '/nonexistent-remote-home' },
    readFile: { value: (path: string) => Promise.reject(new Error(`${path} is a file in ${where}`)) },
    fileExists: { value: () => false },
  }) as Context;
}
