// Literal values in Python settings (Django settings.py, alembic env.py), read with tree-sitter-python.
//
// A value is a string literal, an environment read (`os.environ['X']`, `os.environ.get('X', 'd')`,
// `os.getenv('X', 'd')`, django-environ's `env('X')`, `dj_database_url.config()`/`parse(...)`), a dict
// of such values, or something guard cannot evaluate (the caller fails closed).
import { loadParser, parseWithin, type SyntaxNode } from '../../parsers/tree-sitter.js';
import { monotonicMs } from '../../core/clock.js';

export type PythonValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'env'; readonly name: string; readonly fallback?: string }
  | { readonly kind: 'url'; readonly of: PythonValue }
  | { readonly kind: 'dict'; readonly entries: ReadonlyMap<string, PythonValue> }
  | { readonly kind: 'opaque'; readonly text: string };

function stringOf(node: SyntaxNode | null | undefined): string | null {
  if (!node || node.type !== 'string') return null;
  if (node.namedChildren.some((child) => child?.type === 'interpolation')) return null;
  return node.namedChildren.filter((child) => child?.type === 'string_content').map((child) => child?.text ?? '').join('');
}

function argumentList(call: SyntaxNode): { positional: SyntaxNode[]; keyword: Map<string, SyntaxNode> } {
  const positional: SyntaxNode[] = [];
  const keyword = new Map<string, SyntaxNode>();
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) keyword.set(name, value);
    } else positional.push(arg);
  }
  return { positional, keyword };
}

export function pythonValue(node: SyntaxNode): PythonValue {
  const literal = stringOf(node);
  if (literal !== null) return { kind: 'string', value: literal };
  if (node.type === 'subscript' && node.childForFieldName('value')?.text === 'os.environ') {
    const name = stringOf(node.childForFieldName('subscript'));
    if (name !== null) return { kind: 'env', name };
  }
  if (node.type === 'call') {
    const callee = node.childForFieldName('function')?.text ?? '';
    const { positional, keyword } = argumentList(node);
    if (['os.environ.get', 'os.getenv', 'env', 'env.str', 'environ.get', 'config'].includes(callee)) {
      const name = stringOf(positional[0]);
      const fallbackNode = positional[1] ?? keyword.get('default');
      const fallback = fallbackNode ? stringOf(fallbackNode) : undefined;
      if (name !== null && fallback !== null) return { kind: 'env', name, ...(fallback !== undefined ? { fallback } : {}) };
    }
    if (callee === 'dj_database_url.config' || callee === 'env.db' || callee === 'env.db_url') {
      const variable = stringOf(keyword.get('env') ?? (callee === 'dj_database_url.config' ? undefined : positional[0])) ?? 'DATABASE_URL';
      const fallbackNode = keyword.get('default');
      const fallback = fallbackNode ? stringOf(fallbackNode) : undefined;
      if (fallback === null) return { kind: 'opaque', text: node.text.slice(0, 80) };
      return { kind: 'url', of: { kind: 'env', name: variable, ...(fallback !== undefined ? { fallback } : {}) } };
    }
    if (callee === 'dj_database_url.parse' && positional[0]) return { kind: 'url', of: pythonValue(positional[0]) };
  }
  if (node.type === 'dictionary') {
    const entries = new Map<string, PythonValue>();
    for (const pair of node.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = stringOf(pair.childForFieldName('key'));
      const value = pair.childForFieldName('value');
      if (key !== null && value) entries.set(key, pythonValue(value));
    }
    return { kind: 'dict', entries };
  }
  return { kind: 'opaque', text: node.text.slice(0, 80) };
}

export interface PythonModule {
  /** The last top-level assignment to a name. */
  assigned(name: string): PythonValue | undefined;
  /** The arguments of the first call whose callee is written `callee`. */
  callArguments(callee: string): PythonValue[] | undefined;
  readonly mentions: (word: string) => boolean;
  release(): void;
}

export async function readPythonModule(source: string): Promise<PythonModule | { problem: string }> {
  const parser = await loadParser('python');
  const parsed = parseWithin(parser, source, monotonicMs() + 1000, 'the Python file');
  if (!parsed.ok) return { problem: parsed.problem };
  const root = parsed.root;
  const all = (type: string): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (node.type === type) out.push(node);
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
    return out;
  };
  return {
    assigned(name) {
      const found = all('assignment').filter((node) => node.childForFieldName('left')?.text === name && node.parent?.parent?.type === 'module').pop();
      const right = found?.childForFieldName('right');
      return right ? pythonValue(right) : undefined;
    },
    callArguments(callee) {
      const call = all('call').find((node) => node.childForFieldName('function')?.text === callee);
      return call ? argumentList(call).positional.map(pythonValue) : undefined;
    },
    mentions: (word) => source.includes(word),
    release: () => parsed.release(),
  };
}
