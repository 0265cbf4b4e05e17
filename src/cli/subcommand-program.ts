// The commander program for guard's subcommands: one module per command under commands/.
import { Command } from 'commander';
import type { CommandEnvironment, RegisterCommand } from './commands/types.js';
import { SUBCOMMAND_ENTRIES } from './commands/index.js';

export async function buildSubcommandProgram(name: string, env: CommandEnvironment): Promise<Command> {
  const program = new Command('guard').exitOverride().configureOutput({ writeErr: (t) => process.stderr.write(t) });
  // Only the asked-for command's module is loaded: `guard hook` answers agents on every call.
  const entry = SUBCOMMAND_ENTRIES[name];
  if (entry) {
    const register: RegisterCommand = await entry.load();
    register(program, env);
    const command = program.commands.find((candidate) => candidate.name() === name);
    if (command && entry.examples.length > 0) command.addHelpText('after', `\nExamples:\n${entry.examples.map((line) => `  ${line}`).join('\n')}`);
  }
  return program;
}
