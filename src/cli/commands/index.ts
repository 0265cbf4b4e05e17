// guard's subcommands, by name: each loads its own module only when it runs. One line per command.
import type { RegisterCommand } from './types.js';

export const SUBCOMMAND_MODULES: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  approve: async () => (await import('./approve.js')).registerApproveCommand,
  config: async () => (await import('./config.js')).registerConfigCommand,
  doctor: async () => (await import('./doctor.js')).registerDoctorCommand,
  explain: async () => (await import('./catalogue.js')).registerCatalogueCommands,
  hook: async () => (await import('./hook.js')).registerHookCommand,
  log: async () => (await import('./log.js')).registerLogCommand,
  rules: async () => (await import('./catalogue.js')).registerCatalogueCommands,
  scan: async () => (await import('./scan.js')).registerScanCommand,
  shell: async () => (await import('./shell.js')).registerShellCommand,
  shims: async () => (await import('./shims.js')).registerShimsCommand,
};
