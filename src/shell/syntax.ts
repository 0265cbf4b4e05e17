// Readings of tree-sitter-bash's syntax the walker needs: redirect targets, line continuations, heredoc quoting.
import type { SyntaxNode } from './parser.js';

/** The words tree-sitter-bash put on a file redirect after its one target, grouped into shell words. */
export function argumentsAfterRedirect(redirect: SyntaxNode): SyntaxNode[][] {
  if (redirect.type !== 'file_redirect' && redirect.type !== 'herestring_redirect') return [];
  const groups: SyntaxNode[][] = [];
  let previous: SyntaxNode | null = null;
  for (const child of redirect.namedChildren) {
    if (!child || child.type === 'file_descriptor') continue;
    if (previous && child.startIndex === previous.endIndex) groups[groups.length - 1]?.push(child);
    else groups.push([child]);
    previous = child;
  }
  // `3>&-` and `<&-` close a descriptor and take no target word.
  const closes = redirect.children.some((child) => child !== null && !child.isNamed && child.type.endsWith('-'));
  return closes ? groups : groups.slice(1);
}

/** True when the text between two offsets of `node` is empty or only backslash-newline pairs. */
export function onlyLineContinuations(node: SyntaxNode, from: number, to: number): boolean {
  if (to < from) return false;
  const gap = node.text.slice(from - node.startIndex, to - node.startIndex);
  for (let i = 0; i < gap.length; i += 2) if (gap[i] !== '\\' || gap[i + 1] !== '\n') return false;
  return true;
}

/** A heredoc body is expanded unless its delimiter is quoted (`<<'EOF'`, `<<"EOF"`, `<<\\EOF`). */
export function expandsBody(body: SyntaxNode): boolean {
  const start = body.parent?.namedChildren.find((child) => child?.type === 'heredoc_start');
  const delimiter = start?.text ?? '';
  return !delimiter.includes("'") && !delimiter.includes('"') && !delimiter.includes('\\');
}
