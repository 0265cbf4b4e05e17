// `guard hook install <agent>`: merge guard's hook into the agent's own config file, idempotently, and take it out again.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, UsageError } from '../core/errors.js';
import { AGENT_CONFIGS, entryCommands, guardEntries, hookCommand, isGuardCommand, versionOf, type Scope } from './agents.js';
import type { AgentName } from './model.js';
import { nodeCrypto } from '../core/node-crypto.js';

type Json = Record<string, unknown>;

export interface InstallOptions {
  readonly agent: AgentName;
  readonly scope: Scope;
  /** Project root (the cwd) and home directory. */
  readonly projectDir: string;
  readonly home: string;
  /** Absolute path of the guard binary the hook calls; null for the portable command (project files). */
  readonly guardBinary: string | null;
  readonly uninstall: boolean;
  /** The hook looks destructive requests up live (`guard hook <agent> --live`). */
  readonly live?: boolean;
  /**
   * Where install keeps each file's bytes from before it (the guard directory's hook-backups), so
   * that uninstall can put back exactly those bytes when nobody has changed the file since.
   */
  readonly backupDir?: string;
}

interface Backup {
  readonly file: string;
  /** The file's bytes before guard touched it; null when guard created it. */
  readonly original: string | null;
  /** What guard wrote. */
  readonly written: string;
}

function backupPath(dir: string, file: string): string {
  return join(dir, `${nodeCrypto().createHash('sha256').update(file).digest('hex').slice(0, 24)}.json`);
}

function readBackup(dir: string | undefined, file: string): Backup | null {
  if (!dir) return null;
  try {
    const backup = JSON.parse(readFileSync(backupPath(dir, file), 'utf8')) as Backup;
    return backup.file === file && typeof backup.written === 'string' ? backup : null;
  } catch {
    return null;
  }
}

function saveBackup(dir: string | undefined, backup: Backup): void {
  if (!dir) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(backupPath(dir, backup.file), JSON.stringify(backup), { mode: 0o600 });
}

function dropBackup(dir: string | undefined, file: string): void {
  if (dir) rmSync(backupPath(dir, file), { force: true });
}

export interface InstallResult {
  readonly file: string;
  readonly changed: boolean;
  /** What happened, for the user: installed, already installed, removed, not installed. */
  readonly summary: string;
}

export function configFile(agent: AgentName, scope: Scope, projectDir: string, home: string): string | null {
  const relative = AGENT_CONFIGS[agent].files[scope];
  return relative === null ? null : join(scope === 'project' ? projectDir : home, relative);
}

/** The file's own indentation, so untouched parts come back byte for byte. */
function indentOf(text: string): string | number {
  for (const line of text.split('\n')) {
    const lead = line.length - line.trimStart().length;
    if (lead > 0 && line.trim().length > 0) return line.slice(0, lead);
  }
  return 2;
}

function readConfig(file: string): { json: Json; text: string | null } {
  if (!existsSync(file)) return { json: {}, text: null };
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') return { json: {}, text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Never rewrite a file guard cannot read: the user's other settings live there.
    throw new ConfigError(file, '', `is not valid JSON (${(error as Error).message}); fix it, then run this again`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(file, '', 'is not a JSON object');
  return { json: parsed as Json, text };
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const mode = existsSync(file) ? statSync(file).mode & 0o777 : 0o644;
  const temp = `${file}.guard-${process.pid}.tmp`;
  writeFileSync(temp, text, { mode });
  renameSync(temp, file);
}

function hooksObject(config: Json, file: string): Json {
  const hooks = config.hooks;
  if (hooks === undefined) return {};
  if (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks)) throw new ConfigError(file, 'hooks', 'is not an object; guard will not rewrite it');
  return hooks as Json;
}

function eventList(hooks: Json, event: string, file: string): unknown[] {
  const list = hooks[event];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ConfigError(file, `hooks.${event}`, 'is not a list; guard will not rewrite it');
  return list;
}

/** Removes guard's commands from one event's list; entries that held only guard's hook go too. */
function withoutGuard(list: unknown[], agent: AgentName): unknown[] {
  const out: unknown[] = [];
  for (const entry of list) {
    const commands = entryCommands(entry);
    if (commands.length === 0 || !commands.some((c) => isGuardCommand(c, agent))) {
      out.push(entry);
      continue;
    }
    const value = entry as Json;
    if (Array.isArray(value.hooks)) {
      const kept = value.hooks.filter((h) => !(h && typeof h === 'object' && isGuardCommand((h as Json).command, agent)));
      if (kept.length > 0) out.push({ ...value, hooks: kept });
    }
  }
  return out;
}

function serialise(config: Json, original: string | null): string {
  const indent = original === null ? 2 : indentOf(original);
  const trailing = original === null || original.endsWith('\n') ? '\n' : '';
  return `${JSON.stringify(config, null, indent)}${trailing}`;
}

export function installHook(options: InstallOptions): InstallResult {
  const { agent, scope, uninstall } = options;
  const file = configFile(agent, scope, options.projectDir, options.home);
  if (file === null) throw new UsageError(`${AGENT_CONFIGS[agent].display} has no ${scope}-level hook file; use --project`);
  const { json, text } = readConfig(file);
  const backup = readBackup(options.backupDir, file);
  if (uninstall && backup && text === backup.written) {
    // Nobody changed the file since guard wrote it: put back exactly what was there.
    if (backup.original === null) rmSync(file, { force: true });
    else writeAtomic(file, backup.original);
    dropBackup(options.backupDir, file);
    const summary = backup.original === null ? `removed guard's hook; ${file} was created by guard and was deleted` : `removed guard's hook from ${file} (restored as it was)`;
    return { file, changed: true, summary };
  }
  const hooks = hooksObject(json, file);
  const command = hookCommand(options.guardBinary, agent, Boolean(options.live));
  const entries = guardEntries(agent, command);

  const nextHooks: Json = { ...hooks };
  for (const { event, entry } of entries) {
    const kept = withoutGuard(eventList(hooks, event, file), agent);
    const list = uninstall ? kept : [...kept, entry];
    if (list.length > 0) nextHooks[event] = list;
    else delete nextHooks[event];
  }

  const version = versionOf(agent);
  // The version key leads the file, as in the agents' own examples.
  const next: Json = !uninstall && version !== null && json.version === undefined ? { version, ...json } : { ...json };
  if (Object.keys(nextHooks).length > 0) next.hooks = nextHooks;
  else delete next.hooks;

  if (JSON.stringify(json) === JSON.stringify(next)) {
    const summary = uninstall ? `guard's hook is not installed in ${file}` : `guard's hook is already installed in ${file}`;
    return { file, changed: false, summary: text === null && uninstall ? `${file} does not exist; nothing to remove` : summary };
  }
  const leftover = Object.keys(next).filter((key) => !(key === 'version' && next.version === version));
  if (uninstall && leftover.length === 0) {
    // Only guard's entry was in it (install created it): remove the file rather than leave a husk.
    rmSync(file, { force: true });
    dropBackup(options.backupDir, file);
    return { file, changed: true, summary: `removed guard's hook; ${file} held nothing else and was deleted` };
  }
  const before = text ?? '';
  const after = serialise(next, text);
  if (after !== before) writeAtomic(file, after);
  if (uninstall) dropBackup(options.backupDir, file);
  else saveBackup(options.backupDir, { file, original: backup?.original !== undefined && backup.written === text ? backup.original : text, written: after });
  return { file, changed: true, summary: uninstall ? `removed guard's hook from ${file}` : `installed guard's hook in ${file}` };
}

/** For `guard doctor`: is guard's hook in this file, and does it call an existing binary? */
export function inspectHook(agent: AgentName, file: string): { installed: boolean; problem: string | null } {
  let json: Json;
  try {
    json = readConfig(file).json;
  } catch (error) {
    return { installed: false, problem: (error as Error).message };
  }
  const hooks = json.hooks;
  if (!hooks || typeof hooks !== 'object') return { installed: false, problem: null };
  const commands = Object.values(hooks as Json).flatMap((list) => (Array.isArray(list) ? list.flatMap(entryCommands) : []));
  const ours = commands.filter((c): c is string => isGuardCommand(c, agent));
  if (ours.length === 0) return { installed: false, problem: null };
  const binary = ours[0]?.match(/^'((?:[^']|'\\'')*)'/)?.[1]?.replace(/'\\''/g, "'");
  return { installed: true, problem: binary && !existsSync(binary) ? `it calls ${binary}, which does not exist` : null };
}
