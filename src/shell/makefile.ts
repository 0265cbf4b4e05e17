// A bounded reader of Makefiles: variables, explicit rules and their recipe lines, with `$(VAR)` expansion.

export interface RecipeLine {
  /** 1-based line in the Makefile. */
  readonly line: number;
  readonly text: string;
  /** `+` prefix: runs even under `make -n`. */
  readonly always: boolean;
}

export interface MakeRule {
  readonly target: string;
  readonly prerequisites: readonly string[];
  readonly recipe: readonly RecipeLine[];
}

export interface Makefile {
  readonly rules: ReadonlyMap<string, MakeRule>;
  readonly variables: ReadonlyMap<string, string>;
  readonly defaultTarget: string | null;
  /** Directives guard does not follow (`include`, pattern rules): a target not found may come from them. */
  readonly unsupported: readonly string[];
}

interface MutableRule {
  target: string;
  prerequisites: string[];
  recipe: RecipeLine[];
}

/** Joins backslash-continued lines, remembering where each logical line starts. */
function logicalLines(text: string): { line: number; text: string; recipe: boolean }[] {
  const physical = text.split('\n');
  const out: { line: number; text: string; recipe: boolean }[] = [];
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let current = physical[i] ?? '';
    const recipe = current.startsWith('\t');
    while (current.endsWith('\\') && i + 1 < physical.length) {
      i++;
      const next = physical[i] ?? '';
      // In a recipe the backslash-newline goes to the shell; elsewhere it becomes one space.
      current = recipe ? `${current}\n${next.startsWith('\t') ? next.slice(1) : next}` : `${current.slice(0, -1)} ${next.trim()}`;
    }
    out.push({ line: start + 1, text: current, recipe });
  }
  return out;
}

function stripComment(text: string): string {
  for (let i = 0; i < text.length; i++) if (text[i] === '#' && text[i - 1] !== '\\') return text.slice(0, i);
  return text;
}

const ASSIGNMENT_OPERATORS = ['::=', ':::=', ':=', '?=', '+=', '!=', '='] as const;

export function parseMakefile(text: string): Makefile {
  const rules = new Map<string, MutableRule>();
  const variables = new Map<string, string>();
  const unsupported: string[] = [];
  let defaultTarget: string | null = null;
  let current: MutableRule[] = [];
  let inDefine = false;
  for (const logical of logicalLines(text)) {
    if (logical.recipe && current.length > 0) {
      let body = logical.text.slice(1);
      let always = false;
      // Recipe prefixes: @ (silent), - (ignore errors), + (run even under -n).
      while (body.length > 0 && '@-+ \t'.includes(body[0] as string)) {
        if (body[0] === '+') always = true;
        body = body.slice(1);
      }
      for (const rule of current) rule.recipe.push({ line: logical.line, text: body, always });
      continue;
    }
    const line = stripComment(logical.text).trim();
    if (inDefine) {
      if (line === 'endef') inDefine = false;
      continue;
    }
    if (line === '') continue;
    const directive = line.split(/\s+/)[0] ?? '';
    if (directive === 'define') {
      inDefine = true;
      continue;
    }
    if (['ifeq', 'ifneq', 'ifdef', 'ifndef', 'else', 'endif'].includes(directive)) continue; // both branches are kept
    if (['include', '-include', 'sinclude'].includes(directive)) {
      unsupported.push(`line ${logical.line}: ${line}`);
      continue;
    }
    const assignment = parseAssignment(line);
    const colon = ruleColon(line);
    if (assignment && (colon < 0 || assignment.at < colon)) {
      const { name, operator, value } = assignment;
      if (operator === '?=' && variables.has(name)) continue;
      if (operator === '!=') variables.set(name, '$(shell …)');
      else variables.set(name, operator === '+=' ? `${variables.get(name) ?? ''} ${value}`.trim() : value);
      current = [];
      continue;
    }
    if (colon < 0) continue;
    const targets = line.slice(0, colon).trim().split(/\s+/).filter(Boolean);
    let rest = line.slice(colon + 1);
    if (rest.startsWith(':')) rest = rest.slice(1);
    const semicolon = rest.indexOf(';');
    const inlineRecipe = semicolon >= 0 ? rest.slice(semicolon + 1).trim() : null;
    const prerequisites = (semicolon >= 0 ? rest.slice(0, semicolon) : rest).trim().split(/\s+/).filter((p) => p !== '' && p !== '|');
    if (parseAssignment(rest.trim())) {
      current = []; // target-specific variable
      continue;
    }
    current = [];
    for (const target of targets) {
      if (target.includes('%')) {
        unsupported.push(`line ${logical.line}: pattern rule ${target}`);
        continue;
      }
      const rule = rules.get(target) ?? { target, prerequisites: [], recipe: [] };
      rule.prerequisites.push(...prerequisites);
      if (inlineRecipe) rule.recipe.push({ line: logical.line, text: inlineRecipe, always: false });
      rules.set(target, rule);
      current.push(rule);
      if (defaultTarget === null && !target.startsWith('.')) defaultTarget = target;
    }
  }
  return { rules, variables, defaultTarget, unsupported };
}

function parseAssignment(line: string): { name: string; operator: string; value: string; at: number } | null {
  const eq = line.indexOf('=');
  if (eq <= 0) return null;
  let start = eq;
  while (start > 0 && ':?+!'.includes(line[start - 1] as string)) start--;
  const operator = line.slice(start, eq + 1);
  if (!(ASSIGNMENT_OPERATORS as readonly string[]).includes(operator)) return null;
  let name = line.slice(0, start).trim();
  for (const prefix of ['export ', 'override ', 'private ']) if (name.startsWith(prefix)) name = name.slice(prefix.length).trim();
  if (name === '' || /\s/.test(name)) return null;
  return { name, operator, value: line.slice(eq + 1).trim(), at: start };
}

/** The rule's colon: the first `:` that is not part of an assignment operator. */
function ruleColon(line: string): number {
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== ':') continue;
    if (line[i + 1] === '=' || (line[i + 1] === ':' && line[i + 2] === '=')) return -1;
    return i;
  }
  return -1;
}

export interface MakeExpansion {
  readonly text: string;
  /** Make functions and variables guard could not evaluate (`$(shell …)`, `$(wildcard …)`). */
  readonly unknown: readonly string[];
}

const MAKE_FUNCTIONS = new Set(['shell', 'wildcard', 'patsubst', 'subst', 'filter', 'filter-out', 'foreach', 'call', 'eval', 'origin', 'value', 'abspath', 'realpath', 'dir', 'notdir', 'basename', 'suffix', 'addprefix', 'addsuffix', 'sort', 'word', 'words', 'firstword', 'lastword', 'if', 'or', 'and', 'strip', 'findstring', 'join', 'error', 'warning', 'info', 'file', 'let']);

/**
 * Make's expansion of a recipe line before the shell sees it. Unknown parts become shell
 * variables named GUARD_MAKE_UNKNOWN_n, which the walker knows it cannot evaluate.
 */
export function expandMake(text: string, variables: ReadonlyMap<string, string>, automatic: { target: string; prerequisites: readonly string[] }, depth = 0): MakeExpansion {
  let out = '';
  const unknown: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char !== '$') {
      out += char;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let reference: string;
    if (next === '(' || next === '{') {
      const close = next === '(' ? ')' : '}';
      let level = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === next) level++;
        else if (text[j] === close && --level === 0) break;
      }
      reference = text.slice(i + 2, j);
      i = j;
    } else {
      reference = next;
      i++;
    }
    const value = makeReference(reference, variables, automatic);
    if (value === null || depth > 16) {
      unknown.push(`$(${reference})`);
      out += `\${GUARD_MAKE_UNKNOWN_${unknown.length}}`;
      continue;
    }
    const inner = expandMake(value, variables, automatic, depth + 1);
    out += inner.text;
    unknown.push(...inner.unknown);
  }
  return { text: out, unknown };
}

function makeReference(reference: string, variables: ReadonlyMap<string, string>, automatic: { target: string; prerequisites: readonly string[] }): string | null {
  if (reference === '@') return automatic.target;
  if (reference === '<') return automatic.prerequisites[0] ?? '';
  if (reference === '^' || reference === '+') return automatic.prerequisites.join(' ');
  if (reference === 'MAKE') return variables.get('MAKE') ?? 'make';
  const name = reference.trim();
  const fn = name.split(/\s+/)[0] ?? '';
  if (name.includes(' ') && MAKE_FUNCTIONS.has(fn)) return null;
  if (name.includes(':') || name.includes('$')) return null; // substitution references, computed names
  return variables.get(name) ?? '';
}
