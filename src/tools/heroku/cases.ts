// heroku's case table (offline): command ids, aliases, the space form, git remotes, inner commands and SQL.
import type { ToolCase } from '../tool.js';

const PROD_REMOTE = { '.git/config': '[core]\n\tbare = false\n[remote "heroku"]\n\turl = https://git.heroku.com/acme-prod.git\n\tfetch = +refs/heads/*:refs/remotes/heroku/*\n' };

const h = (argv: string | readonly string[], risk: ToolCase['risk'], rule: string, note?: string, world?: ToolCase['world']): ToolCase => ({
  argv: ['heroku', ...(typeof argv === 'string' ? argv.split(' ').filter(Boolean) : argv)],
  risk,
  rules: [`heroku/${rule}`],
  ...(note ? { note } : {}),
  ...(world ? { world } : {}),
});

export const herokuCases: Readonly<Record<string, readonly ToolCase[]>> = {
  heroku: [
    h('apps:destroy acme-prod', 'destructive', 'apps-destroy'),
    h('apps:destroy -a acme-prod --confirm acme-prod', 'destructive', 'apps-destroy', '--confirm is the CLI\'s own'),
    h('destroy --app=acme-prod', 'destructive', 'apps-destroy', 'hidden alias destroy'),
    h('apps:delete acme-prod', 'destructive', 'apps-destroy', 'hidden alias apps:delete'),
    h('apps destroy acme-prod', 'destructive', 'apps-destroy', 'the space form'),
    h('apps:destroy acme-prod', 'destructive', 'apps-destroy', 'BYPASSES.md: echo myapp | heroku apps:destroy myapp', { stdin: 'acme-prod\n' }),
    h('apps:destroy', 'destructive', 'apps-destroy', 'HEROKU_FORCE answers the CLI, not guard', { env: { HEROKU_FORCE: '1' }, files: PROD_REMOTE }),
    h('pg:reset DATABASE_URL', 'destructive', 'pg-reset', 'app from the heroku git remote', { files: PROD_REMOTE }),
    h('pg:reset -a acme-staging -c acme-staging', 'destructive', 'pg-reset'),
    h('pg reset', 'destructive', 'pg-reset', 'space form of pg:reset', { files: PROD_REMOTE }),
    h('pg:copy acme-prod::DATABASE_URL HEROKU_POSTGRESQL_RED -a acme-staging', 'destructive', 'pg-overwrite'),
    h('pg:push localdb DATABASE_URL -a acme-prod', 'destructive', 'pg-overwrite'),
    h('pg:backups:restore b101 DATABASE_URL -a acme-prod', 'destructive', 'pg-overwrite'),
    h('pg:backups:delete b101 -a acme-prod --confirm acme-prod', 'destructive', 'pg-backups-delete'),
    h('addons:destroy heroku-postgresql-rugged-123 -a acme-prod', 'destructive', 'addons-destroy'),
    h('addons:remove redis-cubic-42 -a acme-prod -f', 'destructive', 'addons-destroy', 'hidden alias addons:remove'),
    h('data:pg:destroy DATABASE -a acme-prod', 'destructive', 'addons-destroy'),
    h('pg:killall -a acme-prod', 'destructive', 'pg-killall'),
    h('config:unset DATABASE_URL SECRET_KEY -a acme-prod', 'destructive', 'config-unset'),
    h('config:remove SECRET_KEY -a acme-prod', 'destructive', 'config-unset', 'alias config:remove'),
    h('pg:credentials:destroy --name analyst -a acme-prod', 'destructive', 'credentials-destroy'),
    h('spaces:destroy --space acme', 'destructive', 'space-destroy'),
    h(['pg:psql', '-a', 'acme-prod', '-c', 'DELETE FROM users'], 'destructive', 'pg-psql-sql'),
    h(['psql', '-a', 'acme-prod', '--command=SELECT 1'], 'read', 'pg-psql', 'alias psql with read-only SQL'),
    h('pg:psql -a acme-prod', 'unknown', 'pg-psql-interactive'),
    h('run rake db:migrate -a acme-staging', 'write', 'run'),
    h('run -a acme-prod -- ls -la', 'write', 'run'),
    h('ps:scale web=0 -a acme-prod', 'write', 'ps-scale'),
    h('scale web=2', 'write', 'ps-scale', 'hidden alias scale', { files: PROD_REMOTE }),
    h('ps:restart -a acme-prod', 'write', 'ps-scale'),
    h('config:set FOO=bar -a acme-prod', 'write', 'write'),
    h('apps', 'read', 'read'),
    h('apps:info -a acme-prod', 'read', 'read'),
    h('pg:info', 'read', 'read', undefined, { files: PROD_REMOTE }),
    h('pg', 'read', 'read', 'alias of pg:info'),
    h('pg:backups -a acme-prod', 'read', 'read'),
    h('logs --tail -a acme-prod', 'read', 'read'),
    h('--help', 'read', 'read'),
    h('apps:destroy --frobnicate acme-prod', 'unknown', 'bad-arguments'),
    h('nuke-everything', 'unknown', 'bad-arguments'),
  ],
};
