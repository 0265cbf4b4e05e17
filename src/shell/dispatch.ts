// One simple command: shell functions, state-changing builtins, launchers, runners, scripts, or the program itself.
import { isAbsolute, relative, resolve } from 'node:path';
import { PROGRAMS } from '../tools/registry.js';
import { PROJECT_ENTRY_POINTS } from '../tools/migrations/entry-points.js';
import type { LineCommand } from './model.js';
import { literalWord, type Word } from './expand.js';
import { LAUNCHERS, SHELLS, type Unwrapped } from './launchers.js';
import { RUNNERS, type RunnerResult } from './runners.js';
import { ShellState, type Frame, type Inherited, type Invocation } from './state.js';
import { runMake, runPackageScript } from './tasks.js';
import { followCommandStrings, followSetXtrace, followShellHooks, shellOptionLetters } from './dispatch-strings.js';
import type { Walker } from './walk.js';
import { changeDirectory } from './assignments.js';

const MAX_FUNCTION_CALLS = 16;

export function basename(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

/** Whether guard's catalogue guards this program (then unknown arguments matter). */
export function isCatalogued(program: string): boolean {
  return PROGRAMS.includes(basename(program));
}

export async function dispatch(walker: Walker, words: readonly Word[], inv: Invocation, state: ShellState, frame: Frame, nesting: number): Promise<void> {
  walker.check();
  const name = words[0];
  if (!name) return;
  if (!name.known || name.glob) return emit(walker, words, inv);
  const program = name.text;
  const base = basename(program);
  const args = words.slice(1);

  // Aliases apply to the first word as typed, not to a command after a launcher.
  if (state.aliases.has(program) && inv.via.length === frame.base.via.length && !frame.calls.includes(`alias ${program}`)) {
    return expandAlias(walker, words, state.aliases.get(program) ?? null, inv, state, frame);
  }

  const definition = !inv.skipFunctions && !program.includes('/') ? state.functions.get(program) : undefined;
  if (definition) {
    // A function defined on the line shadows the program of the same name.
    if (frame.calls.includes(program) || frame.calls.length >= MAX_FUNCTION_CALLS) return;
    const saved = state.positional;
    state.positional = args.map((word) => (word.known ? word.text : null));
    // A function from a sourced file reports that file's lines, at the position of the call.
    const elsewhere = definition.file !== frame.file || definition.fromFixed !== frame.fromFixed;
    const inner: Frame = {
      ...frame,
      anchor: frame.anchor ?? (elsewhere ? inv.origin : null),
      file: definition.file,
      fromFixed: definition.fromFixed,
      calls: [...frame.calls, program],
      base: inheritedFrom(inv),
    };
    await walker.statements(definition.body, state, inner, inv.stdin, nesting + 1);
    state.positional = saved;
    return;
  }

  if (inv.via.length === 0 || inv.via.every((via) => via === 'builtin' || via === 'command')) {
    if (await builtin(walker, base, words, inv, state, frame)) return;
  }

  // Programs that run a command string besides themselves (git aliases, flock -c, sed e, vim -c '!…').
  const byName = program === base || isAbsolute(program);
  if (byName) inv = await followCommandStrings(base, walker, words, inv, state, frame, nesting, { dispatch, runShellText, readText: (path) => readTextOrNull(walker, resolve(inv.cwd, path)) });

  // Launchers are found by name even through a path (`/usr/bin/env railway …`).
  const launcher = byName ? LAUNCHERS[base] : undefined;
  if (launcher) {
    if ((SHELLS as readonly string[]).includes(base)) {
      await startupFile(walker, words, base, inv, frame);
      inv = await followShellHooks(shellOptionLetters(words), walker, words, inv, state, frame, runShellText);
    }
    const result = await launcher(words, { stdin: inv.stdin, readText: (path) => readTextOrNull(walker, resolve(inv.cwd, path)) });
    return follow(walker, words, result, inv, state, frame, nesting);
  }
  const runner = program === base || isAbsolute(program) ? RUNNERS[base] : undefined;
  if (runner) return follow(walker, words, runner(words, inv.stdin), inv, state, frame, nesting);
  if (base === 'make' || base === 'gmake') return runMake(walker, words, inv, frame);

  // `bin/rails`, `./manage.py`: a project's own entry point of a migration tool is that tool.
  if (program.includes('/') && PROJECT_ENTRY_POINTS.includes(base)) return emit(walker, words, inv);
  // A path that is not absolute (or lies inside the working directory) is a script of this repository.
  if (program.includes('/') && (!isAbsolute(program) || !relative(inv.cwd, program).startsWith('..'))) {
    return runScriptFile(walker, words, literalWord(program), args, inv, frame, { asProgram: true });
  }
  return emit(walker, words, inv);
}

/** Follows what a launcher or runner said it runs. */
async function follow(walker: Walker, words: readonly Word[], result: Unwrapped | RunnerResult, inv: Invocation, state: ShellState, frame: Frame, nesting: number): Promise<void> {
  switch (result.kind) {
    case 'nothing':
      // A runner with nothing inside (`kubectl get pods`, `npm install`) is itself the command;
      // so is guard's own subcommand (`guard approve`), which the hook must see.
      if (!LAUNCHERS[basename(words[0]?.text ?? '')] || basename(words[0]?.text ?? '') === 'guard') emit(walker, words, inv);
      return;
    case 'unknown':
      return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, result.why] });
    case 'run': {
      const cwd = result.cwd ? (result.cwd.known ? resolve(inv.cwd, result.cwd.text) : inv.cwd) : inv.cwd;
      const next: Invocation = {
        ...inv,
        via: [...inv.via, result.via],
        env: { ...inv.env, ...result.env },
        envUnknown: [...inv.envUnknown, ...(result.envUnknown ?? [])],
        cwd,
        cwdUnknown: result.cwd && !result.cwd.known ? `the directory comes from ${result.cwd.why ?? 'an expansion'}` : inv.cwdUnknown,
        stdin: result.stdin ?? inv.stdin,
        ...(result.argumentsFrom ? { argumentsFrom: result.argumentsFrom } : {}),
        // Only the `time` keyword runs a shell function; every other launcher execs a program.
        skipFunctions: result.skipFunctions ?? result.via !== 'time',
      };
      return dispatch(walker, result.words, asUser(next, result.user, result.login), state, frame, nesting + 1);
    }
    case 'shell':
      return runShellText(walker, words, result.script, result.via, result.positional, asUser(inv, result.user, result.login), state, frame, result.via === 'eval');
    case 'script':
      return runScriptFile(walker, words, result.path, result.args, { ...inv, via: [...inv.via, result.via] }, frame, { asProgram: false });
    case 'package-script':
      return runPackageScript(walker, words, result, inv, frame, state);
    case 'remote': {
      emit(walker, words, inv);
      const remote: Inherited = { env: {}, envUnknown: [], via: [...inv.via, result.where], unknowns: [], remote: result.where };
      const remoteState = ShellState.initial('/', false);
      const remoteInv: Invocation = { ...inv, ...remote, cwd: '/', cwdUnknown: null, stdin: inv.stdin, skipFunctions: true };
      if (result.words) return dispatch(walker, result.words, remoteInv, remoteState, { ...frame, base: remote }, nesting + 1);
      // runShellText adds the `via` itself.
      if (result.script) return runShellText(walker, words, result.script, result.where, [], { ...remoteInv, via: inv.via }, remoteState, frame, false);
      return;
    }
  }
}

/** Builtins that change what later commands see; true when handled. */
async function builtin(walker: Walker, base: string, words: readonly Word[], inv: Invocation, state: ShellState, frame: Frame): Promise<boolean> {
  const args = words.slice(1);
  switch (base) {
    case 'cd':
    case 'pushd':
      changeDirectory(state, args.find((word) => !word.text.startsWith('-') || word.text === '-'), walker.options);
      emit(walker, words, inv);
      return true;
    case 'popd':
      state.cwdUnknown = 'popd returns to a directory guard does not track';
      return true;
    case 'read':
    case 'mapfile':
    case 'readarray':
      for (const word of args) if (!word.text.startsWith('-') && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word.text)) state.vars.set(word.text, null);
      return true;
    case 'hash': {
      // `hash -p /usr/bin/railway rw`: later `rw` runs that file.
      const p = args.findIndex((word) => word.text === '-p');
      const file = args[p + 1];
      const name = args[p + 2];
      if (p >= 0 && file && name) state.aliases.set(name.text, file.known && name.known ? `'${file.text.replace(/'/g, "'\\''")}'` : null);
      return true;
    }
    case 'set':
      await followSetXtrace(words, walker, inv, state, frame, runShellText);
      if (args[0]?.text === '--') state.positional = args.slice(1).map((word) => (word.known ? word.text : null));
      return true;
    case 'shift':
      state.positional = state.positional ? state.positional.slice(Number(args[0]?.text ?? '1') || 1) : null;
      return true;
    case 'alias':
      for (const word of args) {
        const eq = word.text.indexOf('=');
        if (eq > 0) state.aliases.set(word.text.slice(0, eq), word.known ? word.text.slice(eq + 1) : null);
      }
      return true;
    case 'unalias':
      if (args.some((word) => word.text === '-a')) state.aliases.clear();
      for (const word of args) state.aliases.delete(word.text);
      return true;
    case 'source':
    case '.': {
      const path = args[0];
      if (!path) return true;
      // A sourced file runs in this shell: its variables and functions stay.
      await runScriptFile(walker, words, path, args.slice(1), { ...inv, via: [...inv.via, base] }, frame, { asProgram: false, state });
      return true;
    }
    default:
      return false;
  }
}

/**
 * A command whose name is an alias defined on the line. bash expands aliases in non-interactive
 * shells only after `shopt -s expand_aliases`, and only on lines read after the definition; zsh
 * and interactive shells expand them always. guard cannot tell which shell reads the line, so
 * the alias always resolves to its value (fail closed).
 */
async function expandAlias(walker: Walker, words: readonly Word[], value: string | null, inv: Invocation, state: ShellState, frame: Frame): Promise<void> {
  const name = words[0]?.text ?? '';
  const args = words.slice(1);
  if (value === null || args.some((word) => !word.known)) {
    return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `${name} is an alias, and guard cannot evaluate ${value === null ? 'its value' : 'its arguments'}`] });
  }
  if (frame.depth + 1 > walker.options.maxDepth) return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `the alias ${name} nests deeper than ${walker.options.maxDepth} levels`] });
  const text = [value, ...args.map((word) => `'${word.text.split("'").join("'\\''")}'`)].join(' ');
  const inner: Frame = { depth: frame.depth + 1, anchor: inv.origin, file: null, fromFixed: inv.from ?? null, calls: [...frame.calls, `alias ${name}`], base: { ...inheritedFrom(inv), via: [...inv.via, `alias ${name}`] } };
  const problem = await walker.walkText(text, state, inner, inv.stdin);
  if (problem) emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `the alias ${name} does not parse: ${problem}`] });
}

/** A shell started with BASH_ENV (bash) or ENV (sh and others) sources that file first. */
async function startupFile(walker: Walker, words: readonly Word[], shell: string, inv: Invocation, frame: Frame): Promise<void> {
  for (const variable of ['BASH_ENV', 'ENV']) {
    const unknown = inv.envUnknown.find((why) => why.startsWith(`${variable} `));
    if (unknown) return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `${shell} first sources the file named by ${variable}, which guard cannot evaluate`] });
    const path = inv.env[variable];
    if (path) await runScriptFile(walker, words, literalWord(path), [], { ...inv, via: [...inv.via, `${shell} ${variable}`] }, frame, { asProgram: false });
  }
}

/** A payload string (`sh -c`, `su -c`, `eval`, `watch`, ssh's remote command): parsed and walked as shell. */
export async function runShellText(walker: Walker, words: readonly Word[], script: Word, via: string, positional: readonly (string | null)[] | null, inv: Invocation, state: ShellState, frame: Frame, sameShell: boolean): Promise<void> {
  if (!script.known) return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `the command string of ${via} comes from ${script.why ?? 'an expansion'}`] });
  if (frame.depth + 1 > walker.options.maxDepth) return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `${via} nests deeper than ${walker.options.maxDepth} levels`] });
  const child = sameShell ? state : childShell(state, inv, positional);
  const inner: Frame = { depth: frame.depth + 1, anchor: inv.origin, file: null, fromFixed: inv.from ?? null, calls: frame.calls, base: { ...inheritedFrom(inv), via: [...inv.via, via], env: sameShell ? inv.env : {} } };
  const problem = await walker.walkText(script.text, child, inner, inv.stdin);
  if (problem) emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `the command string of ${via} does not parse: ${problem}`] });
}

/** A new shell process: it sees exported variables and the command's assignments, not shell variables. */
export function childShell(state: ShellState, inv: Invocation, positional: readonly (string | null)[] | null): ShellState {
  const child = ShellState.initial(inv.cwd, state.inheritEnv);
  for (const [name, value] of Object.entries(inv.env)) {
    child.vars.set(name, value);
    child.exported.add(name);
  }
  for (const unknown of inv.envUnknown) {
    const name = unknown.slice(0, unknown.indexOf(' '));
    child.vars.set(name, null);
    child.exported.add(name);
  }
  child.cwdUnknown = inv.cwdUnknown;
  child.positional = positional ? [...positional] : null;
  return child;
}

export function inheritedFrom(inv: Invocation): Inherited {
  return { env: inv.env, envUnknown: inv.envUnknown, via: inv.via, unknowns: inv.unknowns, remote: inv.remote, ...(inv.user !== undefined ? { user: inv.user } : {}), ...(inv.userLogin ? { userLogin: true } : {}) };
}

/** A launcher that switches users: what runs next runs as that user; a user guard cannot evaluate is unknown. */
function asUser(inv: Invocation, user: Word | undefined, login: boolean | undefined): Invocation {
  if (user === undefined) return inv;
  if (!user.known) return { ...inv, unknowns: [...inv.unknowns, `it runs as a user that comes from ${user.why ?? 'an expansion'}`] };
  // A later launcher without a login shell does not undo what this one's profile set.
  return { ...inv, user: user.text, ...(login || inv.userLogin ? { userLogin: true } : {}) };
}

async function readTextOrNull(walker: Walker, path: string): Promise<string | null> {
  const read = await walker.readText(path);
  return read.ok ? read.text : null;
}

const SHELL_INTERPRETERS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash']);
const CODE_INTERPRETERS = new Set(['node', 'python', 'python3', 'tsx', 'ts-node', 'deno']);

/**
 * A script file the line runs (`./deploy.sh`, `bash deploy.sh`, `source env.sh`): scanned when
 * readable; a binary found by path is the program of that name; anything unreadable is unknown.
 */
export async function runScriptFile(walker: Walker, words: readonly Word[], path: Word, args: readonly Word[], inv: Invocation, frame: Frame, options: { asProgram: boolean; state?: ShellState }): Promise<void> {
  if (!path.known) return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `the script's path comes from ${path.why ?? 'an expansion'}`] });
  if (inv.remote) return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `${path.text} is a script in ${inv.remote}, which guard cannot read`] });
  const absolute = resolve(inv.cwd, path.text);
  const shown = relative(walker.options.cwdForDisplay, absolute) || path.text;
  if (frame.depth + 1 > walker.options.maxDepth) return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `${shown} nests deeper than ${walker.options.maxDepth} levels of scripts`] });
  const read = await walker.readText(absolute);
  if (!read.ok) return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `guard cannot read the script ${shown}, so it cannot see what it runs`] });
  const text = read.text;
  if (options.asProgram && (text.startsWith('\x7fELF') || text.startsWith('\xcf\xfa\xed\xfe') || text.includes('\0'))) return emit(walker, words, inv);
  if (options.asProgram && text.startsWith('#!')) {
    const interpreter = interpreterOf(text.slice(2, text.indexOf('\n') >= 0 ? text.indexOf('\n') : undefined));
    // `./cleanup.js` with `#!/usr/bin/env node`: the script runner's tool reads it (src/tools/code).
    if (CODE_INTERPRETERS.has(interpreter)) return emit(walker, [literalWord(interpreter), literalWord(absolute), ...args], inv);
    if (!SHELL_INTERPRETERS.has(interpreter)) return emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `${shown} is a ${interpreter || 'non-shell'} script, which guard does not analyse`] });
  }
  const state = options.state ?? childShell(ShellState.initial(inv.cwd), inv, args.map((word) => (word.known ? word.text : null)));
  const inner: Frame = { depth: frame.depth + 1, anchor: inv.origin, file: shown, fromFixed: null, calls: frame.calls, base: { ...inheritedFrom(inv), env: options.state ? inv.env : {} } };
  const problem = await walker.walkText(text, state, inner, inv.stdin);
  if (problem) emit(walker, words, { ...inv, unknowns: [...inv.unknowns, `${shown} does not parse: ${problem}`] });
}

/** `#!/usr/bin/env bash -e` → bash; `#!/bin/sh` → sh. */
function interpreterOf(shebang: string): string {
  const parts = shebang.trim().split(/\s+/);
  let program = basename(parts[0] ?? '');
  if (program === 'env') program = basename(parts.slice(1).find((part) => !part.startsWith('-')) ?? '');
  return program;
}

/** Records the command that finally runs, with every reason guard cannot fully see it. */
export function emit(walker: Walker, words: readonly Word[], inv: Invocation): void {
  const name = words[0];
  if (!name) return;
  const unknowns = [...inv.unknowns];
  if (!name.known) unknowns.push(`the command name comes from ${name.why ?? 'an expansion'}`);
  else if (name.glob) unknowns.push(`the command name ${name.text} is a pattern the shell expands`);
  if (isCatalogued(name.text) || !name.known) {
    // For a guarded program, whatever guard cannot evaluate may be its target or its payload.
    for (const word of words.slice(1)) {
      if (!word.known) unknowns.push(`an argument comes from ${word.why ?? 'an expansion'}`);
      else if (word.glob) unknowns.push(`the argument ${word.text} is a pattern the shell expands`);
    }
    unknowns.push(...inv.envUnknown);
    if (inv.cwdUnknown) unknowns.push(`the working directory is unknown (${inv.cwdUnknown})`);
    if (inv.remote) unknowns.push(`it runs in ${inv.remote}, whose environment guard cannot resolve from here`);
  }
  const command: LineCommand = {
    argv: words.map((word) => word.text),
    ...(inv.stdin ? { stdin: inv.stdin } : {}),
    ...(inv.remote ? {} : { cwd: inv.cwd }),
    env: inv.env,
    origin: inv.origin,
    via: inv.via,
    unknowns: [...new Set(unknowns)],
    ...(inv.from ? { from: inv.from } : {}),
    ...(inv.remote ? { remote: inv.remote } : {}),
    ...(inv.argumentsFrom ? { argumentsFrom: inv.argumentsFrom } : {}),
    ...(inv.user !== undefined && !inv.remote ? { user: inv.user } : {}),
    ...(inv.userLogin && !inv.remote ? { userLogin: true } : {}),
  };
  walker.commands.push(command);
}
