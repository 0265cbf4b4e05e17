// Loads tree-sitter-bash lazily (src/parsers/tree-sitter.ts) and parses shell text within a time budget.
import type { Parser as TreeSitterParser } from 'web-tree-sitter';
import { loadParser, parseWithin, type ParseOutcome, type SyntaxNode } from '../parsers/tree-sitter.js';

export type { ParseOutcome, SyntaxNode };

let parser: TreeSitterParser | undefined;

/** Loads the grammar once, on the first line that needs parsing. */
export async function loadShellParser(): Promise<TreeSitterParser> {
  parser ??= await loadParser('bash');
  return parser;
}

/** Parses one text; a syntax error, a missing token or a blown deadline is a problem, never a partial tree. */
export function parseShell(text: string, deadline: number): ParseOutcome {
  if (!parser) throw new Error('loadShellParser() must finish before parseShell()');
  return parseWithin(parser, text, deadline, 'the shell text');
}
