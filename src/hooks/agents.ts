// Where each agent keeps its hook configuration, and the entry guard adds to it.
import { join } from 'node:path';
import type { AgentName } from './model.js';

export type Scope = 'project' | 'user';

/** The agent's own timeout is longer than guard's 2 s budget, so guard always answers first. */
const AGENT_TIMEOUT_SECONDS = 30;

/**
 * The command the agent runs. Should guard itself fail to start (moved, broken install), the
 * shell turns that into exit 2 with a reason on stderr, which Claude Code, Codex and Gemini CLI
 * treat as "blocked" (their other statuses let the tool run).
 */
/**
 * The hook's shell command. With a binary: that guard by absolute path (user-level files). Without
 * one: a portable command for files a team commits, `guard` on PATH, else the project's own
 * (`npx --no-install`); when neither runs, the hook refuses (fail closed).
 */
export function hookCommand(guardBinary: string | null, agent: AgentName): string {
  const fail = `{ echo 'guard hook failed to run: refused (fail closed)' >&2; exit 2; }`;
  if (guardBinary === null) {
    return `if command -v guard >/dev/null 2>&1; then guard hook ${agent}; else npx --no-install guard hook ${agent}; fi || ${fail}`;
  }
  const quoted = `'${guardBinary.replace(/'/g, `'\\''`)}'`;
  return `${quoted} hook ${agent} || ${fail}`;
}

/** Recognises guard's own entry (whatever binary path an older install used). */
export function isGuardCommand(command: unknown, agent: AgentName): boolean {
  return typeof command === 'string' && (command.includes(` hook ${agent} || `) || command.includes(` guard hook ${agent}; fi || `)) && command.includes('guard hook failed to run');
}

export interface AgentConfig {
  readonly agent: AgentName;
  readonly display: string;
  /** The file, relative to the project root or the home directory; null when the scope does not exist. */
  readonly files: Readonly<Record<Scope, string | null>>;
  /** Sources for the file's location and shape. */
  readonly references: readonly string[];
}

export const AGENT_CONFIGS: Readonly<Record<AgentName, AgentConfig>> = {
  claude: {
    agent: 'claude',
    display: 'Claude Code',
    files: { project: join('.claude', 'settings.json'), user: join('.claude', 'settings.json') },
    references: ['https://code.claude.com/docs/en/hooks (hooks.PreToolUse[].matcher / hooks[].type=command)'],
  },
  codex: {
    agent: 'codex',
    display: 'OpenAI Codex',
    files: { project: join('.codex', 'hooks.json'), user: join('.codex', 'hooks.json') },
    references: ['https://developers.openai.com/codex/hooks (~/.codex/hooks.json, <repo>/.codex/hooks.json; Claude-compatible shape)'],
  },
  copilot: {
    agent: 'copilot',
    display: 'GitHub Copilot',
    // Copilot loads .github/hooks/*.json from the repository; no user-level file is documented.
    files: { project: join('.github', 'hooks', 'guard.json'), user: null },
    references: ['github/docs content/copilot/reference/hooks-configuration.md (version 1, hooks.preToolUse[].bash, timeoutSec)'],
  },
  cursor: {
    agent: 'cursor',
    display: 'Cursor',
    files: { project: join('.cursor', 'hooks.json'), user: join('.cursor', 'hooks.json') },
    references: ['https://cursor.com/docs/agent/hooks (version 1, hooks.beforeShellExecution[].command, beforeMCPExecution)'],
  },
  gemini: {
    agent: 'gemini',
    display: 'Gemini CLI',
    files: { project: join('.gemini', 'settings.json'), user: join('.gemini', 'settings.json') },
    references: ['google-gemini/gemini-cli docs/hooks/reference.md (hooks.BeforeTool[].matcher / hooks[], timeout in ms)'],
  },
};

type Json = Record<string, unknown>;

/** One hook registration: the event it goes under and the entry to add there. */
export interface HookEntry {
  readonly event: string;
  /** A matcher group holding one command hook (Claude, Codex, Gemini), or a flat entry (Cursor, Copilot). */
  readonly entry: Json;
}

export function guardEntries(agent: AgentName, command: string): HookEntry[] {
  switch (agent) {
    case 'claude':
    case 'codex':
      return [{ event: 'PreToolUse', entry: { matcher: 'Bash|mcp__.*', hooks: [{ type: 'command', command, timeout: AGENT_TIMEOUT_SECONDS }] } }];
    case 'gemini':
      return [{ event: 'BeforeTool', entry: { matcher: 'run_shell_command|mcp__.*', hooks: [{ type: 'command', command, name: 'guard', timeout: AGENT_TIMEOUT_SECONDS * 1000 }] } }];
    case 'cursor':
      return [
        { event: 'beforeShellExecution', entry: { command } },
        { event: 'beforeMCPExecution', entry: { command } },
      ];
    case 'copilot':
      return [{ event: 'preToolUse', entry: { type: 'command', bash: command, timeoutSec: AGENT_TIMEOUT_SECONDS } }];
  }
}

/** The commands an entry runs: a flat entry's own, or those of a matcher group's hooks. */
export function entryCommands(entry: unknown): unknown[] {
  if (entry === null || typeof entry !== 'object') return [];
  const value = entry as Json;
  const own = [value.command, value.bash];
  const nested = Array.isArray(value.hooks) ? value.hooks.flatMap((h) => (h && typeof h === 'object' ? [(h as Json).command, (h as Json).bash] : [])) : [];
  return [...own, ...nested].filter((c) => c !== undefined);
}

/** Files that need a format version next to the hooks (Cursor, Copilot). */
export function versionOf(agent: AgentName): number | null {
  return agent === 'cursor' || agent === 'copilot' ? 1 : null;
}
