// Who the agent is (the nearest ancestor that is not a shell or guard) and whether a process tree is the agent's.
import type { ProcessInfo } from '../core/processes.js';

/** The agent process a refusal was made for: PID and start time, so a reused PID is not mistaken for it. */
export interface AgentProcess {
  readonly pid: number;
  readonly startTime: string;
  /** For the human's eyes only (`claude`, `node`…); never used to match. */
  readonly name: string;
}

/** Shells the agent runs commands through, and launchers that exec the hook without being the agent. */
const SHELL_NAMES = new Set(['sh', 'bash', 'dash', 'zsh', 'fish', 'ksh', 'ksh93', 'mksh', 'oksh', 'ash', 'yash', 'posh', 'rbash', 'busybox', 'csh', 'tcsh', 'pwsh']);

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Package runners that start guard for a portable hook command (`npx --no-install guard hook claude`). */
const RUNNERS = new Set(['npx', 'npm', 'pnpm', 'bunx', 'yarn']);

/**
 * guard itself (`node …/bin/guard …`, the bundled `guard`), or a package runner running it: the
 * program is argv[0], or argv[1] after an interpreter. A shim is run by a shell (skipped too).
 */
function isGuard(info: ProcessInfo, guardBinary: string | null): boolean {
  const [first, second] = info.argv;
  const programs = [first, second !== undefined && !second.startsWith('-') ? second : undefined].filter((w): w is string => w !== undefined);
  const isGuardWord = (word: string) => base(word) === 'guard' || (guardBinary !== null && word === guardBinary);
  if (programs.some(isGuardWord)) return true;
  return programs.some((word) => RUNNERS.has(base(word))) && info.argv.some((word) => base(word) === 'guard');
}

function isShell(info: ProcessInfo): boolean {
  const first = info.argv[0];
  // A login shell is named `-bash`.
  const names = [info.name, first ? base(first) : ''].map((name) => name.replace(/^-/, ''));
  return names.some((name) => SHELL_NAMES.has(name));
}

/**
 * The agent behind a refused command: walking up from guard's parent, the first process
 * that is neither a shell nor guard. null when the chain ends first (guard started by init).
 */
export function agentProcessOf(ancestry: readonly ProcessInfo[], guardBinary: string | null): AgentProcess | null {
  for (const info of ancestry) {
    if (isShell(info) || isGuard(info, guardBinary)) continue;
    if (info.pid <= 1) return null;
    return { pid: info.pid, startTime: info.startTime, name: info.name };
  }
  return null;
}

/** The agent among these ancestors, if any: then this process runs inside the agent's tree. */
export function agentAmong(ancestry: readonly ProcessInfo[], agents: readonly AgentProcess[]): AgentProcess | null {
  for (const agent of agents) {
    if (ancestry.some((info) => info.pid === agent.pid && info.startTime === agent.startTime)) return agent;
  }
  return null;
}

/**
 * An ancestor that an agent harness started (agent markers in its initial environment): a shell
 * an agent runs commands in, however the command itself cleared its variables.
 */
export function agentStartedAncestor(ancestry: readonly ProcessInfo[]): ProcessInfo | null {
  return ancestry.find((info) => info.agentEnvironment === true) ?? null;
}
