// redis-cli's rule table: categories from Redis's own command metadata plus the reviewed destructive set.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

const NO_UNDO = 'No undo: restore from an RDB snapshot or AOF file taken before it ran (copy them away first: the server may overwrite them).';
const UNKNOWN_UNDO = 'Unknown: guard cannot tell what this changes.';

type Rows<K extends string> = Record<K, { risk: Risk; description: string; reason: string; recovery?: string }>;

const ROWS = {
  flush: {
    risk: 'destructive',
    description: 'FLUSHALL, FLUSHDB',
    reason: 'Deletes every key of the database (FLUSHDB) or of every database on the server (FLUSHALL).',
    recovery: NO_UNDO,
  },
  'delete-keys': {
    risk: 'destructive',
    description: 'Commands whose key specs remove keys (DEL, UNLINK), from COMMAND’s key-spec flags',
    reason: 'Deletes the named keys and their values.',
    recovery: NO_UNDO,
  },
  'server-destructive': {
    risk: 'destructive',
    description: 'Reviewed: SWAPDB, SHUTDOWN, DEBUG, SCRIPT/FUNCTION FLUSH, FUNCTION DELETE, MIGRATE, RESTORE … REPLACE, REPLICAOF host, CONFIG SET dir/dbfilename/appendonly…, CLUSTER RESET/FLUSHSLOTS',
    reason: 'Loses data or the means to recover it: swaps or drops datasets, stops the server, moves keys away, or changes where snapshots are written.',
    recovery: NO_UNDO,
  },
  dangerous: {
    risk: 'unknown',
    description: 'Other commands Redis puts in @dangerous (admin commands guard has not reviewed)',
    reason: 'Redis marks this command dangerous; guard has no finer rule for it.',
    recovery: UNKNOWN_UNDO,
  },
  script: {
    risk: 'unknown',
    description: 'EVAL/--eval scripts guard cannot follow (dynamic redis.call), EVALSHA, FCALL',
    reason: 'The script or function runs commands guard cannot see.',
    recovery: 'Unknown: read the script (SCRIPT EXISTS, FUNCTION LIST WITHCODE) before running it.',
  },
  'unknown-command': {
    risk: 'unknown',
    description: 'Commands this server version does not list in COMMAND (modules, typos, newer versions)',
    reason: 'guard does not know this command, so it cannot tell what it does.',
    recovery: UNKNOWN_UNDO,
  },
  'unreadable-input': {
    risk: 'unknown',
    description: 'An --eval file guard cannot read, or input it cannot split into commands',
    reason: 'redis-cli would run input guard could not read.',
    recovery: UNKNOWN_UNDO,
  },
  'cluster-manager': {
    risk: 'unknown',
    description: '--cluster fix/reshard/rebalance/del-node/import… (everything but check, info, help)',
    reason: 'The cluster manager moves slots and keys between nodes or removes nodes.',
    recovery: UNKNOWN_UNDO,
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options redis-cli does not document, or missing option values',
    reason: 'guard does not recognise these arguments, so it cannot tell what redis-cli will do.',
    recovery: UNKNOWN_UNDO,
  },
  write: { risk: 'write', description: 'Commands in @write (and reviewed admin writes: CONFIG SET, SAVE, SCRIPT LOAD…)', reason: 'Changes keys or server state without deleting data.' },
  read: { risk: 'read', description: 'Commands in @read, and connection/introspection commands outside @write and @dangerous', reason: 'The commands only read.' },
  'interactive-session': {
    risk: 'write',
    description: 'An interactive redis-cli session at a terminal',
    reason: 'The user types the commands; guard does not see them here.',
  },
} as const satisfies Rows<string>;

export type RedisRuleKey = keyof typeof ROWS;

export const redisCliRules: Readonly<Record<RedisRuleKey, Rule>> = Object.fromEntries(
  Object.entries(ROWS).map(([key, row]) => [key, { id: `redis-cli/${key}`, ...row }]),
) as Readonly<Record<RedisRuleKey, Rule>>;
