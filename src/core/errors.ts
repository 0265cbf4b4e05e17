// The exit-code contract and the few error classes guard raises; rendered only in cli/main.ts.

/** sysexits-style statuses of DESIGN.md; the wrapped command's own status otherwise. */
export const EXIT = {
  ok: 0,
  usage: 64, // EX_USAGE
  internal: 70, // EX_SOFTWARE
  refused: 77, // EX_NOPERM
  config: 78, // EX_CONFIG
  notFound: 127,
} as const;

export abstract class GuardError extends Error {
  abstract readonly exitCode: number;
}

export class UsageError extends GuardError {
  readonly exitCode = EXIT.usage;
}

export class ConfigError extends GuardError {
  readonly exitCode = EXIT.config;
  constructor(
    readonly file: string,
    readonly key: string,
    readonly problem: string,
  ) {
    super(`${file}: ${key ? `${key}: ` : ''}${problem}`);
  }
}

export class CommandNotFoundError extends GuardError {
  readonly exitCode = EXIT.notFound;
}
