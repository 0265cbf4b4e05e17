// redis-cli under guard: the commands it will send (argv, stdin, -x, --pipe, --eval), classified and measured.
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { maxRisk } from '../../core/risk.js';
import type { SpooledInput } from '../../core/stdin.js';
import type { RuleHit } from '../../core/types.js';
import type { Classification, ParsedInvocation, Tool } from '../tool.js';
import { classifyRedisCommand } from './classify.js';
import { REDIS_SERVER_VERSION } from './commands.generated.js';
import { parseRedisCliArgs, splitPipeInput, splitRedisLine } from './grammar.js';
import { resolveRedisConnection, type RedisConnection } from './connection.js';
import { resolveRedis } from './resolve.js';
import { redisCliRules, type RedisRuleKey } from './rules.js';

/** One command redis-cli sends, with the database it is selected in and where it came from. */
export interface RedisCommandUse {
  readonly rule: RedisRuleKey;
  readonly summary: string;
  readonly command: string;
  readonly keys: readonly string[];
  readonly db: number;
  readonly origin: string;
  readonly note?: string;
  /** Key patterns the same script enumerates (KEYS p, SCAN … MATCH p) when its deletions name no key. */
  readonly patterns?: readonly string[];
  /** Where the patterns come from, for the report: `in the script`, `fed by redis-cli --scan through xargs`. */
  readonly patternSource?: string;
}

export interface ParsedRedisCli extends ParsedInvocation {
  readonly connection: RedisConnection;
  readonly uses: readonly RedisCommandUse[];
  readonly problems: readonly string[];
  readonly interactive: boolean;
  readonly readOnlyMode: string | null;
  readonly repeat: number | null;
}

const MAX_INPUT_BYTES = 16 * 1024 * 1024;
const READ_ONLY_MODES = ['--stat', '--latency', '--latency-history', '--latency-dist', '--bigkeys', '--memkeys', '--hotkeys', '--scan', '--intrinsic-latency', '--replica', '--rdb', '--functions-rdb', '--help', '--version'];
const SAFE_CLUSTER_COMMANDS = new Set(['check', 'info', 'help']);

async function readAll(stdin: SpooledInput): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stdin.open()) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(parts).toString('latin1');
}

interface Collector {
  readonly uses: RedisCommandUse[];
  readonly problems: string[];
  db: number;
}

async function collect(args: readonly string[], origin: string, state: Collector): Promise<void> {
  const verdict = classifyRedisCommand(args);
  if ((verdict.command === 'eval' || verdict.command === 'eval_ro') && args.length >= 3) {
    const keyCount = Number(args[2]);
    const keys = Number.isInteger(keyCount) && keyCount >= 0 ? args.slice(3, 3 + keyCount) : [];
    await collectScript(args[1] ?? '', keys, args.slice(3 + keys.length), origin, state, verdict.command === 'eval_ro');
    return;
  }
  state.uses.push({ ...verdict, db: state.db, origin });
  if (verdict.command === 'select' && Number.isInteger(Number(args[1]))) state.db = Number(args[1]);
}

async function collectScript(source: string, keys: readonly string[], argv: readonly string[], origin: string, state: Collector, readOnly: boolean): Promise<void> {
  const { readLuaCalls, DYNAMIC_ARGUMENT } = await import('./lua.js');
  const read = await readLuaCalls(source, keys, argv);
  // `for _, k in ipairs(redis.call('KEYS', 'session:*')) do redis.call('DEL', k) end`: the pattern says which keys go.
  const patterns = read.calls.flatMap((call) => {
    const name = (call[0] ?? '').toUpperCase();
    const pattern = name === 'KEYS' ? call[1] : name === 'SCAN' ? call[call.findIndex((a) => a.toUpperCase() === 'MATCH') + 1] : undefined;
    return pattern !== undefined && pattern !== DYNAMIC_ARGUMENT && !(name === 'SCAN' && !call.some((a) => a.toUpperCase() === 'MATCH')) ? [pattern] : [];
  });
  for (const reason of read.opaque) state.uses.push({ rule: readOnly ? 'read' : 'script', summary: `Lua script: ${reason}`, command: 'eval', keys: [], db: state.db, origin });
  for (const call of read.calls) {
    const verdict = classifyRedisCommand(call);
    const knownKeys = verdict.keys.filter((key) => key !== DYNAMIC_ARGUMENT);
    const dynamicKeys = knownKeys.length < verdict.keys.length;
    // EVAL_RO: the server refuses writes from the script, so whatever it calls can only read.
    state.uses.push({
      ...verdict,
      keys: knownKeys,
      rule: readOnly && verdict.rule !== 'read' ? 'read' : verdict.rule,
      summary: `redis.call ${verdict.summary.split(DYNAMIC_ARGUMENT).join('?')}`,
      db: state.db,
      origin: `${origin} (Lua)`,
      ...(dynamicKeys && patterns.length > 0 ? { patterns } : {}),
    });
  }
  if (read.calls.length === 0 && read.opaque.length === 0) state.uses.push({ rule: 'read', summary: 'Lua script without redis.call', command: 'eval', keys: [], db: state.db, origin });
}

/**
 * `redis-cli --scan --pattern P | xargs redis-cli del`: the keys the DEL receives are those the
 * scan lists, so its blast radius is the keys P matches (counted live by the same SCAN, bounded).
 * Only a plain --pattern scan of the same server is followed; anything else stays unmeasured.
 */
function withScannedKeys(state: Collector, connection: RedisConnection, producer: readonly string[], ctx: Context): void {
  const program = producer[0] ?? '';
  if (program.slice(program.lastIndexOf('/') + 1) !== 'redis-cli') return;
  const scan = parseRedisCliArgs(producer.slice(1));
  if (!scan.options.has('--scan') || scan.options.has('--quoted-pattern') || scan.command.length > 0 || scan.problems.length > 0) return;
  const source = resolveRedisConnection(scan.options, ctx.env);
  if (source.host !== connection.host || source.port !== connection.port || source.isSocket !== connection.isSocket) {
    state.problems.push(`the keys come from redis-cli --scan on another server (${source.host}) than the one they are deleted on`);
    return;
  }
  const pattern = scan.options.get('--pattern') ?? '*';
  for (const [index, use] of state.uses.entries()) {
    if ((use.command !== 'del' && use.command !== 'unlink') || use.origin !== 'command line' || use.patterns) continue;
    state.uses[index] = { ...use, patterns: [pattern], patternSource: `fed by redis-cli --scan${source.db !== use.db ? ` of db ${source.db}` : ''} through xargs` };
  }
}

async function parseRedisCli(args: readonly string[], ctx: Context): Promise<ParsedRedisCli> {
  const parsed = parseRedisCliArgs(args);
  const state: Collector = { uses: [], problems: [...parsed.problems], db: 0 };
  const connection = resolveRedisConnection(parsed.options, ctx.env);
  state.problems.push(...connection.problems);
  state.db = connection.db;
  const option = (name: string) => parsed.options.get(name);
  let stdin: SpooledInput | undefined;
  let interactive = false;
  let readOnlyMode: string | null = null;
  const stdinText = async () => {
    stdin ??= await ctx.stdin.spool();
    if (stdin.size > MAX_INPUT_BYTES) {
      state.problems.push('stdin is larger than 16 MiB');
      return null;
    }
    return readAll(stdin);
  };

  if (parsed.cluster !== null) {
    const sub = (parsed.cluster[0] ?? '').toLowerCase();
    if (sub === 'call') await collect(parsed.cluster.slice(2), '--cluster call (every node)', state);
    else if (SAFE_CLUSTER_COMMANDS.has(sub)) state.uses.push({ rule: 'read', summary: `--cluster ${sub}`, command: 'cluster-manager', keys: [], db: state.db, origin: 'command line' });
    else state.uses.push({ rule: 'cluster-manager', summary: `--cluster ${parsed.cluster.join(' ')}`.trim(), command: 'cluster-manager', keys: [], db: state.db, origin: 'command line' });
  } else if (option('--eval') !== undefined) {
    const file = option('--eval') ?? '';
    const path = isAbsolute(file) ? file : resolvePath(ctx.cwd, file);
    const comma = parsed.command.indexOf(',');
    const keys = comma < 0 ? parsed.command : parsed.command.slice(0, comma);
    const argv = comma < 0 ? [] : parsed.command.slice(comma + 1);
    let source: string | null = null;
    try {
      source = ctx.fileExists(path) ? (await ctx.readFile(path)).toString('utf8') : null;
    } catch {
      source = null;
    }
    if (source === null) state.uses.push({ rule: 'unreadable-input', summary: `--eval ${file}: cannot read the script`, command: 'eval', keys: [], db: state.db, origin: '--eval' });
    else await collectScript(source, keys, argv, `--eval ${file}`, state, false);
  } else if (parsed.command.length > 0) {
    let command = [...parsed.command];
    const tag = option('-X');
    if (option('-x') !== undefined || tag !== undefined) {
      // -x: the last argument comes from stdin; -X TAG: the argument equal to TAG does.
      const text = ctx.stdin.isTTY ? null : await stdinText();
      const value = text ?? '?';
      if (text === null) state.problems.push('-x/-X reads an argument from stdin guard could not read');
      if (tag !== undefined) command = command.map((arg) => (arg === tag ? value : arg));
      else command.push(value);
    }
    await collect(command, 'command line', state);
    if (ctx.argumentsFrom) withScannedKeys(state, connection, ctx.argumentsFrom, ctx);
  } else if (option('--pipe') !== undefined) {
    const text = ctx.stdin.isTTY ? '' : await stdinText();
    const commands = text === null ? null : splitPipeInput(text);
    if (commands === null) state.uses.push({ rule: 'unreadable-input', summary: '--pipe input guard cannot split into commands', command: 'pipe', keys: [], db: state.db, origin: 'stdin' });
    else for (const [index, command] of commands.entries()) await collect(command, `stdin command ${index + 1}`, state);
  } else if ((readOnlyMode = READ_ONLY_MODES.find((mode) => option(mode) !== undefined) ?? null) !== null) {
    state.uses.push({ rule: 'read', summary: `redis-cli ${readOnlyMode}`, command: readOnlyMode, keys: [], db: state.db, origin: 'command line' });
  } else if (option('--lru-test') !== undefined) {
    state.uses.push({ rule: 'write', summary: '--lru-test writes simulated cache keys', command: 'lru-test', keys: [], db: state.db, origin: 'command line' });
  } else if (ctx.stdin.isTTY) {
    interactive = true;
  } else {
    // No command and stdin not a terminal: redis-cli reads one command a line (an optional repeat count first).
    const text = await stdinText();
    const lines = text === null ? [] : text.split('\n');
    for (const [index, line] of lines.entries()) {
      const words = splitRedisLine(line.replace(/\r$/, ''));
      if (words === null) {
        state.uses.push({ rule: 'unreadable-input', summary: `stdin line ${index + 1}: unbalanced quotes`, command: '?', keys: [], db: state.db, origin: `stdin:${index + 1}` });
        continue;
      }
      const command = words.length > 1 && /^\d+$/.test(words[0] ?? '') ? words.slice(1) : words;
      if (command.length > 0) await collect(command, `stdin:${index + 1}`, state);
    }
  }
  const repeat = option('-r') === undefined ? null : Number(option('-r'));
  return {
    connection,
    uses: state.uses,
    problems: state.problems,
    interactive,
    readOnlyMode,
    repeat,
    ...(stdin ? { stdin } : {}),
    displayArgv: ['redis-cli', ...redactRedisArgs(args, parsed.secretIndexes, parsed.commandIndex)],
  };
}

/** -a/--pass values, and the password of AUTH [user] password / HELLO … AUTH user password, are masked. */
function redactRedisArgs(args: readonly string[], secretIndexes: readonly number[], commandIndex: number): string[] {
  const out = args.map((arg, index) => (secretIndexes.includes(index) ? '***' : arg));
  const verb = (out[commandIndex] ?? '').toUpperCase();
  if (verb === 'AUTH' && out.length > commandIndex + 1) out[out.length - 1] = '***';
  if (verb === 'HELLO') {
    const auth = out.findIndex((arg, index) => index > commandIndex && arg.toUpperCase() === 'AUTH');
    if (auth > 0 && auth + 2 < out.length) out[auth + 2] = '***';
  }
  return out;
}

export function classifyRedisCli(parsed: ParsedRedisCli): Classification {
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  for (const problem of parsed.problems) {
    hits.push({ rule: redisCliRules['bad-arguments'], summary: problem });
    unverified.push(problem);
  }
  if (parsed.interactive) hits.push({ rule: redisCliRules['interactive-session'], summary: 'interactive redis-cli session' });
  for (const use of parsed.uses) {
    const rule = redisCliRules[use.rule];
    hits.push({
      rule,
      summary: `${use.summary}  (${use.origin}${use.db !== 0 ? `, db ${use.db}` : ''})`,
      scope: String(use.db),
      ...(use.keys.length > 0 ? { objects: use.keys.map((key) => ({ kind: 'key', name: key, scope: String(use.db) })) } : {}),
    });
    if (rule.risk === 'unknown') unverified.push(`${use.summary} (${use.origin})`);
  }
  if (hits.length === 0) hits.push({ rule: redisCliRules.read, summary: 'redis-cli without commands' });
  return { risk: maxRisk(...hits.map((hit) => hit.rule.risk)), hits, unverified, interactive: parsed.interactive };
}

export const redisCliTool: Tool<ParsedRedisCli> = {
  name: 'redis-cli',
  family: 'redis',
  summary: 'Redis command-line client',
  rules: redisCliRules,
  checkedAgainst: {
    version: `redis-cli 7.0.15; command table from COMMAND of redis-server ${REDIS_SERVER_VERSION} (Debian 12)`,
    references: [
      'redis-cli --help and --cluster help (7.0.15)',
      'COMMAND / COMMAND DOCS of redis-server 7.0.15 (ACL categories, key-spec flags), generated into commands.generated.ts',
      'https://redis.io/docs/latest/develop/tools/cli/ (stdin, -x, --pipe, --eval, -r)',
      'https://redis.io/docs/latest/develop/reference/key-specs/ (RM, OW, delete flags)',
      'redis/src/redis-cli.c (parseOptions stops at the first non-option; REDISCLI_AUTH; repeat prefix in the REPL)',
    ],
  },
  parse: parseRedisCli,
  classify: classifyRedisCli,
  resolve: (parsed, classification, ctx) => resolveRedis(parsed, classification, ctx),
  async dispose(parsed) {
    parsed.stdin?.remove();
  },
};
