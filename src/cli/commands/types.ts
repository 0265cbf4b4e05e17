// What every guard subcommand module receives: the commander program and a way to set the exit status.
import type { Command } from 'commander';

export interface CommandEnvironment {
  /** The exit status guard ends with (default 0). */
  setStatus(code: number): void;
  /** Path of the running bin/guard (for shims, hooks and shell functions to call back). */
  readonly guardBinary: string | null;
  /** stdin already read by the daemon client before it fell back to assessing in-process (the hook's payload). */
  readonly prereadStdin?: Buffer;
}

/** A subcommand module: registers its commands on the program. Actions may be async. */
export type RegisterCommand = (program: Command, env: CommandEnvironment) => void;
