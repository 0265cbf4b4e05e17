// expect scripts (Tcl) read for what they start: `spawn PROGRAM ARGS`, `exec PROGRAM ARGS`, `system TEXT`.
import { literalWord, unknownWord, type Word } from './expand.js';
import type { LinePayload } from './model.js';

export interface ExpectFindings {
  readonly commands: readonly (readonly Word[])[];
  readonly scripts: readonly Word[];
  readonly unknowns: readonly string[];
}

/**
 * Pure: Tcl commands as words (newline or `;` ends a command; braces and quotes group; `[…]`
 * and `$name` substitute, so a word holding them is unknown). Null when braces or quotes do not close.
 */
export function tclCommands(script: string): Word[][] | null {
  const commands: Word[][] = [];
  let current: Word[] = [];
  let i = 0;
  const end = () => {
    if (current.length > 0) commands.push(current);
    current = [];
  };
  while (i < script.length) {
    const c = script[i]!;
    if (c === '\n' || c === ';') { end(); i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && script[i + 1] === '\n') { i += 2; continue; }
    if (c === '#' && current.length === 0) { while (i < script.length && script[i] !== '\n') i++; continue; }
    let text = '';
    let dynamic = false;
    if (c === '{') {
      let depth = 0;
      const start = i;
      for (; i < script.length; i++) {
        if (script[i] === '\\') { i++; continue; }
        if (script[i] === '{') depth++;
        if (script[i] === '}' && --depth === 0) break;
      }
      if (i >= script.length) return null;
      text = script.slice(start + 1, i);
      i++;
    } else {
      const quoted = c === '"';
      if (quoted) i++;
      let bracket = 0;
      for (; i < script.length; i++) {
        const d = script[i]!;
        if (d === '\\') { text += script[i + 1] === 'r' ? '' : script[i + 1] === 'n' ? '\n' : (script[i + 1] ?? ''); i++; continue; }
        if (d === '[') { bracket++; dynamic = true; }
        if (d === ']' && bracket > 0) bracket--;
        if (d === '$') dynamic = true;
        if (bracket === 0 && (quoted ? d === '"' : d === ' ' || d === '\t' || d === '\n' || d === ';')) break;
        text += d;
      }
      if (quoted) {
        if (i >= script.length) return null;
        i++;
      }
    }
    current.push(dynamic ? unknownWord(text, 'a Tcl substitution') : literalWord(text));
  }
  end();
  return commands;
}

const SPAWN_FLAGS = new Set(['-noecho', '-console', '-nottycopy', '-nottyinit', '-leaveopen', '-pty']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'fish', 'csh', 'tcsh']);

/** Pure: what one expect script starts. */
export function expectScriptFindings(script: string): ExpectFindings {
  const parsed = tclCommands(script);
  if (parsed === null) return { commands: [], scripts: [], unknowns: ['guard could not read the expect script (unbalanced braces or quotes)'] };
  const commands: Word[][] = [];
  const scripts: Word[] = [];
  const unknowns: string[] = [];
  let spawnsShell = false;
  for (const words of parsed) {
    const verb = words[0]?.text;
    if (verb === 'spawn' || verb === 'exec') {
      let rest = words.slice(1);
      while (rest[0] && (SPAWN_FLAGS.has(rest[0].text) || rest[0].text === '-ignore' || rest[0].text === '-open')) rest = rest.slice(rest[0].text === '-ignore' || rest[0].text === '-open' ? 2 : 1);
      if (rest.some((w) => w.text === '|' || w.text.startsWith('>') || w.text.startsWith('<'))) unknowns.push(`expect ${verb} with a pipe or redirection guard does not follow`);
      if (rest.length > 0) commands.push(rest);
      const program = rest[0]?.text ?? '';
      if (SHELLS.has(program.slice(program.lastIndexOf('/') + 1))) spawnsShell = true;
    } else if (verb === 'system') {
      const text = words.slice(1);
      scripts.push(text.some((w) => !w.known) ? unknownWord(text.map((w) => w.text).join(' '), 'a Tcl substitution') : literalWord(text.map((w) => w.text).join(' ')));
    } else if (verb === 'eval' || verb === 'source' || verb === 'uplevel') {
      unknowns.push(`expect ${verb} runs Tcl guard does not read`);
    }
  }
  // Text sent to a spawned shell is typed into it as commands.
  if (spawnsShell && parsed.some((words) => words[0]?.text === 'send')) unknowns.push('expect types commands into a shell it spawned, which guard does not follow');
  return { commands, scripts, unknowns };
}

/** The script an `expect` command line runs: -c strings, -f FILE, a script operand, or stdin. */
export async function readExpectScript(words: readonly Word[], input: { readonly stdin: LinePayload | undefined; readText(path: string): Promise<string | null> }): Promise<ExpectFindings> {
  const texts: string[] = [];
  const unknowns: string[] = [];
  let file: Word | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as Word;
    if (word.text === '-c') {
      const value = words[++i];
      if (!value?.known) unknowns.push(`expect -c runs a script from ${value?.why ?? 'nothing'}`);
      else texts.push(value.text);
    } else if (word.text === '-f') file = words[++i];
    else if (word.text === '-D') i++;
    else if (word.text === '--') { file ??= words[i + 1]; break; }
    else if (!word.text.startsWith('-')) { file ??= word; break; }
  }
  if (file) {
    const text = file.text === '-' ? (input.stdin?.kind === 'text' ? input.stdin.text : null) : file.known ? await input.readText(file.text) : null;
    if (text === null) unknowns.push(`expect runs ${file.text}, which guard cannot read`);
    else texts.push(text);
  }
  const findings = texts.map(expectScriptFindings);
  return {
    commands: findings.flatMap((f) => f.commands),
    scripts: findings.flatMap((f) => f.scripts),
    unknowns: [...unknowns, ...findings.flatMap((f) => f.unknowns)],
  };
}
