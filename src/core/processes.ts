// This process's ancestors (PID, start time, name, argv): /proc on Linux, one `ps` call on macOS.
import { readFileSync } from 'node:fs';
import { isAgentEnvironment } from './agent-markers.js';

/** One process, identified by PID and start time (a PID alone is reused). */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Opaque but stable for the life of the process: clock ticks since boot (Linux) or lstart (macOS). */
  readonly startTime: string;
  /** The short command name (comm). */
  readonly name: string;
  readonly argv: readonly string[];
  /** The process started with agent markers in its environment (Linux: /proc/<pid>/environ). */
  readonly agentEnvironment?: boolean;
}

/** How far up guard looks; real trees are a dozen deep, a loop in bad data must still end. */
const MAX_ANCESTORS = 64;

function linuxProcess(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may hold spaces and parentheses: it ends at the last ')'.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // After comm: state(3) ppid(4) … starttime(22); fields[0] is field 3.
    const ppid = Number(fields[1]);
    const startTime = fields[19] ?? '';
    let argv: string[] = [];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((part) => part.length > 0);
    } catch {
      // A process of another user may hide its cmdline: its name still counts.
    }
    return { pid, ppid, startTime, name: stat.slice(open + 1, close), argv, agentEnvironment: startedAsAgent(pid) };
  } catch {
    return null;
  }
}

/** Whether the process was started with agent markers (its initial environment, readable for one's own processes). */
function startedAsAgent(pid: number): boolean {
  try {
    const env: Record<string, string> = {};
    for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return isAgentEnvironment(env);
  } catch {
    return false;
  }
}

function linuxAncestry(): ProcessInfo[] {
  const chain: ProcessInfo[] = [];
  let pid = process.ppid;
  while (pid > 0 && chain.length < MAX_ANCESTORS) {
    const info = linuxProcess(pid);
    if (!info) break;
    chain.push(info);
    if (info.ppid === pid) break;
    pid = info.ppid;
  }
  return chain;
}

/** macOS has no /proc: one `ps` of every process, then the chain is followed in memory. */
function psAncestry(): ProcessInfo[] {
  // lstart is always 24 characters ("Tue Dec  1 21:54:26 2026"); comm comes last and may hold spaces.
  // child_process (with dgram and net) loads only when the process tree is asked for.
  const { execFileSync } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const text = execFileSync('/bin/ps', ['-A', '-o', 'pid=,ppid=,lstart=,command='], { encoding: 'utf8', timeout: 2000, maxBuffer: 8 << 20 });
  const table = new Map<number, ProcessInfo>();
  for (const line of text.split('\n')) {
    const trimmed = line.trimStart();
    const [pidText, ppidText] = trimmed.split(/\s+/, 2);
    if (!pidText || !ppidText) continue;
    const afterIds = trimmed.slice(trimmed.indexOf(ppidText, pidText.length) + ppidText.length).trimStart();
    const startTime = afterIds.slice(0, 24);
    const command = afterIds.slice(25);
    const argv = command.split(' ').filter((part) => part.length > 0);
    const name = (argv[0] ?? '').split('/').pop() ?? '';
    table.set(Number(pidText), { pid: Number(pidText), ppid: Number(ppidText), startTime, name, argv });
  }
  const chain: ProcessInfo[] = [];
  let pid = process.ppid;
  while (pid > 0 && chain.length < MAX_ANCESTORS) {
    const info = table.get(pid);
    if (!info) break;
    chain.push(info);
    if (info.ppid === pid) break;
    pid = info.ppid;
  }
  return chain;
}

/**
 * This process's ancestors, nearest first (its parent, then the parent's parent…). Throws
 * when the platform gives no way to read them: callers that decide on it must fail closed.
 */
export function readAncestry(): ProcessInfo[] {
  if (process.platform === 'linux') {
    const chain = linuxAncestry();
    if (chain.length === 0) throw new Error('cannot read /proc for this process\'s parents');
    return chain;
  }
  if (process.platform === 'darwin') return psAncestry();
  throw new Error(`reading process ancestry is not supported on ${process.platform}`);
}
