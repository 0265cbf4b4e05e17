// `guard shims install|refresh|uninstall DIR`: PATH shims, which also reach non-interactive shells and agents.
import { delimiter, resolve } from 'node:path';
import { findExecutable } from '../../core/exec.js';
import { installShims, listShims, programsToShim, removeStaleShims, uninstallShims, OPT_IN_PROGRAMS, type ShimChange } from '../../shims/install.js';
import { WRAPPED_PROGRAMS as PROGRAMS } from '../../tools/registry.js';
import { requireGuardBinary } from './shell.js';
import type { RegisterCommand } from './types.js';

function report(changes: readonly ShimChange[]): void {
  for (const change of changes) {
    if (change.outcome === 'skipped') process.stderr.write(`guard: skipped ${change.program}: ${change.why}\n`);
    else process.stdout.write(`${change.outcome.padEnd(10)}${change.path}\n`);
  }
}

/** Installed means: on PATH somewhere other than the shims directory, and not a shim itself. */
function installedOutside(target: string, guardBinary: string): (program: string) => boolean {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && resolve(dir) !== target)
    .join(delimiter);
  const env = { ...process.env, PATH: path };
  return (program) => findExecutable(program, env, process.cwd(), guardBinary) !== null;
}

function writeShims(dir: string, options: { withHttp?: boolean }, guardBinary: string, refresh: boolean): void {
  const target = resolve(dir);
  if (target !== dir) process.stdout.write(`shims directory: ${target}\n`);
  const installed = installedOutside(target, guardBinary);
  const chosen = programsToShim({ catalogue: PROGRAMS, installed, includeOptIn: Boolean(options.withHttp), alreadyShimmed: listShims(target) });
  const changes = [...(refresh ? removeStaleShims(target, chosen) : []), ...installShims(target, chosen, guardBinary)];
  report(changes);
  const missing = PROGRAMS.filter((program) => !installed(program));
  if (missing.length > 0) process.stderr.write(`guard: not installed, so not shimmed: ${missing.join(', ')} ('guard shims refresh ${target}' after installing them)\n`);
  const optedOut = OPT_IN_PROGRAMS.filter((program) => installed(program) && !chosen.includes(program));
  if (optedOut.length > 0) process.stderr.write(`guard: ${optedOut.join(', ')} not shimmed (opt in with --with-http)\n`);
  const path = (process.env.PATH ?? '').split(delimiter);
  if (path[0] === undefined || resolve(path[0]) !== target) process.stderr.write(`guard: put the shims first on PATH: export PATH=${target}${delimiter}$PATH\n`);
  const skipped = changes.filter((change) => change.outcome === 'skipped').length;
  if (skipped > 0) process.stderr.write(`guard: ${skipped} ${skipped === 1 ? 'program is' : 'programs are'} not guarded through ${target}: see above\n`);
}

export const registerShimsCommand: RegisterCommand = (program, env) => {
  const shims = program.command('shims').description('PATH shims for the guarded programs installed here');
  shims
    .command('install <dir>')
    .description('write one executable per installed guarded program into DIR (put DIR first on PATH)')
    .option('--with-http', `also shim ${OPT_IN_PROGRAMS.join(', ')} (guard reads their requests to provider APIs)`)
    .action((dir: string, options: { withHttp?: boolean }) => writeShims(dir, options, requireGuardBinary(env.guardBinary), false));
  shims
    .command('refresh <dir>')
    .description('add shims for programs installed since, and remove those whose program is gone')
    .option('--with-http', `also shim ${OPT_IN_PROGRAMS.join(', ')}`)
    .action((dir: string, options: { withHttp?: boolean }) => writeShims(dir, options, requireGuardBinary(env.guardBinary), true));
  shims
    .command('uninstall <dir>')
    .description('remove the guard shims from DIR (and nothing else)')
    .action((dir: string) => {
      const changes = uninstallShims(resolve(dir));
      report(changes);
      if (changes.length === 0) process.stdout.write(`no guard shims in ${resolve(dir)}\n`);
    });
};
