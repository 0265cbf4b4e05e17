// The command lines of the script runners: which program text they run (a file, -e/-c code, stdin), and what is not code.
import type { CodeLanguage } from '../../code/model.js';
import { languageOfFile } from '../../code/program.js';

export type CodeSource =
  | { readonly kind: 'file'; readonly path: string; readonly language: CodeLanguage }
  | { readonly kind: 'inline'; readonly text: string; readonly language: CodeLanguage; readonly label: string }
  | { readonly kind: 'stdin'; readonly language: CodeLanguage }
  /** `python -m pytest`: an installed module, not code of this repository (a local module is read as a file). */
  | { readonly kind: 'module'; readonly name: string };

export interface RunnerInvocation {
  readonly info: boolean;
  readonly sources: readonly CodeSource[];
  readonly problems: readonly string[];
  /** Nothing to run: a REPL at a terminal, `deno fmt`. */
  readonly interactive: boolean;
}

interface Grammar {
  readonly language: CodeLanguage;
  /** Short options taking a value; the first of `code` letters is code (`-e`, `-c`). */
  readonly shortValue: string;
  readonly shortFlags: string;
  readonly longValue: readonly string[];
  readonly codeShort: string;
  readonly codeLong: readonly string[];
  readonly info: readonly string[];
  /** Python's `-m module`. */
  readonly moduleShort?: string;
  /** Options after which the runner runs no program of its own (`node --test` runs the test files it finds). */
  readonly noProgram?: readonly string[];
}

// node --help (Node 20), python3 --help (3.11), tsx --help (4.x), ts-node --help (10.x), deno run --help (1.x/2.x).
const NODE: Grammar = {
  language: 'javascript',
  shortValue: 'rC',
  shortFlags: 'ihc',
  longValue: ['require', 'import', 'loader', 'experimental-loader', 'input-type', 'env-file', 'conditions', 'title', 'stack-size', 'max-old-space-size', 'inspect-port', 'redirect-warnings', 'test-reporter', 'test-reporter-destination', 'test-name-pattern', 'watch-path', 'report-dir', 'diagnostic-dir', 'disable-warning', 'dns-result-order', 'experimental-policy', 'icu-data-dir', 'openssl-config', 'secure-heap', 'trace-event-categories', 'unhandled-rejections', 'heapsnapshot-signal', 'cpu-prof-dir', 'heap-prof-dir'],
  codeShort: 'ep',
  codeLong: ['eval', 'print'],
  info: ['--version', '-v', '--help', '-h', '--v8-options'],
  noProgram: ['test', 'run', 'check'],
};
const PYTHON: Grammar = {
  language: 'python',
  shortValue: 'WX',
  shortFlags: 'bBdEhiIOPqsSuvVx3',
  longValue: ['check-hash-based-pycs'],
  codeShort: 'c',
  codeLong: [],
  info: ['--version', '-V', '--help', '-h', '--help-env', '--help-xoptions', '--help-all'],
  moduleShort: 'm',
};
const TSX: Grammar = { ...NODE, language: 'typescript', longValue: [...NODE.longValue, 'tsconfig'], shortFlags: 'ihcv' };
const TS_NODE: Grammar = { ...NODE, language: 'typescript', shortValue: 'rCPOI', shortFlags: 'ihvTHs', longValue: [...NODE.longValue, 'project', 'compiler', 'compiler-options', 'ignore', 'ignore-diagnostics', 'scope-dir', 'cwd', 'dir', 'transpiler'] };

export const RUNNER_GRAMMARS: Readonly<Record<string, Grammar>> = { node: NODE, python: PYTHON, python3: PYTHON, tsx: TSX, 'ts-node': TS_NODE };

/** Reads a runner's argv: options up to the script (or `--`, or the code option), the rest belongs to the script. */
export function parseRunnerArgv(program: string, args: readonly string[]): RunnerInvocation {
  if (program === 'deno') return parseDeno(args);
  const grammar = RUNNER_GRAMMARS[program] as Grammar;
  const sources: CodeSource[] = [];
  const problems: string[] = [];
  let runsNoProgram = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (grammar.info.includes(arg)) return { info: true, sources: [], problems: [], interactive: false };
    if (arg === '--') {
      const script = args[i + 1];
      if (script !== undefined && sources.length === 0) sources.push(fileSource(script, grammar.language));
      break;
    }
    if (arg === '-') {
      if (sources.length === 0) sources.push({ kind: 'stdin', language: grammar.language });
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq >= 0 ? eq : undefined);
      if (grammar.codeLong.includes(name)) {
        const code = eq >= 0 ? arg.slice(eq + 1) : args[++i];
        if (code === undefined) problems.push(`${arg} needs a value`);
        else sources.push({ kind: 'inline', text: code, language: grammar.language, label: `${program} ${arg.slice(0, eq >= 0 ? eq : undefined)}` });
        // After -e code, node takes the remaining words as arguments of the code.
        break;
      }
      if (grammar.noProgram?.includes(name)) runsNoProgram = true;
      if (grammar.longValue.includes(name) && eq < 0) i++;
      continue;
    }
    if (!arg.startsWith('-') || arg.length === 1) {
      if (sources.length === 0) sources.push(fileSource(arg, grammar.language));
      break;
    }
    let consumed = false;
    for (let j = 1; j < arg.length && !consumed; j++) {
      const letter = arg[j] as string;
      const attached = arg.slice(j + 1);
      if (grammar.codeShort.includes(letter)) {
        const code = attached !== '' ? attached : args[++i];
        if (code === undefined) problems.push(`-${letter} needs a value`);
        else sources.push({ kind: 'inline', text: code, language: grammar.language, label: `${program} -${letter}` });
        return { info: false, sources, problems, interactive: false };
      }
      if (grammar.moduleShort?.includes(letter)) {
        const name = attached !== '' ? attached : args[++i];
        if (name === undefined) problems.push(`-${letter} needs a module`);
        else sources.push({ kind: 'module', name });
        return { info: false, sources, problems, interactive: false };
      }
      if (grammar.shortValue.includes(letter)) {
        if (attached === '') i++;
        consumed = true;
      } else if (!grammar.shortFlags.includes(letter)) {
        problems.push(`${program}: unknown option -${letter}`);
        consumed = true;
      }
    }
  }
  // `node --test`: the test runner (its files are the project's tests, as `npm test` runs them), not a program on stdin.
  return { info: false, sources, problems, interactive: sources.length === 0 && problems.length === 0 && !runsNoProgram };
}

function fileSource(path: string, fallback: CodeLanguage): CodeSource {
  return { kind: 'file', path, language: languageOfFile(path) ?? fallback };
}

// deno run|eval|task|test… (https://docs.deno.com/runtime/reference/cli/): `run` and bare `deno x.ts` run a file, `eval` code.
const DENO_VALUE_FLAGS = ['config', 'c', 'import-map', 'lock', 'cert', 'location', 'seed', 'v8-flags', 'inspect', 'env-file', 'reload', 'r', 'ext', 'allow-read', 'allow-write', 'allow-net', 'allow-env', 'allow-run', 'allow-sys', 'allow-ffi', 'allow-import', 'deny-read', 'deny-write', 'deny-net', 'deny-env', 'deny-run'];
const DENO_NO_CODE = new Set(['fmt', 'lint', 'check', 'info', 'doc', 'types', 'upgrade', 'completions', 'cache', 'install', 'uninstall', 'add', 'remove', 'init', 'lsp', 'bench', 'test', 'task', 'compile', 'coverage', 'jupyter', 'publish', 'serve', 'repl', 'outdated', 'clean']);

function parseDeno(args: readonly string[]): RunnerInvocation {
  const verb = args[0];
  if (verb === undefined) return { info: false, sources: [], problems: [], interactive: true };
  if (['--version', '-V', '--help', '-h', 'help'].includes(verb)) return { info: true, sources: [], problems: [], interactive: false };
  if (DENO_NO_CODE.has(verb)) {
    // task and test run code of the repository guard does not follow from here.
    return verb === 'task' || verb === 'test' || verb === 'serve' || verb === 'bench' ? { info: false, sources: [], problems: [`deno ${verb} runs code guard does not follow`], interactive: false } : { info: true, sources: [], problems: [], interactive: false };
  }
  const start = verb === 'run' || verb === 'eval' ? 1 : 0;
  for (let i = start; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('-')) {
      const name = arg.replace(/^--?/, '');
      if (!name.includes('=') && DENO_VALUE_FLAGS.includes(name) && !name.startsWith('allow') && !name.startsWith('deny') && name !== 'reload' && name !== 'r' && name !== 'inspect') i++;
      continue;
    }
    if (verb === 'eval') return { info: false, sources: [{ kind: 'inline', text: arg, language: 'typescript', label: 'deno eval' }], problems: [], interactive: false };
    return { info: false, sources: [fileSource(arg, 'typescript')], problems: [], interactive: false };
  }
  return { info: false, sources: [], problems: verb === 'run' || verb === 'eval' ? [`deno ${verb} without a script`] : [], interactive: false };
}
