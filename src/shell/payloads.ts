// What a command reads on stdin (heredocs, here-strings, `< file`) and what simple producers write to a pipe.
import { resolve } from 'node:path';
import type { LinePayload, LineWrite } from './model.js';
import { clip, decodeAnsiC, expandQuoted, expandWord, type ExpansionScope, type Word } from './expand.js';
import type { SyntaxNode } from './parser.js';

/** The payload a redirect gives stdin, or undefined when the redirect is not about stdin. */
export function stdinOfRedirect(redirect: SyntaxNode, scope: ExpansionScope, cwd: string): LinePayload | undefined {
  switch (redirect.type) {
    case 'heredoc_redirect':
      return heredocPayload(redirect, scope);
    case 'herestring_redirect': {
      const value = redirect.namedChildren.filter((child): child is SyntaxNode => child !== null);
      const words = value.map((node) => expandQuoted(node, scope));
      const unknown = words.find((word) => !word.known);
      if (unknown) return { kind: 'unknown', why: `the here-string ${clip(redirect.text)} (${unknown.why ?? 'an expansion'})` };
      return { kind: 'text', text: `${words.map((word) => word.text).join('')}\n` };
    }
    case 'file_redirect': {
      const descriptor = redirect.children.find((child) => child?.type === 'file_descriptor')?.text;
      const operator = redirect.children.find((child) => child !== null && !child.isNamed)?.type ?? '';
      if (descriptor !== undefined && descriptor !== '0') return undefined;
      if (operator === '<&-' || (operator === '<&' && redirect.lastChild?.text === '-')) return { kind: 'text', text: '' };
      if (operator === '<&') return { kind: 'unknown', why: `stdin duplicated from another descriptor (${clip(redirect.text)})` };
      if (operator !== '<' && operator !== '<>') return undefined;
      const destination = redirect.childForFieldName('destination');
      if (!destination) return { kind: 'unknown', why: `the redirect ${clip(redirect.text)}` };
      const words = expandWord([destination], scope);
      const word = words[0];
      if (words.length !== 1 || !word || !word.known || word.glob) return { kind: 'unknown', why: `stdin from ${clip(redirect.text)}, a file guard cannot name` };
      return { kind: 'file', path: resolve(cwd, word.text) };
    }
    default:
      return undefined;
  }
}

/** Operators that open their file for writing (bash: `>`, `>|`, `>>`, `&>`, `&>>`, `<>`, and `>&` onto a file name). */
const WRITING_OPERATORS = new Set(['>', '>|', '>>', '&>', '&>>', '<>', '>&']);

/** The file a redirect writes to, or undefined when it writes none (input, descriptor duplication, heredocs). */
export function writeOfRedirect(redirect: SyntaxNode, scope: ExpansionScope, cwd: string): LineWrite | undefined {
  if (redirect.type !== 'file_redirect') return undefined;
  const operator = redirect.children.find((child) => child !== null && !child.isNamed)?.type ?? '';
  if (!WRITING_OPERATORS.has(operator)) return undefined;
  const origin = clip(redirect.text);
  const destination = redirect.childForFieldName('destination');
  if (!destination) return { kind: 'unknown', why: `the redirect ${origin}`, origin };
  const words = expandWord([destination], scope);
  const word = words[0];
  if (words.length !== 1 || !word || !word.known || word.glob) return { kind: 'unknown', why: `the redirect ${origin} writes to a file guard cannot name`, origin };
  // `>&2`, `>&-`: a descriptor, not a file.
  if (operator === '>&' && /^(\d+|-)$/.test(word.text)) return undefined;
  return { kind: 'file', path: resolve(cwd, word.text), origin };
}

function heredocPayload(redirect: SyntaxNode, scope: ExpansionScope): LinePayload {
  const start = redirect.children.find((child) => child?.type === 'heredoc_start');
  const body = redirect.children.find((child) => child?.type === 'heredoc_body');
  const stripTabs = redirect.children.some((child) => child?.type === '<<-');
  // A quoted delimiter (`<<'EOF'`, `<<"EOF"`, `<<\EOF`) makes the body literal.
  const literal = start != null && /['"\\]/.test(start.text);
  let text = '';
  const misparsed = start ? misparsedBody(redirect, start) : null;
  if (misparsed !== null) {
    if (misparsed === 'unreadable' || (!literal && /[$`]/.test(misparsed))) return { kind: 'unknown', why: `the heredoc ${clip(redirect.text)}, which guard's shell parser cannot read` };
    text = literal ? misparsed : unescapeHeredoc(misparsed);
  } else if (body) {
    if (literal) text = body.text;
    else {
      let position = body.startIndex;
      for (const child of body.namedChildren) {
        if (!child) continue;
        text += body.text.slice(position - body.startIndex, child.startIndex - body.startIndex);
        const word = expandQuoted(child, scope);
        if (!word.known && child.type !== 'heredoc_content') return { kind: 'unknown', why: `the heredoc contains ${word.why ?? 'an expansion'}` };
        text += child.type === 'heredoc_content' ? unescapeHeredoc(child.text) : word.text;
        position = child.endIndex;
      }
      text += body.text.slice(position - body.startIndex);
    }
  }
  if (stripTabs) text = text.split('\n').map((line) => line.replace(/^\t+/, '')).join('\n');
  return { kind: 'text', text };
}

/**
 * tree-sitter-bash lexes a body whose first line starts with a backslash (`\\copy`, `\\i x.sql`)
 * as words of the command line and leaves the body node empty. Then the body is the source
 * between the line of `<<` and the delimiter, or 'unreadable' when more follows `<<EOF` on its line.
 */
function misparsedBody(redirect: SyntaxNode, start: SyntaxNode): string | 'unreadable' | null {
  const source = redirect.text;
  const lineEnd = source.indexOf('\n', start.endIndex - redirect.startIndex);
  const end = redirect.children.find((child) => child?.type === 'heredoc_end');
  if (lineEnd < 0 || !end) return null;
  const strays = redirect.namedChildren.filter(
    (child): child is SyntaxNode => child !== null && !['heredoc_start', 'heredoc_body', 'heredoc_end', 'file_descriptor'].includes(child.type) && child.endIndex - redirect.startIndex > lineEnd,
  );
  if (strays.length === 0) return null;
  if (strays.some((child) => child.startIndex - redirect.startIndex < lineEnd)) return 'unreadable';
  return source.slice(lineEnd + 1, end.startIndex - redirect.startIndex);
}

/** In an unquoted heredoc a backslash escapes only `$`, backquote, backslash and newline. */
function unescapeHeredoc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const next = text[i + 1];
    if (char === '\\' && next !== undefined && '$`\\\n'.includes(next)) {
      i++;
      if (next !== '\n') out += next;
    } else out += char;
  }
  return out;
}

/**
 * What a pipeline stage writes to the next one, when guard can tell statically: `echo`,
 * `printf`, `cat file`, `yes`. Anything else writes something guard cannot see.
 */
export function outputOf(words: readonly Word[], stdin: LinePayload | undefined, cwd: string): LinePayload {
  const program = words[0]?.text ?? '';
  const name = program.slice(program.lastIndexOf('/') + 1);
  const args = words.slice(1);
  const shown: LinePayload = { kind: 'unknown', why: `the output of ${clip(words.map((word) => word.text).join(' '))}` };
  if (args.some((word) => !word.known) || !words[0]?.known) return shown;
  // A static producer is named, so a family can measure what it would write (redis-cli --scan | xargs …).
  const unseen: LinePayload = { ...shown, producer: words.map((word) => word.text) };
  const texts = args.map((word) => word.text);
  switch (name) {
    case 'echo': {
      let newline = true;
      let escapes = false;
      let i = 0;
      for (; i < texts.length && /^-[neE]+$/.test(texts[i] as string); i++) {
        const flags = texts[i] as string;
        if (flags.includes('n')) newline = false;
        if (flags.includes('e')) escapes = true;
        if (flags.includes('E')) escapes = false;
      }
      const joined = texts.slice(i).join(' ');
      return { kind: 'text', text: `${escapes ? decodeAnsiC(joined) : joined}${newline ? '\n' : ''}` };
    }
    case 'printf': {
      const text = printf(texts);
      return text === null ? unseen : { kind: 'text', text };
    }
    case 'cat': {
      const files = texts.filter((text) => text !== '-u');
      if (files.length === 0 || (files.length === 1 && files[0] === '-')) return stdin ?? { kind: 'unknown', why: 'the standard input of the line' };
      if (files.length === 1 && !args.some((word) => word.glob)) return { kind: 'file', path: resolve(cwd, files[0] as string) };
      return unseen;
    }
    case 'yes':
      // One line stands for the endless stream: a confirmation answered by `yes` is still a confirmation.
      return { kind: 'text', text: `${texts.length > 0 ? texts.join(' ') : 'y'}\n` };
    case 'true':
    case ':':
      return { kind: 'text', text: '' };
    default:
      return unseen;
  }
}

/** printf's format with %s, %b, %d, %% and backslash escapes; null for anything else. */
function printf(args: readonly string[]): string | null {
  const [format, ...values] = args;
  if (format === undefined || format.startsWith('-')) return null;
  let out = '';
  let index = 0;
  const pass = () => {
    let literal = '';
    for (let i = 0; i < format.length; i++) {
      const char = format[i] as string;
      if (char !== '%') {
        literal += char;
        continue;
      }
      const directive = format[++i];
      if (directive === '%') {
        literal += '%';
        continue;
      }
      if (directive !== 's' && directive !== 'b' && directive !== 'd') return false;
      out += decodeAnsiC(literal);
      literal = '';
      const value = values[index++] ?? '';
      out += directive === 'b' ? decodeAnsiC(value) : value;
    }
    out += decodeAnsiC(literal);
    return true;
  };
  // printf reuses its format until every argument is consumed.
  do {
    if (!pass()) return null;
  } while (index < values.length && index > 0);
  return out;
}
