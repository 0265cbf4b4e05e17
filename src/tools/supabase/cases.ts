// supabase's case table (offline): db push with pending migrations, resets, deletes, and the CLI's own --yes.
import type { ToolCase } from '../tool.js';

const LINKED = { 'supabase/config.toml': 'project_id = "shop"\n', 'supabase/.temp/project-ref': 'abcdefghijklmnopqrst\n' };
const DROPS = { ...LINKED, 'supabase/migrations/20240101000000_init.sql': 'CREATE TABLE users (id bigint primary key);\n', 'supabase/migrations/20240202000000_cleanup.sql': 'DROP TABLE users;\n' };
const CREATES = { ...LINKED, 'supabase/migrations/20240101000000_init.sql': 'CREATE TABLE users (id bigint primary key, email text);\nCREATE INDEX users_email ON users (email);\n' };

const s = (argv: string | readonly string[], risk: ToolCase['risk'], rule: string, note?: string, world?: ToolCase['world']): ToolCase => ({
  argv: ['supabase', ...(typeof argv === 'string' ? argv.split(' ').filter(Boolean) : argv)],
  risk,
  rules: [`supabase/${rule}`],
  ...(note ? { note } : {}),
  ...(world ? { world } : {}),
});

export const supabaseCases: Readonly<Record<string, readonly ToolCase[]>> = {
  supabase: [
    s('db push', 'destructive', 'db-push', 'a pending migration drops users', { files: DROPS }),
    s('db push --linked --include-all', 'destructive', 'db-push', undefined, { files: DROPS }),
    s('db push', 'write', 'db-push', 'CREATE-only migrations', { files: CREATES }),
    s('db push --yes', 'destructive', 'db-push', 'BYPASSES.md: --yes answers the CLI, not guard', { files: DROPS }),
    s('db push', 'destructive', 'db-push', 'SUPABASE_YES answers the CLI, not guard', { files: DROPS, env: { SUPABASE_YES: '1' } }),
    s('db push', 'destructive', 'db-push', 'BYPASSES.md: echo y | supabase db push', { files: DROPS, stdin: 'y\n' }),
    s('db push --dry-run', 'read', 'db-push', undefined, { files: DROPS }),
    s('migration up --local', 'destructive', 'db-push', undefined, { files: DROPS }),
    s('db reset', 'destructive', 'db-reset'),
    s('db reset --linked', 'destructive', 'db-reset', undefined, { files: LINKED }),
    s('db reset --db-url postgres://app:secret@db.prod.internal:5432/postgres', 'destructive', 'db-reset', '--db-url goes through psql\'s resolver'),
    s(['db', 'query', 'DELETE FROM orders'], 'destructive', 'db-query'),
    s(['db', 'query', '--linked', 'SELECT count(*) FROM orders'], 'read', 'db-query'),
    s('migration down --last 2', 'destructive', 'migration-down'),
    s('migration repair --status reverted 20240202000000', 'destructive', 'migration-repair', undefined, { files: LINKED }),
    s('projects delete abcdefghijklmnopqrst', 'destructive', 'project-delete'),
    s('branches delete feature-x --project-ref abcdefghijklmnopqrst', 'destructive', 'project-delete'),
    s('storage rm -r ss:///avatars', 'destructive', 'storage-rm'),
    s('stop --no-backup', 'destructive', 'stop-no-backup'),
    s('stop', 'write', 'write'),
    s('functions delete hello --project-ref abcdefghijklmnopqrst', 'destructive', 'remote-delete'),
    s('secrets unset STRIPE_KEY', 'destructive', 'remote-delete', undefined, { files: LINKED }),
    s('start', 'write', 'write'),
    s('migration new add_orders', 'write', 'write'),
    s('migration list', 'read', 'read'),
    s('projects list', 'read', 'read'),
    s('db dump --linked -f dump.sql', 'read', 'read'),
    s('--help', 'read', 'read'),
    s('db', 'read', 'read'),
    s('db nuke', 'unknown', 'bad-arguments'),
    s('db push --frobnicate', 'unknown', 'bad-arguments'),
  ],
};
