// `guard approve`: not built yet; it says so and fails as a usage error instead of guessing.
import { UsageError } from '../../core/errors.js';
import type { RegisterCommand } from './types.js';

export const registerApproveCommand: RegisterCommand = (program) => {
  program
    .command('approve')
    .allowUnknownOption()
    .allowExcessArguments()
    .description('(not available yet)')
    .action(() => {
      throw new UsageError("'guard approve' is not available in this version");
    });
};
