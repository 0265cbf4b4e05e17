// `guard shell init bash|zsh|fish`: prints shell functions that run catalogued programs under guard.
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { isShellName, renderShellInit, SHELLS } from '../../shims/shell-init.js';
import { WRAPPED_PROGRAMS } from '../../tools/registry.js';
import type { RegisterCommand } from './types.js';

/** The guard to call back by absolute path: a relative one would break after `cd`. */
export function requireGuardBinary(guardBinary: string | null): string {
  if (guardBinary === null) throw new UsageError('cannot tell where this guard is installed; run it as bin/guard');
  return resolve(guardBinary);
}

export const registerShellCommand: RegisterCommand = (program, env) => {
  const shell = program.command('shell').description('shell integration');
  shell
    .command('init <shell>')
    .description(`print functions for every guarded program, for eval in an rc file (${SHELLS.join(', ')})`)
    .addHelpText('after', '\nExamples:\n  eval "$(guard shell init bash)"     # in ~/.bashrc\n  eval "$(guard shell init zsh)"      # in ~/.zshrc\n  guard shell init fish | source      # in ~/.config/fish/config.fish\nFunctions exist only in interactive shells; for scripts and agents use guard shims install.')
    .action((name: string) => {
      if (!isShellName(name)) throw new UsageError(`unknown shell '${name}': guard shell init ${SHELLS.join('|')}`);
      process.stdout.write(renderShellInit(name, WRAPPED_PROGRAMS, requireGuardBinary(env.guardBinary)));
    });
};
