// `guard completion bash|zsh|fish`: prints a completion script built from guard's own catalogue.
import { UsageError } from '../../core/errors.js';
import { AGENTS } from '../../hooks/model.js';
import { renderCompletion } from '../../shims/completion.js';
import { isShellName, SHELLS } from '../../shims/shell-init.js';
import { loadAllTools, PROGRAMS } from '../../tools/registry.js';
import { GUARD_OPTIONS } from '../options.js';
import { SUBCOMMAND_ALIASES, SUBCOMMAND_ENTRIES } from './index.js';
import type { RegisterCommand } from './types.js';

export const registerCompletionCommand: RegisterCommand = (program) => {
  program
    .command('completion <shell>')
    .description(`print a completion script (${SHELLS.join(', ')})`)
    .action(async (shell: string) => {
      if (!isShellName(shell)) throw new UsageError(`unknown shell '${shell}': guard completion ${SHELLS.join('|')}`);
      const ruleIds = (await loadAllTools()).flatMap((tool) => Object.values(tool.rules).map((rule) => rule.id)).sort();
      const script = renderCompletion(shell, {
        subcommands: [...Object.keys(SUBCOMMAND_ENTRIES), ...Object.keys(SUBCOMMAND_ALIASES), 'help'].sort(),
        options: [...GUARD_OPTIONS.map((option) => option.flag), '--help', '--version'],
        agents: AGENTS,
        shells: SHELLS,
        ruleIds,
        programs: PROGRAMS,
      });
      process.stdout.write(script);
    });
};
