// Helpers the tool files share: a forward run over migration files, a rollback over the newest ones.
import type { Context } from '../../core/context.js';
import type { DatabaseTarget, FrameworkEnvironment } from './database.js';
import type { MigrationPlan, PlannedHit } from './make-tool.js';
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
export async function forwardRun(run: RunContext, rule: string, summary: string, dir: string, layout: MigrationLayout): Promise<MigrationPlan> {
  const migrations = await readMigrations(run.ctx, migrationFiles(dir, layout), layout, 'up', dialectOf(run.database));
  return {
    hits: [...run.bad, { rule, summary: `${summary} (${migrations.files.length} migration file${migrations.files.length === 1 ? '' : 's'})` }],
    database: run.database,
    framework: run.framework ?? null,
    migrations,
  };
}

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
