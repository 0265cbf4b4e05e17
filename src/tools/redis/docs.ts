// The Redis family's page in docs/tools/: what redis-cli sends, how it connects, what the look-ups ask.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Redis: redis-cli',
  resolution: [
    'The commands redis-cli sends: argv after its options (they must come first, as in redis-cli), stdin when no command is given and stdin is not a terminal (one command a line, quoting as sdssplitargs, a repeat count allowed; spooled and handed on byte for byte), `-x`/`-X` (an argument read from stdin), `--pipe` (RESP or inline), `--eval FILE keys , args` and `EVAL` (the Lua is parsed: each `redis.call`/`pcall` with a literal or `KEYS[n]`/`ARGV[n]` name), `--cluster call`. `SELECT n` in a script moves the following commands to db n.',
    'Classification comes from the server\'s own `COMMAND` table (generated, `npm run gen:redis`): `@write`, `@read`, `@dangerous` and key specs that remove keys (`RM`), under a reviewed destructive set (FLUSHALL, FLUSHDB, DEL, UNLINK, SWAPDB, SHUTDOWN, DEBUG, SCRIPT/FUNCTION FLUSH, FUNCTION DELETE, RESTORE … REPLACE, MIGRATE, REPLICAOF host, CONFIG SET dir/dbfilename/appendonly/save, CLUSTER RESET/FLUSHSLOTS). Other `@dangerous` commands are unknown; `ACL DRYRUN` is a read and noted.',
    'The connection: `-u redis://user:pass@host:port/db`, `-h`, `-p`, `-s`, `-n`, `--user`, `--tls`; the password from `-a`, `--pass`, the URI or `REDISCLI_AUTH` is never shown.',
    'The environment comes from your `environments.<name>.match.redis` rules (`host` or socket path, `port`, `db`); otherwise a socket or loopback host is `local`, a host containing "prod" is `production`, anything else `unknown` (protected).',
  ],
  liveLookups: [
    'Through the real `redis-cli` with the resolved connection (the password in `REDISCLI_AUTH`), 4 s timeout each.',
    '`INFO keyspace memory persistence`: keys per database (what FLUSHALL and FLUSHDB delete), memory in use, whether an RDB snapshot or AOF exists to recover from.',
    '`EXISTS` for the keys a DEL/UNLINK names (at most 1,000); `--scan --pattern` (bounded output, then "at least") for the patterns a deleting script enumerates.',
  ],
  notes: ['Snapshots (`--snapshot`): `DUMP`+`PTTL` (one Lua `EVAL` per 100 keys, hex-encoded) of the keys a command deletes, a script\'s `KEYS`/`SCAN MATCH` pattern, or every key of FLUSHDB/FLUSHALL, at most 10,000 keys; verified by count, a sha256 over the dumps and each payload\'s CRC64; restored with `RESTORE` through `redis-cli --pipe`, refused while any of its keys exists again.', 'Keys a pipeline feeds in are unknown to guard: the DEL is destructive and says so. For `redis-cli --scan --pattern P | xargs redis-cli del` on the same server, the shell engine hands the producer\'s argv to the DEL (Context.argumentsFrom) and guard counts the keys P matches with the same bounded SCAN; a scan of another server, or with --quoted-pattern, is not counted.'],
};
