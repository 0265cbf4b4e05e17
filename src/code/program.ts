// Reads one program: its entry file or inline text, the local modules it imports (within bounds), and every library call found.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { loadParser, parseWithin, type GrammarName, type SyntaxNode } from '../parsers/tree-sitter.js';
import type { CodeCall, CodeLanguage, CodeReading, Value } from './model.js';
import { monotonicMs } from '../core/clock.js';

/** Bounds: beyond them guard says it cannot follow the code (and the program is unknown). */
export const CODE_LIMITS = {
  /** Bytes of one source file. */
  maxFileBytes: 1 << 20,
  /** Local imports followed from the entry file. */
  maxImportDepth: 8,
  /** Files read for one program. */
  maxFiles: 64,
  /** Nested calls of local functions analysed with their arguments. */
  maxCallDepth: 6,
  /** Local function calls analysed per program. */
  maxInvocations: 2000,
  /** Time for reading one program, in milliseconds. */
  budgetMs: 3000,
} as const;

export interface ProgramSource {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Reads a file (regular files only); rejects when it cannot. */
  readFile(path: string): Promise<Buffer>;
  fileExists(path: string): boolean;
  /** Names the host program defines for its scripts (mongosh's `db`, `load`): looked up before the language's own globals. */
  readonly globals?: Readonly<Record<string, Value>>;
}

/** A language's reader of one file: it records calls through `program` and returns the module's exports. */
export type FrontEnd = (program: ProgramReader, file: ModuleFile, root: SyntaxNode) => Promise<Value>;

export interface ModuleFile {
  readonly path: string;
  /** As shown in reports: relative to the working directory. */
  readonly shown: string;
  readonly language: CodeLanguage;
  readonly depth: number;
}

const GRAMMAR: Readonly<Record<CodeLanguage, GrammarName>> = { javascript: 'javascript', typescript: 'typescript', tsx: 'tsx', python: 'python' };

/** The language of a file by its extension, or null for files guard does not read as code. */
export function languageOfFile(path: string): CodeLanguage | null {
  const dot = path.lastIndexOf('.');
  const extension = dot >= 0 ? path.slice(dot + 1).toLowerCase() : '';
  if (['js', 'mjs', 'cjs'].includes(extension)) return 'javascript';
  if (['ts', 'mts', 'cts'].includes(extension)) return 'typescript';
  if (['tsx', 'jsx'].includes(extension)) return 'tsx';
  if (['py', 'pyw'].includes(extension)) return 'python';
  return null;
}

export class ProgramReader {
  readonly calls: CodeCall[] = [];
  readonly problems: { file: string; line: number; what: string }[] = [];
  readonly files: string[] = [];
  private readonly seen = new Set<string>();
  private readonly modules = new Map<string, Promise<Value>>();
  private readonly releases: (() => void)[] = [];
  private readonly deferred: { key: string; walk: () => void }[] = [];
  private readonly inProgress = new Set<string>();
  private readonly deferredKeys = new Set<string>();
  private readonly invokedFunctions = new Set<string>();
  private readonly deadline = monotonicMs() + CODE_LIMITS.budgetMs;
  invocations = 0;

  constructor(
    readonly source: ProgramSource,
    private readonly frontEnds: Readonly<Record<CodeLanguage, () => Promise<FrontEnd>>>,
  ) {}

  /** Records a library call once per place and frame (a walk may meet the same node twice). */
  record(call: CodeCall, key: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.calls.push(call);
  }

  problem(file: string, node: SyntaxNode | null, what: string): void {
    if (this.problems.some((p) => p.what === what && p.file === file)) return;
    this.problems.push({ file, line: node ? node.startPosition.row + 1 : 1, what });
  }

  outOfTime(): boolean {
    return monotonicMs() > this.deadline;
  }

  shown(path: string): string {
    return relative(this.source.cwd, path) || path;
  }

  /** Reads inline code (`node -e`, `python -c`, stdin, a heredoc) as a module of its own. */
  async readText(text: string, language: CodeLanguage, shown: string): Promise<void> {
    await this.parseAndRead(text, { path: resolve(this.source.cwd, '[inline]'), shown, language, depth: 0 });
  }

  async readFile(path: string, language: CodeLanguage): Promise<void> {
    await this.loadModule(path, language, 0, null, this.shown(path));
  }

  /**
   * A local module (`require('./lib')`, `from . import helpers`) read once; its exports as a value.
   * Over the bounds, or unreadable: an unknown value, and a problem (fail closed).
   */
  loadModule(path: string, language: CodeLanguage, depth: number, from: { file: string; node: SyntaxNode } | null, shown = this.shown(path)): Promise<Value> {
    // A cycle (a imports b imports a) sees a's exports unfinished, as Node and Python do: unknown values, not a wait on itself.
    if (this.inProgress.has(path)) return Promise.resolve({ kind: 'unknown', why: `${shown} is imported in a cycle` });
    let loading = this.modules.get(path);
    if (!loading) {
      this.inProgress.add(path);
      loading = (async (): Promise<Value> => {
        const fail = (what: string): Value => {
          this.problem(from?.file ?? shown, from?.node ?? null, what);
          return { kind: 'unknown', why: what };
        };
        if (depth > CODE_LIMITS.maxImportDepth) return fail(`${shown} is imported more than ${CODE_LIMITS.maxImportDepth} levels deep`);
        if (this.files.length >= CODE_LIMITS.maxFiles) return fail(`the program imports more than ${CODE_LIMITS.maxFiles} local files`);
        let bytes: Buffer;
        try {
          bytes = await this.source.readFile(path);
        } catch (error) {
          return fail(`guard cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        }
        if (bytes.length > CODE_LIMITS.maxFileBytes) return fail(`${shown} is larger than ${CODE_LIMITS.maxFileBytes} bytes`);
        return this.parseAndRead(bytes.toString('utf8'), { path, shown, language, depth });
      })().finally(() => this.inProgress.delete(path));
      this.modules.set(path, loading);
    }
    return loading;
  }

  private async parseAndRead(text: string, file: ModuleFile): Promise<Value> {
    this.files.push(file.shown);
    const parser = await loadParser(GRAMMAR[file.language]);
    // Both grammars read a leading `#!` line (JavaScript's hash-bang, Python's comment).
    const parsed = parseWithin(parser, text, Math.min(this.deadline, monotonicMs() + 1000), file.shown);
    if (!parsed.ok) {
      this.problem(file.shown, null, parsed.problem);
      return { kind: 'unknown', why: parsed.problem };
    }
    // Trees stay alive until the whole program is read: functions of one module are followed from another.
    this.releases.push(parsed.release);
    const frontEnd = await this.frontEnds[file.language]();
    return frontEnd(this, file, parsed.root);
  }

  /**
   * The file a relative specifier names, trying the extensions the runtime would (a directory's
   * package.json `main`, then its index), `json` for data and `native` for a compiled addon, or null.
   */
  resolveLocal(fromFile: string, specifier: string, extensions: readonly string[]): string | 'json' | 'native' | null {
    const base = resolve(dirname(fromFile), specifier);
    if (base.endsWith('.json') && this.source.fileExists(base)) return 'json';
    if (base.endsWith('.node')) return 'native';
    const candidates = [base, ...extensions.map((e) => `${base}${e}`)];
    const manifest = `${base}/package.json`;
    if (this.source.fileExists(manifest)) {
      try {
        const main = (JSON.parse(readFileSync(manifest, 'utf8')) as { main?: unknown }).main;
        if (typeof main === 'string') {
          const entry = resolve(base, main);
          candidates.push(entry, ...extensions.map((e) => `${entry}${e}`), ...extensions.map((e) => `${entry}/index${e}`));
        }
      } catch {
        // An unreadable manifest leaves the index files.
      }
    }
    candidates.push(...extensions.map((e) => `${base}/index${e}`));
    // TypeScript sources import their siblings as `./lib.js`.
    if (/\.(m|c)?js$/.test(base)) candidates.push(base.replace(/\.(m|c)?js$/, '.ts'), base.replace(/\.(m|c)?js$/, '.tsx'));
    return candidates.find((candidate) => this.source.fileExists(candidate) && languageOfFile(candidate) !== null) ?? null;
  }

  /**
   * A function the code never calls by name (a callback, an export) is walked with unknown
   * parameters at the end, unless some module called it with arguments guard could follow.
   */
  defer(key: string, walk: () => void, closure = ''): void {
    // Once per function and closure: the same body with the same captured values reads the same.
    const unique = `${key}#${closure}`;
    if (this.deferredKeys.has(unique)) return;
    this.deferredKeys.add(unique);
    this.deferred.push({ key, walk });
  }

  invoked(key: string): void {
    this.invokedFunctions.add(key);
  }

  private runDeferred(): void {
    for (let i = 0; i < this.deferred.length && i < 10_000; i++) {
      const pending = this.deferred[i] as { key: string; walk: () => void };
      if (!this.invokedFunctions.has(pending.key)) pending.walk();
    }
  }

  /** What was found; frees every syntax tree (call values hold no nodes). */
  result(): CodeReading {
    this.runDeferred();
    for (const release of this.releases.splice(0)) release();
    return { calls: this.calls, problems: this.problems, files: this.files };
  }
}

/** Reads a program with the front ends loaded lazily: JavaScript's and Python's only when needed. */
export function newProgramReader(source: ProgramSource): ProgramReader {
  const js = async () => (await import('./javascript.js')).readJavaScriptModule;
  return new ProgramReader(source, { javascript: js, typescript: js, tsx: js, python: async () => (await import('./python.js')).readPythonModule });
}
