// guard's own options, written once: the fast path parses them by hand, commander renders help and errors.
import { UsageError } from '../core/errors.js';
import { didYouMean } from './suggest.js';

export interface MainOptions {
  dryRun?: boolean;
  json?: boolean;
  offline?: boolean;
  confirm?: string;
  /** Take a verified snapshot of what the command destroys before running it. */
  snapshot?: boolean;
  /** commander's negatable --color/--no-color: true, false, or absent (auto). */
  color?: boolean;
  /** Set by the shims and shell functions guard writes, so messages say how to confirm there. */
  via?: string;
}

interface OptionSpec {
  readonly flag: string;
  readonly key: keyof MainOptions;
  readonly value?: string; // placeholder of the value, for options that take one
  /** The value a flag without a value sets (default true). */
  readonly sets?: boolean;
  readonly description: string;
  /** Internal: not shown in help (the shims' and shell functions' own marker). */
  readonly hidden?: boolean;
}

export const GUARD_OPTIONS: readonly OptionSpec[] = [
  { flag: '--dry-run', key: 'dryRun', description: 'analyse and report, never execute; the exit status tells the decision' },
  { flag: '--json', key: 'json', description: 'with --dry-run: print one JSON report on stdout' },
  { flag: '--offline', key: 'offline', description: 'no network and no subprocess look-ups: classify from argv, files and environment only' },
  { flag: '--confirm', key: 'confirm', value: '<phrase>', description: 'the typed confirmation for non-interactive runs (also GUARD_CONFIRM)' },
  { flag: '--snapshot', key: 'snapshot', description: 'take a verified snapshot of what the command destroys before running it, or refuse (guard snapshots)' },
  { flag: '--color', key: 'color', description: 'colour the report even when stderr is not a terminal' },
  { flag: '--no-color', key: 'color', sets: false, description: 'never colour the report (also NO_COLOR)' },
  { flag: '--via', key: 'via', value: '<shim|function>', hidden: true, description: 'how guard was reached (written by guard shims and guard shell init)' },
];

/** How guard was reached, for messages: through a shim or a shell function it wrote. */
export type InvokedVia = 'shim' | 'function';

export function parseVia(value: string | undefined): InvokedVia | undefined {
  return value === 'shim' || value === 'function' ? value : undefined;
}

/** Options commander handles itself (help and version): allowed only before the command. */
const INFORMATIONAL = ['-h', '--help', '-V', '--version'];

const KNOWN_FLAGS = [...GUARD_OPTIONS.map((option) => option.flag), ...INFORMATIONAL];

/**
 * Refuses any option before the wrapped command that guard does not have, with a suggestion:
 * a mistyped `--dryrun` must never fall through to something that exits 0 (in CI, 0 means
 * "would run"). Everything from the command's name on is the command's own.
 */
export function checkGuardOptions(args: readonly string[]): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--' || !arg.startsWith('-') || arg === '-') return;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = GUARD_OPTIONS.find((option) => option.flag === name);
    if (spec?.value && eq < 0) i++;
    if (spec || INFORMATIONAL.includes(arg)) continue;
    throw new UsageError(`unknown option ${name}${didYouMean(name, KNOWN_FLAGS)}; guard's options go before the command (see guard --help)`);
  }
}

/**
 * The common case without loading commander (~8 ms): known options, then the command.
 * Returns null for anything else (help, version, malformed options, no command), which
 * commander then handles with its own messages.
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
      (options as Record<string, unknown>)[spec.key] = spec.sets ?? true;
    }
  }
  return null;
}
