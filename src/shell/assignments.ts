// Shell variables and the working directory as a walked line changes them: NAME=value, export/declare, cd.
import { resolve } from 'node:path';
import { expandWord, type Word } from './expand.js';
import type { SyntaxNode } from './parser.js';
import { scopeOf, type ShellState, type Surroundings } from './state.js';

/** The value of `NAME=value` (no field splitting); null when guard cannot evaluate it. */
export function assignedValue(node: SyntaxNode, state: ShellState, surroundings: Surroundings): string | null {
  const value = node.childForFieldName('value');
  if (!value) return '';
  if (value.type === 'array') return null;
  const words = expandWord([value], scopeOf(state, surroundings));
  if (words.some((word) => !word.known)) return null;
  return words.map((word) => word.text).join(' ');
}

export function assign(node: SyntaxNode, state: ShellState, exported: boolean, surroundings: Surroundings): void {
  const name = node.childForFieldName('name')?.text;
  if (!name) return;
  const appending = node.children.some((child) => child?.type === '+=');
  const value = assignedValue(node, state, surroundings);
  const before = state.vars.has(name) ? state.vars.get(name) : (surroundings.env[name] ?? '');
  state.vars.set(name, value === null || before === null ? null : appending ? `${before ?? ''}${value}` : value);
  if (exported) state.exported.add(name);
}

/** `export`, `declare`, `local`, `readonly`, `typeset`: assignments, and names marked exported. */
export function declare(node: SyntaxNode, state: ShellState, surroundings: Surroundings): void {
  const keyword = node.child(0)?.type ?? '';
  const flags = node.namedChildren.filter((child) => child?.type === 'word' && child.text.startsWith('-')).map((child) => child?.text ?? '');
  const exported = keyword === 'export' || flags.some((flag) => flag.includes('x'));
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'variable_assignment') assign(child, state, exported, surroundings);
    else if (child.type === 'variable_name' && exported) {
      state.exported.add(child.text);
      if (!state.vars.has(child.text) && surroundings.env[child.text] === undefined) state.vars.set(child.text, '');
    }
  }
}

/** Changes the walker's cwd for `cd dir`, `pushd dir`. */
export function changeDirectory(state: ShellState, target: Word | undefined, surroundings: Surroundings): void {
  if (!target) {
    const home = scopeOf(state, surroundings).variable('HOME');
    if (typeof home === 'string') state.cwd = home;
    else state.cwdUnknown = 'cd to a home directory guard cannot see';
    return;
  }
  if (!target.known || target.glob || target.text === '-') {
    state.cwdUnknown = `cd ${target.text}: a directory guard cannot name`;
    return;
  }
  state.cwd = resolve(state.cwd, target.text);
}
