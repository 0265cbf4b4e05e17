// Case tables of the migration tools (offline): each tool's verbs in a small project whose .env points at production.
import type { ToolCase } from '../tool.js';

type World = NonNullable<ToolCase['world']>;
const PROD_URL = 'postgresql://app:secret@db.prod.internal:5432/shop';

const row = (program: string, argv: string | readonly string[], risk: ToolCase['risk'], rules: string | string[], world?: World, note?: string): ToolCase => ({
  argv: [program, ...(typeof argv === 'string' ? argv.split(' ').filter(Boolean) : argv)],
  risk,
  rules: (Array.isArray(rules) ? rules : [rules]).map((rule) => `${program}/${rule}`),
  ...(world ? { world } : {}),
  ...(note ? { note } : {}),
});

const ADD_COLUMN = 'ALTER TABLE users ADD COLUMN nickname text;\n';
const DROP_TABLE = 'DROP TABLE orders;\n';

const prismaProject = (migrations: Record<string, string>, env = `DATABASE_URL="${PROD_URL}"\n`): World => ({
  files: {
    '.env': env,
    'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n',
    ...Object.fromEntries(Object.entries(migrations).map(([name, sql]) => [`prisma/migrations/${name}/migration.sql`, sql])),
  },
});

const railsProject = (migrations: Record<string, string> = {}, yml = 'production:\n  adapter: postgresql\n  host: db.prod.internal\n  database: shop\ndevelopment:\n  adapter: postgresql\n  host: localhost\n  database: shop_dev\n'): World => ({
  env: { RAILS_ENV: 'production' },
  files: { 'config/database.yml': yml, ...Object.fromEntries(Object.entries(migrations).map(([name, rb]) => [`db/migrate/${name}`, rb])) },
});
const RB_ADD = 'class AddNick < ActiveRecord::Migration[7.1]\n  def change\n    add_column :users, :nickname, :string\n  end\nend\n';
const RB_DROP = 'class DropOrders < ActiveRecord::Migration[7.1]\n  def change\n    drop_table :orders\n  end\nend\n';
const RB_MODEL = 'class Backfill < ActiveRecord::Migration[7.1]\n  def up\n    User.where(active: false).each(&:purge!)\n  end\nend\n';

const djangoProject = (migrations: Record<string, string> = {}): World => ({
  files: {
    'manage.py': "import os\nimport sys\n\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n\nmain()\n",
    'shop/settings.py': "import os\nDATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'HOST': os.environ.get('DB_HOST', 'db.prod.internal'),\n        'NAME': 'shop',\n    }\n}\n",
    ...Object.fromEntries(Object.entries(migrations).map(([name, py]) => [`orders/migrations/${name}`, py])),
  },
});
const DJ_ADD = "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AddField(model_name='order', name='note', field=models.TextField(default='')),\n    ]\n";
const DJ_REMOVE = "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RemoveField(model_name='order', name='note'),\n    ]\n";
const DJ_PYTHON = "from django.db import migrations\n\ndef forwards(apps, schema_editor):\n    pass\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RunPython(forwards),\n    ]\n";

const alembicProject = (versions: Record<string, string> = {}): World => ({
  files: {
    'alembic.ini': `[alembic]\nscript_location = alembic\nsqlalchemy.url = ${PROD_URL.replace('postgresql:', 'postgresql+psycopg2:')}\n`,
    ...Object.fromEntries(Object.entries(versions).map(([name, py]) => [`alembic/versions/${name}`, py])),
  },
});
const AL_ADD = 'from alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n    op.add_column("users", sa.Column("nick", sa.Text()))\n\ndef downgrade():\n    op.drop_column("users", "nick")\n';
const AL_DROP = 'from alembic import op\n\ndef upgrade():\n    op.drop_table("orders")\n\ndef downgrade():\n    pass\n';
const AL_SQL = 'from alembic import op\n\ndef upgrade():\n    op.execute(statement)\n';

const knexProject = (migrations: Record<string, string> = {}): World => ({
  env: { NODE_ENV: 'production' },
  files: {
    'knexfile.js': "require('dotenv').config();\nmodule.exports = {\n  production: { client: 'pg', connection: process.env.DATABASE_URL },\n};\n",
    '.env': `DATABASE_URL=${PROD_URL}\n`,
    ...Object.fromEntries(Object.entries(migrations).map(([name, js]) => [`migrations/${name}`, js])),
  },
});
const JS_ADD = "exports.up = function (knex) {\n  return knex.schema.alterTable('users', (t) => { t.string('nick'); });\n};\nexports.down = function (knex) {\n  return knex.schema.alterTable('users', (t) => { t.dropColumn('nick'); });\n};\n";
const JS_DROP = "exports.up = (knex) => knex.schema.dropTable('orders');\nexports.down = () => {};\n";
const JS_HELPER = "exports.up = async (knex) => { await cleanUp(knex); };\n";

const sequelizeProject = (migrations: Record<string, string> = {}): World => ({
  env: { NODE_ENV: 'production' },
  files: {
    'config/config.json': JSON.stringify({ production: { use_env_variable: 'DATABASE_URL' } }),
    ...Object.fromEntries(Object.entries(migrations).map(([name, js]) => [`migrations/${name}`, js])),
  },
});
const SQ_ADD = "module.exports = {\n  async up(queryInterface, Sequelize) { await queryInterface.addColumn('users', 'nick', Sequelize.STRING); },\n  async down(queryInterface) { await queryInterface.removeColumn('users', 'nick'); },\n};\n";
const SQ_DROP = "module.exports = {\n  async up(queryInterface) { await queryInterface.dropTable('orders'); },\n};\n";
const SQ_RAW = "module.exports = {\n  async up(queryInterface) { await queryInterface.sequelize.query(sql); },\n};\n";

const typeormProject = (migrations: Record<string, string> = {}): World => ({
  files: {
    'src/data-source.ts': "import { DataSource } from 'typeorm';\nexport default new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, migrations: ['src/migrations/*.ts'] });\n",
    ...Object.fromEntries(Object.entries(migrations).map(([name, ts]) => [`src/migrations/${name}`, ts])),
  },
  env: { DATABASE_URL: PROD_URL },
});
const TO_ADD = "export class AddNick1700000000000 {\n  async up(queryRunner: any): Promise<void> { await queryRunner.query('ALTER TABLE users ADD COLUMN nick text'); }\n  async down(queryRunner: any): Promise<void> { await queryRunner.query('ALTER TABLE users DROP COLUMN nick'); }\n}\n";
const TO_DROP = "export class DropOrders1700000000001 {\n  async up(queryRunner: any): Promise<void> { await queryRunner.query('DROP TABLE orders'); }\n}\n";
const TO_COMPUTED = "export class Odd1700000000002 {\n  async up(queryRunner: any): Promise<void> { await queryRunner[verb]('orders'); }\n}\n";

const drizzleProject = (migrations: Record<string, string> = {}): World => ({
  files: {
    'drizzle.config.ts': "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema.ts', out: './drizzle', dbCredentials: { url: process.env.DATABASE_URL! } });\n",
    '.env': `DATABASE_URL=${PROD_URL}\n`,
    ...Object.fromEntries(Object.entries(migrations).map(([name, sql]) => [`drizzle/${name}`, sql])),
  },
});

const sqlFiles = (dir: string, files: Record<string, string>, extra: Record<string, string> = {}, env: Record<string, string> = {}): World => ({
  files: { ...extra, ...Object.fromEntries(Object.entries(files).map(([name, sql]) => [`${dir}/${name}`, sql])) },
  env,
});

const URL_ENV = { DATABASE_URL: PROD_URL };

const TYPEORM_CASES: readonly ToolCase[] = [
    row('typeorm', 'schema:drop -d src/data-source.ts', 'destructive', 'schema-drop', typeormProject()),
    row('typeorm', 'schema:sync --dataSource=src/data-source.ts', 'destructive', 'schema-sync', typeormProject()),
    row('typeorm', 'migration:revert -d src/data-source.ts', 'destructive', 'revert', typeormProject({ '1700000000000-AddNick.ts': TO_ADD })),
    row('typeorm', 'migration:run -d src/data-source.ts', 'write', 'write', typeormProject({ '1700000000000-AddNick.ts': TO_ADD })),
    row('typeorm', 'migration:run -d src/data-source.ts', 'destructive', 'pending-destructive', typeormProject({ '1700000000000-AddNick.ts': TO_ADD, '1700000000001-DropOrders.ts': TO_DROP })),
    row('typeorm', 'migration:run -d src/data-source.ts', 'unknown', 'pending-unknown', typeormProject({ '1700000000002-Odd.ts': TO_COMPUTED })),
    row('typeorm', 'migration:show -d src/data-source.ts', 'read', 'read', typeormProject()),
    row('typeorm', 'schema:explode -d src/data-source.ts', 'unknown', 'unrecognised', typeormProject()),
    row('typeorm', 'schema:drop --bogus', 'destructive', ['bad-arguments', 'schema-drop'], typeormProject()),
];

/** The same table under another program name (typeorm's ts-node launchers). */
const renamed = (cases: readonly ToolCase[], from: string, to: string): ToolCase[] =>
  cases.map((c) => ({ ...c, argv: [to, ...c.argv.slice(1)], rules: c.rules.map((rule) => rule.replace(`${from}/`, `${to}/`)) }));

export const migrationCases: Readonly<Record<string, readonly ToolCase[]>> = {
  prisma: [
    row('prisma', 'migrate reset --force', 'destructive', 'migrate-reset', prismaProject({})),
    row('prisma', '--schema prisma/schema.prisma migrate reset -f --skip-seed', 'destructive', 'migrate-reset', prismaProject({}), 'option before the verb'),
    row('prisma', 'db push --force-reset --accept-data-loss', 'destructive', 'db-push-force-reset', prismaProject({})),
    row('prisma', 'db push --accept-data-loss', 'destructive', 'db-push-data-loss', prismaProject({})),
    row('prisma', 'db push', 'write', 'db-push', prismaProject({})),
    row('prisma', 'migrate resolve --rolled-back 20240101_init', 'destructive', 'migrate-resolve', prismaProject({})),
    row('prisma', 'migrate deploy', 'write', 'write', prismaProject({ '20240101_add_nick': ADD_COLUMN }), 'a pending migration that only adds a column'),
    row('prisma', 'migrate deploy', 'destructive', ['write', 'pending-destructive'], prismaProject({ '20240101_add_nick': ADD_COLUMN, '20240202_drop_orders': DROP_TABLE }), 'a pending migration that drops a table'),
    row('prisma', 'migrate deploy --schema=prisma/schema.prisma', 'unknown', 'pending-unknown', prismaProject({ '20240101_x': 'CREATE TABLE (' }), 'unparseable migration SQL'),
    row('prisma', 'migrate dev --name x', 'unknown', 'migrate-dev', prismaProject({})),
    row('prisma', 'db execute --file cleanup.sql', 'destructive', 'pending-destructive', { ...prismaProject({}), files: { ...prismaProject({}).files, 'cleanup.sql': 'TRUNCATE orders;' } }),
    row('prisma', 'db execute --stdin', 'unknown', 'db-execute-stdin', prismaProject({})),
    row('prisma', 'db seed', 'unknown', 'db-seed', prismaProject({})),
    row('prisma', 'studio', 'write', 'studio', prismaProject({})),
    row('prisma', 'migrate status', 'read', 'read', prismaProject({})),
    row('prisma', 'generate', 'read', 'read'),
    row('prisma', '--version', 'read', 'read'),
    row('prisma', 'migrate reset --frobnicate', 'destructive', ['bad-arguments', 'migrate-reset'], prismaProject({})),
    row('prisma', '--frobnicate migrate status', 'unknown', 'bad-arguments', prismaProject({}), 'an unknown option could take the verb as its value'),
    row('prisma', 'migrate obliterate', 'unknown', 'unrecognised', prismaProject({})),
  ],
  rails: [
    row('rails', 'db:drop', 'destructive', 'db-drop', railsProject()),
    row('rails', 'db:drop DISABLE_DATABASE_ENVIRONMENT_CHECK=1', 'destructive', 'db-drop', railsProject()),
    row('rails', 'db:reset', 'destructive', 'db-drop', railsProject()),
    row('rails', 'db:purge', 'destructive', 'db-drop', railsProject()),
    row('rails', 'db:schema:load', 'destructive', 'schema-load', railsProject()),
    row('rails', 'db:structure:load', 'destructive', 'schema-load', railsProject()),
    row('rails', 'db:truncate_all', 'destructive', 'truncate', railsProject()),
    row('rails', 'db:rollback STEP=3', 'destructive', 'rollback', railsProject()),
    row('rails', 'db:migrate:down VERSION=20240101000000', 'destructive', 'rollback', railsProject()),
    row('rails', 'db:migrate VERSION=0', 'destructive', 'rollback', railsProject({ '20240101000000_add_nick.rb': RB_ADD })),
    row('rails', 'db:migrate', 'write', 'write', railsProject({ '20240101000000_add_nick.rb': RB_ADD })),
    row('rails', 'db:migrate', 'destructive', 'pending-destructive', railsProject({ '20240101000000_add_nick.rb': RB_ADD, '20240202000000_drop_orders.rb': RB_DROP })),
    row('rails', '-e production db:migrate', 'unknown', 'pending-unknown', railsProject({ '20240303000000_backfill.rb': RB_MODEL })),
    row('rails', 'db:seed', 'unknown', 'seed', railsProject()),
    row('rails', 'db:create', 'write', 'db-create', railsProject()),
    row('rails', 'db:migrate:status', 'read', 'read', railsProject()),
    row('rails', 'db:frobnicate', 'unknown', 'unrecognised', railsProject()),
    row('rails', '--frobnicate db:version', 'unknown', 'bad-arguments', railsProject()),
  ],
  rake: [
    row('rake', 'db:drop', 'destructive', 'db-drop', railsProject()),
    row('rake', 'db:migrate VERSION=0', 'destructive', 'rollback', railsProject()),
    row('rake', 'db:schema:load db:seed', 'destructive', ['schema-load', 'seed'], railsProject()),
    row('rake', 'db:truncate_all', 'destructive', 'truncate', railsProject()),
    row('rake', 'db:migrate', 'destructive', 'pending-destructive', railsProject({ '20240202000000_drop_orders.rb': RB_DROP })),
    row('rake', 'db:migrate', 'unknown', 'pending-unknown', railsProject({ '20240303000000_backfill.rb': RB_MODEL })),
    row('rake', 'db:migrate', 'write', 'write', railsProject({ '20240101000000_add_nick.rb': RB_ADD })),
    row('rake', 'db:create', 'write', 'db-create', railsProject()),
    row('rake', '-T', 'read', 'read'),
    row('rake', 'db:nuke', 'unknown', 'unrecognised', railsProject()),
    row('rake', '--frobnicate', 'unknown', 'bad-arguments', railsProject()),
  ],
  'manage.py': [
    row('manage.py', 'flush --noinput', 'destructive', 'flush', djangoProject()),
    row('manage.py', 'reset_db --noinput', 'destructive', 'flush', djangoProject()),
    row('manage.py', 'migrate orders zero', 'destructive', 'migrate-zero', djangoProject({ '0001_initial.py': DJ_ADD })),
    row('manage.py', 'migrate', 'write', 'write', djangoProject({ '0001_note.py': DJ_ADD })),
    row('manage.py', 'migrate orders', 'destructive', 'pending-destructive', djangoProject({ '0001_note.py': DJ_ADD, '0002_remove_note.py': DJ_REMOVE })),
    row('manage.py', 'migrate --database default', 'unknown', 'pending-unknown', djangoProject({ '0001_data.py': DJ_PYTHON })),
    row('manage.py', 'dbshell', 'unknown', 'shell', djangoProject()),
    row('manage.py', 'showmigrations', 'read', 'read', djangoProject()),
    row('manage.py', 'sqlflush', 'read', 'read', djangoProject()),
    row('manage.py', 'obliterate', 'unknown', 'unrecognised', djangoProject()),
    row('manage.py', 'flush --frobnicate', 'destructive', ['bad-arguments', 'flush'], djangoProject()),
  ],
  'django-admin': [
    row('django-admin', 'flush --noinput --settings=shop.settings', 'destructive', 'flush', djangoProject()),
    row('django-admin', 'migrate orders zero --settings shop.settings', 'destructive', 'migrate-zero', djangoProject()),
    row('django-admin', 'migrate --settings shop.settings', 'destructive', 'pending-destructive', djangoProject({ '0002_remove_note.py': DJ_REMOVE })),
    row('django-admin', 'migrate --settings shop.settings', 'unknown', 'pending-unknown', djangoProject({ '0001_data.py': DJ_PYTHON })),
    row('django-admin', 'migrate --settings shop.settings', 'write', 'write', djangoProject({ '0001_note.py': DJ_ADD })),
    row('django-admin', 'shell --settings shop.settings', 'unknown', 'shell', djangoProject()),
    row('django-admin', 'startproject shop', 'read', 'read'),
    row('django-admin', 'frob --settings shop.settings', 'unknown', 'unrecognised', djangoProject()),
    row('django-admin', 'flush --bogus', 'destructive', ['bad-arguments', 'flush'], djangoProject()),
  ],
  alembic: [
    row('alembic', 'downgrade base', 'destructive', 'downgrade', alembicProject({ 'a1_add.py': AL_ADD })),
    row('alembic', 'downgrade -1', 'destructive', 'downgrade', alembicProject()),
    row('alembic', '-c alembic.ini upgrade head', 'write', 'write', alembicProject({ 'a1_add.py': AL_ADD })),
    row('alembic', 'upgrade head', 'destructive', 'pending-destructive', alembicProject({ 'a1_add.py': AL_ADD, 'b2_drop.py': AL_DROP })),
    row('alembic', 'upgrade head', 'unknown', 'pending-unknown', alembicProject({ 'c3_sql.py': AL_SQL })),
    row('alembic', 'upgrade head --sql', 'read', 'read', alembicProject({ 'b2_drop.py': AL_DROP }), 'offline SQL generation runs nothing'),
    row('alembic', 'stamp head', 'write', 'stamp', alembicProject()),
    row('alembic', 'history', 'read', 'read', alembicProject()),
    row('alembic', 'obliterate', 'unknown', 'unrecognised', alembicProject()),
    row('alembic', '--bogus downgrade base', 'destructive', ['bad-arguments', 'downgrade'], alembicProject()),
  ],
  knex: [
    row('knex', 'migrate:rollback --all', 'destructive', 'rollback', knexProject({ '20240101_add.js': JS_ADD })),
    row('knex', 'migrate:down', 'destructive', 'rollback', knexProject()),
    row('knex', 'migrate:latest', 'write', 'write', knexProject({ '20240101_add.js': JS_ADD })),
    row('knex', 'migrate:latest --env production', 'destructive', 'pending-destructive', knexProject({ '20240101_add.js': JS_ADD, '20240202_drop.js': JS_DROP })),
    row('knex', 'migrate:up', 'unknown', 'pending-unknown', knexProject({ '20240303_helper.js': JS_HELPER })),
    row('knex', 'seed:run', 'unknown', 'seed', knexProject()),
    row('knex', 'migrate:status', 'read', 'read', knexProject()),
    row('knex', 'migrate:make add_nick', 'read', 'read'),
    row('knex', 'migrate:obliterate', 'unknown', 'unrecognised', knexProject()),
    row('knex', '--bogus migrate:list', 'unknown', 'bad-arguments', knexProject()),
  ],
  sequelize: [
    row('sequelize', 'db:drop', 'destructive', 'db-drop', sequelizeProject(), undefined),
    row('sequelize', 'db:migrate:undo:all', 'destructive', 'undo', sequelizeProject({ '20240101-add.js': SQ_ADD })),
    row('sequelize', 'db:migrate', 'write', 'write', { ...sequelizeProject({ '20240101-add.js': SQ_ADD }), env: { NODE_ENV: 'production', ...URL_ENV } }),
    row('sequelize', 'db:migrate', 'destructive', 'pending-destructive', { ...sequelizeProject({ '20240202-drop.js': SQ_DROP }), env: { NODE_ENV: 'production', ...URL_ENV } }),
    row('sequelize', 'db:migrate', 'unknown', 'pending-unknown', sequelizeProject({ '20240303-raw.js': SQ_RAW })),
    row('sequelize', 'db:seed:all', 'unknown', 'seed', sequelizeProject()),
    row('sequelize', 'db:create', 'write', 'db-create', { ...sequelizeProject(), env: { NODE_ENV: 'production', ...URL_ENV } }),
    row('sequelize', 'db:migrate:status', 'read', 'read', sequelizeProject()),
    row('sequelize', 'db:explode', 'unknown', 'unrecognised', sequelizeProject()),
    row('sequelize', '--bogus db:migrate:status', 'unknown', 'bad-arguments', sequelizeProject()),
  ],
  'sequelize-cli': [
    row('sequelize-cli', 'db:drop', 'destructive', 'db-drop', sequelizeProject()),
    row('sequelize-cli', 'db:migrate:undo', 'destructive', 'undo', sequelizeProject({ '20240101-add.js': SQ_ADD })),
    row('sequelize-cli', 'db:migrate --env production', 'write', 'write', { ...sequelizeProject({ '20240101-add.js': SQ_ADD }), env: URL_ENV }),
    row('sequelize-cli', 'db:migrate', 'destructive', 'pending-destructive', sequelizeProject({ '20240202-drop.js': SQ_DROP })),
    row('sequelize-cli', 'db:migrate', 'unknown', 'pending-unknown', sequelizeProject({ '20240303-raw.js': SQ_RAW })),
    row('sequelize-cli', 'db:seed:undo:all', 'unknown', 'seed', sequelizeProject()),
    row('sequelize-cli', 'db:create', 'write', 'db-create', { ...sequelizeProject(), env: { NODE_ENV: 'production', ...URL_ENV } }),
    row('sequelize-cli', 'init', 'read', 'read'),
    row('sequelize-cli', 'db:explode', 'unknown', 'unrecognised', sequelizeProject()),
    row('sequelize-cli', 'db:drop --bogus', 'destructive', ['bad-arguments', 'db-drop'], sequelizeProject()),
  ],
  typeorm: TYPEORM_CASES,
  'typeorm-ts-node-commonjs': renamed(TYPEORM_CASES, 'typeorm', 'typeorm-ts-node-commonjs'),
  'typeorm-ts-node-esm': renamed(TYPEORM_CASES, 'typeorm', 'typeorm-ts-node-esm'),
  'drizzle-kit': [
    row('drizzle-kit', 'push --force', 'destructive', 'push-force', drizzleProject()),
    row('drizzle-kit', 'push', 'unknown', 'push', drizzleProject()),
    row('drizzle-kit', 'drop', 'destructive', 'drop', drizzleProject()),
    row('drizzle-kit', 'migrate', 'write', 'write', drizzleProject({ '0000_add.sql': ADD_COLUMN })),
    row('drizzle-kit', 'migrate --config drizzle.config.ts', 'destructive', 'pending-destructive', drizzleProject({ '0000_add.sql': ADD_COLUMN, '0001_drop.sql': DROP_TABLE })),
    row('drizzle-kit', 'migrate', 'unknown', 'pending-unknown', drizzleProject({ '0000_bad.sql': 'DROP TABLE (' })),
    row('drizzle-kit', 'generate', 'read', 'read', drizzleProject()),
    row('drizzle-kit', 'obliterate', 'unknown', 'unrecognised', drizzleProject()),
    row('drizzle-kit', 'push --bogus', 'unknown', ['bad-arguments', 'push'], drizzleProject()),
  ],
  flyway: [
    row('flyway', `-url=jdbc:postgresql://db.prod.internal:5432/shop clean`, 'destructive', 'clean'),
    row('flyway', 'clean', 'destructive', 'clean', { env: { FLYWAY_URL: 'jdbc:postgresql://db.prod.internal/shop' } }),
    row('flyway', 'undo', 'destructive', 'undo', sqlFiles('sql', { 'U2__drop_nick.sql': 'ALTER TABLE users DROP COLUMN nick;' }, { 'flyway.conf': 'flyway.url=jdbc:postgresql://db.prod.internal/shop\n' })),
    row('flyway', 'migrate', 'write', 'write', sqlFiles('sql', { 'V1__add.sql': ADD_COLUMN }, { 'flyway.conf': 'flyway.url=jdbc:postgresql://db.prod.internal/shop\n' })),
    row('flyway', '-locations=filesystem:db migrate', 'destructive', 'pending-destructive', sqlFiles('db', { 'V1__add.sql': ADD_COLUMN, 'V2__drop.sql': DROP_TABLE }, {}, { FLYWAY_URL: 'jdbc:postgresql://db.prod.internal/shop' })),
    row('flyway', 'migrate', 'unknown', 'pending-unknown', sqlFiles('sql', { 'V1__bad.sql': 'DROP TABLE (' }, {}, { FLYWAY_URL: 'jdbc:postgresql://db.prod.internal/shop' }), 'unparseable migration SQL'),
    row('flyway', 'migrate', 'write', 'write', sqlFiles('sql', { 'V1__add.sql': ADD_COLUMN }, {}, { FLYWAY_URL: 'jdbc:mysql://db.prod.internal/shop' }), 'MySQL SQL through the mysql classifier'),
    row('flyway', 'migrate', 'destructive', 'pending-destructive', sqlFiles('sql', { 'V1__drop.sql': '/*!50001 DROP TABLE users */;\n' }, {}, { FLYWAY_URL: 'jdbc:mysql://db.prod.internal/shop' }), 'MySQL executable comment in a migration'),
    row('flyway', 'repair', 'write', 'repair', { env: { FLYWAY_URL: 'jdbc:postgresql://db.prod.internal/shop' } }),
    row('flyway', 'info', 'read', 'read'),
    row('flyway', 'obliterate', 'unknown', 'unrecognised'),
    row('flyway', '-X -bogus info', 'unknown', 'bad-arguments', undefined, 'a single-dash option without a value'),
  ],
  liquibase: [
    row('liquibase', '--url=jdbc:postgresql://db.prod.internal/shop drop-all', 'destructive', 'drop-all'),
    row('liquibase', 'dropAll', 'destructive', 'drop-all', { files: { 'liquibase.properties': 'url: jdbc:postgresql://db.prod.internal/shop\n' } }, 'camelCase spelling'),
    row('liquibase', 'rollback-count --count 3', 'destructive', 'rollback', { env: { LIQUIBASE_COMMAND_URL: 'jdbc:postgresql://db.prod.internal/shop' } }),
    row('liquibase', 'rollbackToDate 2024-01-01', 'destructive', 'rollback'),
    row('liquibase', 'update', 'unknown', 'update'),
    row('liquibase', 'execute-sql --sql-file=fix.sql', 'write', 'write', { files: { 'fix.sql': ADD_COLUMN } }),
    row('liquibase', ['execute-sql', '--sql', 'DROP TABLE orders'], 'destructive', 'pending-destructive'),
    row('liquibase', 'execute-sql --sql-file bad.sql', 'unknown', 'pending-unknown', { files: { 'bad.sql': 'DROP TABLE (' } }),
    row('liquibase', 'execute-sql', 'unknown', 'execute-sql'),
    row('liquibase', 'changelog-sync', 'write', 'changelog-sync'),
    row('liquibase', 'status', 'read', 'read'),
    row('liquibase', 'update-sql', 'read', 'read'),
    row('liquibase', 'obliterate', 'unknown', 'unrecognised'),
    row('liquibase', '--bogus status', 'unknown', 'bad-arguments'),
  ],
  dbmate: [
    row('dbmate', 'drop', 'destructive', 'drop', { files: { '.env': `DATABASE_URL=${PROD_URL}\n` } }),
    row('dbmate', '--url postgres://db.prod.internal/shop rollback', 'destructive', 'rollback', sqlFiles('db/migrations', { '20240101_add.sql': `-- migrate:up\n${ADD_COLUMN}-- migrate:down\nALTER TABLE users DROP COLUMN nickname;\n` })),
    row('dbmate', 'down', 'destructive', 'rollback', { env: URL_ENV }),
    row('dbmate', 'up', 'write', 'write', sqlFiles('db/migrations', { '20240101_add.sql': `-- migrate:up\n${ADD_COLUMN}-- migrate:down\nALTER TABLE users DROP COLUMN nickname;\n` }, {}, URL_ENV), 'the down part does not run forward'),
    row('dbmate', '-d db/m migrate', 'destructive', 'pending-destructive', sqlFiles('db/m', { '20240202_drop.sql': `-- migrate:up\n${DROP_TABLE}-- migrate:down\n` }, {}, URL_ENV)),
    row('dbmate', 'migrate', 'unknown', 'pending-unknown', sqlFiles('db/migrations', { '20240101_add.sql': ADD_COLUMN }, {}, URL_ENV), 'no migrate:up marker'),
    row('dbmate', 'load', 'write', 'load', sqlFiles('db', { 'schema.sql': 'CREATE TABLE users (id int);' }, {}, URL_ENV)),
    row('dbmate', 'create', 'write', 'create', { env: URL_ENV }),
    row('dbmate', 'status', 'read', 'read', { env: URL_ENV }),
    row('dbmate', 'obliterate', 'unknown', 'unrecognised', { env: URL_ENV }),
    row('dbmate', '--bogus status', 'unknown', 'bad-arguments', { env: URL_ENV }),
  ],
  goose: [
    row('goose', `postgres ${PROD_URL} reset`, 'destructive', 'reset'),
    row('goose', ['-dir', 'db', 'postgres', 'host=db.prod.internal dbname=shop', 'down'], 'destructive', 'down', undefined, 'libpq key=value DBSTRING'),
    row('goose', 'down-to 0', 'destructive', 'down', { env: { GOOSE_DRIVER: 'postgres', GOOSE_DBSTRING: PROD_URL } }),
    row('goose', 'redo', 'destructive', 'redo', { env: { GOOSE_DRIVER: 'postgres', GOOSE_DBSTRING: PROD_URL } }),
    row('goose', '-dir migrations up', 'write', 'write', sqlFiles('migrations', { '00001_add.sql': `-- +goose Up\n${ADD_COLUMN}-- +goose Down\nALTER TABLE users DROP COLUMN nickname;\n` }, {}, { GOOSE_DRIVER: 'postgres', GOOSE_DBSTRING: PROD_URL })),
    row('goose', '-dir migrations up', 'destructive', 'pending-destructive', sqlFiles('migrations', { '00002_drop.sql': `-- +goose Up\n${DROP_TABLE}` }, {}, { GOOSE_DRIVER: 'postgres', GOOSE_DBSTRING: PROD_URL })),
    row('goose', '-dir migrations up', 'unknown', 'pending-unknown', sqlFiles('migrations', { '00003_code.go': 'package migrations\n' }, {}, { GOOSE_DRIVER: 'postgres', GOOSE_DBSTRING: PROD_URL }), 'Go migrations are code'),
    row('goose', 'status', 'read', 'read', { env: { GOOSE_DRIVER: 'postgres', GOOSE_DBSTRING: PROD_URL } }),
    row('goose', 'create add_nick sql', 'read', 'read'),
    row('goose', 'postgres x obliterate', 'unknown', 'unrecognised'),
    row('goose', '-bogus status', 'unknown', 'bad-arguments'),
  ],
  migrate: [
    row('migrate', `-database ${PROD_URL} drop -f`, 'destructive', 'drop'),
    row('migrate', `-path migrations -database ${PROD_URL} down -all`, 'destructive', 'down', sqlFiles('migrations', { '1_add.down.sql': 'ALTER TABLE users DROP COLUMN nickname;' })),
    row('migrate', `-database=${PROD_URL} goto 3`, 'destructive', 'down'),
    row('migrate', `-database ${PROD_URL} force 3`, 'destructive', 'force'),
    row('migrate', `-path migrations -database ${PROD_URL} up`, 'write', 'write', sqlFiles('migrations', { '1_add.up.sql': ADD_COLUMN, '1_add.down.sql': 'DROP TABLE users;' })),
    row('migrate', `-source file://migrations -database ${PROD_URL} up 2`, 'destructive', 'pending-destructive', sqlFiles('migrations', { '2_drop.up.sql': DROP_TABLE })),
    row('migrate', `-database ${PROD_URL} up`, 'unknown', 'pending-unknown', undefined, 'no source guard can read'),
    row('migrate', `-database ${PROD_URL} version`, 'read', 'read'),
    row('migrate', `-database ${PROD_URL} obliterate`, 'unknown', 'unrecognised'),
    row('migrate', '-bogus version', 'unknown', 'bad-arguments'),
  ],
  atlas: [
    row('atlas', `schema clean -u ${PROD_URL} --auto-approve`, 'destructive', 'schema-clean'),
    row('atlas', `schema apply --url ${PROD_URL} --to file://schema.hcl --auto-approve`, 'unknown', 'schema-apply'),
    row('atlas', `schema apply --url ${PROD_URL} --to file://schema.hcl --dry-run`, 'read', 'read'),
    row('atlas', `migrate down --url ${PROD_URL}`, 'destructive', 'migrate-down'),
    row('atlas', `migrate set 20240101 --url ${PROD_URL}`, 'destructive', 'migrate-set'),
    row('atlas', `migrate apply --url ${PROD_URL}`, 'write', 'write', sqlFiles('migrations', { '20240101_add.sql': ADD_COLUMN })),
    row('atlas', `migrate apply --url ${PROD_URL} --dir file://db`, 'destructive', 'pending-destructive', sqlFiles('db', { '20240202_drop.sql': DROP_TABLE })),
    row('atlas', 'migrate apply --env prod', 'unknown', 'pending-unknown', sqlFiles('migrations', { '1.sql': 'DROP TABLE (' })),
    row('atlas', 'schema obliterate', 'unknown', 'unrecognised'),
    row('atlas', '--bogus schema inspect', 'unknown', 'bad-arguments'),
  ],
  sqitch: [
    row('sqitch', 'revert db:pg://db.prod.internal/shop -y', 'destructive', 'revert', sqlFiles('revert', { 'orders.sql': DROP_TABLE })),
    row('sqitch', 'rebase --target prod -y', 'destructive', 'rebase', { files: { 'sqitch.conf': '[core]\n  engine = pg\n[target "prod"]\n  uri = db:pg://db.prod.internal/shop\n' } }),
    row('sqitch', 'checkout main', 'destructive', 'rebase', { env: { SQITCH_TARGET: 'db:pg://db.prod.internal/shop' } }),
    row('sqitch', 'deploy db:pg://db.prod.internal/shop', 'write', 'write', sqlFiles('deploy', { 'users.sql': 'CREATE TABLE users (id int);' })),
    row('sqitch', 'deploy db:pg://db.prod.internal/shop', 'destructive', 'pending-destructive', sqlFiles('deploy', { 'cleanup.sql': DROP_TABLE })),
    row('sqitch', 'deploy db:pg://db.prod.internal/shop', 'unknown', 'pending-unknown', sqlFiles('deploy', { 'bad.sql': 'DROP TABLE (' })),
    row('sqitch', 'status', 'read', 'read'),
    row('sqitch', 'obliterate', 'unknown', 'unrecognised'),
    row('sqitch', '--bogus status', 'unknown', 'bad-arguments'),
  ],
};

