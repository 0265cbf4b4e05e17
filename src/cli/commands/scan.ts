// `guard scan`: not built yet; it says so and fails as a usage error instead of guessing.
import { UsageError } from '../../core/errors.js';
import type { RegisterCommand } from './types.js';

export const registerScanCommand: RegisterCommand = (program) => {
  program
    .command('scan')
    .allowUnknownOption()
    .allowExcessArguments()
    .description('(not available yet)')
    .action(() => {
      throw new UsageError("'guard scan' is not available in this version");
    });
};
