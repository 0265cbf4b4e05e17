// String literals as the language reads them: escapes decoded; anything guard cannot decode is null.
import type { SyntaxNode } from '../parsers/tree-sitter.js';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0', '\\': '\\', "'": "'", '"': '"', '`': '`', $: '$', '\n': '' };

/** One escape sequence (`\n`, `\x41`, `\u{1F600}`), or null. */
export function decodeEscape(escape: string): string | null {
  const body = escape.slice(1);
  if (body in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[body] as string;
  let hex: string | null = null;
  if (/^x[0-9a-fA-F]{2}$/.test(body)) hex = body.slice(1);
  else if (/^u[0-9a-fA-F]{4}$/.test(body)) hex = body.slice(1);
  else if (/^u\{[0-9a-fA-F]{1,6}\}$/.test(body)) hex = body.slice(2, -1);
  else if (/^U[0-9a-fA-F]{8}$/.test(body)) hex = body.slice(1);
  if (hex !== null) {
    const code = Number.parseInt(hex, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : null;
  }
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCharCode(Number.parseInt(body, 8));
  // An unknown escape stands for the character itself in both languages' lenient forms.
  return body.length === 1 ? body : null;
}

/** A JavaScript string node, or one piece of a template (fragment, escape). */
export function decodeJsString(node: SyntaxNode): { text: string | null } {
  if (node.type === 'string_fragment') return { text: node.text };
  if (node.type === 'escape_sequence') return { text: decodeEscape(node.text) };
  if (node.type !== 'string') return { text: null };
  let text = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    const piece = decodeJsString(child);
    if (piece.text === null) return { text: null };
    text += piece.text;
  }
  return { text };
}
