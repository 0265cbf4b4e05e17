// Literal values in JS/TS config files (prisma.config.ts, drizzle.config.ts, knexfile, typeorm data sources).
//
// Read with tree-sitter: a value is either a string literal, an environment variable
// (`process.env.X`, `process.env['X']`, prisma's `env('X')`, optionally with `!` or `?? 'default'`),
// an object of such values, or something guard cannot evaluate (then the caller fails closed).
import { loadParser, parseWithin, type SyntaxNode } from '../../parsers/tree-sitter.js';
import { monotonicMs } from '../../core/clock.js';

export type ConfigValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'env'; readonly name: string; readonly fallback?: string }
  | { readonly kind: 'object'; readonly entries: ReadonlyMap<string, ConfigValue> }
  | { readonly kind: 'opaque'; readonly text: string };

const BUDGET_MS = 1000;

function stringOf(node: SyntaxNode): string | null {
  if (node.type === 'string') return node.namedChildren.filter((c) => c?.type === 'string_fragment').map((c) => c?.text ?? '').join('');
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution')) {
    return node.namedChildren.filter((c) => c?.type === 'string_fragment').map((c) => c?.text ?? '').join('');
  }
  return null;
}

function envName(node: SyntaxNode): string | null {
  if (node.type === 'member_expression' && node.childForFieldName('object')?.text === 'process.env') return node.childForFieldName('property')?.text ?? null;
  if (node.type === 'subscript_expression' && node.childForFieldName('object')?.text === 'process.env') {
    const index = node.childForFieldName('index');
    return index ? stringOf(index) : null;
  }
  if (node.type === 'call_expression' && node.childForFieldName('function')?.text === 'env') {
    const first = node.childForFieldName('arguments')?.namedChildren[0];
    return first ? stringOf(first) : null;
  }
  return null;
}

export function valueOf(node: SyntaxNode): ConfigValue {
  let current = node;
  // `x!`, `(x)`, `x as string`, `x satisfies T`.
  while (['non_null_expression', 'parenthesized_expression', 'as_expression', 'satisfies_expression'].includes(current.type) && current.namedChildren[0]) current = current.namedChildren[0] as SyntaxNode;
  const literal = stringOf(current);
  if (literal !== null) return { kind: 'string', value: literal };
  const name = envName(current);
  if (name !== null) return { kind: 'env', name };
  if (current.type === 'binary_expression' && ['??', '||'].includes(current.childForFieldName('operator')?.text ?? '')) {
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    const leftValue = left ? valueOf(left) : null;
    const rightValue = right ? valueOf(right) : null;
    if (leftValue?.kind === 'env' && rightValue?.kind === 'string') return { kind: 'env', name: leftValue.name, fallback: rightValue.value };
  }
  // `migrations: ['src/migrations/*.ts']`: a single-element list stands for its element.
  if (current.type === 'array' && current.namedChildCount === 1 && current.namedChildren[0]) return valueOf(current.namedChildren[0]);
  if (current.type === 'object') {
    const entries = new Map<string, ConfigValue>();
    for (const pair of current.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      if (key && value) entries.set(key.text.replace(/^['"]|['"]$/g, ''), valueOf(value));
    }
    return { kind: 'object', entries };
  }
  return { kind: 'opaque', text: current.text.slice(0, 80) };
}

/** The first object literal in the file that has all of `keys` (the config object). */
export async function findConfigObject(source: string, typescript: boolean, keys: readonly string[]): Promise<ReadonlyMap<string, ConfigValue> | { readonly problem: string }> {
  const parser = await loadParser(typescript ? 'typescript' : 'javascript');
  const parsed = parseWithin(parser, source, monotonicMs() + BUDGET_MS, 'the config file');
  if (!parsed.ok) return { problem: parsed.problem };
  try {
    const stack: SyntaxNode[] = [parsed.root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (node.type === 'object') {
        const value = valueOf(node);
        if (value.kind === 'object' && keys.every((key) => value.entries.has(key))) return value.entries;
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
    return { problem: `no object with ${keys.join(', ')} in it` };
  } finally {
    parsed.release();
  }
}

/** Follows a dotted path (`datasource.url`) through nested objects. */
export function at(entries: ReadonlyMap<string, ConfigValue>, path: string): ConfigValue | undefined {
  let current: ConfigValue | undefined = { kind: 'object', entries };
  for (const part of path.split('.')) {
    if (current?.kind !== 'object') return undefined;
    current = current.entries.get(part);
  }
  return current;
}
