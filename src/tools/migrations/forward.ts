// Helpers the tool files share: a forward run over migration files, a rollback over the newest ones.
import type { Context } from '../../core/context.js';
import type { DatabaseTarget, FrameworkEnvironment } from './database.js';
import type { MigrationHistory, MigrationPlan, PlannedHit } from './make-tool.js';
import { migrationFiles, readMigrations, type MigrationLayout } from './pending.js';
import type { SqlDialect } from './sql.js';

export function dialectOf(db: DatabaseTarget | null): SqlDialect {
  if (db === null) return 'unknown';
  return db.engine === 'postgres' ? 'postgres' : db.engine === 'mysql' ? 'mysql' : db.engine === 'sqlite' ? 'sqlite' : 'unknown';
}

export interface RunContext {
  readonly ctx: Context;
  readonly database: DatabaseTarget;
  readonly framework?: FrameworkEnvironment | null;
  readonly bad: readonly PlannedHit[];
}

/** Every migration file in `dir` counts as pending offline; their up parts decide the risk. */
export async function forwardRun(run: RunContext, rule: string, summary: string, dir: string, layout: MigrationLayout, history?: MigrationHistory): Promise<MigrationPlan> {
  const migrations = await readMigrations(run.ctx, migrationFiles(dir, layout), layout, 'up', dialectOf(run.database));
  return {
    hits: [...run.bad, { rule, summary: `${summary} (${migrations.files.length} migration file${migrations.files.length === 1 ? '' : 's'})` }],
    database: run.database,
    framework: run.framework ?? null,
    migrations,
    ...(history ? { history } : {}),
  };
}

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);
/** The leading version digits of a file name (`20240101000000_add.rb` → `20240101000000`). */
const versionOf = (file: string) => /^\d+/.exec(baseName(file))?.[0] ?? baseName(file);

/** History tables of the tools, as each documents or creates it. */
export const HISTORY = {
  // prisma: _prisma_migrations(migration_name, finished_at, rolled_back_at); the name is the migration's directory.
  prisma: { table: '_prisma_migrations', column: 'migration_name', condition: 'finished_at IS NOT NULL AND rolled_back_at IS NULL', idOf: (file: string) => baseName(file.slice(0, file.lastIndexOf('/'))) },
  // Rails and dbmate: schema_migrations(version).
  rails: { table: 'schema_migrations', column: 'version', idOf: versionOf },
  dbmate: { table: 'schema_migrations', column: 'version', idOf: versionOf },
  // knex: knex_migrations(name) with the file name; sequelize: "SequelizeMeta"(name).
  knex: { table: 'knex_migrations', column: 'name', idOf: baseName },
  sequelize: { table: '"SequelizeMeta"', column: 'name', idOf: baseName },
  // goose: goose_db_version(version_id, is_applied), numbers without leading zeros.
  goose: { table: 'goose_db_version', column: 'version_id', condition: 'is_applied', idOf: (file: string) => String(Number(versionOf(file))) },
  // Flyway: flyway_schema_history(version, success); V1_2__x.sql is version 1.2.
  flyway: { table: 'flyway_schema_history', column: 'version', condition: 'success', idOf: (file: string) => (/^V([^_]+(?:_[^_]+)*?)__/.exec(baseName(file))?.[1] ?? '').replace(/_/g, '.') },
  // Django: django_migrations(app, name); the app is the directory above migrations/.
  django: { table: 'django_migrations', column: "app || '/' || name", idOf: (file: string) => { const parts = file.split('/'); return `${parts[parts.length - 3] ?? ''}/${baseName(file).replace(/\.py$/, '')}`; } },
} satisfies Record<string, MigrationHistory>;

/**
 * A rollback of the newest `count` migrations (all when null): the rollback rule always hits, and
 * the down parts of those files name what they drop. Which files are applied is a live fact, so
 * offline the newest files by name stand in for the newest applied ones.
 */
export async function rollbackRun(run: RunContext, rule: string, summary: string, dir: string | null, layout: MigrationLayout | null, count: number | null): Promise<MigrationPlan> {
  const base: MigrationPlan = { hits: [...run.bad, { rule, summary }], database: run.database, framework: run.framework ?? null, wholeDatabase: count === null };
  if (dir === null || layout === null) return base;
  const files = migrationFiles(dir, layout).reverse();
  const chosen = count === null ? files : files.slice(0, Math.max(count, 0));
  const migrations = await readMigrations(run.ctx, chosen, layout, 'down', dialectOf(run.database));
  return { ...base, migrations };
}

export function frameworkFrom(name: string | undefined, source: string): FrameworkEnvironment | null {
  return name === undefined || name === '' ? null : { name, source };
}
