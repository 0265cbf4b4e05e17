// The commander program for guard's subcommands: one module per command under commands/.
import { Command } from 'commander';
import type { CommandEnvironment, RegisterCommand } from './commands/types.js';
import { SUBCOMMAND_MODULES } from './commands/index.js';

export async function buildSubcommandProgram(name: string, env: CommandEnvironment): Promise<Command> {
  const program = new Command('guard').exitOverride().configureOutput({ writeErr: (t) => process.stderr.write(t) });
  // Only the asked-for command's module is loaded: `guard hook` answers agents on every call.
  const load = SUBCOMMAND_MODULES[name];
  if (load) {
    const register: RegisterCommand = await load();
    register(program, env);
  }
  return program;
}
