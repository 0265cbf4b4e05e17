// guard's own subcommands; each is loaded only when it is asked for.
import { readFileSync } from 'node:fs';
import { EXIT } from '../core/errors.js';

import { SUBCOMMAND_MODULES } from './commands/index.js';

export const SUBCOMMANDS = new Set(Object.keys(SUBCOMMAND_MODULES));

/** guard's version from its package.json, found upward from this file (bundled or not). */
export function readVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'guard' && pkg.version) return pkg.version;
    } catch {
      // not here; look one level up
    }
    dir = new URL('..', dir);
  }
  return '0.0.0';
}

export async function runSubcommand(args: readonly string[], guardBinary: string | null): Promise<number> {
  const { buildSubcommandProgram } = await import('./subcommand-program.js');
  const { renderError } = await import('./main.js');
  let status: number = EXIT.ok;
  const program = await buildSubcommandProgram(args.find((arg) => !arg.startsWith('-')) ?? '', {
    setStatus: (code) => {
      status = code;
    },
    guardBinary,
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    return renderError(error);
  }
  return status;
}
