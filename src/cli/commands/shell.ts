// `guard shell`: not built yet; it says so and fails as a usage error instead of guessing.
import { UsageError } from '../../core/errors.js';
import type { RegisterCommand } from './types.js';

export const registerShellCommand: RegisterCommand = (program) => {
  program
    .command('shell')
    .allowUnknownOption()
    .allowExcessArguments()
    .description('(not available yet)')
    .action(() => {
      throw new UsageError("'guard shell' is not available in this version");
    });
};
