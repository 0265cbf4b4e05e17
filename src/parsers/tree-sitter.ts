// Loads tree-sitter grammars (WASM) on demand on one shared runtime, and parses text within a time budget.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Language, Node as SyntaxNode, Parser as TreeSitterParser } from 'web-tree-sitter';
import { monotonicMs } from '../core/clock.js';
import { applyWasmFlags } from './wasm-flags.js';

export type { SyntaxNode };

/** The grammars guard reads: bash for shell lines; JavaScript, TypeScript, TSX, Python and Ruby for code. */
export type GrammarName = 'bash' | 'javascript' | 'typescript' | 'tsx' | 'python' | 'ruby';

/** Each grammar's WASM file inside its npm package (versions pinned in package.json). */
const GRAMMAR_FILES: Readonly<Record<GrammarName, string>> = {
  bash: 'tree-sitter-bash/tree-sitter-bash.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  ruby: 'tree-sitter-ruby/tree-sitter-ruby.wasm',
};

/** The language versions (ABI) web-tree-sitter 0.25 reads; every pinned grammar is 14 or 15. */
const SUPPORTED_ABI = { min: 13, max: 15 } as const;

let runtime: Promise<typeof import('web-tree-sitter')> | undefined;
const parsers = new Map<GrammarName, Promise<TreeSitterParser>>();

/**
 * Initialises the WASM runtime once. `--liftoff-only` keeps V8 from compiling the module in the
 * background with TurboFan, which would otherwise hold the process open at exit (see the same
 * trick in src/tools/postgres/sql.ts).
 */
function loadRuntime(): Promise<typeof import('web-tree-sitter')> {
  runtime ??= (async () => {
    await applyWasmFlags();
    const require = createRequire(import.meta.url);
    const treeSitter = await import('web-tree-sitter');
    // The runtime's WASM stays in node_modules when guard is bundled. Its bytes are handed over
    // (with locateFile as the fallback) so the runtime never reaches for a file API of its own.
    const runtimeWasm = require.resolve('web-tree-sitter/tree-sitter.wasm');
    await treeSitter.Parser.init({ locateFile: () => runtimeWasm, wasmBinary: readFileSync(runtimeWasm) } as Parameters<typeof treeSitter.Parser.init>[0]);
    return treeSitter;
  })();
  return runtime;
}

/** A parser for one grammar, created on first use and reused. */
export function loadParser(name: GrammarName): Promise<TreeSitterParser> {
  let loading = parsers.get(name);
  if (!loading) {
    loading = (async () => {
      const { Parser, Language: LanguageClass } = await loadRuntime();
      const require = createRequire(import.meta.url);
      // Bytes, not a path: given a path, web-tree-sitter imports fs/promises, which starts Node's ES-module loader.
      const language: Language = await LanguageClass.load(readFileSync(require.resolve(GRAMMAR_FILES[name])));
      if (language.abiVersion < SUPPORTED_ABI.min || language.abiVersion > SUPPORTED_ABI.max) {
        throw new Error(`the ${name} grammar's language version ${language.abiVersion} is not supported (expected ${SUPPORTED_ABI.min}-${SUPPORTED_ABI.max})`);
      }
      const created = new Parser();
      created.setLanguage(language);
      return created;
    })();
    parsers.set(name, loading);
  }
  return loading;
}

export type ParseOutcome =
  | { readonly ok: true; readonly root: SyntaxNode; /** Frees the tree's WASM memory once its nodes are no longer read. */ release(): void }
  | { readonly ok: false; readonly problem: string };

/**
 * Parses one text with a loaded parser; a syntax error, a missing token or a blown deadline is a
 * problem, never a partial tree. `what` names the text in problems ("the shell text").
 */
export function parseWithin(parser: TreeSitterParser, text: string, deadline: number, what: string): ParseOutcome {
  if (text.includes('\0')) return { ok: false, problem: `${what} contains a NUL byte` };
  let cancelled = false;
  const tree = parser.parse(text, null, {
    progressCallback: () => {
      cancelled = monotonicMs() > deadline;
      return cancelled;
    },
  } as Parameters<TreeSitterParser['parse']>[2]);
  // A cancelled parse resumes where it stopped unless reset: the next text must start afresh.
  parser.reset();
  if (!tree || cancelled) return { ok: false, problem: `parsing ${what} took longer than the time budget` };
  const root = tree.rootNode;
  if (root.hasError) {
    const problem = `${what} does not parse (${describeError(root)})`;
    tree.delete();
    return { ok: false, problem };
  }
  return { ok: true, root, release: () => tree.delete() };
}

function describeError(root: SyntaxNode): string {
  const stack: SyntaxNode[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < 100_000) {
    const node = stack.pop() as SyntaxNode;
    if (node.isMissing) return `missing ${JSON.stringify(node.type)} at line ${node.startPosition.row + 1}, column ${node.startPosition.column + 1}`;
    if (node.type === 'ERROR') return `syntax error at line ${node.startPosition.row + 1}, column ${node.startPosition.column + 1}`;
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child && child.hasError) stack.push(child);
    }
  }
  return 'syntax error';
}
