// prisma (Prisma ORM 6/7 CLI): migrate and db commands, the schema's datasource, pending migration.sql files.
import { dirname, join } from 'node:path';
import type { Context } from '../../core/context.js';
import { hasFlag, HELP_FLAGS, optionValue, scanArgv, type ArgvGrammar } from './argv.js';
import { databaseFromUrl, unresolved, type DatabaseTarget } from './database.js';
import { readText } from './dotenv.js';
import { at, findConfigObject } from './js-config.js';
import { absolute, databaseFromValue, databaseFromVariable } from './locate.js';
import { makeMigrationTool, type MigrationPlan, type PlannedHit } from './make-tool.js';
import { HISTORY } from './forward.js';
import { migrationFiles, readMigrations } from './pending.js';
import { migrationRules, rollsBack, unknownRow, wipes } from './rules.js';

const GRAMMAR: ArgvGrammar = {
  valueOptions: ['schema', 'config', 'url', 'file', 'name', 'n', 'applied', 'rolled-back', 'from-url', 'to-url', 'from-schema-datamodel', 'to-schema-datamodel', 'from-schema-datasource', 'to-schema-datasource', 'from-migrations', 'to-migrations', 'from-config-datasource', 'to-config-datasource', 'shadow-database-url', 'output', 'o', 'generator', 'port', 'p', 'browser', 'b', 'hostname', 'telemetry-information', 'datasource-provider', 'db', 'with-model'],
  flags: ['help', 'h', 'version', 'v', 'force', 'f', 'force-reset', 'accept-data-loss', 'skip-generate', 'skip-seed', 'create-only', 'stdin', 'script', 'exit-code', 'from-empty', 'to-empty', 'print', 'json', 'watch', 'no-engine', 'data-proxy', 'accelerate', 'allow-no-models', 'no-hints', 'preview-feature', 'composite', 'sql', 'check', 'local-d1', 'prompt', 'vscode'],
};

export const prismaRules = migrationRules(
  'prisma',
  {
    'migrate-reset': wipes('migrate reset', 'Drops the database (or every table in it), recreates it and applies all migrations: every row is lost.'),
    'db-push-force-reset': wipes('db push --force-reset', 'Resets the database before pushing the schema: every row is lost.'),
    'db-push-data-loss': { risk: 'destructive', description: 'db push --accept-data-loss', reason: 'Pushes the schema even when that drops columns or tables, and their data with them.', recovery: 'No undo: restore the dropped data from a backup taken before the push.' },
    'migrate-resolve': rollsBack('migrate resolve --applied/--rolled-back', 'Rewrites the migration history in _prisma_migrations: the next deploy skips or re-runs migrations against a database whose state no longer matches.'),
    'migrate-dev': unknownRow('migrate dev', 'Generates and applies a migration from the schema and offers to reset the database on drift; guard cannot see the generated SQL.'),
    'db-push': { risk: 'write', description: 'db push (without --force-reset or --accept-data-loss)', reason: 'Pushes schema changes; prisma refuses changes that would lose data unless --accept-data-loss is given.' },
    'db-execute-stdin': unknownRow('db execute --stdin', 'Runs SQL read from stdin, which guard does not read for prisma.'),
    'db-seed': unknownRow('db seed', 'Runs the project\'s seed script, code guard does not analyse.'),
    studio: { risk: 'write', description: 'studio', reason: 'Opens a browser UI in which rows can be edited and deleted by hand.' },
  },
  { pending: true },
);

/** The datasource block of a Prisma schema (PSL): `url = env("X")` or a literal, and the provider. */
export function prismaDatasource(schema: string): { provider?: string; url?: { env: string } | { literal: string } } | null {
  const lines = schema.split('\n');
  let inside = false;
  const found: { provider?: string; url?: { env: string } | { literal: string } } = {};
  let seen = false;
  for (const raw of lines) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!inside && /^datasource\s+\w+\s*\{/.test(line)) {
      inside = true;
      seen = true;
      continue;
    }
    if (inside && line.startsWith('}')) break;
    if (!inside) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const env = /^env\(\s*"([^"]+)"\s*\)$/.exec(value);
    const literal = /^"([^"]*)"$/.exec(value);
    if (key === 'provider' && literal) found.provider = literal[1];
    if (key === 'url') found.url = env ? { env: env[1] as string } : literal ? { literal: literal[1] as string } : { env: '' };
  }
  return seen ? found : null;
}

interface PrismaProject {
  readonly schemaPath: string;
  readonly migrationsDir: string;
  readonly database: DatabaseTarget;
}

/** Prisma 6 loads .env from the project root and from the schema's folder; Prisma 7 configs load it with dotenv. */
async function prismaProject(ctx: Context, schemaOption: string | undefined, configOption: string | undefined, urlOption: string | undefined): Promise<PrismaProject> {
  const configPath = configOption ? absolute(ctx, configOption) : ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.js', '.config/prisma.ts'].map((f) => join(ctx.cwd, f)).find((f) => ctx.fileExists(f));
  const config = configPath ? await readText(ctx, configPath) : null;
  const configEntries = config !== null ? await findConfigObject(config, true, []) : null;
  let schemaPath = schemaOption ? absolute(ctx, schemaOption) : ['prisma/schema.prisma', 'schema.prisma'].map((f) => join(ctx.cwd, f)).find((f) => ctx.fileExists(f)) ?? join(ctx.cwd, 'prisma/schema.prisma');
  const configured = configEntries && !('problem' in configEntries) ? configEntries : null;
  const schemaValue = configured ? at(configured, 'schema') : undefined;
  if (!schemaOption && schemaValue?.kind === 'string') schemaPath = absolute(ctx, schemaValue.value);
  const migrationsValue = configured ? at(configured, 'migrations.path') : undefined;
  const migrationsDir = migrationsValue?.kind === 'string' ? absolute(ctx, migrationsValue.value) : join(dirname(schemaPath), 'migrations');
  // Prisma 7's CLI loads no .env itself (its config usually imports dotenv/config); Prisma 6 loads both.
  const dotenv = config !== null && !config.includes('dotenv') ? [] : ['.env', join(dirname(schemaPath).slice(ctx.cwd.length + 1) || '.', '.env')].filter((v, i, all) => all.indexOf(v) === i);
  if (urlOption !== undefined) return { schemaPath, migrationsDir, database: databaseFromUrl(urlOption, 'argument --url', ctx) };
  const configUrl = configured ? at(configured, 'datasource.url') : undefined;
  if (configUrl) return { schemaPath, migrationsDir, database: await databaseFromValue(ctx, configUrl, `${configPath?.slice(ctx.cwd.length + 1)} datasource.url`, dotenv) };
  const schema = await readText(ctx, schemaPath);
  if (schema === null) return { schemaPath, migrationsDir, database: unresolved(`no Prisma schema at ${schemaPath.slice(ctx.cwd.length + 1)}`) };
  const datasource = prismaDatasource(schema);
  if (!datasource?.url) return { schemaPath, migrationsDir, database: unresolved('the schema has no datasource url') };
  if ('literal' in datasource.url) return { schemaPath, migrationsDir, database: databaseFromUrl(datasource.url.literal, 'schema.prisma datasource url', ctx) };
  if (datasource.url.env === '') return { schemaPath, migrationsDir, database: unresolved('the datasource url is not a literal or env("…")') };
  return { schemaPath, migrationsDir, database: await databaseFromVariable(ctx, datasource.url.env, dotenv) };
}

async function plan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('prisma', args, GRAMMAR);
  const [group, verb] = parsed.positionals;
  const bad: PlannedHit[] = parsed.problems.map((problem) => ({ rule: 'bad-arguments', summary: problem }));
  const read = (summary: string): MigrationPlan => ({ hits: [...bad, { rule: 'read', summary }], database: null });
  if (group === undefined || hasFlag(parsed, ...HELP_FLAGS, 'v')) return read(`prisma ${group ?? ''} --help/--version`.replace(/\s+/g, ' '));
  const needsDb = group === 'migrate' || group === 'db' || group === 'studio';
  if (!needsDb) {
    if (['generate', 'init', 'format', 'validate', 'version', 'debug', 'dev', 'platform', 'mcp'].includes(group)) return read(`prisma ${group}`);
    return { hits: [...bad, { rule: 'unrecognised', summary: `prisma ${group}` }], database: null };
  }
  const project = await prismaProject(ctx, optionValue(parsed, 'schema'), optionValue(parsed, 'config'), group === 'db' && verb === 'execute' ? optionValue(parsed, 'url') : undefined);
  const base = { database: project.database, framework: ctx.env['NODE_ENV'] ? { name: ctx.env['NODE_ENV'] as string, source: `NODE_ENV=${ctx.env['NODE_ENV']}` } : null };
  const pendingFiles = () => migrationFiles(project.migrationsDir, { kind: 'sql-per-directory', file: 'migration.sql' });
  const forward = async (rule: string, summary: string): Promise<MigrationPlan> => {
    const migrations = await readMigrations(ctx, pendingFiles(), { kind: 'sql-per-directory', file: 'migration.sql' }, 'up', 'postgres');
    const hits: PlannedHit[] = [...bad, { rule, summary: `${summary} (${migrations.files.length} migration${migrations.files.length === 1 ? '' : 's'})` }];
    return { ...base, hits, migrations, history: HISTORY.prisma };
  };
  const key = `${group} ${verb ?? ''}`.trim();
  switch (key) {
    case 'migrate deploy':
      return forward('write', 'prisma migrate deploy');
    case 'migrate dev':
      return forward('migrate-dev', 'prisma migrate dev');
    case 'migrate reset':
      return { ...base, hits: [...bad, { rule: 'migrate-reset', summary: 'prisma migrate reset: drop and recreate the database' }], wholeDatabase: true };
    case 'migrate resolve': {
      const name = optionValue(parsed, 'applied') ?? optionValue(parsed, 'rolled-back') ?? '(no migration named)';
      return { ...base, hits: [...bad, { rule: 'migrate-resolve', summary: `prisma migrate resolve ${optionValue(parsed, 'applied') !== undefined ? '--applied' : '--rolled-back'} ${name}` }] };
    }
    case 'migrate status':
    case 'migrate diff':
    case 'db pull':
      return { ...base, hits: [...bad, { rule: 'read', summary: `prisma ${key}` }] };
    case 'db push': {
      if (hasFlag(parsed, 'force-reset')) return { ...base, hits: [...bad, { rule: 'db-push-force-reset', summary: 'prisma db push --force-reset' }], wholeDatabase: true };
      if (hasFlag(parsed, 'accept-data-loss')) return { ...base, hits: [...bad, { rule: 'db-push-data-loss', summary: 'prisma db push --accept-data-loss' }], wholeDatabase: true };
      return { ...base, hits: [...bad, { rule: 'db-push', summary: 'prisma db push' }] };
    }
    case 'db execute': {
      const file = optionValue(parsed, 'file');
      if (hasFlag(parsed, 'stdin') || file === undefined) return { ...base, hits: [...bad, { rule: 'db-execute-stdin', summary: 'prisma db execute --stdin' }] };
      const migrations = await readMigrations(ctx, [absolute(ctx, file)], { kind: 'sql', pattern: /./ }, 'up', 'postgres');
      return { ...base, hits: [...bad, { rule: 'write', summary: `prisma db execute --file ${file}` }], migrations };
    }
    case 'db seed':
      return { ...base, hits: [...bad, { rule: 'db-seed', summary: 'prisma db seed' }] };
    case 'studio':
      return { ...base, hits: [...bad, { rule: 'studio', summary: 'prisma studio' }] };
    default:
      return { ...base, hits: [...bad, { rule: 'unrecognised', summary: `prisma ${key}` }] };
  }
}

export const prismaTool = makeMigrationTool({
  name: 'prisma',
  summary: 'Prisma ORM: migrate, db push/execute, reset',
  rules: prismaRules,
  checkedAgainst: {
    version: 'prisma 7.10.1 (npm, devDependency) and the Prisma CLI reference for 6/7',
    references: [
      'https://www.prisma.io/docs/cli/v7/migrate/reset',
      'https://prisma.io/docs/cli/migrate/resolve',
      'https://www.prisma.io/docs/orm/reference/prisma-cli-reference (migrate deploy/dev/status/diff, db push/pull/execute/seed)',
      'https://www.prisma.io/docs/orm/more/development-environment/environment-variables (.env in the root and next to the schema)',
      'node_modules/prisma/build/index.js (arg option specs of the commands)',
    ],
  },
  plan,
});
