// The heroku CLI's rule table: plain data, ids `heroku/<rule>`, recovery notes from Heroku's Dev Center.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources (devcenter.heroku.com): "Heroku Postgres Rollback" (Standard and higher plans can roll back
// within their retention window: 4 days Standard, 1 week Premium+; Essential plans cannot), "Heroku PGBackups"
// (backups are kept per app; deleting the app or its database deletes its add-on and, with the app, its
// backups), "Deleting an app" (apps:destroy is permanent: add-ons, config vars, releases and domains go with it).
const PG_ROLLBACK = 'Standard and higher Heroku Postgres plans can be rolled back to a point before the change (`heroku addons:create heroku-postgresql --rollback DATABASE_URL --to …`) within the plan\'s retention window; Essential plans only by restoring a PGBackups backup taken before.';

type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `heroku/${key}`, ...rows[key] };
  return out;
}

export const herokuRules = table({
  'apps-destroy': {
    risk: 'destructive',
    description: 'heroku apps:destroy (destroy, apps:delete)',
    reason: 'Permanently deletes the app with its add-ons (databases included), config vars, releases, domains and backups.',
    recovery: 'No undo: a destroyed app and its add-ons cannot be restored. Only a PGBackups backup downloaded beforehand, or a fork to another app, keeps the data.',
  },
  'pg-reset': {
    risk: 'destructive',
    description: 'heroku pg:reset',
    reason: 'Drops every table and all data in the database (it is emptied and recreated).',
    recovery: PG_ROLLBACK,
  },
  'pg-overwrite': {
    risk: 'destructive',
    description: 'heroku pg:copy SOURCE TARGET, pg:push, pg:backups:restore',
    reason: 'Overwrites the target database: everything in it is replaced by the source or backup.',
    recovery: PG_ROLLBACK,
  },
  'pg-backups-delete': {
    risk: 'destructive',
    description: 'heroku pg:backups:delete',
    reason: 'Deletes a backup: restoring to that point becomes impossible.',
    recovery: 'No undo: the backup is gone; capture a new one (it will not contain the old state).',
  },
  'addons-destroy': {
    risk: 'destructive',
    description: 'heroku addons:destroy (addons:remove), data:pg:destroy',
    reason: 'Deletes the add-on and its data (a Postgres or Redis add-on is the database itself).',
    recovery: 'No undo for the add-on; a Heroku Postgres database can be recreated only from a PGBackups backup or, on Standard and higher plans, rolled back from a fork made before it was destroyed.',
  },
  'pg-killall': {
    risk: 'destructive',
    description: 'heroku pg:killall, pg:kill',
    reason: 'Terminates every connection (or the given one) to the database: running queries and transactions are lost.',
    recovery: 'Aborted transactions are rolled back; clients must reconnect and retry their work.',
  },
  'config-unset': {
    risk: 'destructive',
    description: 'heroku config:unset (config:remove)',
    reason: 'Removes config vars and restarts the app; a removed DATABASE_URL or secret breaks it at once.',
    recovery: 'Set the vars again with their old values (heroku releases:info shows which changed; values are not kept).',
  },
  'credentials-destroy': {
    risk: 'destructive',
    description: 'heroku pg:credentials:destroy, data:pg:credentials:destroy, pg:links:destroy, data:pg:attachments:destroy, authorizations:revoke, clients:destroy',
    reason: 'Revokes credentials or links other apps and clients use; they stop working at once.',
    recovery: 'Create new credentials and update every client; revoked ones cannot be restored.',
  },
  'space-destroy': {
    risk: 'destructive',
    description: 'heroku spaces:destroy, pipelines:destroy, spaces:peerings:destroy, spaces:vpn:destroy',
    reason: 'Deletes a Private Space (its apps must be gone first), a pipeline, or a network connection of a space.',
    recovery: 'No undo: recreate it; a space gets new outbound IPs and a VPN or peering must be set up again.',
  },
  'pg-psql': {
    risk: 'read',
    description: 'heroku pg:psql (psql) -c SQL / -f FILE',
    reason: 'Runs SQL against the app\'s database; guard reads the SQL with the Postgres parser.',
  },
  'pg-psql-sql': {
    risk: 'destructive',
    description: 'heroku pg:psql -c or -f with SQL that deletes data',
    reason: 'The SQL it runs deletes data (see the statement).',
    recovery: PG_ROLLBACK,
  },
  'pg-psql-interactive': {
    risk: 'unknown',
    description: 'heroku pg:psql with no -c/-f',
    reason: 'Opens an interactive psql session on the database: guard cannot see what will be typed.',
    recovery: PG_ROLLBACK,
  },
  run: {
    risk: 'write',
    description: 'heroku run CMD, run:detached, run:inside, ps:exec',
    reason: 'Runs a command on a one-off dyno with the app\'s config vars; guard assesses that command by its own rules.',
  },
  'ps-scale': {
    risk: 'write',
    description: 'heroku ps:scale (scale, dyno:scale), ps:stop, ps:restart',
    reason: 'Changes or stops the app\'s dynos (web=0 takes it offline); no data is deleted.',
  },
  read: { risk: 'read', description: 'commands that only read (info, list, logs, pg:info…)', reason: 'Only reads state.' },
  write: { risk: 'write', description: 'commands that change settings but keep data', reason: 'Changes the app or account; no data is deleted.' },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a heroku command or flag guard does not know',
    reason: 'guard cannot tell what this heroku command does (a plugin, a typo, or a newer CLI).',
    recovery: 'Depends on the command: check `heroku help COMMAND` before running it.',
  },
});

export type HerokuRuleKey = keyof typeof herokuRules;

/** Commands by canonical oclif id whose rule is not plain read or write. */
export const HEROKU_COMMAND_RULES: Readonly<Record<string, HerokuRuleKey>> = {
  'apps:destroy': 'apps-destroy',
  'pg:reset': 'pg-reset',
  'pg:copy': 'pg-overwrite',
  'pg:push': 'pg-overwrite',
  'pg:backups:restore': 'pg-overwrite',
  'pg:backups:delete': 'pg-backups-delete',
  'addons:destroy': 'addons-destroy',
  'data:pg:destroy': 'addons-destroy',
  'pg:killall': 'pg-killall',
  'pg:kill': 'pg-killall',
  'config:unset': 'config-unset',
  'pg:credentials:destroy': 'credentials-destroy',
  'data:pg:credentials:destroy': 'credentials-destroy',
  'data:pg:attachments:destroy': 'credentials-destroy',
  'pg:links:destroy': 'credentials-destroy',
  'authorizations:revoke': 'credentials-destroy',
  'clients:destroy': 'credentials-destroy',
  'spaces:destroy': 'space-destroy',
  'pipelines:destroy': 'space-destroy',
  'spaces:peerings:destroy': 'space-destroy',
  'spaces:vpn:destroy': 'space-destroy',
  'pg:psql': 'pg-psql',
  'data:pg:psql': 'pg-psql',
  run: 'run',
  'run:detached': 'run',
  'run:inside': 'run',
  'ps:exec': 'run',
  'ps:scale': 'ps-scale',
  'ps:stop': 'ps-scale',
  'ps:restart': 'ps-scale',
};

// The last word of commands that only read, as their descriptions in the manifest say ("display", "list", "show").
export const HEROKU_READ_WORDS = new Set([
  'info', 'docs', 'open', 'logs', 'status', 'diff', 'errors', 'whoami', 'current', 'token', 'get', 'search', 'versions', 'wait',
  'outliers', 'bloat', 'blocking', 'cache-hit', 'calls', 'locks', 'ps', 'diagnose', 'index-size', 'index-usage', 'records-rank',
  'seq-scans', 'table-size', 'table-indexes-size', 'total-index-size', 'total-table-size', 'unused-indexes', 'user-connections',
  'vacuum-stats', 'long-running-queries', 'extensions', 'url', 'download', 'schedules', 'levels', 'quotas', 'history', 'hosts',
  'topology', 'deliveries', 'events', 'output', 'regions', 'dashboard', 'version', 'mandelbrot', 'plans', 'services', 'favorites',
  'stacks', 'credentials', 'connections', 'config', 'doctor', 'usage', 'addons',
]);
// Topic commands that list (`heroku apps`, `heroku addons`, `heroku pg:backups`…).
export const HEROKU_READ_TOPICS = new Set([
  'access', 'accounts', 'addons', 'apps', 'authorizations', 'buildpacks', 'certs', 'ci', 'clients', 'config', 'domains', 'drains', 'features',
  'keys', 'labs', 'members', 'notifications', 'orgs', 'pipelines', 'ps', 'releases', 'sessions', 'spaces', 'teams', 'telemetry', 'webhooks',
  'pg:backups', 'pg:links', 'pg:settings', 'pg:credentials', 'spaces:peerings', 'spaces:trusted-ips', 'webhooks:deliveries', 'webhooks:events',
  'data:maintenances', 'data:pg:attachments', 'data:pg:credentials', 'data:pg:quotas', 'certs:auto', 'ci:config', 'apps:favorites', 'auth:2fa', 'maintenance', 'regions', 'status',
]);
