// mongosh: the JavaScript it runs (--eval, files, load(), ~/.mongoshrc.js) read with a real parser, the deployment it reaches, live counts.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { isDangerous, maxRisk } from '../../core/risk.js';
import type { RuleHit, Target } from '../../core/types.js';
import { formatBytes, formatCount } from '../../core/report.js';
import type { CodeReading } from '../../code/model.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { environmentOfConnection, resolveConnection, type MongoConnection } from './connection.js';
import { parseMongoshArgv, type MongoshInvocation } from './grammar.js';
import { classifyMongoOperation } from './operations.js';
import { mongoshRules } from './rules.js';
import { MONGOSH_GLOBALS, shellCallOf } from './shell-calls.js';

export interface ParsedMongosh extends ParsedInvocation {
  readonly args: readonly string[];
  readonly invocation: MongoshInvocation;
  readonly connection: MongoConnection;
  readonly reading: CodeReading | null;
  /** Nothing to run: an interactive shell at a terminal. */
  readonly interactive: boolean;
}

const MAX_LOADS = 16;

async function readCode(invocation: MongoshInvocation, ctx: Context): Promise<{ reading: CodeReading | null; interactive: boolean; stdin?: ParsedInvocation['stdin'] }> {
  const rc = join(ctx.home, '.mongoshrc.js');
  const runsRc = !invocation.norc && (ctx.fileExists(rc) || existsSync(rc));
  const hasCode = invocation.evals.length > 0 || invocation.files.length > 0;
  if (!hasCode && ctx.stdin.isTTY && !runsRc) return { reading: null, interactive: true };
  const { newProgramReader } = await import('../../code/program.js');
  const reader = newProgramReader({
    env: ctx.env,
    cwd: ctx.cwd,
    readFile: async (path) => {
      if (!statSync(path).isFile()) throw new Error('not a regular file');
      return ctx.readFile(path);
    },
    fileExists: (path) => ctx.fileExists(path) || existsSync(path),
    globals: MONGOSH_GLOBALS,
  });
  let stdin: ParsedInvocation['stdin'];
  for (const [index, code] of invocation.evals.entries()) await reader.readText(code, 'javascript', invocation.evals.length > 1 ? `--eval #${index + 1}` : '--eval');
  for (const file of invocation.files) await reader.readFile(isAbsolute(file) ? file : resolvePath(ctx.cwd, file), 'javascript');
  if (!hasCode && !ctx.stdin.isTTY) {
    // Piped input is read line by line as shell input; guard reads it as one program (fail closed when it does not parse).
    stdin = await ctx.stdin.spool();
    const chunks: Buffer[] = [];
    for await (const chunk of stdin.open()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    await reader.readText(Buffer.concat(chunks).toString('utf8'), 'javascript', 'stdin');
  }
  if (runsRc) await reader.readFile(rc, 'javascript');
  // load('x.js') runs another file, relative to the working directory.
  const loaded = new Set<string>();
  for (let round = 0; round < MAX_LOADS; round++) {
    const pending = reader.calls.filter((call) => call.api.join('.') === 'mongosh.load').map((call) => ({ call, path: call.args[0]?.kind === 'string' ? call.args[0].text : null }));
    const next = pending.find((entry) => entry.path !== null && !loaded.has(entry.path));
    if (!next || next.path === null) break;
    loaded.add(next.path);
    await reader.readFile(isAbsolute(next.path) ? next.path : resolvePath(ctx.cwd, next.path), 'javascript');
  }
  return { reading: reader.result(), interactive: false, ...(stdin ? { stdin } : {}) };
}

function classifyMongosh(parsed: ParsedMongosh): Classification {
  const rules = mongoshRules;
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  const { invocation } = parsed;
  if (invocation.info) return { risk: 'read', hits: [{ rule: rules.info, summary: 'mongosh prints information and exits' }], unverified };
  for (const problem of invocation.problems) {
    hits.push({ rule: rules['bad-arguments'], summary: problem });
    unverified.push(problem);
  }
  for (const problem of parsed.reading?.problems ?? []) {
    hits.push({ rule: rules['code-unknown'], summary: `${problem.file}:${problem.line}: ${problem.what}` });
    unverified.push(`${problem.file}:${problem.line}: ${problem.what}`);
  }
  for (const call of parsed.reading?.calls ?? []) {
    const where = `${call.file}:${call.line}`;
    const shell = shellCallOf(call, parsed.connection.database);
    if (shell === null) {
      // Node's own APIs work in mongosh scripts too (require('child_process')); guard does not follow them from here.
      if (call.api[0] !== 'mongosh' && ['child_process', 'fs', 'http', 'https', 'fetch', 'net', 'eval', 'Function'].includes(call.api[0] ?? '')) {
        hits.push({ rule: rules.unknown, summary: `${where}: ${call.snippet}: ${call.api[0]} from a mongosh script` });
        unverified.push(`${where}: ${call.snippet}`);
      }
      continue;
    }
    if (shell.kind === 'harmless') continue;
    if (shell.kind === 'load') {
      if (shell.path === null) {
        hits.push({ rule: rules['code-unknown'], summary: `${where}: load() of a file whose name guard cannot resolve` });
        unverified.push(`${where}: load() of a computed file name`);
      }
      continue;
    }
    if (shell.kind === 'unknown') {
      hits.push({ rule: rules.unknown, summary: `${where}: ${call.snippet}: ${shell.why}` });
      unverified.push(`${where}: ${shell.why}`);
      continue;
    }
    const verdict = classifyMongoOperation(shell.operation);
    hits.push({ rule: rules[verdict.rule], summary: `${where}: ${verdict.summary}`, ...(verdict.object ? { objects: [verdict.object] } : {}) });
    if (verdict.rule === 'unknown') unverified.push(`${where}: ${verdict.summary}`);
  }
  if (parsed.interactive) hits.push({ rule: rules.interactive, summary: `mongosh ${parsed.connection.display}: an interactive shell` });
  if (hits.length === 0) hits.push({ rule: rules.read, summary: `${(parsed.reading?.files ?? []).join(', ') || 'mongosh'}: no call changes the database` });
  return { risk: maxRisk(...hits.map((hit) => hit.rule.risk)), hits, unverified, ...(parsed.interactive ? { interactive: true } : {}) };
}

async function resolveMongosh(parsed: ParsedMongosh, classification: Classification, ctx: Context): Promise<Resolution> {
  const environment = environmentOfConnection(parsed.connection, ctx.config);
  const targets: Target[] = [];
  const blastRadius: string[] = [];
  const unverified: string[] = [];
  const seen = new Set<string>();
  for (const hit of classification.hits) {
    if (!isDangerous(hit.rule.risk)) continue;
    for (const object of hit.objects ?? []) {
      const key = `${object.kind}:${object.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const dot = object.name.indexOf('.');
      const database = object.kind === 'database' ? object.name : object.name.slice(0, dot);
      const collection = object.kind === 'collection' ? object.name.slice(dot + 1) : null;
      const target: { -readonly [K in keyof Target]: Target[K] } = { kind: object.kind, id: `${parsed.connection.hosts.join(',')}/${object.name}`, name: collection ?? database, environment: environment.name };
      if (!ctx.offline && !database.includes('?') && !(collection ?? '').includes('?')) {
        const { lookUp } = await import('./live.js');
        const live = await lookUp(parsed.args, parsed.invocation, database, collection, ctx);
        if (live.ok) {
          if (live.facts.documents !== undefined) target.rows = live.facts.documents;
          if (live.facts.bytes !== undefined) target.bytes = live.facts.bytes;
          const what = collection ? `${database}.${collection}` : `database ${database}${live.facts.collections !== undefined ? ` (${formatCount(live.facts.collections)} collections)` : ''}`;
          blastRadius.push(`${live.facts.documents !== undefined ? `${formatCount(live.facts.documents)} documents` : 'documents'}${live.facts.bytes !== undefined ? ` and ${formatBytes(live.facts.bytes)}` : ''} in ${what}`);
        } else unverified.push(`${object.name}: ${live.why}`);
      }
      targets.push(target);
    }
  }
  const dangerous = isDangerous(classification.risk);
  const recovery = dangerous ? classification.hits.find((hit) => hit.rule.risk === classification.risk)?.rule.recovery ?? null : null;
  return { environment: dangerous || classification.risk === 'write' ? environment : null, targets, blastRadius, credential: null, recovery, unverified, notes: [] };
}

export const mongoshTool: Tool<ParsedMongosh> = {
  name: 'mongosh',
  family: 'mongosh',
  summary: 'MongoDB Shell: the JavaScript it runs (--eval, files, load(), ~/.mongoshrc.js), read with a real parser',
  rules: mongoshRules,
  checkedAgainst: {
    version: 'mongosh 2.12.0 (mongosh --help, npm devDependency)',
    references: ['mongosh --help', 'https://www.mongodb.com/docs/mongodb-shell/reference/options/', 'https://www.mongodb.com/docs/mongodb-shell/mongoshrc/', 'https://www.mongodb.com/docs/manual/reference/method/'],
  },
  async parse(args, ctx) {
    const invocation = parseMongoshArgv(args);
    const connection = resolveConnection(invocation);
    const base = { args, invocation, connection, displayArgv: invocation.display };
    if (invocation.info || invocation.problems.length > 0) return { ...base, reading: null, interactive: false };
    const code = await readCode(invocation, ctx);
    return { ...base, reading: code.reading, interactive: code.interactive, ...(code.stdin ? { stdin: code.stdin } : {}) };
  },
  classify: classifyMongosh,
  resolve: resolveMongosh,
  async dispose(parsed) {
    parsed.stdin?.remove();
  },
};
