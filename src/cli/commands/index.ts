// guard's subcommands, by name: each loads its own module only when it runs, with its help summary and examples.
import type { RegisterCommand } from './types.js';
import { SUBCOMMAND_ALIASES, type SubcommandName } from './names.js';

export { SUBCOMMAND_ALIASES };

export interface SubcommandEntry {
  readonly load: () => Promise<RegisterCommand>;
  /** One line for `guard --help`. */
  readonly summary: string;
  /** Shown after `guard <sub> --help` and by `guard help <sub>`. */
  readonly examples: readonly string[];
}

/** One entry per command, sorted. Aliases live in SUBCOMMAND_ALIASES. */
const ENTRIES = {
  approve: {
    load: async () => (await import('./approve.js')).registerApproveCommand,
    summary: 'approve, once and at your own terminal, a command guard refused to an agent',
    examples: ['guard approve            # the newest pending request', 'guard approve 3f9c2a     # one request by id'],
  },
  completion: {
    load: async () => (await import('./completion.js')).registerCompletionCommand,
    summary: 'print a completion script for bash, zsh or fish',
    examples: ['source <(guard completion bash)', 'guard completion zsh > "${fpath[1]}/_guard"', 'guard completion fish > ~/.config/fish/completions/guard.fish'],
  },
  config: {
    load: async () => (await import('./config.js')).registerConfigCommand,
    summary: "read and change guard's user configuration",
    examples: ['guard config path', 'guard config get environments', 'guard config set environments.staging.protected false'],
  },
  daemon: {
    load: async () => (await import('./daemon.js')).registerDaemonCommand,
    summary: 'the resident guard that answers hooks and dry runs at once: start, stop, status',
    examples: ['guard daemon status', 'guard daemon stop', 'GUARD_DAEMON=0 guard hook claude   # one call without it'],
  },
  doctor: {
    load: async () => (await import('./doctor.js')).registerDoctorCommand,
    summary: "check guard's set-up: config files, hooks, shims on PATH, the audit log (exit 78 on a problem)",
    examples: ['guard doctor', 'guard doctor --json | jq .problems'],
  },
  explain: {
    load: async () => (await import('./catalogue.js')).registerCatalogueCommands,
    summary: 'what a rule matches, why, and how to recover',
    examples: ['guard explain railway/volume-delete', 'guard explain psql/drop-table'],
  },
  hook: {
    load: async () => (await import('./hook.js')).registerHookCommand,
    summary: "answer an AI agent's pre-tool hook, or install guard's hook into an agent",
    examples: ['guard hook install claude', 'guard hook install cursor --project', 'guard hook install claude --uninstall', 'echo "$PAYLOAD" | guard hook claude'],
  },
  log: {
    load: async () => (await import('./log.js')).registerLogCommand,
    summary: 'show the audit log (filters: --tail, --since, --tool, --decision; --json), or verify its hash chain',
    examples: ['guard log', 'guard log --tail 20 --decision deny', 'guard log --since 1h --tool psql --json', 'guard log --verify'],
  },
  rules: {
    load: async () => (await import('./catalogue.js')).registerCatalogueCommands,
    summary: 'list the rules guard applies, for every tool or one',
    examples: ['guard rules', 'guard rules railway'],
  },
  scan: {
    load: async () => (await import('./scan.js')).registerScanCommand,
    summary: 'find destructive commands in scripts, Makefiles, package.json, CI workflows and SQL migrations',
    examples: ['guard scan .', 'guard scan --sarif . > guard.sarif', 'git diff --name-only main | xargs guard scan --github'],
  },
  shell: {
    load: async () => (await import('./shell.js')).registerShellCommand,
    summary: 'print shell functions that put guard in front of every guarded program',
    examples: ['eval "$(guard shell init bash)"   # in ~/.bashrc', 'guard shell init fish | source   # in config.fish'],
  },
  shims: {
    load: async () => (await import('./shims.js')).registerShimsCommand,
    summary: 'PATH shims for guarded programs, for agents and scripts (non-interactive shells)',
    examples: ['guard shims install ~/.local/share/guard/shims', 'export PATH="$HOME/.local/share/guard/shims:$PATH"', 'guard shims uninstall ~/.local/share/guard/shims'],
  },
  snapshots: {
    load: async () => (await import('./snapshots.js')).registerSnapshotsCommand,
    summary: 'list, check, restore and prune the snapshots taken before destructive runs (guard --snapshot)',
    examples: ['guard --snapshot psql -h db.internal -c "DROP TABLE orders"', 'guard snapshots list --json', 'guard snapshots show 20261202-004512-3f9c2a', 'guard snapshots restore 20261202-004512-3f9c2a', 'guard snapshots prune --dry-run'],
  },
} satisfies Record<SubcommandName, SubcommandEntry>;
export const SUBCOMMAND_ENTRIES: Readonly<Record<string, SubcommandEntry>> = ENTRIES;

/** Other names people type for a subcommand. */
export const SUBCOMMAND_MODULES: Readonly<Record<string, () => Promise<RegisterCommand>>> = Object.fromEntries(
  Object.entries(SUBCOMMAND_ENTRIES).map(([name, entry]) => [name, entry.load]),
);

/** The "Commands:" section of `guard --help`, without loading any command module. */
export function subcommandOverview(): string {
  const names = Object.keys(SUBCOMMAND_ENTRIES);
  const width = Math.max(...names.map((name) => name.length), 'help'.length) + 2;
  const rows = names.map((name) => `  ${name.padEnd(width)}${SUBCOMMAND_ENTRIES[name]?.summary ?? ''}`);
  rows.push(`  ${'help'.padEnd(width)}help for one subcommand: guard help <subcommand>`);
  return `Commands:\n${rows.join('\n')}`;
}
