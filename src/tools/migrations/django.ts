// Django's manage.py / django-admin and Alembic: settings DATABASES / alembic.ini, migration files read with tree-sitter-python.
import { dirname, join } from 'node:path';
import type { Context } from '../../core/context.js';
import { hasFlag, optionValue, scanArgv, type ArgvGrammar, type ParsedArgv } from './argv.js';
import { databaseFromParts, databaseFromUrl, unresolved, type DatabaseTarget } from './database.js';
import { lookupVariable, readText } from './dotenv.js';
import { forwardRun, HISTORY, rollbackRun, type RunContext } from './forward.js';
import { parseIni } from './ini.js';
import { absolute } from './locate.js';
import { makeMigrationTool, type MigrationPlan, type PlannedHit } from './make-tool.js';
import type { MigrationLayout } from './pending.js';
import { readPythonModule, type PythonValue } from './python-config.js';
import { migrationRules, rollsBack, unknownRow, wipes } from './rules.js';

const bad = (parsed: ParsedArgv): PlannedHit[] => parsed.problems.map((problem) => ({ rule: 'bad-arguments', summary: problem }));
const readOnly = (parsed: ParsedArgv, summary: string, database: DatabaseTarget | null = null): MigrationPlan => ({ hits: [...bad(parsed), { rule: 'read', summary }], database });

async function stringFrom(ctx: Context, value: PythonValue | undefined, dotenv: readonly string[]): Promise<string | undefined | { error: string }> {
  if (value === undefined) return undefined;
  if (value.kind === 'string') return value.value;
  if (value.kind === 'env') {
    const found = await lookupVariable(ctx, value.name, dotenv);
    if (found === null) return value.fallback ?? { error: `${value.name} is not set` };
    return 'error' in found ? found : found.value;
  }
  return { error: `a value guard cannot evaluate (${value.kind === 'opaque' ? value.text : value.kind})` };
}

export async function databaseFromPython(ctx: Context, value: PythonValue | undefined, label: string, dotenv: readonly string[]): Promise<DatabaseTarget> {
  if (value === undefined) return unresolved(`${label} is not set`);
  if (value.kind === 'url') {
    const url = await stringFrom(ctx, value.of, dotenv);
    if (url === undefined || typeof url === 'object') return unresolved(`${label}: ${typeof url === 'object' ? url.error : 'no URL'}`);
    return databaseFromUrl(url, label, ctx);
  }
  if (value.kind === 'dict') {
    const parts: Record<string, string> = {};
    for (const [key, field] of [['ENGINE', 'adapter'], ['HOST', 'host'], ['PORT', 'port'], ['NAME', 'database'], ['USER', 'user']] as const) {
      const found = await stringFrom(ctx, value.entries.get(key), dotenv);
      if (typeof found === 'object') return unresolved(`${label} ${key}: ${found.error}`);
      if (found !== undefined) parts[field] = found;
    }
    if (!parts['adapter']) return unresolved(`${label} has no ENGINE`);
    return databaseFromParts({ adapter: parts['adapter'], ...parts }, label, ctx);
  }
  const url = await stringFrom(ctx, value, dotenv);
  if (url === undefined || typeof url === 'object') return unresolved(`${label}: ${typeof url === 'object' ? url.error : 'no value'}`);
  return databaseFromUrl(url, label, ctx);
}

// Django 3.2–5.x: django-admin help and core/management/base.py (BaseCommand's shared options).
const DJANGO: ArgvGrammar = {
  valueOptions: ['settings', 'pythonpath', 'verbosity', 'v', 'database', 'app_label', 'format', 'indent', 'output', 'o', 'exclude', 'e', 'database', 'natural', 'name', 'n', 'addrport', 'squashed-name', 'interface', 'i', 'command', 'c', 'pks', 'ignorenonexistent', 'username', 'email'],
  flags: ['help', 'h', 'version', 'traceback', 'no-color', 'force-color', 'skip-checks', 'noinput', 'no-input', 'fake', 'fake-initial', 'plan', 'run-syncdb', 'check', 'prune', 'dry-run', 'merge', 'empty', 'update', 'list', 'l', 'backwards', 'include-stale-apps', 'natural-foreign', 'natural-primary', 'all', 'a', 'nostartup', 'no-startup', 'noreload', 'nothreading', 'ipv6', '6', 'keepdb', 'parallel', 'reverse', 'r', 'debug-mode', 'ignorenonexistent', 'no-optimize', 'no-header', 'scriptable', 'close-sql-connection', 'yes'],
};
const DJANGO_LAYOUT: MigrationLayout = { kind: 'code', pattern: /^\d{4}_.*\.py$/, language: 'python-django' };

export const djangoRules = (program: string) => migrationRules(program, {
  flush: wipes('flush, reset_db (django-extensions)', 'Deletes every row of every table (reset_db drops and recreates the database).'),
  'migrate-zero': rollsBack('migrate APP zero, migrate APP MIGRATION (backwards)', 'Unapplies migrations: the tables and columns they created are dropped.'),
  shell: unknownRow('shell, dbshell, runscript, loaddata, and commands guard does not know from installed apps', 'Runs code, SQL typed in a session, or a command guard cannot see.'),
}, { pending: true });

async function djangoDatabase(ctx: Context, parsed: ParsedArgv, program: string): Promise<{ database: DatabaseTarget; appsRoot: string }> {
  let module = optionValue(parsed, 'settings') ?? ctx.env['DJANGO_SETTINGS_MODULE'];
  const manage = program === 'manage.py' ? await readText(ctx, absolute(ctx, 'manage.py')) : null;
  let dotenv: string[] = manage?.includes('dotenv') ? ['.env'] : [];
  if (module === undefined && manage !== null) {
    const read = await readPythonModule(manage);
    if (!('problem' in read)) {
      const args = read.callArguments('os.environ.setdefault');
      if (args?.[0]?.kind === 'string' && args[0].value === 'DJANGO_SETTINGS_MODULE' && args[1]?.kind === 'string') module = args[1].value;
      read.release();
    }
  }
  if (module === undefined) return { database: unresolved('DJANGO_SETTINGS_MODULE is not set and manage.py does not name the settings'), appsRoot: ctx.cwd };
  const path = module.replace(/\./g, '/');
  const file = [`${path}.py`, `${path}/__init__.py`].map((f) => absolute(ctx, f)).find((f) => ctx.fileExists(f));
  if (!file) return { database: unresolved(`settings module ${module} is not a file guard finds under the working directory`), appsRoot: ctx.cwd };
  const text = (await readText(ctx, file)) ?? '';
  if (text.includes('dotenv') || text.includes('read_env')) dotenv = ['.env'];
  const read = await readPythonModule(text);
  if ('problem' in read) return { database: unresolved(`${module}: ${read.problem}`), appsRoot: ctx.cwd };
  try {
    const databases = read.assigned('DATABASES');
    const alias = optionValue(parsed, 'database') ?? 'default';
    const entry = databases?.kind === 'dict' ? databases.entries.get(alias) : undefined;
    if (databases === undefined) return { database: unresolved(`${module} assigns no DATABASES guard can read (star imports or code)`), appsRoot: ctx.cwd };
    return { database: await databaseFromPython(ctx, entry ?? (databases.kind === 'dict' ? undefined : databases), `${module} DATABASES['${alias}']`, dotenv), appsRoot: ctx.cwd };
  } finally {
    read.release();
  }
}

function djangoPlan(program: 'manage.py' | 'django-admin') {
  return async (args: readonly string[], ctx: Context): Promise<MigrationPlan> => {
    const parsed = scanArgv(program, args, DJANGO);
    const [command, app, target] = parsed.positionals;
    if (command === undefined || hasFlag(parsed, 'help', 'h', 'version') || command === 'help' || command === 'version') return readOnly(parsed, `${program} help/version`);
    if (['makemigrations', 'showmigrations', 'sqlmigrate', 'sqlflush', 'sqlsequencereset', 'check', 'diffsettings', 'inspectdb', 'runserver', 'test', 'testserver', 'collectstatic', 'findstatic', 'startapp', 'startproject', 'squashmigrations', 'compilemessages', 'makemessages', 'dumpdata', 'optimizemigration', 'sendtestemail', 'createcachetable', 'changepassword', 'createsuperuser', 'clearsessions'].includes(command)) return readOnly(parsed, `${program} ${command}`);
    const { database, appsRoot } = await djangoDatabase(ctx, parsed, program);
    const framework = ctx.env['DJANGO_ENV'] ? { name: ctx.env['DJANGO_ENV'], source: `DJANGO_ENV=${ctx.env['DJANGO_ENV']}` } : null;
    const run: RunContext = { ctx, database, framework, bad: bad(parsed) };
    switch (command) {
      case 'flush':
      case 'reset_db':
        return { hits: [...run.bad, { rule: 'flush', summary: `${program} ${command}` }], database, framework, wholeDatabase: true };
      case 'migrate': {
        if (hasFlag(parsed, 'plan', 'check')) return readOnly(parsed, `${program} migrate --plan/--check`, database);
        if (hasFlag(parsed, 'fake')) return { hits: [...run.bad, { rule: 'write', summary: `${program} migrate --fake (records migrations without running them)` }], database, framework };
        const dir = app !== undefined ? join(appsRoot, app, 'migrations') : appsRoot;
        if (target === 'zero') return rollbackRun(run, 'migrate-zero', `${program} migrate ${app} zero`, dir, DJANGO_LAYOUT, null);
        if (target !== undefined) return rollbackRun(run, 'migrate-zero', `${program} migrate ${app} ${target} (forward or backwards: guard cannot tell which migrations are applied)`, dir, DJANGO_LAYOUT, 1);
        return forwardRun(run, 'write', `${program} migrate${app ? ` ${app}` : ''}`, dir, DJANGO_LAYOUT, HISTORY.django);
      }
      default:
        return { hits: [...run.bad, { rule: ['shell', 'dbshell', 'runscript', 'loaddata', 'shell_plus'].includes(command) ? 'shell' : 'unrecognised', summary: `${program} ${command}` }], database, framework };
    }
  };
}

// Alembic 1.8–1.13: `alembic --help` (argparse: -c/--config, -n/--name, -x, --raiseerr before the command).
const ALEMBIC: ArgvGrammar = {
  valueOptions: ['config', 'c', 'name', 'n', 'x', 'rev-range', 'r', 'tag', 'message', 'm', 'head', 'splice', 'branch-label', 'version-path', 'rev-id', 'depends-on', 'template', 't', 'package'],
  flags: ['help', 'h', 'version', 'raiseerr', 'quiet', 'q', 'sql', 'autogenerate', 'verbose', 'v', 'indicate-current', 'i', 'resolve-dependencies', 'purge', 'check-heads'],
};
const ALEMBIC_LAYOUT: MigrationLayout = { kind: 'code', pattern: /\.py$/, language: 'python-alembic' };

export const alembicRules = migrationRules('alembic', {
  downgrade: rollsBack('downgrade REV (base, -N, a revision)', 'Runs the downgrade() functions of the revisions it leaves: what they drop is gone.'),
  stamp: { risk: 'write', description: 'stamp REV', reason: 'Rewrites the alembic_version table without running migrations.' },
}, { pending: true });

async function alembicPlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('alembic', args, ALEMBIC);
  const [command, revision] = parsed.positionals;
  if (command === undefined || hasFlag(parsed, 'help', 'h', 'version')) return readOnly(parsed, 'alembic help/version');
  if (['current', 'history', 'heads', 'branches', 'show', 'check', 'revision', 'merge', 'init', 'edit', 'list_templates', 'ensure_version'].includes(command)) return readOnly(parsed, `alembic ${command}`);
  if (hasFlag(parsed, 'sql')) return readOnly(parsed, `alembic ${command} --sql (offline mode prints the SQL)`);
  const iniPath = absolute(ctx, optionValue(parsed, 'config', 'c') ?? ctx.env['ALEMBIC_CONFIG'] ?? 'alembic.ini');
  const section = optionValue(parsed, 'name', 'n') ?? 'alembic';
  const ini = await readText(ctx, iniPath);
  const values = ini !== null ? parseIni(ini).get(section) : undefined;
  const scriptLocation = (values?.get('script_location') ?? 'alembic').replace('%(here)s', dirname(iniPath));
  const scripts = absolute(ctx, scriptLocation);
  const envPy = await readText(ctx, join(scripts, 'env.py'));
  let database: DatabaseTarget = ini === null ? unresolved(`no ${iniPath.slice(ctx.cwd.length + 1)}`) : unresolved(`${iniPath.slice(ctx.cwd.length + 1)} has no sqlalchemy.url`);
  const iniUrl = values?.get('sqlalchemy.url');
  if (iniUrl !== undefined) database = iniUrl.includes('%(') ? unresolved('sqlalchemy.url uses %(…)s interpolation') : databaseFromUrl(iniUrl, `${iniPath.slice(ctx.cwd.length + 1)} sqlalchemy.url`, ctx);
  if (envPy !== null) {
    const read = await readPythonModule(envPy);
    if ('problem' in read) database = unresolved(`env.py: ${read.problem}`);
    else {
      // env.py decides: it may replace the URL from alembic.ini, or build its own engine.
      const dotenv = read.mentions('dotenv') ? ['.env'] : [];
      const override = read.callArguments('config.set_main_option');
      const engine = read.callArguments('create_engine') ?? read.callArguments('create_async_engine');
      if (override && override[0]?.kind === 'string' && override[0].value === 'sqlalchemy.url') database = await databaseFromPython(ctx, override[1], 'env.py set_main_option("sqlalchemy.url")', dotenv);
      else if (engine) database = await databaseFromPython(ctx, engine[0], 'env.py create_engine()', dotenv);
      read.release();
    }
  }
  const run: RunContext = { ctx, database, bad: bad(parsed) };
  const versions = join(scripts, 'versions');
  switch (command) {
    case 'upgrade':
      return forwardRun(run, 'write', `alembic upgrade ${revision ?? ''}`.trim(), versions, ALEMBIC_LAYOUT);
    case 'downgrade':
      // Revision order is a graph in the files, not their names: only `base` says which files run.
      return revision === 'base' ? rollbackRun(run, 'downgrade', 'alembic downgrade base', versions, ALEMBIC_LAYOUT, null) : { hits: [...run.bad, { rule: 'downgrade', summary: `alembic downgrade ${revision ?? ''}`.trim() }], database };
    case 'stamp':
      return { hits: [...run.bad, { rule: 'stamp', summary: `alembic stamp ${revision ?? ''}`.trim() }], database };
    default:
      return { hits: [...run.bad, { rule: 'unrecognised', summary: `alembic ${command}` }], database };
  }
}

const DJANGO_SOURCE = {
  version: 'Django 3.2 (Debian python3-django) and the 5.x docs',
  references: ['https://docs.djangoproject.com/en/5.0/ref/django-admin/ (flush, migrate APP zero, --database, --noinput)', 'https://docs.djangoproject.com/en/5.0/ref/migration-operations/', 'https://django-extensions.readthedocs.io/en/latest/reset_db.html', 'https://github.com/jazzband/dj-database-url (config(), DATABASE_URL)'],
};

export const pythonTools = [
  makeMigrationTool({ name: 'alembic', summary: 'Alembic: upgrade, downgrade, stamp', rules: alembicRules, checkedAgainst: { version: 'alembic 1.8 (Debian alembic) and the 1.13 docs', references: ['alembic --help, alembic downgrade --help (1.8.1)', 'https://alembic.sqlalchemy.org/en/latest/api/commands.html', 'https://alembic.sqlalchemy.org/en/latest/ops.html'] }, plan: alembicPlan }),
  makeMigrationTool({ name: 'django-admin', summary: 'Django: flush, migrate APP zero, migrate', rules: djangoRules('django-admin'), checkedAgainst: DJANGO_SOURCE, plan: djangoPlan('django-admin') }),
  makeMigrationTool({ name: 'manage.py', summary: 'Django manage.py: flush, migrate APP zero, migrate', rules: djangoRules('manage.py'), checkedAgainst: DJANGO_SOURCE, plan: djangoPlan('manage.py') }),
];
