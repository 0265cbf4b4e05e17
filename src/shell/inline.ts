// Inline code in languages guard cannot analyse (python -c, node -e, perl -e, awk '…'): unknown when it could run programs or reach the network.
import { PROGRAMS } from '../tools/registry.js';
import type { LinePayload } from './model.js';
import type { Word } from './expand.js';
import type { RunnerResult } from './runners.js';

interface InlineSpec {
  /** Short letters whose value is code (`-c`, `-e`); the code may be attached (`-cprint(1)`). */
  readonly codeShort: string;
  readonly codeLong?: readonly string[];
  /** Short letters and long names that take a value that is not code. */
  readonly valueShort?: string;
  readonly valueLong?: readonly string[];
  /** awk: without a code option, the first operand is the program text. */
  readonly firstOperandIsCode?: boolean;
  /** Subcommands whose first operand is the code (`deno eval CODE`). */
  readonly evalVerbs?: readonly string[];
}

/** Process, network and evaluation APIs across these languages, lower case, as whole words. */
const RISKY_WORDS = new Set([
  'system', 'system2', 'popen', 'subprocess', 'child_process', 'exec', 'execsync', 'execfile', 'execfilesync', 'spawn', 'spawnsync', 'fork',
  'eval', 'shell_exec', 'passthru', 'proc_open', 'pcntl_exec', 'open3', 'qx', 'pty', 'shell', 'command', 'deno',
  'fetch', 'http', 'https', 'http2', 'net', 'socket', 'urllib', 'urllib2', 'urllib3', 'requests', 'httpx', 'aiohttp', 'axios', 'lwp', 'curl', 'wget',
  'url', 'download', 'websocket', 'getline', 'backboard', 'pipe', 'sh', 'bash', 'zsh',
]);

const CATALOGUED = new Set(PROGRAMS);

/**
 * Why guard cannot let this code pass, or null. This is a word search inside a payload guard
 * cannot parse: it only ever makes a command unknown (fail closed), it never allows one.
 */
export function riskInCode(code: string): string | null {
  if (code.includes('`') || code.includes('%x')) return 'it runs commands in backticks';
  const words = code.toLowerCase().split(/[^a-z0-9_-]+/).filter((word) => word !== '');
  for (const word of words) {
    const name = word.startsWith('exec') || word.startsWith('spawn') || word.startsWith('popen') ? 'exec' : word;
    if (CATALOGUED.has(word)) return `it mentions ${word}, a program guard guards`;
    if (RISKY_WORDS.has(name)) return `it mentions ${word}, which can run programs or reach the network`;
  }
  // awk, perl and ruby pipe to and from commands with `|` (`print | "sh"`, `open(F, "|cmd")`); `||` is logical or.
  for (let i = 0; i < code.length; i++) {
    if (code[i] !== '|') continue;
    if (code[i + 1] === '|' || code[i - 1] === '|') continue;
    return 'it pipes to or from a command';
  }
  return null;
}

type Interpreter = (words: readonly Word[], stdin?: LinePayload) => RunnerResult;

function inline(language: string, spec: InlineSpec): Interpreter {
  return (words, stdin) => {
    const codes: Word[] = [];
    let i = 1;
    if (spec.evalVerbs) {
      if (!spec.evalVerbs.includes(words[1]?.text ?? '')) return { kind: 'nothing' };
      i = 2;
    }
    for (; i < words.length; i++) {
      const word = words[i] as Word;
      const text = word.text;
      if (!word.known) return { kind: 'unknown', why: `${language}: cannot tell whether ${text} is code (${word.why ?? 'unknown'})` };
      if (text === '--') {
        i++;
        break;
      }
      if (text.startsWith('--')) {
        const eq = text.indexOf('=');
        const name = text.slice(2, eq >= 0 ? eq : undefined);
        if (spec.codeLong?.includes(name)) {
          const code = eq >= 0 ? { ...word, text: text.slice(eq + 1) } : words[++i];
          if (code) codes.push(code);
        } else if (spec.valueLong?.includes(name) && eq < 0) i++;
        continue;
      }
      if (!text.startsWith('-') || text === '-') break;
      for (let j = 1; j < text.length; j++) {
        const letter = text[j] as string;
        if (spec.codeShort.includes(letter) || spec.valueShort?.includes(letter)) {
          const value = j + 1 < text.length ? { ...word, text: text.slice(j + 1) } : words[++i];
          if (value && spec.codeShort.includes(letter)) codes.push(value);
          break;
        }
      }
    }
    if (codes.length === 0 && (spec.firstOperandIsCode || spec.evalVerbs)) {
      const program = words[i];
      if (program) codes.push(program);
    }
    const operand = words[i];
    if (codes.length === 0 && !spec.firstOperandIsCode && !spec.evalVerbs && (words.length === 1 || operand?.text === '-')) {
      // Alone or with `-`, the interpreter runs the program it reads on stdin (options such as --test or -m do not).
      if (stdin?.kind !== 'text') return { kind: 'unknown', why: `${language} runs the program it reads from ${stdin?.kind === 'unknown' ? stdin.why : stdin?.kind === 'file' ? stdin.path : 'the standard input of the line'}, which guard does not analyse` };
      const risk = riskInCode(stdin.text);
      return risk ? { kind: 'unknown', why: `guard cannot analyse the ${language} code it reads on stdin, and ${risk}` } : { kind: 'nothing' };
    }
    for (const code of codes) {
      if (!code.known) return { kind: 'unknown', why: `the ${language} code comes from ${code.why ?? 'an expansion'}` };
      const risk = riskInCode(code.text);
      if (risk) return { kind: 'unknown', why: `guard cannot analyse inline ${language} code, and ${risk}` };
    }
    return { kind: 'nothing' };
  };
}

const PYTHON: InlineSpec = { codeShort: 'c', valueShort: 'WXm' };
const AWK: InlineSpec = { codeShort: 'e', codeLong: ['source'], valueShort: 'Fvfi', valueLong: ['field-separator', 'assign', 'file', 'include'], firstOperandIsCode: true };
const NODE: InlineSpec = { codeShort: 'ep', codeLong: ['eval', 'print'], valueShort: 'r', valueLong: ['require', 'import', 'input-type', 'loader', 'experimental-loader', 'conditions', 'env-file'] };

/** `awk -f prog` reads its program from a file guard does not analyse. */
function awkLike(name: string): Interpreter {
  const check = inline(name, AWK);
  return (words, stdin) => {
    if (words.some((word) => word.text === '-f' || word.text.startsWith('--file'))) return { kind: 'unknown', why: `${name} -f runs an awk program from a file guard does not analyse` };
    return check(words, stdin);
  };
}

/** Interpreters by program name; flags checked against LANGUAGE_SOURCES. */
export const BUN_INLINE = inline('bun', { codeShort: 'ep', codeLong: ['eval', 'print'] });

// node, python, python3 and deno are tools of their own (src/tools/code): they read the code with a real parser.
export const INLINE_CODE: Readonly<Record<string, Interpreter>> = {
  ...Object.fromEntries(['python2', 'pypy', 'pypy3'].map((name) => [name, inline(name, PYTHON)])),
  nodejs: inline('node', NODE),
  perl: inline('perl', { codeShort: 'eE', valueShort: 'I' }),
  ruby: inline('ruby', { codeShort: 'e', valueShort: 'IrCEF' }),
  php: inline('php', { codeShort: 'rBRE', valueShort: 'cdzF' }),
  osascript: inline('osascript', { codeShort: 'e', valueShort: 'ls' }),
  Rscript: inline('Rscript', { codeShort: 'e' }),
  awk: awkLike('awk'),
  gawk: awkLike('gawk'),
  mawk: awkLike('mawk'),
  nawk: awkLike('nawk'),
};

export const LANGUAGE_SOURCES = {
  version: 'Python 3 (python3 --help), Node 20 (node --help), perl 5.36 (perl -h), GNU awk / mawk 1.3 (awk -W usage), ruby, php, deno, bun, osascript, Rscript (docs)',
  references: ['https://docs.python.org/3/using/cmdline.html', 'https://nodejs.org/api/cli.html', 'https://perldoc.perl.org/perlrun', 'https://www.gnu.org/software/gawk/manual/gawk.html#Options', 'https://docs.deno.com/runtime/reference/cli/eval/', 'https://bun.sh/docs/cli/run', 'https://ss64.com/mac/osascript.html', 'https://www.php.net/manual/en/features.commandline.options.php'],
} as const;
