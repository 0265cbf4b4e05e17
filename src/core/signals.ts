// Which signals guard passes on to the command it runs, and how it tells a terminal's signal from a kill.
import { readFileSync } from 'node:fs';

/**
 * Signals a terminal sends to its whole foreground process group (Ctrl-C, Ctrl-\, Ctrl-Z, a
 * resize). The child runs in guard's own process group, so when that group is in the
 * foreground the child has already received them: sending them again would be a second
 * Ctrl-C (terraform's "Two interrupts received", psql cancelling twice).
 */
export const TERMINAL_SIGNALS = ['SIGINT', 'SIGQUIT', 'SIGTSTP', 'SIGWINCH'] as const;

/** Signals only ever sent to guard itself (kill, a supervisor, a hang-up): always passed on. */
export const DIRECT_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGCONT'] as const;

export type ForwardedSignal = (typeof TERMINAL_SIGNALS)[number] | (typeof DIRECT_SIGNALS)[number];

export const FORWARDED_SIGNALS: readonly ForwardedSignal[] = [...TERMINAL_SIGNALS, ...DIRECT_SIGNALS];

/** The process group and terminal facts of one process (Linux /proc/PID/stat, or `ps` elsewhere). */
export interface ProcessGroupFacts {
  readonly processGroup: number;
  /** The foreground process group of the controlling terminal; <= 0 without one. */
  readonly terminalForegroundGroup: number;
}

/** /proc/PID/stat's fields after the command name (which may itself hold spaces and parentheses). */
export function parseProcStat(text: string): ProcessGroupFacts | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  // state ppid pgrp session tty_nr tpgid …
  const fields = text.slice(close + 2).split(' ');
  const processGroup = Number(fields[2]);
  const terminalForegroundGroup = Number(fields[5]);
  if (!Number.isInteger(processGroup) || !Number.isInteger(terminalForegroundGroup)) return null;
  return { processGroup, terminalForegroundGroup };
}

/** Runs `ps` synchronously (child_process's execFileSync, passed in so this module loads nothing). */
export type RunPs = (args: readonly string[]) => string;

/** The facts for this process now (the shell may have moved it to the background since it started). */
export function currentProcessGroup(runPs: RunPs): ProcessGroupFacts | null {
  try {
    return parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
  } catch {
    return psProcessGroup(runPs);
  }
}

function psProcessGroup(runPs: RunPs): ProcessGroupFacts | null {
  try {
    // macOS and the BSDs have no /proc; ps reports the same two numbers. Only runs when a signal arrives.
    const [processGroup, foreground] = runPs(['-o', 'pgid=,tpgid=', '-p', String(process.pid)]).trim().split(/\s+/).map(Number);
    if (processGroup === undefined || foreground === undefined || !Number.isInteger(processGroup) || !Number.isInteger(foreground)) return null;
    return { processGroup, terminalForegroundGroup: foreground };
  } catch {
    return null;
  }
}

/**
 * Pure: whether guard must send `signal` to a child that shares its process group. A terminal
 * signal is presumed to come from the terminal when guard's group is the terminal's foreground
 * group (the kernel delivered it to the child too). Without the facts, guard forwards: a lost
 * signal is worse than a repeated one.
 */
export function shouldForward(signal: ForwardedSignal, facts: ProcessGroupFacts | null): boolean {
  if (!(TERMINAL_SIGNALS as readonly string[]).includes(signal)) return true;
  if (facts === null) return true;
  return !(facts.terminalForegroundGroup > 0 && facts.terminalForegroundGroup === facts.processGroup);
}
