// The names of guard's subcommands and aliases, without their modules: the start-up path reads them before loading the CLI.

/** One per subcommand, sorted; src/cli/commands/index.ts must have an entry for each (the compiler checks). */
export const SUBCOMMAND_NAMES = ['approve', 'completion', 'config', 'daemon', 'doctor', 'explain', 'hook', 'log', 'rules', 'scan', 'shell', 'shims', 'snapshots'] as const;

export type SubcommandName = (typeof SUBCOMMAND_NAMES)[number];

/** Other spellings of a subcommand. */
export const SUBCOMMAND_ALIASES: Readonly<Record<string, SubcommandName>> = { hooks: 'hook' };

/** Every word that routes to a subcommand: the commands, their aliases and `help`. */
export const SUBCOMMAND_WORDS: ReadonlySet<string> = new Set<string>([...SUBCOMMAND_NAMES, ...Object.keys(SUBCOMMAND_ALIASES), 'help']);
