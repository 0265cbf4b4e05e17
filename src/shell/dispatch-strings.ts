// Follows the command strings a program runs besides itself (command-strings.ts), and what tracing shells expand (PS4).
import { COMMAND_STRING_PROGRAMS } from './command-strings.js';
import { literalWord, type Word } from './expand.js';
import type { ShellState, Frame, Invocation } from './state.js';
import type { Walker } from './walk.js';

type Dispatch = (walker: Walker, words: readonly Word[], inv: Invocation, state: ShellState, frame: Frame, nesting: number) => Promise<void>;
type RunShellText = (walker: Walker, words: readonly Word[], script: Word, via: string, positional: readonly (string | null)[] | null, inv: Invocation, state: ShellState, frame: Frame, sameShell: boolean) => Promise<void>;

/** The command's variable as it will see it: its assignments and exports, null when unknown. */
function variableOf(inv: Invocation, name: string): string | null | undefined {
  if (Object.hasOwn(inv.env, name)) return inv.env[name];
  return inv.envUnknown.some((why) => why.startsWith(`${name} `)) ? null : undefined;
}

/**
 * Walks every command string `base` runs (a git alias, flock -c, sed's e…) as its own
 * commands, and returns the invocation with what guard could not read added to its unknowns.
 */
export async function followCommandStrings(
  base: string, walker: Walker, words: readonly Word[], inv: Invocation, state: ShellState, frame: Frame, nesting: number,
  io: { dispatch: Dispatch; runShellText: RunShellText; readText(path: string): Promise<string | null> },
): Promise<Invocation> {
  const reader = Object.hasOwn(COMMAND_STRING_PROGRAMS, base) ? COMMAND_STRING_PROGRAMS[base] : undefined;
  if (!reader) return inv;
  const found = await reader(words, { stdin: inv.stdin, variable: (name) => variableOf(inv, name), readText: io.readText });
  for (const { script, via } of found.scripts) await io.runShellText(walker, words, script, via, [], inv, state, frame, false);
  for (const command of found.commands) await io.dispatch(walker, command.words, { ...inv, via: [...inv.via, command.via], skipFunctions: true }, state, frame, nesting + 1);
  return found.unknowns.length > 0 ? { ...inv, unknowns: [...inv.unknowns, ...found.unknowns] } : inv;
}

/** `bash -x`, `sh -ec`…: whether the shell's options turn on xtrace (or -i, an interactive shell). */
export function shellOptionLetters(words: readonly Word[]): Set<string> {
  const letters = new Set<string>();
  for (const word of words.slice(1)) {
    const text = word.text;
    if (text === '-o' || text === '--') continue;
    if (text === 'xtrace') letters.add('x');
    if (!text.startsWith('-') || text.startsWith('--')) {
      if (text === '--login' || text === '--interactive') letters.add(text === '--interactive' ? 'i' : 'l');
      if (!text.startsWith('-')) break;
      continue;
    }
    for (const letter of text.slice(1)) letters.add(letter);
  }
  return letters;
}

/**
 * PS4 is expanded before every traced command, and PROMPT_COMMAND runs before every prompt of
 * an interactive shell: `PS4='$(railway down -y)' bash -xc true` runs railway.
 */
export async function followShellHooks(
  letters: ReadonlySet<string>, walker: Walker, words: readonly Word[], inv: Invocation, state: ShellState, frame: Frame, runShellText: RunShellText,
): Promise<Invocation> {
  const unknowns: string[] = [];
  if (letters.has('x')) {
    const ps4 = variableOf(inv, 'PS4');
    if (ps4 === null) unknowns.push('PS4 is expanded at every traced command, and it is set from something guard cannot evaluate');
    else if (ps4 !== undefined) await runShellText(walker, words, literalWord(traceExpansion(ps4)), 'PS4 (set -x)', [], inv, state, frame, false);
  }
  if (letters.has('i')) {
    const prompt = variableOf(inv, 'PROMPT_COMMAND');
    if (prompt === null) unknowns.push('PROMPT_COMMAND runs before every prompt, and it is set from something guard cannot evaluate');
    else if (prompt !== undefined) await runShellText(walker, words, literalWord(prompt), 'PROMPT_COMMAND', [], inv, state, frame, false);
  }
  return unknowns.length > 0 ? { ...inv, unknowns: [...inv.unknowns, ...unknowns] } : inv;
}

/** Shell text that expands a prompt string as bash does (parameters, `$(…)`, arithmetic): an unquoted heredoc. */
export function traceExpansion(value: string): string {
  return `: <<__GUARD_PROMPT__\n${value}\n__GUARD_PROMPT__\n`;
}

/** `set -x` on the line: the shell's own PS4 is expanded from then on. */
export async function followSetXtrace(words: readonly Word[], walker: Walker, inv: Invocation, state: ShellState, frame: Frame, runShellText: RunShellText): Promise<void> {
  const tracing = words.slice(1).some((w) => (w.text.startsWith('-') && !w.text.startsWith('--') && w.text.includes('x')) || w.text === 'xtrace');
  if (!tracing || !state.vars.has('PS4')) return;
  const ps4 = state.vars.get('PS4');
  if (ps4 === null || ps4 === undefined) return;
  await runShellText(walker, words, literalWord(traceExpansion(ps4)), 'PS4 (set -x)', [], inv, state, frame, true);
}
