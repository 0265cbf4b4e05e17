// The migration family's readers: .env grammar, Prisma datasources, database.yml, runners, secrets and the MySQL seam.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { assessShellLine } from '../../../src/shell/assess.js';
import { parseDotenv } from '../../../src/tools/migrations/dotenv.js';
import { prismaDatasource } from '../../../src/tools/migrations/prisma.js';
import { readCodeMigration } from '../../../src/tools/migrations/code-migrations.js';
import { buildWorld, type WorldSpec } from '../../support/world.js';

async function analyse(argv: string[], spec: WorldSpec = {}) {
  const world = buildWorld({ offline: true, ...spec });
  try {
    return await assess(argv, world.ctx);
  } finally {
    world.cleanup();
  }
}

test('.env files parse as dotenv does: export, quotes, comments, multi-line values; expansions are flagged', () => {
  const parsed = parseDotenv('# c\nexport A=1\nB="two # not a comment"\nC=three # a comment\nD=\'x\ny\'\nE="line\\nnext"\nF=${A}/x\n');
  assert.deepEqual([...parsed.entries()].map(([k, v]) => [k, v.value, v.expands]), [
    ['A', '1', false],
    ['B', 'two # not a comment', false],
    ['C', 'three', false],
    ['D', 'x\ny', false],
    ['E', 'line\nnext', false],
    ['F', '${A}/x', true],
  ]);
});

test('a Prisma schema datasource: env("…") or a literal url, comments ignored', () => {
  assert.deepEqual(prismaDatasource('// x\ngenerator client {\n  provider = "prisma-client-js"\n}\ndatasource db {\n  provider  = "postgresql" // main\n  url       = env("PRIMARY_URL")\n  directUrl = env("DIRECT_URL")\n}\n'), { provider: 'postgresql', url: { env: 'PRIMARY_URL' } });
  assert.deepEqual(prismaDatasource('datasource db {\n  provider = "sqlite"\n  url = "file:./dev.db"\n}\n'), { provider: 'sqlite', url: { literal: 'file:./dev.db' } });
  assert.equal(prismaDatasource('model User {\n  id Int @id\n}\n'), null);
});

test('the process environment beats .env, as dotenv never overrides a set variable', async () => {
  const files = { '.env': 'DATABASE_URL=postgresql://db.prod.internal/shop\n', 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n' };
  const local = await analyse(['prisma', 'migrate', 'reset', '--force'], { files, env: { DATABASE_URL: 'postgresql://localhost/dev' } });
  assert.equal(local.analysis.environment?.name, 'local');
  assert.equal(local.verdict.decision, 'confirm');
  const prod = await analyse(['prisma', 'migrate', 'reset', '--force'], { files });
  assert.equal(prod.analysis.environment?.name, 'production');
});

test('database.yml: RAILS_ENV picks the block, ERB is unresolved (protected), RAILS_ENV=production protects a local host', async () => {
  const yml = 'development:\n  adapter: postgresql\n  host: localhost\n  database: dev\nproduction:\n  adapter: postgresql\n  url: <%= ENV["DATABASE_URL"] %>\nstaging:\n  adapter: postgresql\n  host: localhost\n  database: staging\n';
  const dev = await analyse(['rails', 'db:drop'], { files: { 'config/database.yml': yml } });
  assert.deepEqual([dev.analysis.environment?.name, dev.analysis.environment?.protected], ['local', false]);
  const erb = await analyse(['rails', 'db:drop'], { files: { 'config/database.yml': yml }, env: { RAILS_ENV: 'production' } });
  assert.equal(erb.analysis.environment?.protected, true);
  assert.ok(erb.analysis.unverified.some((line) => line.includes('ERB')), erb.analysis.unverified.join('\n'));
  const named = await analyse(['rails', 'db:drop', 'RAILS_ENV=production'], { files: { 'config/database.yml': yml.replace('url: <%= ENV["DATABASE_URL"] %>', 'host: localhost\n  database: prod') } });
  assert.deepEqual([named.analysis.environment?.name, named.analysis.environment?.protected], ['production', true]);
});

test('NODE_ENV=production counts even when the host looks local', async () => {
  const files = { 'knexfile.js': "module.exports = { client: 'pg', connection: 'postgresql://localhost/shop' };\n" };
  const result = await analyse(['knex', 'migrate:rollback'], { files, env: { NODE_ENV: 'production' } });
  assert.deepEqual([result.analysis.environment?.name, result.analysis.environment?.protected], ['production', true]);
});

test('a MySQL database is named from its host, and its SQL is read by the MySQL classifier', async () => {
  const adds = await analyse(['dbmate', 'migrate'], { env: { DATABASE_URL: 'mysql://app@db.prod.internal:3306/shop' }, files: { 'db/migrations/1_add.sql': '-- migrate:up\nALTER TABLE users ADD COLUMN nick text;\n' } });
  assert.equal(adds.analysis.environment?.name, 'production');
  assert.equal(adds.analysis.risk, 'write', JSON.stringify(adds.analysis.hits));
  // A version comment MySQL executes is code: the DROP inside it is seen.
  const drops = await analyse(['dbmate', 'migrate'], { env: { DATABASE_URL: 'mysql://app@db.prod.internal:3306/shop' }, files: { 'db/migrations/1_drop.sql': '-- migrate:up\n/*!50001 DROP TABLE users */;\n' } });
  assert.equal(drops.analysis.risk, 'destructive', JSON.stringify(drops.analysis.hits));
});

test('passwords in URL arguments never reach the report', async () => {
  const result = await analyse(['migrate', '-database', 'postgres://app:hunter2@db.prod.internal/shop', 'drop', '-f']);
  const json = JSON.stringify(result.report);
  assert.ok(!json.includes('hunter2'), json);
  assert.equal(result.analysis.risk, 'destructive');
});

test('runners in front of migration tools reach the tool', async () => {
  const files = { '.env': 'DATABASE_URL=postgresql://db.prod.internal/shop\n', 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n', 'alembic.ini': '[alembic]\nsqlalchemy.url = postgresql://db.prod.internal/shop\n', 'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 's.settings')\n", 's/settings.py': "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.prod.internal', 'NAME': 'shop'}}\n", 'config/database.yml': 'development:\n  adapter: postgresql\n  host: db.prod.internal\n  database: shop\n' };
  for (const [line, tool] of [
    ['bundle exec rails db:drop', 'rails'],
    ['bundle exec --keep-file-descriptors rake db:reset', 'rake'],
    ['bin/rails db:schema:load', 'rails'],
    ['poetry run alembic downgrade base', 'alembic'],
    ['uv run --frozen alembic downgrade base', 'alembic'],
    ['uv run -m alembic downgrade base', 'alembic'],
    ['python3 -m django flush --noinput', 'django-admin'],
    ['python -u manage.py flush --noinput', 'manage.py'],
    ['pipenv run python manage.py flush', 'manage.py'],
    ['./manage.py flush', 'manage.py'],
  ] as const) {
    const world = buildWorld({ offline: true, files, env: { DJANGO_SETTINGS_MODULE: 's.settings' } });
    try {
      const assessed = await assessShellLine(line, world.ctx);
      const command = assessed.commands.find((c) => c.assessment.analysis.tool === tool);
      assert.ok(command, `${line}: no ${tool} command among ${assessed.commands.map((c) => c.assessment.analysis.tool ?? c.command.argv.join(' ')).join(', ')}`);
      assert.equal(assessed.decision === 'allow', false, line);
    } finally {
      world.cleanup();
    }
  }
});

test('code migrations: the forward section only, computed calls and helper functions are unknown', async () => {
  const ruby = await readCodeMigration('class X < ActiveRecord::Migration[7.1]\n  def up\n    add_column :users, :nick, :string\n  end\n  def down\n    remove_column :users, :nick\n  end\nend\n', 'ruby', 'up');
  assert.deepEqual(ruby, []);
  const back = await readCodeMigration('class X < ActiveRecord::Migration[7.1]\n  def up\n    add_column :users, :nick, :string\n  end\n  def down\n    remove_column :users, :nick\n  end\nend\n', 'ruby', 'down');
  assert.deepEqual(back.map((f) => [f.risk, f.objects]), [['destructive', [{ kind: 'column', name: 'users.nick' }]]]);
  const computed = await readCodeMigration("exports.up = (knex) => knex.schema['drop' + 'Table']('users');\n", 'javascript', 'up');
  assert.equal(computed[0]?.risk, 'unknown');
  const send = await readCodeMigration('class X < ActiveRecord::Migration[7.1]\n  def change\n    send(:drop_table, :users)\n  end\nend\n', 'ruby', 'up');
  assert.equal(send[0]?.risk, 'unknown');
  const sql = await readCodeMigration('class X < ActiveRecord::Migration[7.1]\n  def up\n    execute "TRUNCATE orders"\n  end\nend\n', 'ruby', 'up');
  assert.deepEqual(sql.map((f) => f.sql), ['TRUNCATE orders']);
});
