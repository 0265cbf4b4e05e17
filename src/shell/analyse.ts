// analyseShellLine: every command a shell line (or script) will run, within a size limit and a time budget.
import { constants } from 'node:fs';
import type { LineAnalysis, ShellLimits } from './model.js';
import { loadShellParser } from './parser.js';
import { NOTHING_INHERITED, ShellState, type Frame } from './state.js';
import { BudgetExceeded, TooDeep, Walker } from './walk.js';
import { monotonicMs } from '../core/clock.js';

export const DEFAULT_LIMITS: Required<ShellLimits> = { maxBytes: 256 * 1024, budgetMs: 1000, maxDepth: 4 };

export interface AnalyseOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
  readonly limits?: ShellLimits;
  /** How guard reads scripts, Makefiles and package.json (the Context's, in the pipeline). */
  readonly readFile?: (path: string) => Promise<Buffer | string>;
  /** The text is this file (a script being scanned): commands get `from: file:line`. */
  readonly file?: string;
}

/** Reads only regular files, never blocking on a FIFO or a device. */
export async function readRegularFile(path: string, maxBytes = DEFAULT_LIMITS.maxBytes): Promise<Buffer> {
  // fs/promises (and the readline it loads) only when a file is read, not on every hook call.
  const { open } = await import('node:fs/promises');
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export async function analyseShellLine(text: string, options: AnalyseOptions): Promise<LineAnalysis> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (Buffer.byteLength(text) > limits.maxBytes) return { commands: [], problems: [`the shell text is larger than ${limits.maxBytes} bytes`] };
  try {
    await loadShellParser();
  } catch (error) {
    return { commands: [], problems: [`guard could not load its shell parser: ${(error as Error).message}`] };
  }
  // The one-time grammar load is not charged to the line.
  const deadline = monotonicMs() + limits.budgetMs;
  const home = options.home ?? options.env.HOME ?? '/';
  const walker = new Walker({
    env: options.env,
    home,
    deadline,
    maxDepth: limits.maxDepth,
    maxBytes: limits.maxBytes,
    cwdForDisplay: options.cwd,
    readFile: options.readFile ?? ((path) => readRegularFile(path, limits.maxBytes)),
  });
  const frame: Frame = { depth: 0, anchor: null, file: options.file ?? null, fromFixed: null, calls: [], base: NOTHING_INHERITED };
  try {
    const problem = await walker.walkText(text, ShellState.initial(options.cwd), frame, undefined);
    if (problem) walker.problems.push(problem);
  } catch (error) {
    if (error instanceof BudgetExceeded || error instanceof TooDeep) walker.problems.push(error.message);
    else if (error instanceof RangeError) walker.problems.push('the shell text nests too deeply to analyse');
    else walker.problems.push(`guard failed while analysing the line: ${(error as Error).message}`);
  } finally {
    walker.release();
  }
  return { commands: walker.commands, problems: walker.problems, writes: walker.writes };
}
