// Loads tree-sitter-bash (WASM) lazily and parses shell text within a time budget.
import { createRequire } from 'node:module';
import type { Node as SyntaxNode, Parser as TreeSitterParser } from 'web-tree-sitter';

export type { SyntaxNode };

/** The tree-sitter language versions (ABI) this code was checked with: web-tree-sitter 0.25.10 reads 13–15, tree-sitter-bash 0.25.1 is 15. */
const SUPPORTED_ABI = { min: 13, max: 15 } as const;

let parser: TreeSitterParser | undefined;
let loading: Promise<TreeSitterParser> | undefined;

/**
 * Loads the grammar once, on the first line that needs parsing. `--liftoff-only` keeps V8 from
 * compiling the WASM module in the background with TurboFan, which would otherwise hold the
 * process open at exit (see the same trick in src/tools/postgres/sql.ts).
 */
export function loadShellParser(): Promise<TreeSitterParser> {
  loading ??= (async () => {
    // Imported here, not at the top: loading node:v8 is what tells the start-up code cache that flags changed.
    const { setFlagsFromString } = await import('node:v8');
    setFlagsFromString('--liftoff-only');
    const require = createRequire(import.meta.url);
    const { Parser, Language } = await import('web-tree-sitter');
    // locateFile keeps working when guard is bundled: the runtime's WASM stays in node_modules.
    const runtimeWasm = require.resolve('web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtimeWasm } as Parameters<typeof Parser.init>[0]);
    const language = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    if (language.abiVersion < SUPPORTED_ABI.min || language.abiVersion > SUPPORTED_ABI.max) {
      throw new Error(`tree-sitter-bash language version ${language.abiVersion} is not supported (expected ${SUPPORTED_ABI.min}-${SUPPORTED_ABI.max})`);
    }
    const created = new Parser();
    created.setLanguage(language);
    parser = created;
    return created;
  })();
  return loading;
}

export type ParseOutcome =
  | { readonly ok: true; readonly root: SyntaxNode; /** Frees the tree's WASM memory once its nodes are no longer read. */ release(): void }
  | { readonly ok: false; readonly problem: string };

/** Parses one text; a syntax error, a missing token or a blown deadline is a problem, never a partial tree. */
export function parseShell(text: string, deadline: number): ParseOutcome {
  if (!parser) throw new Error('loadShellParser() must finish before parseShell()');
  if (text.includes('\0')) return { ok: false, problem: 'the shell text contains a NUL byte' };
  const active = parser;
  let cancelled = false;
  const tree = active.parse(text, null, {
    progressCallback: () => {
      cancelled = performance.now() > deadline;
      return cancelled;
    },
  } as Parameters<TreeSitterParser['parse']>[2]);
  // A cancelled parse resumes where it stopped unless reset: the next text must start afresh.
  active.reset();
  if (!tree || cancelled) return { ok: false, problem: 'parsing the shell text took longer than the time budget' };
  const root = tree.rootNode;
  if (root.hasError) {
    const problem = `the shell text does not parse (${describeError(root)})`;
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
