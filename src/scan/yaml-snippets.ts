// Shared YAML handling for CI files: parse with positions, and turn a scalar node into a shell snippet.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Position, ShellSnippet } from './model.js';

export interface ParsedYaml {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

/** Parses YAML (or JSON, its subset) keeping offsets; throws with the parser's first message on errors. */
export function parseYamlWithPositions(source: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const error = doc.errors[0];
  if (error) throw new Error(`not valid YAML/JSON: ${error.message}`);
  return { doc, lines };
}

/** Follows `*alias` to the node it names (bounded by the document). */
export function deref(node: unknown, parsed: ParsedYaml): unknown {
  return isAlias(node) ? node.resolve(parsed.doc) : node;
}

/** The value under `key` of a mapping node, as a node, or undefined. */
export function child(node: unknown, key: string, parsed: ParsedYaml): unknown {
  const map = deref(node, parsed);
  if (!isMap(map)) return undefined;
  // The last one wins, as in the tools that read these files; earlier duplicates are rare mistakes.
  let found: unknown;
  for (const pair of map.items) if (isScalar(pair.key) && String(pair.key.value) === key) found = deref(pair.value, parsed);
  return found;
}

/** A literal string value (not a number, not a mapping), or undefined. */
export function stringValue(node: unknown, parsed: ParsedYaml): string | undefined {
  const value = deref(node, parsed);
  return isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
}

/** Literal string entries of a mapping (`env:`, `variables:`) for the commands it applies to. */
export function literalEntries(node: unknown, parsed: ParsedYaml): Record<string, string> {
  const map = deref(node, parsed);
  const out: Record<string, string> = {};
  if (!isMap(map)) return out;
  for (const pair of map.items) {
    const value = deref(pair.value, parsed);
    if (!isScalar(pair.key) || !isScalar(value)) continue;
    if (typeof value.value === 'string' || typeof value.value === 'number' || typeof value.value === 'boolean') out[String(pair.key.value)] = String(value.value);
  }
  return out;
}

/**
 * A shell snippet from a scalar node, each line mapped back to the file: a literal block (`|`)
 * keeps its lines one for one below its header; other scalars start where the node does.
 */
export function snippetFromScalar(node: Node, parsed: ParsedYaml, source: string, base: Omit<ShellSnippet, 'text' | 'positions'>): ShellSnippet | null {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return null;
  const start = parsed.lines.linePos(node.range[0]);
  const text = node.value;
  let positions: Position[];
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const indent = blockIndent(source, node.range[0]);
    const count = node.type === 'BLOCK_LITERAL' ? text.split('\n').length : 1;
    positions = Array.from({ length: count }, (_, i) => ({ line: start.line + 1 + i, column: indent + 1 }));
  } else {
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    positions = [{ line: start.line, column: start.col + (quoted ? 1 : 0) }];
  }
  return { ...base, text, positions };
}

/** Indentation of a block scalar's first non-empty content line, after its header at `offset`. */
function blockIndent(source: string, offset: number): number {
  let at = source.indexOf('\n', offset);
  while (at >= 0 && at + 1 < source.length) {
    let spaces = 0;
    while (source[at + 1 + spaces] === ' ') spaces++;
    const next = source[at + 1 + spaces];
    if (next !== '\n' && next !== '\r') return spaces;
    at = source.indexOf('\n', at + 1);
  }
  return 0;
}

export function itemsOf(node: unknown, parsed: ParsedYaml): unknown[] {
  const seq = deref(node, parsed);
  return isSeq(seq) ? seq.items.map((item) => deref(item, parsed)) : [];
}

export function mapEntries(node: unknown, parsed: ParsedYaml): [string, unknown][] {
  const map = deref(node, parsed);
  if (!isMap(map)) return [];
  return map.items.filter((pair) => isScalar(pair.key)).map((pair) => [String((pair.key as { value: unknown }).value), deref(pair.value, parsed)]);
}
