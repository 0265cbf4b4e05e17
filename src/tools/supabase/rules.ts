// The supabase CLI's rule table: plain data, ids `supabase/<rule>`, recovery notes from Supabase's docs.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources: supabase.com/docs/guides/platform/backups (daily backups on paid plans, PITR as an add-on;
// the free plan has none you can restore yourself), supabase.com/docs/reference/cli (db reset "Resets the local
// database" or the linked one; stop --no-backup "Deletes all data volumes after stopping"; projects delete is
// permanent).
const BACKUPS = 'Restore the project from a daily backup or, with the PITR add-on, to a point before the change (Dashboard → Database → Backups); free-plan projects have no restorable backup.';

type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `supabase/${key}`, ...rows[key] };
  return out;
}

export const supabaseRules = table({
  'db-push': {
    risk: 'write',
    description: 'supabase db push, supabase migration up',
    reason: 'Applies the pending migrations in supabase/migrations; guard reads each with the Postgres parser (their statements are listed with psql\'s rules).',
  },
  'db-reset': {
    risk: 'destructive',
    description: 'supabase db reset (--local, --linked or --db-url)',
    reason: 'Drops the database\'s schemas and data and recreates it from the migrations and seed.',
    recovery: BACKUPS,
  },
  'db-query': {
    risk: 'read',
    description: 'supabase db query SQL (-f FILE)',
    reason: 'Runs SQL against the database; guard reads it with the Postgres parser.',
  },
  'migration-down': {
    risk: 'destructive',
    description: 'supabase migration down',
    reason: 'Resets the database to an earlier migration: schemas and data created after it are dropped.',
    recovery: BACKUPS,
  },
  'migration-repair': {
    risk: 'destructive',
    description: 'supabase migration repair --status applied|reverted',
    reason: 'Rewrites the remote migration history: the next push then re-runs or skips migrations against live data.',
    recovery: 'Repair the history again with the correct status; data changed by a wrongly re-run migration needs a backup.',
  },
  'project-delete': {
    risk: 'destructive',
    description: 'supabase projects delete, supabase branches delete',
    reason: 'Deletes the project or preview branch with its database, storage, functions and backups.',
    recovery: 'No undo: a deleted project and its backups are gone (a branch can be recreated, its data cannot).',
  },
  'storage-rm': {
    risk: 'destructive',
    description: 'supabase storage rm',
    reason: 'Deletes storage objects (with -r, everything under a prefix).',
    recovery: 'No undo: Supabase Storage keeps no deleted objects and its backups do not include them.',
  },
  'stop-no-backup': {
    risk: 'destructive',
    description: 'supabase stop --no-backup',
    reason: 'Stops the local stack and deletes its data volumes: the local database is gone.',
    recovery: 'No undo: `supabase start` creates an empty database again from the migrations and seed.',
  },
  'remote-delete': {
    risk: 'destructive',
    description: 'supabase functions delete, secrets unset, domains delete, vanity-subdomains delete, sso remove, backups restore, network-bans remove',
    reason: 'Deletes or replaces project configuration or data that clients depend on (a restore replaces the database with an older copy).',
    recovery: 'Deploy or set it again from its source; a database restored to an older backup loses everything written after it.',
  },
  read: { risk: 'read', description: 'commands that only read (list, status, db dump, db diff, inspect…)', reason: 'Only reads state.' },
  write: { risk: 'write', description: 'commands that change state but keep data (start, link, functions deploy, migration new…)', reason: 'Changes local files or project settings; no data is deleted.' },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a supabase command or flag guard does not know',
    reason: 'guard cannot tell what this supabase command does.',
    recovery: 'Depends on the command: check `supabase COMMAND --help` before running it.',
  },
});

export type SupabaseRuleKey = keyof typeof supabaseRules;

export const SUPABASE_PATH_RULES: Readonly<Record<string, SupabaseRuleKey>> = {
  'db push': 'db-push',
  'migration up': 'db-push',
  'db reset': 'db-reset',
  'db query': 'db-query',
  'migration down': 'migration-down',
  'migration repair': 'migration-repair',
  'projects delete': 'project-delete',
  'branches delete': 'project-delete',
  'storage rm': 'storage-rm',
  'functions delete': 'remote-delete',
  'secrets unset': 'remote-delete',
  'domains delete': 'remote-delete',
  'vanity-subdomains delete': 'remote-delete',
  'sso remove': 'remote-delete',
  'backups restore': 'remote-delete',
  'network-bans remove': 'remote-delete',
};

export const SUPABASE_READ_VERBS = new Set(['list', 'ls', 'get', 'show', 'status', 'dump', 'diff', 'lint', 'info', 'services', 'download', 'cat', 'fetch', 'inspect', 'bloat', 'blocking', 'cache-hit', 'calls', 'index-sizes', 'index-usage', 'locks', 'long-running-queries', 'outliers', 'replication-slots', 'role-configs', 'role-connections', 'seq-scans', 'table-index-sizes', 'table-record-counts', 'table-sizes', 'total-index-size', 'total-table-sizes', 'unused-indexes', 'vacuum-stats', 'traffic-profile', 'db-stats', 'index-stats', 'table-stats', 'report', 'types', 'typescript', 'signing-key', 'api-keys']);
