// guard's own subcommands; each is loaded only when it is asked for.
import { readFileSync } from 'node:fs';
import { EXIT } from '../core/errors.js';
import { isAgentName, type AgentName } from '../hooks/model.js';

import { SUBCOMMAND_ALIASES, SUBCOMMAND_MODULES } from './commands/index.js';
import { SUBCOMMAND_WORDS } from './commands/names.js';

/** Every name that routes to a subcommand: the commands, their aliases and `help`. */
export const SUBCOMMANDS = SUBCOMMAND_WORDS;

/** guard's own package: its root directory and version, found upward from this file (bundled or not). */
export function findPackage(): { root: URL; version: string } | null {
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'guard' && pkg.version) return { root: dir, version: pkg.version };
    } catch {
      // not here; look one level up
    }
    dir = new URL('..', dir);
  }
  return null;
}

export function readVersion(): string {
  return findPackage()?.version ?? '0.0.0';
}

/**
 * `guard help` is `guard --help`, `guard help X` is `guard X --help`, and an alias is its command.
 * Returns the arguments to parse, or null for guard's own help.
 */
function canonicalArgs(args: readonly string[]): string[] | null {
  const index = args.findIndex((arg) => !arg.startsWith('-'));
  const name = args[index] ?? '';
  if (name === 'help') {
    const topic = args[index + 1];
    if (topic === undefined) return null;
    return [SUBCOMMAND_ALIASES[topic] ?? topic, '--help'];
  }
  const alias = SUBCOMMAND_ALIASES[name];
  return alias ? [...args.slice(0, index), alias, ...args.slice(index + 1)] : [...args];
}

/** `hook <agent>` or `hook <agent> --live` and nothing else; anything more goes through the full parser. */
function plainHookCall(args: readonly string[]): { agent: AgentName; live: boolean } | null {
  const [name, agent, option, ...rest] = args;
  if (name !== 'hook' || agent === undefined || !isAgentName(agent) || rest.length > 0) return null;
  if (option !== undefined && option !== '--live') return null;
  return { agent, live: option === '--live' };
}

export async function runSubcommand(argv: readonly string[], guardBinary: string | null, prereadStdin?: Buffer): Promise<number> {
  const args = canonicalArgs(argv);
  if (args === null) {
    const { main } = await import('./main.js');
    return main(['node', 'guard', '--help'], guardBinary);
  }
  // What every agent's hook runs on every tool call, in exactly the form `guard hook install` writes
  // it: answered without building the command-line parser (commander loads child_process too).
  const hookCall = plainHookCall(args);
  if (hookCall) return (await import('./commands/hook.js')).answer(hookCall.agent, { live: hookCall.live }, guardBinary, prereadStdin);
  const { buildSubcommandProgram } = await import('./subcommand-program.js');
  const { renderError } = await import('./main.js');
  let status: number = EXIT.ok;
  const name = args.find((arg) => !arg.startsWith('-')) ?? '';
  if (!(name in SUBCOMMAND_MODULES)) {
    const { closest } = await import('./suggest.js');
    const suggestion = closest(name, Object.keys(SUBCOMMAND_MODULES));
    process.stderr.write(`guard: no subcommand ${name}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; guard --help lists them\n`);
    return EXIT.usage;
  }
  const program = await buildSubcommandProgram(name, {
    setStatus: (code) => {
      status = code;
    },
    guardBinary,
    ...(prereadStdin ? { prereadStdin } : {}),
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    return renderError(error);
  }
  return status;
}
