// The migration tools' page in docs/tools/: where each tool's database comes from, and the live look-ups.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Migration tools and ORMs (prisma, rails, Django, alembic, knex, sequelize, typeorm, drizzle-kit, flyway, liquibase, dbmate, goose, migrate, atlas, sqitch)',
  resolution: [
    'The database as the tool finds it: its URL option (`--url`, `-database`, `-url=`, a sqitch target), then the environment (`DATABASE_URL`, `FLYWAY_URL`, `LIQUIBASE_COMMAND_URL`, `GOOSE_DBSTRING`, `SQITCH_TARGET`), then the .env files the tool loads (dotenv never overrides a set variable).',
    'Config files read as literals: `schema.prisma` / `prisma.config.ts`, `config/database.yml` for `RAILS_ENV`/`RACK_ENV` (ERB is unresolved; `DATABASE_URL` wins as in Rails), Django `DATABASES` (`os.environ`, `dj_database_url`), `alembic.ini` and `env.py`, knexfile and `config/config.json` for `--env`/`NODE_ENV`, typeorm data sources, `drizzle.config`, `flyway.conf`, `liquibase.properties`, `sqitch.conf`.',
    'The connection is named by the Postgres rules (`environments.<name>.match.postgres`) or their defaults; `RAILS_ENV`, `NODE_ENV` or `--env` naming a protected environment protect on their own. MySQL URLs are named the same way until the MySQL family has its own rules. Anything unresolved is unknown and protected.',
  ],
  liveLookups: [
    'A reset, drop, flush or clean: the database view of the Postgres inspector (tables, schemas, rows from planner statistics, size, open connections).',
    'A forward run: the tool\'s history table (`_prisma_migrations`, `schema_migrations`, `knex_migrations`, `"SequelizeMeta"`, `goose_db_version`, `flyway_schema_history`, `django_migrations`) says which files are applied; only the others count. Tables a pending migration drops are measured (rows, size, dependents).',
  ],
  notes: [
    'Offline, every migration file counts as pending. Code migrations are read with tree-sitter (Ruby, Python, JavaScript, TypeScript): calls that drop tables, columns or rows are destructive, SQL strings are classified by libpg-query, anything else guard cannot follow is unknown.',
    'prisma\'s migrate/db commands download an engine at run time, so the tests run a fake prisma; knex, Django and alembic run for real. Rails, flyway, liquibase, dbmate, goose, golang-migrate, atlas and sqitch are checked against their documentation and tested with fake binaries.',
  ],
};
