// Start-up figures for npm run bench: each command timed right after a `node -e 0`, round after round, so load on a shared machine cancels out.
import { spawnSync } from 'node:child_process';

/** One command to time; `minus` is timed right after it and subtracted (guard's overhead over the bare program). */
export interface Probe {
  readonly label: string;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly input?: Buffer;
  readonly expect?: readonly number[];
  readonly minus?: readonly string[];
  /** What the ratio to `node -e 0` must not exceed, or null for a figure without a goal. */
  readonly goal: number | null;
}

export interface ProbeResult {
  readonly probe: Probe;
  /** Median wall time of the command (minus the baseline command when there is one). */
  readonly medianMs: number;
  /** Median over rounds of (this round's time) / (the `node -e 0` timed just before it). */
  readonly ratio: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timeOnce(command: readonly string[], env: Readonly<Record<string, string>>, cwd: string, input?: Buffer, expect: readonly number[] = [0]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command[0] as string, command.slice(1), { env, cwd, input, stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (!expect.includes(result.status ?? -1)) throw new Error(`${command.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  return elapsed;
}

/**
 * `runs` rounds (after one warm-up round); in each, every probe in turn (the order rotates),
 * each preceded by its own `node -e 0`. A ratio is taken per pair, then the median of the pairs.
 */
export function measureInterleaved(probes: readonly Probe[], nodeEnv: Readonly<Record<string, string>>, cwd: string, runs: number): { nodeMs: number; results: ProbeResult[] } {
  const nodeSamples: number[] = [];
  const samples = probes.map(() => [] as number[]);
  const ratios = probes.map(() => [] as number[]);
  for (let round = 0; round <= runs; round++) {
    for (let k = 0; k < probes.length; k++) {
      const index = (k + round) % probes.length;
      const probe = probes[index] as Probe;
      const node = timeOnce([process.execPath, '-e', '0'], nodeEnv, cwd);
      let ms = timeOnce(probe.command, probe.env, cwd, probe.input, probe.expect);
      if (probe.minus) ms -= timeOnce(probe.minus, probe.env, cwd);
      if (round === 0) continue;
      nodeSamples.push(node);
      (samples[index] as number[]).push(ms);
      (ratios[index] as number[]).push(ms / node);
    }
  }
  return {
    nodeMs: median(nodeSamples),
    results: probes.map((probe, index) => ({ probe, medianMs: median(samples[index] as number[]), ratio: median(ratios[index] as number[]) })),
  };
}
