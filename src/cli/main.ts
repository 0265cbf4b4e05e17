// guard's entry point: parses guard's own options, routes subcommands, renders errors and exit codes.
import type { Command } from 'commander';
import { EXIT, GuardError, UsageError } from '../core/errors.js';
import { runGuarded } from '../core/pipeline.js';
import { createProcessContext } from './context.js';
import { checkGuardOptions, GUARD_OPTIONS, parseFast, parseVia, type MainOptions } from './options.js';
import { readVersion, SUBCOMMANDS, runSubcommand } from './subcommands.js';
import { closest } from './suggest.js';
import { subcommandOverview } from './commands/index.js';

const EXAMPLES = `
Examples:
  guard psql "$DATABASE_URL" -c "DELETE FROM orders WHERE id = 42"
  guard --dry-run psql -h db.prod.internal -c "DROP TABLE orders"
  guard --dry-run --json --offline psql -f migrations/0042_cleanup.sql
  guard --confirm production/orders psql -h db.prod.internal -c "DROP TABLE orders"
  guard dropdb -h db.staging.internal shop
  guard rules psql

guard's options come before the command; everything after the command's name is passed on
unchanged. Use 'guard -- CMD' to run a command whose name is also a guard subcommand.
Exit status: the command's own, or 77 refused, 64 usage, 78 bad configuration, 70 internal
error, 127 command not found. With --dry-run: 0 would run, 77 would be refused.`;


/** Index of the wrapped command's name in argv, and whether `--` came before it. */
export function locateCommand(args: readonly string[]): { index: number; afterDoubleDash: boolean } {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') return { index: i + 1, afterDoubleDash: true };
    if (arg === '--confirm') {
      i++;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') return { index: i, afterDoubleDash: false };
  }
  return { index: args.length, afterDoubleDash: false };
}

async function buildProgram(onRun: (command: string[], options: MainOptions) => Promise<void>): Promise<Command> {
  const { Command } = await import('commander');
  const program = new Command('guard')
    .usage('[options] [--] <command> [args...]')
    .description('Run a command under guard: classify it, resolve its target, show the blast radius, and refuse anything destructive until a typed confirmation names the resolved target.');
  const { Option } = await import('commander');
  for (const option of GUARD_OPTIONS) {
    const spec = new Option(option.value ? `${option.flag} ${option.value}` : option.flag, option.description);
    program.addOption(option.hidden ? spec.hideHelp() : spec);
  }
  return program
    .version(readVersion(), '-V, --version', "print guard's version")
    .helpOption('-h, --help', 'show this help')
    .argument('[command...]', 'the command to run, with its arguments')
    .passThroughOptions()
    .enablePositionalOptions()
    .allowExcessArguments()
    .addHelpText('after', `\n${subcommandOverview()}\n${EXAMPLES}`)
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .exitOverride()
    .action(async (command: string[], options: MainOptions) => onRun(command, options));
}

/** What the daemon client already did before it fell back to the in-process path. */
export interface Handoff {
  /** The hook's payload, already read from stdin. */
  readonly prereadStdin?: Buffer;
}

export async function main(argv: readonly string[], guardBinary: string | null, handoff: Handoff = {}): Promise<number> {
  const args = argv.slice(2);
  const { index, afterDoubleDash } = locateCommand(args);
  const first = args[index];
  if (first !== undefined && !afterDoubleDash && SUBCOMMANDS.has(first)) {
    return runSubcommand(args, guardBinary, handoff.prereadStdin);
  }
  if (args.some((arg, i) => i < index && /^--?(y|yes|force|no-confirm)$/.test(arg))) {
    process.stderr.write('guard: guard has no option to skip its confirmation; type the phrase, or pass --confirm <phrase>.\n');
    return EXIT.usage;
  }

  let status: number = EXIT.ok;
  const run = async (command: string[], options: MainOptions) => {
    if (command.length === 0) throw new UsageError('no command given: guard [options] [--] <command> [args...] (see guard --help)');
    if (options.json && !options.dryRun) throw new UsageError('--json goes with --dry-run');
    const confirmPhrase = options.confirm ?? process.env.GUARD_CONFIRM ?? null;
    const via = parseVia(options.via);
    const ctx = createProcessContext({
      offline: Boolean(options.offline),
      guardBinary,
      ...(options.color === undefined ? {} : { color: options.color }),
      ...(via ? { invokedVia: via } : {}),
    });
    status = await runGuarded(command, { dryRun: Boolean(options.dryRun), json: Boolean(options.json), confirm: confirmPhrase, snapshot: Boolean(options.snapshot) }, ctx);
    if (status === EXIT.notFound && !afterDoubleDash) {
      // `guard sacn`: no such program, and close to a subcommand: a usage error, with the fix.
      const suggestion = closest(command[0] ?? '', [...SUBCOMMANDS].filter((name) => name !== 'help'));
      if (suggestion) {
        process.stderr.write(`guard: ${command[0]} is not a guard subcommand either (did you mean guard ${suggestion}?)\n`);
        status = EXIT.usage;
      }
    }
  };
  try {
    checkGuardOptions(args);
    const fast = parseFast(args);
    if (fast) await run(fast.command, fast.options);
    else await (await buildProgram(run)).parseAsync(args, { from: 'user' });
  } catch (error) {
    return renderError(error);
  }
  return status;
}

export function renderError(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // --help and --version end here with exit code 0; everything else is a usage error.
    return (error as { exitCode?: number }).exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof GuardError) {
    process.stderr.write(`guard: ${error.message}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`guard: internal error; nothing was run.\n${process.env.GUARD_DEBUG ? detail : (error as Error)?.message ?? detail}\n`);
  return EXIT.internal;
}
