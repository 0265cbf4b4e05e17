// The script runners as tools: read the program they run, find what it reaches, classify each call by its family.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { maxRisk } from '../../core/risk.js';
import type { RuleHit } from '../../core/types.js';
import type { Effect } from '../../code/effects.js';
import type { CodeReading } from '../../code/model.js';
import type { AnalysedRequest } from '../http/request.js';
import type { Classification, ParsedInvocation, Tool } from '../tool.js';
import { parseRunnerArgv, type CodeSource } from './argv.js';
import { classifyEffect, type EffectFacts } from './classify.js';
import { codeRules, type CodeRuleTable } from './rules.js';
import { resolveCode } from './resolve.js';

export interface ParsedCode extends ParsedInvocation {
  readonly program: string;
  readonly info: boolean;
  readonly interactive: boolean;
  readonly problems: readonly string[];
  readonly reading: CodeReading | null;
  /** Each effect with what parse learned about it (the HTTP request as the http family reads it, SQL findings). */
  readonly effects: readonly EffectFacts[];
}

export const CODE_SOURCES = {
  version: 'Node 20 (node --help), Python 3.11 (python3 --help), tsx 4, ts-node 10, Deno 2 (deno run --help); tree-sitter-javascript 0.25, tree-sitter-typescript 0.23, tree-sitter-python 0.25',
  references: [
    'https://nodejs.org/api/cli.html',
    'https://docs.python.org/3/using/cmdline.html',
    'https://tsx.is/usage',
    'https://typestrong.org/ts-node/docs/options',
    'https://docs.deno.com/runtime/reference/cli/run/',
    'https://nodejs.org/api/child_process.html',
    'https://docs.python.org/3/library/subprocess.html',
    'https://requests.readthedocs.io/en/latest/api/',
  ],
} as const;

/** The source's text as the runner would read it; reading the code happens once per invocation. */
export async function readProgram(sources: readonly CodeSource[], ctx: Context): Promise<{ reading: CodeReading | null; problems: string[]; stdin?: ParsedInvocation['stdin'] }> {
  const { newProgramReader } = await import('../../code/program.js');
  const problems: string[] = [];
  const reader = newProgramReader({
    env: ctx.env,
    cwd: ctx.cwd,
    readFile: async (path) => {
      const info = statSync(path);
      if (!info.isFile()) throw new Error('not a regular file');
      return ctx.readFile(path);
    },
    fileExists: (path) => ctx.fileExists(path) || existsSync(path),
  });
  let stdin: ParsedInvocation['stdin'];
  for (const source of sources) {
    if (source.kind === 'module') {
      // `python -m name`: a module of this directory is code the agent may have written; anything else is installed.
      const local = [`${source.name.replace(/\./g, '/')}.py`, `${source.name.replace(/\./g, '/')}/__main__.py`].map((p) => resolvePath(ctx.cwd, p)).find((p) => ctx.fileExists(p) || existsSync(p));
      if (local) await reader.readFile(local, 'python');
      continue;
    }
    if (source.kind === 'file') {
      await reader.readFile(isAbsolute(source.path) ? source.path : resolvePath(ctx.cwd, source.path), source.language);
      continue;
    }
    if (source.kind === 'inline') {
      await reader.readText(source.text, source.language, source.label);
      continue;
    }
    if (ctx.stdin.isTTY) continue;
    stdin = await ctx.stdin.spool();
    const chunks: Buffer[] = [];
    for await (const chunk of stdin.open()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.length > (1 << 20)) problems.push('the program on stdin is larger than 1 MiB');
    else await reader.readText(text, source.language, 'stdin');
  }
  return { reading: reader.result(), problems, ...(stdin ? { stdin } : {}) };
}

/** Python options that take a value (python3 --help): the script or module comes after them. */
const PYTHON_VALUE_OPTIONS = new Set(['-W', '-X', '--check-hash-based-pycs']);
/** `python -m MODULE` entry points of the migration tools guard knows, by module. */
const PYTHON_MIGRATION_MODULES: Readonly<Record<string, string>> = { django: 'django-admin', alembic: 'alembic' };

/** The migration tool a python command line runs (`manage.py …`, `-m django …`), as its own argv, or null. */
export function pythonMigrationEntry(args: readonly string[]): string[] | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-m') {
      const tool = PYTHON_MIGRATION_MODULES[args[i + 1] ?? ''];
      return tool ? [tool, ...args.slice(i + 2)] : null;
    }
    if (arg === '-c' || arg === '-') return null;
    if (PYTHON_VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return arg === 'manage.py' || arg.endsWith('/manage.py') ? ['manage.py', ...args.slice(i + 1)] : null;
  }
  return null;
}

export function makeCodeTool(program: string, summary: string): Tool<ParsedCode> {
  const rules: CodeRuleTable = codeRules(program);
  return {
    name: program,
    family: 'code',
    summary,
    rules,
    checkedAgainst: CODE_SOURCES,
    async parse(args, ctx) {
      // `python manage.py flush`, `python -m alembic downgrade`: the migration tool runs; it is assessed too.
      const migration = program.startsWith('python') ? pythonMigrationEntry(args) : null;
      if (migration) return { program, info: false, interactive: false, problems: [], reading: null, effects: [], runs: { argv: migration, where: `${program} ${migration[0] === 'manage.py' ? 'manage.py' : `-m ${migration[0]}`}` } };
      const invocation = parseRunnerArgv(program, args);
      if (invocation.info || invocation.problems.length > 0 || (invocation.interactive && ctx.stdin.isTTY)) {
        return { program, info: invocation.info, interactive: invocation.interactive, problems: invocation.problems, reading: null, effects: [] };
      }
      const sources: readonly CodeSource[] = invocation.interactive ? [{ kind: 'stdin', language: program.startsWith('python') ? 'python' : 'javascript' }] : invocation.sources;
      const read = await readProgram(sources, ctx);
      const { prepareEffects } = await import('./prepare.js');
      const effects = await prepareEffects(read.reading, program, ctx);
      return { program, info: false, interactive: false, problems: read.problems, reading: read.reading, effects, ...(read.stdin ? { stdin: read.stdin } : {}) };
    },
    classify: (parsed) => classifyCode(parsed, rules),
    resolve: (parsed, classification, ctx) => resolveCode(parsed, classification, rules, ctx),
    async dispose(parsed) {
      parsed.stdin?.remove();
    },
  };
}

export function classifyCode(parsed: ParsedCode, rules: CodeRuleTable): Classification {
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  if (parsed.info) hits.push({ rule: rules.info, summary: `${parsed.program} prints information and exits` });
  for (const problem of parsed.problems) {
    hits.push({ rule: rules['bad-arguments'], summary: problem });
    unverified.push(problem);
  }
  for (const problem of parsed.reading?.problems ?? []) {
    hits.push({ rule: rules['code-unknown'], summary: `${problem.file}:${problem.line}: ${problem.what}` });
    unverified.push(`${problem.file}:${problem.line}: ${problem.what}`);
  }
  for (const facts of parsed.effects) {
    const classified = classifyEffect(facts, rules);
    hits.push(...classified.hits);
    unverified.push(...classified.unverified);
  }
  if (hits.length === 0) hits.push({ rule: rules['runs-nothing-guarded'], summary: parsed.interactive ? `${parsed.program} starts an interactive session` : `${(parsed.reading?.files ?? []).join(', ') || parsed.program}: no call reaches what guard guards` });
  return { risk: maxRisk(...hits.map((hit) => hit.rule.risk)), hits, unverified };
}

export type { Effect, AnalysedRequest };
