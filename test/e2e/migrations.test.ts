// Migration tools through the real bin/guard, against a real PostgreSQL the config marks production.
//
// Real CLIs where they run here (knex, alembic, Django from Debian); stand-ins for prisma (its
// migrate/db commands download an engine at run time) and for the tools not installable here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres-server.js';
import { createSandbox, describeRun, guardEnv, REPO_ROOT, runGuard, type GuardSandbox } from '../support/run-guard.js';

let pg: TestPostgres;
let sandbox: GuardSandbox;
let project: string;
let fakes: FakeBin;
let url: string;

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

/** One project holding every tool's configuration, all pointing at the protected database. */
function projectFiles(databaseUrl: string, port: number): Record<string, string> {
  return {
    '.env': `DATABASE_URL="${databaseUrl}"\n`,
    'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n',
    'Gemfile.lock': 'GEM\n  specs:\n    dotenv-rails (3.1.0)\n',
    'config/database.yml': 'production:\n  adapter: postgresql\n  url: <%= ENV["DATABASE_URL"] %>\n',
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
    'shop/__init__.py': '',
    'shop/settings.py': "import dj_database_url\nfrom dotenv import load_dotenv\nload_dotenv()\nDATABASES = {'default': dj_database_url.config()}\n",
    'alembic.ini': `[alembic]\nscript_location = alembic\nsqlalchemy.url = ${databaseUrl}\n`,
    'knexfile.js': "require('dotenv').config();\nmodule.exports = { client: 'pg', connection: process.env.DATABASE_URL, migrations: { directory: './migrations' } };\n",
    'config/config.json': JSON.stringify({ development: { use_env_variable: 'DATABASE_URL' } }),
    'drizzle.config.ts': "import 'dotenv/config';\nexport default { dialect: 'postgresql', out: './drizzle', dbCredentials: { url: process.env.DATABASE_URL! } };\n",
    'src/data-source.ts': "export default new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });\n",
    'flyway.conf': `flyway.url=jdbc:postgresql://127.0.0.1:${port}/prodshop\n`,
    'liquibase.properties': `url: jdbc:postgresql://127.0.0.1:${port}/prodshop\n`,
  };
}

before(async () => {
  sandbox = createSandbox('guard-migrations-');
  pg = await startTestPostgres();
  await pg.psql(`CREATE DATABASE prodshop OWNER ${pg.passwordRole.user};`);
  await pg.psql(
    `SET ROLE ${pg.passwordRole.user};
     CREATE TABLE users (id integer PRIMARY KEY, email text);
     INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 7) g;
     CREATE TABLE orders (id integer PRIMARY KEY, user_id integer REFERENCES users (id));
     INSERT INTO orders SELECT g, 1 + g % 7 FROM generate_series(1, 48) g;
     ANALYZE;`,
    'prodshop',
  );
  url = pg.url('prodshop');
  project = join(sandbox.dir, 'shop');
  write(project, projectFiles(url, pg.port));
  write(sandbox.configDir, {
    'config.json': JSON.stringify({ environments: { production: { protected: true, match: { postgres: [{ host: '127.0.0.1', port: pg.port, dbname: 'prodshop' }] } } } }),
  });
  fakes = createFakeBin(Object.fromEntries(['prisma', 'flyway', 'liquibase', 'dbmate', 'goose', 'migrate', 'atlas', 'sqitch'].map((name) => [name, { stdout: `${name} stand-in ran\n` }])));
}, { timeout: 120_000 });

after(async () => {
  fakes?.cleanup();
  await pg?.stop();
  sandbox?.cleanup();
});

function guard(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; realBins?: boolean } = {}) {
  const bins = options.realBins === false ? [fakes.dir] : [fakes.dir, join(REPO_ROOT, 'node_modules', '.bin')];
  return runGuard(args, { sandbox, cwd: options.cwd ?? project, pathPrefix: bins, env: { PGCONNECT_TIMEOUT: '5', ...options.env }, timeoutMs: 60_000 });
}

async function counts(): Promise<string> {
  return pg.psql('SELECT (SELECT count(*) FROM users) || \'/\' || (SELECT count(*) FROM orders);', 'prodshop');
}

/** The list, spelled as users type them (runners included). */
const DESTRUCTIVE: readonly string[] = [
  'npx prisma migrate reset --force',
  'npx prisma db push --force-reset --accept-data-loss',
  'npx prisma migrate resolve --rolled-back 20240101_init',
  'bin/rails db:drop',
  'bundle exec rails db:reset',
  'bundle exec rake db:schema:load',
  'bin/rails db:rollback',
  'bin/rails db:migrate VERSION=0',
  'bin/rails db:truncate_all',
  'python3 manage.py flush --noinput',
  'python manage.py migrate orders zero',
  'npx sequelize-cli db:drop',
  'npx sequelize-cli db:migrate:undo:all',
  'npx knex migrate:rollback --all',
  'npx knex migrate:down',
  'npx typeorm schema:drop -d src/data-source.ts',
  'npx typeorm migration:revert -d src/data-source.ts',
  'npx typeorm schema:sync -d src/data-source.ts',
  'npx drizzle-kit push --force',
  'alembic downgrade base',
  'poetry run alembic downgrade -1',
  'flyway clean',
  'flyway undo',
  'liquibase dropAll',
  'liquibase rollback-count --count 1',
  'dbmate drop',
  'dbmate down',
  `goose postgres ${'$DATABASE_URL'} reset`,
  `migrate -database ${'$DATABASE_URL'} drop -f`,
  `migrate -database ${'$DATABASE_URL'} down -all`,
  `atlas schema clean -u ${'$DATABASE_URL'} --auto-approve`,
  `sqitch revert db:pg:${'$DATABASE_URL'} -y`,
];

function expand(line: string): string {
  return line.replace('$DATABASE_URL', url).replace('db:pg:postgresql://', 'db:pg://');
}

test('every destructive migration command is refused without a terminal, and the database stays intact', { timeout: 600_000 }, async () => {
  const before = await counts();
  for (const line of DESTRUCTIVE) {
    const run = await guard(['sh', '-c', expand(line)]);
    assert.equal(run.status, 77, `${line}: ${describeRun(run)}`);
    assert.match(run.stderrText, /refused/, line);
    // Tools that do not load .env (sequelize-cli with use_env_variable) leave the database unresolved: protected too.
    assert.match(run.stderrText, /\[protected\]/, `${line}: ${run.stderrText}`);
  }
  assert.equal(await counts(), before);
  for (const name of ['prisma', 'flyway', 'liquibase', 'dbmate', 'goose', 'migrate', 'atlas', 'sqitch']) assert.equal(fakes.runs(name), 0, `${name} must not have run`);
});

test('the agent hook denies every destructive command in the list', { timeout: 600_000 }, async () => {
  for (const line of DESTRUCTIVE) {
    const payload = JSON.stringify({ session_id: 's', cwd: project, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: expand(line) } });
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'guard'), 'hook', 'claude'], { cwd: project, input: payload, env: guardEnv({ sandbox, env: { CLAUDECODE: '1', PGCONNECT_TIMEOUT: '5' } }), timeout: 60_000 });
    const out = result.stdout.toString('utf8');
    assert.ok(out.trim() !== '', `${line}: no hook answer (${result.stderr.toString('utf8')})`);
    const decision = (JSON.parse(out) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision;
    assert.equal(decision, 'deny', line);
  }
});

test('the live report lists the tables and rows a reset removes', { timeout: 60_000 }, async () => {
  const run = await guard(['--dry-run', '--json', 'npx', 'prisma', 'migrate', 'reset', '--force']);
  assert.equal(run.status, 77, describeRun(run));
  const report = JSON.parse(run.stdoutText) as { risk: string; environment: { name: string; protected: boolean; source: string }; blastRadius: string[]; targets: { kind: string; id: string; rows?: number }[]; confirmPhrase: string };
  assert.equal(report.risk, 'destructive');
  assert.deepEqual([report.environment.name, report.environment.protected], ['production', true]);
  assert.match(report.environment.source, /config/);
  assert.ok(report.blastRadius.some((line) => /2 tables in 1 schema/.test(line)), report.blastRadius.join('\n'));
  assert.equal(report.targets[0]?.kind, 'database');
  assert.equal(report.targets[0]?.id, 'prodshop');
  // The rows (planner statistics after ANALYZE: 7 users + 48 orders) stand on the target.
  assert.equal(report.targets[0]?.rows, 55);
  assert.equal(report.confirmPhrase, 'production/prodshop');
  assert.ok(!run.stdoutText.includes(pg.passwordRole.password), 'the password never appears');
});

test('prisma migrate deploy: adding a column is write and runs; dropping a table is destructive and names it', { timeout: 120_000 }, async () => {
  const adds = join(sandbox.dir, 'adds');
  write(adds, { ...projectFiles(url, pg.port), 'prisma/migrations/20240101_nick/migration.sql': 'ALTER TABLE "users" ADD COLUMN "nick" TEXT;\n' });
  // The stand-in is the prisma on PATH (npx would find the real one, whose engine download fails here).
  const allowed = await guard(['prisma', 'migrate', 'deploy'], { cwd: adds, realBins: false });
  assert.equal(allowed.status, 0, describeRun(allowed));
  assert.deepEqual(fakes.record('prisma')?.argv, ['migrate', 'deploy']);

  const drops = join(sandbox.dir, 'drops');
  write(drops, { ...projectFiles(url, pg.port), 'prisma/migrations/20240101_nick/migration.sql': 'ALTER TABLE "users" ADD COLUMN "nick" TEXT;\n', 'prisma/migrations/20240202_drop/migration.sql': 'DROP TABLE "orders";\n' });
  const runs = fakes.runs('prisma');
  const refused = await guard(['--dry-run', '--json', 'npx', 'prisma', 'migrate', 'deploy'], { cwd: drops });
  assert.equal(refused.status, 77, describeRun(refused));
  const report = JSON.parse(refused.stdoutText) as { risk: string; rules: { id: string; summary: string }[]; targets: { id: string; rows?: number }[] };
  assert.equal(report.risk, 'destructive');
  assert.ok(report.rules.some((rule) => rule.id === 'prisma/pending-destructive' && rule.summary.includes('20240202_drop/migration.sql') && rule.summary.includes('DROP TABLE')), JSON.stringify(report.rules));
  assert.deepEqual(report.targets.map((t) => [t.id, t.rows]), [['public.orders', 48]]);
  const real = await guard(['npx', 'prisma', 'migrate', 'deploy'], { cwd: drops });
  assert.equal(real.status, 77, describeRun(real));
  assert.equal(fakes.runs('prisma'), runs, 'the refused deploy never ran');
});

test('live, the migrations table decides what is pending: an applied DROP no longer counts', { timeout: 120_000 }, async () => {
  await pg.psql(`SET ROLE ${pg.passwordRole.user};
    CREATE TABLE _prisma_migrations (id text PRIMARY KEY, migration_name text NOT NULL, finished_at timestamptz, rolled_back_at timestamptz);
    INSERT INTO _prisma_migrations VALUES ('1', '20240101_drop_legacy', now(), NULL), ('2', '20240102_failed', NULL, NULL);`, 'prodshop');
  const dir = join(sandbox.dir, 'history');
  write(dir, {
    ...projectFiles(url, pg.port),
    'prisma/migrations/20240101_drop_legacy/migration.sql': 'DROP TABLE legacy;\n',
    'prisma/migrations/20240303_nick/migration.sql': 'ALTER TABLE "users" ADD COLUMN "nick2" TEXT;\n',
  });
  const report = await guard(['--dry-run', '--json', 'prisma', 'migrate', 'deploy'], { cwd: dir, realBins: false });
  assert.equal(report.status, 0, describeRun(report));
  const parsed = JSON.parse(report.stdoutText) as { risk: string; reasons: string[]; rules: { summary: string }[] };
  assert.equal(parsed.risk, 'write');
  assert.ok(parsed.reasons.some((reason) => reason.includes('_prisma_migrations lists 1 of the 2 migration files as applied')), parsed.reasons.join('\n'));
  const offline = await guard(['--dry-run', '--json', '--offline', 'prisma', 'migrate', 'deploy'], { cwd: dir, realBins: false });
  assert.equal((JSON.parse(offline.stdoutText) as { risk: string }).risk, 'destructive', 'offline every file counts as pending');
  // A migration recorded as failed (finished_at NULL) is not applied: it runs again.
  write(dir, { 'prisma/migrations/20240102_failed/migration.sql': 'TRUNCATE orders;\n' });
  const failed = await guard(['--dry-run', '--json', 'prisma', 'migrate', 'deploy'], { cwd: dir, realBins: false });
  assert.equal((JSON.parse(failed.stdoutText) as { risk: string }).risk, 'destructive', describeRun(failed));
});

test('the real knex CLI: migrate:latest with an add-column migration runs through guard; one that drops is refused', { timeout: 180_000 }, async () => {
  const dir = join(sandbox.dir, 'knexapp');
  write(dir, {
    '.env': `DATABASE_URL="${url}"\n`,
    'knexfile.js': `module.exports = { client: 'pg', connection: ${JSON.stringify(url)}, migrations: { directory: './migrations' } };\n`,
    'migrations/20240101_nick.js': "exports.up = (knex) => knex.schema.alterTable('users', (t) => { t.string('knex_nick'); });\nexports.down = (knex) => knex.schema.alterTable('users', (t) => { t.dropColumn('knex_nick'); });\n",
  });
  // The knex CLI insists on a local knex install next to the knexfile.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  const knex = join(REPO_ROOT, 'node_modules', '.bin', 'knex');
  const ran = await guard([knex, '--knexfile', join(dir, 'knexfile.js'), 'migrate:latest'], { cwd: dir });
  assert.equal(ran.status, 0, describeRun(ran));
  assert.equal(await pg.psql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'knex_nick';", 'prodshop'), '1');

  write(dir, { 'migrations/20240202_drop.js': "exports.up = (knex) => knex.schema.dropTable('orders');\nexports.down = () => {};\n" });
  const refused = await guard([knex, '--knexfile', join(dir, 'knexfile.js'), 'migrate:latest'], { cwd: dir });
  assert.equal(refused.status, 77, describeRun(refused));
  assert.match(refused.stderrText, /dropTable\('orders'\)/);
  assert.equal(await pg.psql("SELECT to_regclass('public.orders') IS NOT NULL;", 'prodshop'), 't');
});

test('the real alembic and Django CLIs: forward runs pass, downgrade base and flush are refused', { timeout: 180_000, skip: existsSync('/usr/bin/alembic') && existsSync('/usr/bin/django-admin') ? false : 'alembic/Django (Debian) not installed' }, async () => {
  const dir = join(sandbox.dir, 'alembicapp');
  const sqlalchemyUrl = url.replace('postgresql://', 'postgresql+psycopg2://');
  write(dir, {
    'alembic.ini': `[alembic]\nscript_location = alembic\nsqlalchemy.url = ${sqlalchemyUrl}\n`,
    'alembic/env.py': "from alembic import context\nfrom sqlalchemy import engine_from_config, pool\nconfig = context.config\nconnectable = engine_from_config(config.get_section(config.config_ini_section), prefix='sqlalchemy.', poolclass=pool.NullPool)\nwith connectable.connect() as connection:\n    context.configure(connection=connection, target_metadata=None)\n    with context.begin_transaction():\n        context.run_migrations()\n",
    'alembic/script.py.mako': '',
    'alembic/versions/a1_nick.py': 'from alembic import op\nimport sqlalchemy as sa\nrevision = "a1"\ndown_revision = None\n\ndef upgrade():\n    op.add_column("users", sa.Column("alembic_nick", sa.Text()))\n\ndef downgrade():\n    op.drop_column("users", "alembic_nick")\n',
  });
  const up = await guard(['/usr/bin/alembic', 'upgrade', 'head'], { cwd: dir });
  assert.equal(up.status, 0, describeRun(up));
  assert.equal(await pg.psql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'alembic_nick';", 'prodshop'), '1');
  const down = await guard(['/usr/bin/alembic', 'downgrade', 'base'], { cwd: dir });
  assert.equal(down.status, 77, describeRun(down));
  assert.match(down.stderrText, /drop_column\("users", "alembic_nick"\)/);
  assert.equal(await pg.psql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'alembic_nick';", 'prodshop'), '1');

  const django = join(sandbox.dir, 'djangoapp');
  write(django, {
    'manage.py': "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n",
    'site1/__init__.py': '',
    'site1/settings.py': `import os\nSECRET_KEY = 'x'\nINSTALLED_APPS = ['notes']\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': '127.0.0.1', 'PORT': os.environ.get('DB_PORT', '${pg.port}'), 'NAME': 'prodshop', 'USER': '${pg.passwordRole.user}', 'PASSWORD': '${pg.passwordRole.password}'}}\n`,
    'notes/__init__.py': '',
    'notes/migrations/__init__.py': '',
    'notes/migrations/0001_initial.py': "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n    operations = [\n        migrations.CreateModel(name='Note', fields=[('id', models.AutoField(primary_key=True))]),\n    ]\n",
  });
  const migrate = await guard(['/usr/bin/python3', 'manage.py', 'migrate', '--noinput'], { cwd: django });
  assert.equal(migrate.status, 0, describeRun(migrate));
  assert.equal(await pg.psql("SELECT to_regclass('public.notes_note') IS NOT NULL;", 'prodshop'), 't');
  const flush = await guard(['/usr/bin/python3', 'manage.py', 'flush', '--noinput'], { cwd: django });
  assert.equal(flush.status, 77, describeRun(flush));
  assert.equal(await counts(), '7/48');
});
