// `guard doctor`: not built yet; it says so and fails as a usage error instead of guessing.
import { UsageError } from '../../core/errors.js';
import type { RegisterCommand } from './types.js';

export const registerDoctorCommand: RegisterCommand = (program) => {
  program
    .command('doctor')
    .allowUnknownOption()
    .allowExcessArguments()
    .description('(not available yet)')
    .action(() => {
      throw new UsageError("'guard doctor' is not available in this version");
    });
};
