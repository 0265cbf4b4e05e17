// Redis snapshots: DUMP (+PTTL) of the keys a command deletes, bounded; verified by count, checksum and each payload's CRC64.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import type { RedisConnection } from '../../tools/redis/connection.js';
import type { RedisCommandUse } from '../../tools/redis/redis-cli-tool.js';
import { SnapshotError, type SnapshotInput, type SnapshotManifest, type SnapshotPlan, type Snapshotter, type TakenSnapshot, type Verification } from '../model.js';
import { payloadIntact, respCommand } from './redis-payload.js';
import { redisEnvironment } from '../../tools/redis/resolve.js';
import { assertRestoreEnvironment, COPY_TIMEOUT_MS, failureLine, keepSessionSecret, readSnapshotFile, requireBinary, runWithStdinFile, sessionSecret, writePrivateFile } from './shared.js';

/** Past this many keys a copy is not "bounded": FLUSHALL on a cache of millions is said, not attempted. */
export const MAX_SNAPSHOT_KEYS = 10_000;
/** DUMP payloads held in memory while copying, at most. */
const MAX_PAYLOAD_BYTES = 256 << 20;
const BATCH = 100;
const FILE = 'redis-keys.jsonl';

/** DUMP and PTTL of KEYS, hex-encoded so redis-cli's text output carries the bytes unchanged. */
const DUMP_SCRIPT = `local out = {}
for _, k in ipairs(KEYS) do
  local d = redis.call('DUMP', k)
  if d then
    out[#out + 1] = (d:gsub('.', function(c) return string.format('%02x', string.byte(c)) end))
    out[#out + 1] = redis.call('PTTL', k)
  else
    out[#out + 1] = 'missing'
    out[#out + 1] = -2
  end
end
return out`;

/** The names among KEYS that exist now. */
const EXISTING_SCRIPT = `local out = {}
for _, k in ipairs(KEYS) do
  if redis.call('EXISTS', k) == 1 then out[#out + 1] = k end
end
return out`;

interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly isSocket: boolean;
  readonly user: string | null;
  readonly tls: boolean;
}

/** What to copy in one database: named keys, or every key a pattern matches (`*` for FLUSHDB). */
interface Selection {
  readonly db: number;
  readonly keys?: readonly string[];
  readonly pattern?: string;
}

interface RedisSettings {
  readonly connection: ConnectionSettings;
  readonly passwordSource: string | null;
  readonly passwordKey: string | null;
  readonly selections: readonly Selection[];
  /** FLUSHALL: every database INFO keyspace lists when the copy is taken. */
  readonly allDatabases: boolean;
}

interface KeyRecord {
  readonly db: number;
  readonly key: string;
  /** Milliseconds left at copy time; 0 for a key without expiry (RESTORE's "no TTL"). */
  readonly ttl: number;
  readonly payload: string;
}

function notCopyable(input: SnapshotInput, reason: string, notes: readonly string[] = []): SnapshotPlan {
  return { family: 'redis', tool: input.tool, environment: input.analysis.environment?.name ?? 'unknown', targets: [], estimatedBytes: null, copyable: false, reason, notes, settings: {} };
}

const DANGEROUS_RULES = new Set(['flush', 'delete-keys', 'server-destructive', 'script', 'dangerous', 'unknown-command', 'unreadable-input', 'cluster-manager', 'bad-arguments']);

async function plan(input: SnapshotInput, ctx: Context): Promise<SnapshotPlan> {
  const parsed = input.parsed as { connection?: RedisConnection; uses?: readonly RedisCommandUse[]; problems?: readonly string[] };
  const connection = parsed.connection;
  if (connection === undefined || parsed.uses === undefined) return notCopyable(input, `${input.tool}: no Redis connection to copy from`);
  const selections: Selection[] = [];
  const uncopyable: string[] = [...(parsed.problems ?? [])];
  let allDatabases = false;
  for (const use of parsed.uses) {
    if (!DANGEROUS_RULES.has(use.rule)) continue;
    if (use.command === 'flushall') allDatabases = true;
    else if (use.command === 'flushdb') selections.push({ db: use.db, pattern: '*' });
    else if (use.rule === 'delete-keys' && use.patterns && use.patterns.length > 0) selections.push(...use.patterns.map((pattern) => ({ db: use.db, pattern })));
    else if (use.rule === 'delete-keys' && use.keys.length > 0 && !use.origin.endsWith('(Lua)')) selections.push({ db: use.db, keys: use.keys });
    else if (use.rule === 'delete-keys' && use.keys.length > 0) selections.push({ db: use.db, keys: use.keys }), uncopyable.push(`${use.summary}: the script may delete keys it computes, which guard cannot name`);
    else uncopyable.push(`${use.summary}: not keys guard can name and copy`);
  }
  const persistence = input.analysis.blastRadius.filter((line) => line.startsWith('persistence:'));
  if (uncopyable.length > 0) return notCopyable(input, `nothing guard can copy covers ${uncopyable.join('; ')}`, persistence);
  if (!allDatabases && selections.length === 0) return notCopyable(input, 'the command names no key guard could copy');
  const settings: RedisSettings = {
    connection: { host: connection.host, port: connection.port, isSocket: connection.isSocket, user: connection.user, tls: connection.tls },
    passwordSource: connection.passwordSource,
    passwordKey: keepSessionSecret(connection.password),
    selections: allDatabases ? [] : selections,
    allDatabases,
  };
  const targets = allDatabases
    ? ['every database (FLUSHALL)']
    : selections.map((s) => (s.keys ? `db${s.db}: ${s.keys.join(', ')}` : s.pattern === '*' ? `db${s.db} (every key)` : `db${s.db}: keys matching ${s.pattern}`));
  const notes = [`DUMP of each key (at most ${MAX_SNAPSHOT_KEYS.toLocaleString('en-US')}), restored with RESTORE (refused over keys that exist again); a key's TTL restarts from what was left when the copy was taken`];
  if (!ctx.offline) {
    // Counted now so a FLUSHALL over the bound is refused before the prompt, not after.
    try {
      const count = await countKeys(settings, sessionSecret(settings.passwordKey), ctx);
      if (count > MAX_SNAPSHOT_KEYS) {
        return notCopyable(input, `${count.toLocaleString('en-US')} keys are more than guard copies key by key (${MAX_SNAPSHOT_KEYS.toLocaleString('en-US')}): no bounded copy is possible; only the server's own persistence covers them`, persistence);
      }
      notes.push(`${count.toLocaleString('en-US')} key${count === 1 ? '' : 's'} to copy now`);
    } catch (error) {
      notes.push(`not counted: ${(error as Error).message}`);
    }
  }
  return { family: 'redis', tool: input.tool, environment: input.analysis.environment?.name ?? 'unknown', targets, estimatedBytes: null, copyable: true, notes, settings: settings as unknown as Record<string, unknown> };
}

function readSettings(settings: Readonly<Record<string, unknown>>): RedisSettings {
  const s = settings as Partial<RedisSettings>;
  if (!s.connection || typeof s.connection.host !== 'string' || !Array.isArray(s.selections)) throw new SnapshotError('the manifest has no usable Redis connection settings');
  return s as RedisSettings;
}

function baseArgs(connection: ConnectionSettings, db: number): string[] {
  const args = connection.isSocket ? ['-s', connection.host] : ['-h', connection.host, '-p', String(connection.port)];
  if (connection.tls) args.push('--tls');
  if (connection.user) args.push('--user', connection.user);
  return [...args, '-n', String(db), '--no-auth-warning'];
}

function childEnv(ctx: Context, secret: string | null): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...ctx.env };
  if (secret !== null) env.REDISCLI_AUTH = secret;
  return env;
}

/** The password as the command had it: this run's own, else REDISCLI_AUTH as redis-cli reads it. */
const secretFor = (settings: RedisSettings, ctx: Context) => sessionSecret(settings.passwordKey) ?? ctx.env.REDISCLI_AUTH ?? null;

async function cli(settings: RedisSettings, secret: string | null, db: number, args: readonly string[], ctx: Context, maxOutputBytes = 4 << 20): Promise<string> {
  const binary = requireBinary(ctx, ['redis-cli'], 'guard copies Redis keys through it');
  const result = await ctx.subprocess.run(binary, [...baseArgs(settings.connection, db), ...args], { env: childEnv(ctx, secret), timeoutMs: COPY_TIMEOUT_MS, maxOutputBytes });
  // redis-cli exits 0 on an error reply when not at a terminal: the reply says it.
  const first = result.stdout.split('\n')[0] ?? '';
  if (result.status !== 0 || result.timedOut || result.truncated || /^(ERR|NOPERM|NOAUTH|WRONGPASS|LOADING|NOSCRIPT|WRONGTYPE)\b/.test(first)) {
    throw new SnapshotError(`redis-cli ${args[0] ?? ''}: ${/^[A-Z]+ /.test(first) ? first : failureLine(result, 'redis-cli')}`);
  }
  return result.stdout;
}

async function databases(settings: RedisSettings, secret: string | null, ctx: Context): Promise<number[]> {
  const info = await cli(settings, secret, 0, ['INFO', 'keyspace'], ctx);
  return info.split(/\r?\n/).flatMap((line) => (/^db\d+:/.test(line) ? [Number(line.slice(2, line.indexOf(':')))] : []));
}

function selectionsNow(settings: RedisSettings, secret: string | null, ctx: Context): Promise<Selection[]> | Selection[] {
  return settings.allDatabases ? databases(settings, secret, ctx).then((dbs) => dbs.map((db) => ({ db, pattern: '*' }))) : [...settings.selections];
}

/** The keys a selection names now: SCAN for a pattern, stopped past the bound. */
async function keysOf(settings: RedisSettings, secret: string | null, selection: Selection, ctx: Context): Promise<string[]> {
  if (selection.keys) return [...selection.keys];
  const out = await cli(settings, secret, selection.db, ['--scan', '--pattern', selection.pattern ?? '*'], ctx, 64 << 20);
  return [...new Set(out.split('\n').filter((line) => line !== ''))];
}

async function countKeys(settings: RedisSettings, secret: string | null, ctx: Context): Promise<number> {
  let total = 0;
  for (const selection of await selectionsNow(settings, secret, ctx)) {
    if (selection.keys) total += selection.keys.length;
    else if (selection.pattern === '*') total += Number((await cli(settings, secret, selection.db, ['DBSIZE'], ctx)).trim());
    else total += (await keysOf(settings, secret, selection, ctx)).length;
    if (total > MAX_SNAPSHOT_KEYS) break;
  }
  return total;
}

const recordLine = (record: KeyRecord) => JSON.stringify(record);

async function take(planned: SnapshotPlan, dir: string, ctx: Context): Promise<TakenSnapshot> {
  const settings = readSettings(planned.settings);
  const secret = secretFor(settings, ctx);
  const records: KeyRecord[] = [];
  const missing: string[] = [];
  let payloadBytes = 0;
  for (const selection of await selectionsNow(settings, secret, ctx)) {
    const keys = await keysOf(settings, secret, selection, ctx);
    if (records.length + keys.length > MAX_SNAPSHOT_KEYS) throw new SnapshotError(`more than ${MAX_SNAPSHOT_KEYS.toLocaleString('en-US')} keys to copy: no bounded copy is possible`);
    for (let start = 0; start < keys.length; start += BATCH) {
      const batch = keys.slice(start, start + BATCH);
      const lines = (await cli(settings, secret, selection.db, ['--raw', 'EVAL', DUMP_SCRIPT, String(batch.length), ...batch], ctx, MAX_PAYLOAD_BYTES * 2 + (1 << 20))).split('\n');
      for (const [i, key] of batch.entries()) {
        const hex = lines[i * 2] ?? '';
        const ttl = Number(lines[i * 2 + 1]);
        if (hex === 'missing') {
          missing.push(`db${selection.db}/${key}`);
          continue;
        }
        if (!/^[0-9a-f]+$/.test(hex) || !Number.isInteger(ttl)) throw new SnapshotError(`DUMP ${key}: redis-cli answered something guard cannot read`);
        const payload = Buffer.from(hex, 'hex');
        payloadBytes += payload.length;
        if (payloadBytes > MAX_PAYLOAD_BYTES) throw new SnapshotError(`the keys hold more than ${MAX_PAYLOAD_BYTES >> 20} MB: no bounded copy is possible`);
        records.push({ db: selection.db, key, ttl: ttl > 0 ? ttl : 0, payload: payload.toString('base64') });
      }
    }
  }
  if (records.length === 0) throw new SnapshotError(`nothing to copy: ${missing.length > 0 ? `${missing.slice(0, 5).join(', ')} do not exist now` : 'no keys'}`);
  const text = records.map(recordLine).join('\n') + '\n';
  const bytes = await writePrivateFile(dir, FILE, text);
  const perDatabase: Record<string, number> = {};
  for (const record of records) perDatabase[`db${record.db}`] = (perDatabase[`db${record.db}`] ?? 0) + 1;
  return { files: [FILE], bytes, facts: { keys: records.length, databases: perDatabase, sha256: digest(records), missing } };
}

/** Over what restore sends: database, key, TTL and payload of every record, in order. */
function digest(records: readonly KeyRecord[]): string {
  const hash = createHash('sha256');
  for (const record of records) hash.update(`${recordLine(record)}\n`);
  return hash.digest('hex');
}

async function readRecords(dir: string): Promise<KeyRecord[]> {
  const text = (await readSnapshotFile(dir, FILE)).toString('utf8');
  return text.split('\n').filter((line) => line !== '').map((line, i) => {
    let record: Partial<KeyRecord>;
    try {
      record = JSON.parse(line) as Partial<KeyRecord>;
    } catch {
      throw new SnapshotError(`${FILE} line ${i + 1} is not JSON`);
    }
    if (typeof record.db !== 'number' || typeof record.key !== 'string' || typeof record.ttl !== 'number' || typeof record.payload !== 'string') throw new SnapshotError(`${FILE} line ${i + 1} is not a key record`);
    return record as KeyRecord;
  });
}

async function verify(manifest: SnapshotManifest, dir: string): Promise<Verification> {
  let records: KeyRecord[];
  try {
    records = await readRecords(dir);
  } catch (error) {
    return { ok: false, checks: [(error as Error).message] };
  }
  const damaged = records.filter((record) => !payloadIntact(Buffer.from(record.payload, 'base64'))).map((r) => `db${r.db}/${r.key}`);
  const countOk = records.length === manifest.facts.keys;
  const sumOk = digest(records) === manifest.facts.sha256;
  return {
    ok: countOk && sumOk && damaged.length === 0,
    checks: [
      `${records.length} keys in the copy, ${String(manifest.facts.keys)} dumped${countOk ? '' : ' (MISMATCH)'}`,
      `checksum of the dumps ${sumOk ? 'matches' : 'does not match (MISMATCH)'}`,
      damaged.length === 0 ? 'every DUMP payload passes its CRC64' : `DUMP payloads that fail their CRC64: ${damaged.slice(0, 5).join(', ')}`,
    ],
  };
}

/** Keys that exist again would be overwritten by RESTORE: refused, as a table with rows is. */
async function refuseOverKeys(settings: RedisSettings, secret: string | null, records: readonly KeyRecord[], ctx: Context): Promise<void> {
  const existing: string[] = [];
  const byDb = new Map<number, string[]>();
  for (const record of records) byDb.set(record.db, [...(byDb.get(record.db) ?? []), record.key]);
  for (const [db, keys] of byDb) {
    for (let start = 0; start < keys.length; start += BATCH) {
      const batch = keys.slice(start, start + BATCH);
      const lines = (await cli(settings, secret, db, ['--raw', 'EVAL', EXISTING_SCRIPT, String(batch.length), ...batch], ctx)).split('\n').filter((l) => l !== '');
      existing.push(...lines.map((key) => `db${db}/${key}`));
    }
  }
  if (existing.length > 0) {
    const shown = existing.slice(0, 5).join(', ');
    throw new SnapshotError(`${existing.length} of the snapshot's keys exist again (${shown}${existing.length > 5 ? ', …' : ''}): restoring would overwrite them; delete them first`);
  }
}

async function restore(manifest: SnapshotManifest, dir: string, ctx: Context): Promise<void> {
  const settings = readSettings(manifest.settings);
  const records = await readRecords(dir);
  for (const db of new Set(records.map((record) => record.db))) {
    const { host, port, isSocket, user, tls } = settings.connection;
    const connection: RedisConnection = { host, port, isSocket, user, tls, db, passwordSource: null, password: null, problems: [] };
    await assertRestoreEnvironment(manifest, redisEnvironment(connection, ctx.config), `${isSocket ? `socket ${host}` : `${host}:${port}`} db ${db}`, ctx);
  }
  await refuseOverKeys(settings, secretFor(settings, ctx), records, ctx);
  const chunks: Buffer[] = [];
  let db = -1;
  for (const record of records) {
    if (record.db !== db) chunks.push(respCommand(['SELECT', String(record.db)])), (db = record.db);
    // No REPLACE: a key written since the check fails with BUSYKEY instead of being overwritten.
    chunks.push(respCommand(['RESTORE', record.key, String(record.ttl), Buffer.from(record.payload, 'base64')]));
  }
  const binary = requireBinary(ctx, ['redis-cli'], 'guard restores Redis keys through it');
  // The commands hold the data: a private directory, removed whatever happens.
  const scratch = await mkdtemp(join(tmpdir(), 'guard-redis-restore-'));
  try {
    const input = join(scratch, 'restore.resp');
    await writeFile(input, Buffer.concat(chunks), { mode: 0o600 });
    const result = await runWithStdinFile(ctx, input, binary, [...baseArgs(settings.connection, 0), '--pipe'], { env: childEnv(ctx, secretFor(settings, ctx)) });
    const summary = /errors: (\d+), replies: (\d+)/.exec(result.stdout);
    if (result.status !== 0 || summary === null || summary[1] !== '0') {
      throw new SnapshotError(`RESTORE through redis-cli --pipe: ${summary ? `${summary[1]} of ${summary[2]} commands failed: ${result.stdout.split('\n').find((l) => /^(ERR|BUSYKEY|NOAUTH|WRONGPASS|NOPERM)/.test(l)) ?? ''}` : failureLine(result, 'redis-cli')}`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export const redisSnapshotter: Snapshotter = {
  family: 'redis',
  plan,
  take,
  verify: async (manifest, dir) => verify(manifest, dir),
  restore,
};
