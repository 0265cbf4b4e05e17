// Static word expansion: quote removal, escapes, known variables and field splitting, with unknowns kept as unknowns.
import type { SyntaxNode } from './parser.js';

/** One word after expansion, as the program will receive it (when `known`). */
export interface Word {
  readonly text: string;
  /** False when part of it comes from something guard cannot evaluate (`$(…)`, an unset variable). */
  readonly known: boolean;
  readonly why?: string;
  /** Unquoted glob or brace characters: the shell may replace it with file names. */
  readonly glob: boolean;
}

/** What expansion reads: the line's variables so far, positional parameters, home. */
export interface ExpansionScope {
  /** undefined: not set anywhere guard can see; null: set to something guard cannot evaluate. */
  variable(name: string): string | null | undefined;
  /** $1…, or null when unknown (inside a function or script whose arguments guard cannot see). */
  readonly positional: readonly (string | null)[] | null;
  readonly home: string;
}

interface Fragment {
  readonly text: string;
  readonly quoted: boolean;
  /** Came from an expansion: unquoted, it is split into fields. */
  readonly expanded: boolean;
  /** Starts a new word even inside quotes (each argument of "$@"). */
  readonly breakBefore?: boolean;
  readonly unknown?: string;
}

const DEFAULT_IFS = ' \t\n';

export function literalWord(text: string): Word {
  return { text, known: true, glob: false };
}

export function unknownWord(text: string, why: string): Word {
  return { text, known: false, why, glob: false };
}

/**
 * Expands the nodes that make one shell word (tree-sitter sometimes splits a word, e.g. `$"…"`,
 * into adjacent nodes). Unquoted expansions split into several words, as bash does.
 */
export function expandWord(nodes: readonly SyntaxNode[], scope: ExpansionScope): Word[] {
  const fragments: Fragment[] = [];
  nodes.forEach((node, index) => {
    // `$"…"` (locale translation) arrives as an anonymous `$` token glued to a string.
    if (!node.isNamed && node.type === '$' && nodes[index + 1]?.type === 'string') return;
    fragments.push(...fragmentsOf(node, scope, false, index === 0));
  });
  return splitFields(fragments, scope);
}

function fragmentsOf(node: SyntaxNode, scope: ExpansionScope, quoted: boolean, first: boolean): Fragment[] {
  switch (node.type) {
    case 'word':
      return [{ text: unescapeUnquoted(tilde(node.text, scope, first)), quoted: false, expanded: false }];
    case 'number':
    case 'string_content':
    case 'heredoc_content':
      return [{ text: quoted && node.type !== 'number' ? unescapeDoubleQuoted(node.text) : node.text, quoted, expanded: false }];
    case 'raw_string':
      return [{ text: node.text.slice(1, -1), quoted: true, expanded: false }];
    case 'ansi_c_string':
      return [{ text: decodeAnsiC(node.text.slice(2, -1)), quoted: true, expanded: false }];
    case 'translated_string':
    case 'string':
      return stringFragments(node, scope);
    case 'concatenation':
      return node.children.flatMap((child, i) => {
        if (!child) return [];
        // `$"…"` inside a word (`ra$""ilway`): the `$` marks a translated string, it expands to nothing itself.
        if (!child.isNamed && child.type === '$' && node.children[i + 1]?.type === 'string') return [];
        return fragmentsOf(child, scope, quoted, first && i === 0);
      });
    case 'simple_expansion':
      return node.text === '$@' ? expandAllArguments(scope, quoted) : [expandParameter(node.text.slice(1), scope, quoted)];
    case 'expansion':
      return expandBraced(node, scope, quoted);
    case 'command_substitution':
      // `$()` and `\`\`` run nothing and expand to nothing (`ra\`\`ilway` is `railway`).
      if (node.namedChildCount === 0) return [{ text: '', quoted, expanded: true }];
      return [{ text: node.text, quoted, expanded: true, unknown: `the output of ${clip(node.text)}` }];
    case '``':
      return [{ text: '', quoted, expanded: true }];
    case 'process_substitution':
      return [{ text: node.text, quoted, expanded: true, unknown: `the file name of ${clip(node.text)}` }];
    case 'arithmetic_expansion':
      return [{ text: node.text, quoted, expanded: true, unknown: `the arithmetic ${clip(node.text)}` }];
    case 'brace_expression':
      return [{ text: node.text, quoted: false, expanded: false, unknown: `the brace expansion ${clip(node.text)}` }];
    case '$':
      // tree-sitter-bash leaves some expansions as a bare `$` token (`"a"$IFS-y`): bash would
      // expand what follows, so guard cannot say what the word is.
      return node.isNamed ? [{ text: node.text, quoted, expanded: false }] : [{ text: '$', quoted, expanded: true, unknown: 'a `$` expansion guard cannot delimit' }];
    default:
      // Any other node (extglob patterns…) stays as written; unquoted it may glob.
      return [{ text: node.text, quoted, expanded: false }];
  }
}

function stringFragments(node: SyntaxNode, scope: ExpansionScope): Fragment[] {
  const out: Fragment[] = [];
  // Offsets, not children: tree-sitter leaves some text (a lone `$`) outside any named child.
  const base = node.startIndex;
  const end = node.endIndex - 1;
  let position = node.startIndex + node.text.indexOf('"') + 1;
  const literal = (from: number, to: number) => {
    if (to > from) out.push({ text: unescapeDoubleQuoted(node.text.slice(from - base, to - base)), quoted: true, expanded: false });
  };
  for (const child of node.namedChildren) {
    if (!child || child.startIndex < position) continue;
    literal(position, child.startIndex);
    out.push(...fragmentsOf(child, scope, true, false));
    position = child.endIndex;
  }
  literal(position, end);
  if (out.length === 0) out.push({ text: '', quoted: true, expanded: false });
  return out;
}

function expandParameter(name: string, scope: ExpansionScope, quoted: boolean): Fragment {
  if (/^[0-9]$/.test(name) && name !== '0') {
    const value = scope.positional?.[Number(name) - 1];
    if (scope.positional && value === undefined) return { text: '', quoted, expanded: true };
    if (typeof value === 'string') return { text: value, quoted, expanded: true };
    return { text: `$${name}`, quoted, expanded: true, unknown: `the argument $${name}` };
  }
  if (name === '@' || name === '*') {
    if (scope.positional && scope.positional.every((value) => typeof value === 'string')) return { text: scope.positional.join(' '), quoted, expanded: true };
    return { text: `$${name}`, quoted, expanded: true, unknown: `the arguments $${name}` };
  }
  return expandNamed(name, scope, quoted);
}

/** "$@" is one word per argument, even inside quotes. */
function expandAllArguments(scope: ExpansionScope, quoted: boolean): Fragment[] {
  const values = scope.positional;
  if (!values || !values.every((value) => typeof value === 'string')) return [{ text: '$@', quoted, expanded: true, unknown: 'the arguments $@' }];
  if (!quoted) return [{ text: values.join(' '), quoted, expanded: true }];
  return values.map((value, index) => ({ text: value as string, quoted, expanded: true, ...(index > 0 ? { breakBefore: true } : {}) }));
}

function expandNamed(name: string, scope: ExpansionScope, quoted: boolean): Fragment {
  if (name === '#' && scope.positional) return { text: String(scope.positional.length), quoted, expanded: true };
  const value = name === 'IFS' ? (scope.variable('IFS') ?? DEFAULT_IFS) : scope.variable(name);
  if (typeof value === 'string') return { text: value, quoted, expanded: true };
  const why = value === null ? `$${name}, set from something guard cannot evaluate` : `$${name}, which is not set where guard can see it`;
  return { text: `$${name}`, quoted, expanded: true, unknown: why };
}

function expandBraced(node: SyntaxNode, scope: ExpansionScope, quoted: boolean): Fragment[] {
  const parts = node.children.filter((child): child is SyntaxNode => child !== null);
  const inner = parts.slice(1, -1);
  const name = inner[0];
  if (name && (name.type === 'variable_name' || name.type === 'special_variable_name') && inner.length === 1) return name.text === '@' ? expandAllArguments(scope, quoted) : [expandParameter(name.text, scope, quoted)];
  const operator = inner[1];
  if (name?.type === 'variable_name' && operator && !operator.isNamed && [':-', '-', ':+', '+'].includes(operator.type)) {
    const value = name.text === 'IFS' ? (scope.variable('IFS') ?? DEFAULT_IFS) : scope.variable(name.text);
    // Whether a variable guard cannot see is set decides which word is used: unknown either way.
    if (typeof value !== 'string') return [{ text: node.text, quoted, expanded: true, unknown: `${clip(node.text)}, from a variable guard cannot see` }];
    const isSet = operator.type.startsWith(':') ? value !== '' : true;
    const useWord = operator.type.endsWith('-') ? !isSet : isSet;
    if (!useWord) return [{ text: operator.type.endsWith('-') ? value : '', quoted, expanded: true }];
    return inner.slice(2).flatMap((child) => fragmentsOf(child, scope, quoted, false).map((fragment) => ({ ...fragment, expanded: true })));
  }
  return [{ text: node.text, quoted, expanded: true, unknown: `the expansion ${clip(node.text)}` }];
}

/** Field splitting on IFS (unquoted expansions only), then one Word per field. */
function splitFields(fragments: readonly Fragment[], scope: ExpansionScope): Word[] {
  const ifsValue = scope.variable('IFS');
  const words: Word[] = [];
  let text = '';
  let known = true;
  let why: string | undefined;
  let glob = false;
  let started = false;
  const flush = () => {
    if (started) words.push(known ? { text, known, glob } : { text, known, glob, why: why ?? 'an expansion' });
    text = '';
    known = true;
    why = undefined;
    glob = false;
    started = false;
  };
  for (const fragment of fragments) {
    if (fragment.breakBefore) {
      started = true;
      flush();
    }
    if (fragment.unknown !== undefined) {
      known = false;
      why ??= fragment.unknown;
      text += fragment.text;
      started = true;
      continue;
    }
    if (!fragment.quoted && fragment.expanded) {
      if (ifsValue === null) {
        known = false;
        why ??= 'IFS is set to something guard cannot evaluate';
      }
      const ifs = typeof ifsValue === 'string' ? ifsValue : DEFAULT_IFS;
      for (const char of fragment.text) {
        if (ifs.includes(char)) flush();
        else {
          text += char;
          started = true;
          if ('*?['.includes(char)) glob = true;
        }
      }
      continue;
    }
    if (!fragment.quoted && hasGlob(fragment.text)) glob = true;
    text += fragment.text;
    started = started || fragment.quoted || fragment.text !== '';
  }
  flush();
  return words;
}

function hasGlob(text: string): boolean {
  if (/[*?[]/.test(text)) return true;
  // `{a,b}` brace expansion (tree-sitter keeps it inside a plain word).
  const open = text.indexOf('{');
  const close = text.indexOf('}', open);
  if (open < 0 || close < open) return false;
  const inside = text.slice(open + 1, close);
  return inside.includes(',') || inside.includes('..');
}

function tilde(text: string, scope: ExpansionScope, first: boolean): string {
  if (!first) return text;
  if (text === '~' || text.startsWith('~/')) return scope.home + text.slice(1);
  return text;
}

/** Outside quotes a backslash quotes the next character; backslash-newline disappears. */
export function unescapeUnquoted(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\\' && i + 1 < text.length) {
      i++;
      if (text[i] !== '\n') out += text[i];
    } else out += char;
  }
  return out;
}

/** Inside double quotes a backslash only escapes `$`, backquote, `"`, backslash and newline. */
function unescapeDoubleQuoted(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const next = text[i + 1];
    if (char === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
      i++;
      if (next !== '\n') out += next;
    } else out += char;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Bash's `$'…'` escapes (\xHH, \nnn, \uHHHH, \cX…), as the shell decodes them. */
export function decodeAnsiC(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== '\\' || i + 1 >= body.length) {
      out += char;
      continue;
    }
    const next = body[++i] as string;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) out += simple;
    else if (next === 'x' || next === 'u' || next === 'U') {
      const max = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      let digits = '';
      while (digits.length < max && /[0-9a-fA-F]/.test(body[i + 1] ?? '')) digits += body[++i];
      out += digits === '' ? `\\${next}` : String.fromCodePoint(Math.min(parseInt(digits, 16), 0x10ffff));
    } else if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else if (next === 'c' && i + 1 < body.length) {
      out += String.fromCharCode((body.charCodeAt(++i) & 0x1f));
    } else out += `\\${next}`;
  }
  return out;
}

export function clip(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A node expanded as inside double quotes (heredoc bodies, here-strings): no splitting, no globbing. */
export function expandQuoted(node: SyntaxNode, scope: ExpansionScope): Word {
  const fragments = fragmentsOf(node, scope, true, false);
  const unknown = fragments.find((fragment) => fragment.unknown !== undefined);
  const text = fragments.map((fragment) => fragment.text).join('');
  return unknown ? unknownWord(text, unknown.unknown ?? 'an expansion') : literalWord(text);
}
