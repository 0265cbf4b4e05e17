// Makefile recipes as shell snippets: rule lines, recipe lines (with their line numbers), make variables.
import type { ShellSnippet } from './model.js';

/** Variables make defines itself that recipes commonly use (GNU make manual, "Implicit Variables"). */
const BUILTIN_VARIABLES: Readonly<Record<string, string>> = { MAKE: 'make', RM: 'rm -f', SHELL: '/bin/sh', CC: 'cc', CXX: 'g++' };
const ASSIGNMENT_OPERATORS = ['::=', ':::=', ':=', '?=', '+=', '!=', '='] as const;
const DIRECTIVES = new Set(['ifeq', 'ifneq', 'ifdef', 'ifndef', 'else', 'endif', 'include', '-include', 'sinclude', 'export', 'unexport', 'vpath', 'override', 'undefine']);
const MAX_EXPANSION_DEPTH = 16;

interface Recipe {
  readonly target: string;
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly lineCount: number;
}

/** Shell snippets for every recipe line of a Makefile, make variables expanded where they are literal. */
export function extractMakeSnippets(source: string, cwd: string): ShellSnippet[] {
  const lines = source.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const variables = new Map<string, string>(Object.entries(BUILTIN_VARIABLES));
  const recipes: Recipe[] = [];
  let target: string | null = null;
  let inDefine = false;
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    if (inDefine) {
      if (raw.trim() === 'endef') inDefine = false;
      continue;
    }
    if (raw.startsWith('\t') && target !== null) {
      const start = index;
      let text = raw.slice(1);
      // make hands backslash-newline to the shell and drops the next line's leading tab.
      while (text.endsWith('\\') && index + 1 < lines.length) {
        index++;
        const next = lines[index] ?? '';
        text += `\n${next.startsWith('\t') ? next.slice(1) : next}`;
      }
      const prefix = recipePrefixLength(text);
      recipes.push({ target, text: text.slice(prefix), line: start + 1, column: 2 + prefix, lineCount: index - start + 1 });
      continue;
    }
    let logical = raw;
    while (logical.endsWith('\\') && index + 1 < lines.length) logical = `${logical.slice(0, -1)} ${lines[++index] ?? ''}`;
    const trimmed = logical.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const firstWord = trimmed.split(' ')[0] ?? '';
    if (firstWord === 'define') {
      inDefine = true;
      continue;
    }
    const assignment = parseAssignment(trimmed);
    if (assignment) {
      if (assignment.operator === '+=') variables.set(assignment.name, `${variables.get(assignment.name) ?? ''} ${assignment.value}`.trim());
      else if (assignment.operator === '?=') {
        if (!variables.has(assignment.name) || assignment.name in BUILTIN_VARIABLES) variables.set(assignment.name, assignment.value);
      } else if (assignment.operator !== '!=') variables.set(assignment.name, assignment.value);
      continue;
    }
    if (DIRECTIVES.has(firstWord)) continue;
    const rule = parseRuleLine(logical);
    if (rule) {
      target = rule.target;
      if (rule.inline !== null) recipes.push({ target, text: rule.inline.text, line: index + 1, column: rule.inline.column, lineCount: 1 });
    }
  }
  return recipes.map((recipe) => ({
    text: expandMake(recipe.text, variables, recipe.target, 0),
    positions: Array.from({ length: recipe.lineCount }, (_, i) => ({ line: recipe.line + i, column: i === 0 ? recipe.column : 1 })),
    cwd,
    label: `make target ${recipe.target}`,
  }));
}

function recipePrefixLength(text: string): number {
  let length = 0;
  while (length < text.length && '@-+ \t'.includes(text[length] ?? '')) length++;
  return length;
}

/** `NAME = value`, `override export NAME := value`…: the operator that comes before any `:` of a rule. */
function parseAssignment(line: string): { name: string; operator: string; value: string } | null {
  let rest = line;
  for (const keyword of ['override ', 'export ', 'private ']) if (rest.startsWith(keyword)) rest = rest.slice(keyword.length).trimStart();
  let end = 0;
  while (end < rest.length && !' \t:=?+!'.includes(rest[end] ?? '')) end++;
  const name = rest.slice(0, end);
  if (name === '' || name.includes('$')) return null;
  const after = rest.slice(end).trimStart();
  const operator = ASSIGNMENT_OPERATORS.find((candidate) => after.startsWith(candidate));
  if (!operator) return null;
  return { name, operator, value: after.slice(operator.length).trim() };
}

/** `targets: prerequisites [; recipe]`; a target-specific variable line has no recipe. */
function parseRuleLine(line: string): { target: string; inline: { text: string; column: number } | null } | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const target = line.slice(0, colon).trim().split(' ')[0] ?? '';
  const semicolon = line.indexOf(';', colon);
  if (semicolon < 0) return { target, inline: null };
  const text = line.slice(semicolon + 1);
  const lead = text.length - text.trimStart().length;
  return { target, inline: text.trim() === '' ? null : { text: text.trim(), column: semicolon + 2 + lead } };
}

/**
 * make's expansion of a recipe before the shell sees it: `$$` is a literal `$`, `$@` the target,
 * literal variables their values. What make computes (functions, `$(shell …)`) or takes from
 * the environment becomes shell syntax guard treats as unknown where it matters.
 */
export function expandMake(text: string, variables: ReadonlyMap<string, string>, target: string, depth: number): string {
  if (depth > MAX_EXPANSION_DEPTH) return '$(guard-make-expansion-too-deep)';
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char !== '$') {
      out += char;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) {
      out += '$';
    } else if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(' || next === '{') {
      const close = matchingClose(text, i + 1);
      if (close < 0) return `${out}$(guard-make-unbalanced)`;
      const inner = text.slice(i + 2, close);
      out += expandReference(inner, variables, target, depth);
      i = close;
    } else {
      out += expandReference(next, variables, target, depth);
      i++;
    }
  }
  return out;
}

function expandReference(inner: string, variables: ReadonlyMap<string, string>, target: string, depth: number): string {
  if (inner === '@') return target;
  const space = [...inner].findIndex((char) => char === ' ' || char === '\t');
  if (space > 0) {
    const fn = inner.slice(0, space);
    // $(shell cmd) runs cmd in a shell at make time: show it as the command substitution it is.
    if (fn === 'shell') return `$(${expandMake(inner.slice(space + 1), variables, target, depth + 1)})`;
    return `$(guard-make-function-${fn})`;
  }
  const value = variables.get(inner);
  if (value !== undefined) return expandMake(value, variables, target, depth + 1);
  return isShellName(inner) ? `\${${inner}}` : '${GUARD_MAKE_AUTOMATIC}';
}

function matchingClose(text: string, open: number): number {
  const opener = text[open];
  const closer = opener === '(' ? ')' : '}';
  let level = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opener) level++;
    else if (text[i] === closer && --level === 0) return i;
  }
  return -1;
}

/** A name the shell can take from the environment: make passes its environment on to recipes. */
function isShellName(name: string): boolean {
  if (name === '' || (name[0] ?? '') <= '9') return false;
  return [...name].every((char) => char === '_' || (char >= '0' && char <= '9') || (char >= 'A' && char <= 'Z') || (char >= 'a' && char <= 'z'));
}
