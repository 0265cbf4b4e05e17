// One Redis command → its rule: Redis's COMMAND metadata (ACL categories, key specs) plus guard's reviewed sets.
import type { RedisRuleKey } from './rules.js';
import { REDIS_COMMANDS } from './commands.generated.js';
import type { RedisCommandMeta } from './command-table.js';

export interface RedisCommandVerdict {
  readonly rule: RedisRuleKey;
  readonly summary: string;
  /** Canonical name: `flushall`, `config|set`. */
  readonly command: string;
  /** Key names the command names (from the metadata's first/last/step), for look-ups. */
  readonly keys: readonly string[];
  readonly note?: string;
}

/** The reviewed destructive set (beyond what key specs say). */
const DESTRUCTIVE = new Set(['flushall', 'flushdb', 'swapdb', 'shutdown', 'debug', 'script|flush', 'function|flush', 'function|delete', 'migrate', 'cluster|reset', 'cluster|flushslots']);
/** CONFIG SET parameters that decide whether and where data is persisted. */
const PERSISTENCE_PARAMETERS = new Set(['dir', 'dbfilename', 'appendonly', 'appendfilename', 'appenddirname', 'save', 'appendfsync']);
/** @dangerous commands that only read (reviewed). */
const DANGEROUS_READS = new Set([
  'acl|dryrun', 'acl|getuser', 'acl|list', 'acl|log', 'acl|users', 'client|list', 'cluster|count-failure-reports', 'cluster|replicas', 'cluster|slaves',
  'config|get', 'info', 'keys', 'lastsave', 'latency|doctor', 'latency|graph', 'latency|histogram', 'latency|history', 'latency|latest', 'module|list',
  'monitor', 'role', 'slowlog|get', 'slowlog|len', 'sort_ro',
]);
/** @dangerous commands that change server state but lose no data (reviewed). */
const DANGEROUS_WRITES = new Set(['bgrewriteaof', 'bgsave', 'save', 'config|rewrite', 'config|resetstat', 'latency|reset', 'slowlog|reset', 'client|pause', 'client|unpause', 'client|no-evict', 'client|unblock', 'acl|setuser', 'acl|save', 'module|load', 'module|loadex', 'module|unload']);
/** Commands outside @write and @read that still change something, or run code guard cannot see. */
const OTHER_WRITES = new Set(['publish', 'spublish', 'script|load', 'script|kill', 'function|kill', 'memory|purge', 'client|setname', 'client|kill']);
const OPAQUE_CODE = new Set(['eval', 'evalsha', 'fcall']);

function lookup(args: readonly string[]): { name: string; meta: RedisCommandMeta } | null {
  const top = (args[0] ?? '').toLowerCase();
  const meta = REDIS_COMMANDS[top];
  if (!meta) return null;
  if (!meta.subcommands) return { name: top, meta };
  const name = `${top}|${(args[1] ?? '').toLowerCase()}`;
  const sub = REDIS_COMMANDS[name];
  return sub ? { name, meta: sub } : null;
}

function keysOf(meta: RedisCommandMeta, args: readonly string[]): string[] {
  if (meta.firstKey <= 0 || meta.keyStep <= 0) return [];
  const last = meta.lastKey < 0 ? args.length + meta.lastKey : meta.lastKey;
  const keys: string[] = [];
  for (let i = meta.firstKey; i <= last && i < args.length; i += meta.keyStep) keys.push(args[i] ?? '');
  return keys;
}

const summarise = (args: readonly string[]) => {
  const text = args.map((a) => (/[\s"']/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ');
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** Pure: the rule for one command line as Redis receives it (`["DEL", "a", "b"]`). */
export function classifyRedisCommand(args: readonly string[]): RedisCommandVerdict {
  const summary = summarise(args);
  const found = lookup(args);
  if (!found) return { rule: 'unknown-command', summary, command: (args[0] ?? '').toLowerCase(), keys: [] };
  const { name, meta } = found;
  const keys = keysOf(meta, args);
  const verdict = (rule: RedisRuleKey, note?: string): RedisCommandVerdict => ({ rule, summary, command: name, keys, ...(note ? { note } : {}) });
  const upper = args.map((a) => a.toUpperCase());
  if (DESTRUCTIVE.has(name)) return verdict(name === 'flushall' || name === 'flushdb' ? 'flush' : 'server-destructive');
  if (meta.keyFlags.includes('RM')) return verdict('delete-keys');
  if (name === 'restore' || name === 'restore-asking') return verdict(upper.includes('REPLACE') ? 'server-destructive' : 'write');
  if (name === 'replicaof' || name === 'slaveof') return verdict(upper[1] === 'NO' && upper[2] === 'ONE' ? 'write' : 'server-destructive');
  if (name === 'config|set') {
    const parameters = args.slice(2).filter((_, i) => i % 2 === 0).map((p) => p.toLowerCase());
    return verdict(parameters.some((p) => PERSISTENCE_PARAMETERS.has(p)) ? 'server-destructive' : 'write');
  }
  if (name === 'function|restore') return verdict(upper.includes('FLUSH') || upper.includes('REPLACE') ? 'server-destructive' : 'write');
  if (OPAQUE_CODE.has(name)) return verdict('script');
  if (DANGEROUS_READS.has(name)) return verdict('read', name === 'acl|dryrun' ? 'ACL DRYRUN only simulates the command it names' : undefined);
  if (DANGEROUS_WRITES.has(name) || OTHER_WRITES.has(name)) return verdict('write');
  if (meta.acl.includes('dangerous')) return verdict('dangerous');
  if (meta.acl.includes('write')) return verdict('write');
  return verdict('read');
}
