// `guard shims install|uninstall DIR`: PATH shims, which also reach non-interactive shells and agents.
import { delimiter, resolve } from 'node:path';
import { installShims, uninstallShims, type ShimChange } from '../../shims/install.js';
import { WRAPPED_PROGRAMS } from '../../tools/registry.js';
import { requireGuardBinary } from './shell.js';
import type { RegisterCommand } from './types.js';

function report(changes: readonly ShimChange[]): void {
  for (const change of changes) {
    if (change.outcome === 'skipped') process.stderr.write(`guard: skipped ${change.program}: ${change.why}\n`);
    else process.stdout.write(`${change.outcome.padEnd(10)}${change.path}\n`);
  }
}

export const registerShimsCommand: RegisterCommand = (program, env) => {
  const shims = program.command('shims').description('PATH shims for every guarded program');
  shims
    .command('install <dir>')
    .description('write one executable per guarded program into DIR (put DIR first on PATH)')
    .action((dir: string) => {
      const target = resolve(dir);
      const changes = installShims(target, WRAPPED_PROGRAMS, requireGuardBinary(env.guardBinary));
      report(changes);
      const skipped = changes.filter((change) => change.outcome === 'skipped').length;
      const path = (process.env.PATH ?? '').split(delimiter);
      if (path[0] !== target) process.stderr.write(`guard: put the shims first on PATH: export PATH=${target}${delimiter}$PATH\n`);
      if (skipped > 0) process.stderr.write(`guard: ${skipped} program(s) are not guarded through ${target}: see above\n`);
    });
  shims
    .command('uninstall <dir>')
    .description('remove the guard shims from DIR (and nothing else)')
    .action((dir: string) => {
      const changes = uninstallShims(resolve(dir));
      report(changes);
      if (changes.length === 0) process.stdout.write(`no guard shims in ${resolve(dir)}\n`);
    });
};
