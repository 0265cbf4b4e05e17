// `guard hook`: not built yet; it says so and fails as a usage error instead of guessing.
import { UsageError } from '../../core/errors.js';
import type { RegisterCommand } from './types.js';

export const registerHookCommand: RegisterCommand = (program) => {
  program
    .command('hook')
    .allowUnknownOption()
    .allowExcessArguments()
    .description('(not available yet)')
    .action(() => {
      throw new UsageError("'guard hook' is not available in this version");
    });
};
