// Resolve stage of redis-cli: the server's environment, and live DBSIZE/keyspace/memory/persistence look-ups.
import { offlineCause, type Context } from '../../core/context.js';
import { connectionEnvironment, type MatchFamily } from '../../core/connection-environment.js';
import { formatCount } from '../../core/report.js';
import { isDangerous } from '../../core/risk.js';
import type { RedisMatch } from '../../config/types.js';
import type { EnvironmentFacts, Target } from '../../core/types.js';
import type { Classification, Resolution } from '../tool.js';
import { globMatches } from '../../config/glob.js';
import { describeRedisConnection, type RedisConnection } from './connection.js';
import type { ParsedRedisCli, RedisCommandUse } from './redis-cli-tool.js';

const LOOKUP_TIMEOUT_MS = 4000;
/** EXISTS is asked about at most this many named keys. */
const MAX_KEYS_CHECKED = 1000;
/** --scan output read at most (then the count is a lower bound). */
const SCAN_OUTPUT_BYTES = 1 << 20;

export function redisEnvironment(connection: RedisConnection, config: Context['config']): EnvironmentFacts {
  const family: MatchFamily<RedisMatch> = {
    key: 'redis',
    matches: (rule) =>
      (rule.host === undefined || globMatches(rule.host, connection.host)) &&
      (rule.port === undefined || (!connection.isSocket && rule.port === connection.port)) &&
      (rule.db === undefined || rule.db === connection.db),
  };
  return connectionEnvironment({ host: connection.host, isSocket: connection.isSocket, database: null }, family, config);
}

/** The real redis-cli with the resolved connection; the password travels in REDISCLI_AUTH, never in argv. */
async function redisCli(connection: RedisConnection, db: number, command: readonly string[], ctx: Context): Promise<string> {
  const binary = ctx.which('redis-cli');
  if (binary === null) throw new Error('no redis-cli binary to look the server up with');
  const args = connection.isSocket ? ['-s', connection.host] : ['-h', connection.host, '-p', String(connection.port)];
  if (connection.tls) args.push('--tls');
  if (connection.user) args.push('--user', connection.user);
  args.push('-n', String(db), '--no-auth-warning', ...command);
  const env: Record<string, string | undefined> = { ...ctx.env };
  if (connection.password !== null) env.REDISCLI_AUTH = connection.password;
  const result = await ctx.subprocess.run(binary, args, { env, timeoutMs: LOOKUP_TIMEOUT_MS, maxOutputBytes: 1 << 20 });
  if (result.timedOut) throw new Error(`the server did not answer within ${LOOKUP_TIMEOUT_MS / 1000} s`);
  // redis-cli exits 0 on an error reply when not at a terminal; the reply starts with ERR/NOPERM/…
  const out = result.stdout.trim();
  if (result.status !== 0 || /^(ERR|NOPERM|NOAUTH|WRONGPASS|LOADING)\b/.test(out)) throw new Error((out || result.stderr.trim()).split('\n')[0] ?? 'redis-cli failed');
  return result.stdout;
}

function infoFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

function keyCounts(fields: Map<string, string>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const [name, value] of fields) {
    if (!/^db\d+$/.test(name)) continue;
    const keys = /(?:^|,)keys=(\d+)/.exec(value)?.[1];
    counts.set(Number(name.slice(2)), Number(keys ?? 0));
  }
  return counts;
}

function persistenceLine(fields: Map<string, string>): string {
  const aof = fields.get('aof_enabled') === '1';
  const saves = Number(fields.get('rdb_saves') ?? '0');
  const loaded = Number(fields.get('rdb_last_load_keys_loaded') ?? '0');
  const lastSave = Number(fields.get('rdb_last_save_time') ?? '0');
  const changes = fields.get('rdb_changes_since_last_save') ?? '?';
  const rdb = saves > 0 || loaded > 0 ? `RDB last saved ${new Date(lastSave * 1000).toISOString()} (${changes} changes since)` : 'no RDB snapshot written or loaded since the server started';
  const verdict = !aof && saves === 0 && loaded === 0 ? ': nothing to recover from' : '';
  return `persistence: ${rdb}; AOF ${aof ? 'on' : 'off'}${verdict}`;
}

export async function resolveRedis(parsed: ParsedRedisCli, classification: Classification, ctx: Context): Promise<Resolution> {
  const { connection } = parsed;
  const environment = redisEnvironment(connection, ctx.config);
  const dangerous = isDangerous(classification.risk);
  const notes: string[] = [];
  const unverified: string[] = [];
  const blastRadius: string[] = [];
  const targets: Target[] = [];
  if (connection.passwordSource) notes.push(`password: ${connection.passwordSource} (never shown)`);
  if (parsed.repeat !== null) notes.push(`-r ${parsed.repeat}: the commands run ${parsed.repeat < 0 ? 'forever' : `${parsed.repeat} times`}`);
  for (const use of parsed.uses) if (use.note) notes.push(use.note);
  if (dangerous) blastRadius.push(`connects to ${describeRedisConnection(connection)}`);

  const risky = parsed.uses.filter((use) => use.rule === 'flush' || use.rule === 'delete-keys' || use.rule === 'server-destructive');
  const server = { kind: 'server', id: describeRedisConnection(connection).replace(/ db \d+$/, ''), name: connection.isSocket ? 'redis' : connection.host, environment: environment.name };
  if (risky.length > 0 && ctx.offline) blastRadius.push(`not measured: ${offlineCause(ctx)} skips the live look-ups`);
  else if (risky.length > 0) {
    const spinner = ctx.spinner('guard: measuring the blast radius…');
    try {
      const fields = infoFields(await redisCli(connection, connection.db, ['INFO', 'keyspace', 'memory', 'persistence'], ctx));
      const counts = keyCounts(fields);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      for (const use of risky) blastRadius.push(...(await measure(use, counts, total, connection, ctx, targets, server)));
      blastRadius.push(`memory in use: ${fields.get('used_memory_human') ?? '?'}`);
      blastRadius.push(persistenceLine(fields));
    } catch (error) {
      unverified.push(`live look-up on ${describeRedisConnection(connection)}: ${(error as Error).message}`);
    } finally {
      spinner.stop();
    }
  }
  if (targets.length === 0 && dangerous) targets.push(server);
  const recovery = classification.hits.find((h) => h.rule.risk === classification.risk && h.rule.recovery)?.rule.recovery ?? null;
  return { environment, targets, blastRadius, credential: null, recovery, unverified, notes };
}

/** Keys matching the patterns a deleting script enumerates, by redis-cli --scan, bounded by its output size. */
async function countPatterns(use: RedisCommandUse, connection: RedisConnection, ctx: Context): Promise<string[]> {
  const lines: string[] = [];
  for (const pattern of use.patterns ?? []) {
    const binary = ctx.which('redis-cli');
    if (binary === null) throw new Error('no redis-cli binary to look the server up with');
    const args = connection.isSocket ? ['-s', connection.host] : ['-h', connection.host, '-p', String(connection.port)];
    if (connection.user) args.push('--user', connection.user);
    const env: Record<string, string | undefined> = { ...ctx.env, ...(connection.password !== null ? { REDISCLI_AUTH: connection.password } : {}) };
    const result = await ctx.subprocess.run(binary, [...args, '-n', String(use.db), '--no-auth-warning', '--scan', '--pattern', pattern], { env, timeoutMs: LOOKUP_TIMEOUT_MS, maxOutputBytes: SCAN_OUTPUT_BYTES });
    const found = result.stdout.split('\n').filter((line) => line !== '').length;
    const bounded = result.truncated || result.timedOut;
    lines.push(`${use.command.toUpperCase()} ${use.patternSource ?? 'in the script'} deletes the keys ${pattern} matches: ${bounded ? 'at least ' : ''}${formatCount(found)} in db ${use.db} (SCAN${bounded ? ', stopped early' : ''})`);
  }
  return lines;
}

async function measure(
  use: RedisCommandUse,
  counts: Map<number, number>,
  total: number,
  connection: RedisConnection,
  ctx: Context,
  targets: Target[],
  server: Target,
): Promise<string[]> {
  const inDb = (db: number) => counts.get(db) ?? 0;
  const listing = [...counts.entries()].map(([db, n]) => `db${db}: ${formatCount(n)}`).join(', ');
  switch (use.command) {
    case 'flushall':
      targets.push({ ...server, keys: total });
      return [`FLUSHALL deletes ${formatCount(total)} keys in ${counts.size} database${counts.size === 1 ? '' : 's'}${listing ? ` (${listing})` : ''}`];
    case 'flushdb':
      targets.push({ kind: 'database', id: `${server.id} db ${use.db}`, name: `db${use.db}`, environment: server.environment, keys: inDb(use.db) });
      return [`FLUSHDB deletes ${formatCount(inDb(use.db))} keys in db ${use.db}`];
    case 'swapdb':
      return [`SWAPDB exchanges the databases: ${listing || 'all empty'}`];
    case 'del':
    case 'unlink': {
      if (use.patterns && use.patterns.length > 0) return countPatterns(use, connection, ctx);
      const keys = use.keys.slice(0, MAX_KEYS_CHECKED);
      const existing = keys.length === 0 ? 0 : Number((await redisCli(connection, use.db, ['EXISTS', ...keys], ctx)).trim().replace(/^\(integer\) /, ''));
      for (const key of keys.slice(0, 5)) targets.push({ kind: 'key', id: `db${use.db}/${key}`, name: key, environment: server.environment });
      return [`${use.command.toUpperCase()} removes ${formatCount(existing)} of the ${formatCount(keys.length)} named keys that exist in db ${use.db} (of ${formatCount(inDb(use.db))} keys there)`];
    }
    default:
      targets.push(server);
      return [`${use.summary}: the server holds ${formatCount(total)} keys${listing ? ` (${listing})` : ''}`];
  }
}
