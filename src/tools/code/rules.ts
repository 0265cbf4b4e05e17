// Rule tables of the script runners (node, python3, tsx…): the http family's rows for requests, and rows for what else code reaches.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';
import { httpRules } from '../http/rules.js';

type Row = { risk: Risk; description: string; reason: string; recovery?: string };

const UNKNOWN_RECOVERY = 'Unknown: guard cannot tell what this code changes.';

const CODE_ROWS = {
  'code-unknown': {
    risk: 'unknown',
    description: 'Code guard cannot follow: eval, computed module names or members, unreadable or oversized files, imports too deep, commands or URLs built from values it cannot resolve',
    reason: 'guard cannot see what this code does, so it is treated as destructive.',
    recovery: UNKNOWN_RECOVERY,
  },
  'runs-nothing-guarded': {
    risk: 'read',
    description: 'A script whose calls reach no process, network, SDK or database API guard guards (build tools, test runners, file processing)',
    reason: 'guard read the code and found no call that reaches infrastructure.',
  },
  'process-unknown': {
    risk: 'unknown',
    description: 'A process started from code (child_process, subprocess, os.system, zx, execa) with a command guard cannot resolve',
    reason: 'The command is built from values guard cannot follow, so it could run anything.',
    recovery: UNKNOWN_RECOVERY,
  },
  'aws-unknown': {
    risk: 'unknown',
    description: 'An AWS SDK call whose service or operation guard cannot name or does not know',
    reason: 'guard cannot tell which AWS operation runs.',
    recovery: UNKNOWN_RECOVERY,
  },
  'sql-unknown': {
    risk: 'unknown',
    description: 'SQL sent through a database driver that guard cannot read (computed text, or a dialect whose parser is not here)',
    reason: 'guard cannot see which statements run.',
    recovery: UNKNOWN_RECOVERY,
  },
  'redis-destructive': {
    risk: 'destructive',
    description: 'A Redis client call that deletes keys or data: flushall, flushdb, del, unlink, swapdb',
    reason: 'Removes keys from the Redis server at once.',
    recovery: 'Only from an RDB snapshot or AOF taken before the call, if the server keeps one.',
  },
  'redis-call': {
    risk: 'unknown',
    description: 'Any other Redis client call (classified by the redis family when it lands; until then unknown unless it only reads)',
    reason: 'guard cannot yet tell what this Redis command changes.',
    recovery: UNKNOWN_RECOVERY,
  },
  'redis-read': { risk: 'read', description: 'A Redis client call that only reads (get, mget, hgetall, scan, exists, ttl, ping, info)', reason: 'Reads only.' },
  'prisma-destructive': {
    risk: 'destructive',
    description: 'Prisma deleteMany() without a where filter, or raw SQL that is destructive',
    reason: 'Deletes every row of the model\'s table.',
    recovery: 'Restore the rows from a backup or dump taken before the call.',
  },
  'prisma-write': { risk: 'write', description: 'Prisma create, update, upsert, delete with a where filter', reason: 'Changes rows it names.' },
  'prisma-read': { risk: 'read', description: 'Prisma find*, count, aggregate, groupBy', reason: 'Reads only.' },
  'prisma-unknown': {
    risk: 'unknown',
    description: 'Prisma raw SQL guard cannot read ($executeRawUnsafe with computed text), or a method guard does not know',
    reason: 'guard cannot see which statements run.',
    recovery: UNKNOWN_RECOVERY,
  },
} satisfies Record<string, Row>;

export type CodeRuleKey = keyof typeof CODE_ROWS;

export function codeRules(program: string): ReturnType<typeof httpRules> & Readonly<Record<CodeRuleKey, Rule>> {
  const own = {} as Record<CodeRuleKey, Rule>;
  for (const key of Object.keys(CODE_ROWS) as CodeRuleKey[]) own[key] = { id: `${program}/${key}`, ...CODE_ROWS[key] };
  return { ...httpRules(program), ...own };
}

export type CodeRuleTable = ReturnType<typeof codeRules>;
