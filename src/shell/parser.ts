// Loads tree-sitter-bash lazily (src/parsers/tree-sitter.ts) and parses shell text within a time budget, sharing the trees of recent texts.
import type { Parser as TreeSitterParser } from 'web-tree-sitter';
import { loadParser, parseWithin, type ParseOutcome, type SyntaxNode } from '../parsers/tree-sitter.js';

export type { ParseOutcome, SyntaxNode };

let parser: TreeSitterParser | undefined;

/** Loads the grammar once, on the first line that needs parsing. */
export async function loadShellParser(): Promise<TreeSitterParser> {
  parser ??= await loadParser('bash');
  return parser;
}

/**
 * A parsed tree several readers may hold at once. Freed when the last holder lets go: the cache
 * counts as one holder, each parseShell caller as another.
 */
interface SharedTree {
  readonly text: string;
  readonly root: SyntaxNode;
  readonly free: () => void;
  holders: number;
}

/**
 * The trees of the last few texts that parsed. A hook call parses its line in the analysis and
 * again in the redactor (and each command's snippet, often the same words on the next call); a
 * tree is a pure function of its text and the grammar, and nobody edits one, so a shared tree
 * reads exactly as a fresh parse of the same text would. Texts that do not parse are not kept:
 * their problem is found again each time. Small texts only, so the memory kept stays small.
 */
const SHARED_TREES = 8;
const SHARED_TEXT_CHARS = 4096;
const shared = new Map<string, SharedTree>();

function letGo(tree: SharedTree): void {
  tree.holders--;
  if (tree.holders === 0) tree.free();
}

/** A holder's handle on a shared tree: releasing it twice lets go only once. */
function hold(tree: SharedTree): ParseOutcome {
  tree.holders++;
  let released = false;
  return {
    ok: true,
    root: tree.root,
    release: () => {
      if (released) return;
      released = true;
      letGo(tree);
    },
  };
}

/** Parses one text; a syntax error, a missing token or a blown deadline is a problem, never a partial tree. */
export function parseShell(text: string, deadline: number): ParseOutcome {
  if (!parser) throw new Error('loadShellParser() must finish before parseShell()');
  const known = shared.get(text);
  if (known) {
    // Most recently used last: the oldest is the first evicted.
    shared.delete(text);
    shared.set(text, known);
    return hold(known);
  }
  const parsed = parseWithin(parser, text, deadline, 'the shell text');
  if (!parsed.ok || text.length > SHARED_TEXT_CHARS) return parsed;
  const tree: SharedTree = { text, root: parsed.root, free: parsed.release, holders: 1 };
  shared.set(text, tree);
  if (shared.size > SHARED_TREES) {
    const oldest = shared.values().next().value as SharedTree;
    shared.delete(oldest.text);
    letGo(oldest);
  }
  return hold(tree);
}
