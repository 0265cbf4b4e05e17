// guard's own options, written once: the fast path parses them by hand, commander renders help and errors.

export interface MainOptions {
  dryRun?: boolean;
  json?: boolean;
  offline?: boolean;
  confirm?: string;
}

interface OptionSpec {
  readonly flag: string;
  readonly key: keyof MainOptions;
  readonly value?: string; // placeholder of the value, for options that take one
  readonly description: string;
}

export const GUARD_OPTIONS: readonly OptionSpec[] = [
  { flag: '--dry-run', key: 'dryRun', description: 'analyse and report, never execute; the exit status tells the decision' },
  { flag: '--json', key: 'json', description: 'with --dry-run: print one JSON report on stdout' },
  { flag: '--offline', key: 'offline', description: 'no network and no subprocess look-ups: classify from argv, files and environment only' },
  { flag: '--confirm', key: 'confirm', value: '<phrase>', description: 'the typed confirmation for non-interactive runs (also GUARD_CONFIRM)' },
];

/**
 * The common case without loading commander (~8 ms): known options, then the command.
 * Returns null for anything else (help, version, unknown or malformed options, no command),
 * which commander then handles with its own messages.
 */
export function parseFast(args: readonly string[]): { options: MainOptions; command: string[] } | null {
  const options: MainOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') return i + 1 < args.length ? { options, command: args.slice(i + 1) } : null;
    if (!arg.startsWith('-') || arg === '-') return { options, command: args.slice(i) };
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = GUARD_OPTIONS.find((option) => option.flag === name);
    if (!spec) return null;
    if (spec.value) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return null;
      (options as Record<string, unknown>)[spec.key] = value;
    } else {
      if (eq > 0) return null;
      (options as Record<string, unknown>)[spec.key] = true;
    }
  }
  return null;
}
