// `guard sudo psql …`, `guard bash -c '…'`: a prefixed launcher is read by the shell engine, like a line.
import type { Context } from '../core/context.js';
import { mostProtected } from '../core/environment.js';
import type { Analysis, EnvironmentFacts } from '../core/types.js';
import { LAUNCHERS } from './launchers.js';
import { RUNNERS } from './runners.js';
import { COMMAND_STRING_PROGRAMS } from './command-strings.js';

/** Task runners whose targets the engine reads (Makefiles); package runners are in RUNNERS. */
const TASK_RUNNERS = new Set(['make', 'gmake']);

/**
 * Launchers, shells, runners and scripts the engine unwraps (`sudo`, `env`, `bash`, `npx`,
 * `make nuke`, `./deploy.sh`…): the prefix reads them exactly as the hook reads the same line.
 * A path is a script of the repository or another name for a program; the engine tells which.
 */
export function isWrapperProgram(program: string): boolean {
  const base = program.slice(program.lastIndexOf('/') + 1);
  return Object.hasOwn(LAUNCHERS, base) || Object.hasOwn(RUNNERS, base) || Object.hasOwn(COMMAND_STRING_PROGRAMS, base) || TASK_RUNNERS.has(base) || program.includes('/');
}

/** POSIX single-quoting: the engine must see exactly the words the kernel will pass. */
function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The analysis of a wrapped command: every command the wrapper runs, assessed by its own
 * tool; risk, hits, targets and facts merged, the most protected environment first.
 */
export async function assessWrapperArgv(argv: readonly string[], ctx: Context): Promise<Analysis> {
  const { assessShellLine } = await import('./assess.js');
  const line = await assessShellLine(argv.map(quote).join(' '), ctx);
  const analyses = line.commands.map((entry) => entry.assessment.analysis);
  const guarded = analyses.filter((analysis) => analysis.tool !== null);
  const environments = guarded.map((a) => a.environment).filter((e): e is EnvironmentFacts => e !== null);
  return {
    tool: guarded[0]?.tool ?? null,
    risk: line.risk === 'none' && guarded.length > 0 ? 'read' : line.risk,
    hits: guarded.flatMap((a) => a.hits),
    environment: mostProtected(environments),
    targets: guarded.flatMap((a) => a.targets),
    blastRadius: guarded.flatMap((a) => a.blastRadius),
    credential: guarded.find((a) => a.credential)?.credential ?? null,
    recovery: guarded.find((a) => a.risk === line.risk && a.recovery)?.recovery ?? null,
    unverified: [...line.problems, ...guarded.flatMap((a) => a.unverified)],
    notes: [...new Set(line.commands.flatMap((entry) => [
      ...(entry.command.via.length ? [`runs through ${entry.command.via.join(', ')}`] : []),
      // What a script or a make target runs, where: the dry run says what guard found.
      ...(entry.command.from && entry.assessment.analysis.tool ? [`${entry.command.from} runs ${entry.command.argv.join(' ')} (${entry.assessment.analysis.risk})`] : []),
    ]))],
    interactive: guarded.some((a) => a.interactive),
  };
}
