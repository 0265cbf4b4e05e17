// knex, sequelize-cli, typeorm and drizzle-kit: Node ORMs and query builders with their config files.
import { dirname, join } from 'node:path';
import type { Context } from '../../core/context.js';
import { hasFlag, HELP_FLAGS, optionValue, scanArgv, type ArgvGrammar, type ParsedArgv } from './argv.js';
import { databaseFromParts, databaseFromUrl, unresolved, type DatabaseTarget } from './database.js';
import { readText } from './dotenv.js';
import { forwardRun, frameworkFrom, HISTORY, rollbackRun, type RunContext } from './forward.js';
import { at, findConfigObject, type ConfigValue } from './js-config.js';
import { absolute, databaseFromValue, databaseFromVariable } from './locate.js';
import { makeMigrationTool, type MigrationPlan, type PlannedHit } from './make-tool.js';
import type { MigrationLayout } from './pending.js';
import { migrationRules, rollsBack, unknownRow, wipes } from './rules.js';

const bad = (parsed: ParsedArgv): PlannedHit[] => parsed.problems.map((problem) => ({ rule: 'bad-arguments', summary: problem }));
const readOnly = (parsed: ParsedArgv, summary: string, database: DatabaseTarget | null = null): MigrationPlan => ({ hits: [...bad(parsed), { rule: 'read', summary }], database });
const CODE_LAYOUT: MigrationLayout = { kind: 'code', pattern: /\.(c|m)?(js|ts)$/, language: (file) => (/\.(c|m)?ts$/.test(file) ? 'typescript' : 'javascript') };
const SEED = unknownRow('seed runs (seed:run, db:seed…)', 'Seed files are code guard does not analyse; many truncate tables first.');

function firstFile(ctx: Context, candidates: readonly string[]): string | undefined {
  return candidates.map((file) => absolute(ctx, file)).find((file) => ctx.fileExists(file));
}

/** The per-environment block of a config file (`{ development: {…}, production: {…} }`), or the whole object. */
async function environmentBlock(ctx: Context, file: string, environment: string, marker: string): Promise<{ block: ReadonlyMap<string, ConfigValue>; text: string } | { problem: string }> {
  const text = await readText(ctx, file);
  if (text === null) return { problem: `cannot read ${file}` };
  const typescript = /\.(c|m)?ts$/.test(file);
  const keyed = await findConfigObject(text, typescript, [environment]);
  if (!('problem' in keyed)) {
    const block = keyed.get(environment);
    if (block?.kind === 'object') return { block: block.entries, text };
  }
  const flat = await findConfigObject(text, typescript, [marker]);
  if ('problem' in flat) return { problem: `${file.slice(ctx.cwd.length + 1)} has no ${environment} configuration guard can read` };
  return { block: flat, text };
}

// knex 3.3 CLI (bin/cli.js, commander): global options, migrate:* and seed:* commands.
const KNEX: ArgvGrammar = {
  valueOptions: ['knexfile', 'knexpath', 'cwd', 'client', 'connection', 'migrations-directory', 'migrations-table-name', 'env', 'x', 'stub', 'specific', 'name'],
  flags: ['help', 'h', 'version', 'V', 'esm', 'debug', 'verbose', 'all', 'ts', 'timestamp-filename-prefix', 'disable-transactions'],
};
export const knexRules = migrationRules('knex', {
  rollback: rollsBack('migrate:rollback (--all), migrate:down', 'Runs the down functions of the last batch (every batch with --all, one migration for migrate:down).'),
  seed: SEED,
}, { pending: true });

async function knexPlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('knex', args, KNEX);
  const command = parsed.positionals[0];
  if (command === undefined || hasFlag(parsed, ...HELP_FLAGS) || command === 'help') return readOnly(parsed, 'knex help/version');
  if (['init', 'migrate:make', 'seed:make'].includes(command)) return readOnly(parsed, `knex ${command}`);
  const environment = optionValue(parsed, 'env') ?? ctx.env['NODE_ENV'] ?? 'development';
  const framework = frameworkFrom(environment, optionValue(parsed, 'env') !== undefined ? `knex --env ${environment}` : ctx.env['NODE_ENV'] ? `NODE_ENV=${environment}` : 'knex default environment development');
  let database: DatabaseTarget;
  let migrationsDir = absolute(ctx, optionValue(parsed, 'migrations-directory') ?? 'migrations');
  const connection = optionValue(parsed, 'connection');
  if (connection !== undefined) database = databaseFromUrl(connection, 'argument --connection', ctx);
  else {
    const file = optionValue(parsed, 'knexfile') !== undefined ? absolute(ctx, optionValue(parsed, 'knexfile') as string) : firstFile(ctx, ['knexfile.js', 'knexfile.ts', 'knexfile.cjs', 'knexfile.mjs']);
    const found = file ? await environmentBlock(ctx, file, environment, 'client') : { problem: 'no knexfile' };
    if ('problem' in found) database = unresolved(found.problem);
    else {
      const client = at(found.block, 'client');
      const dotenv = found.text.includes('dotenv') ? ['.env'] : [];
      database = await databaseFromValue(ctx, at(found.block, 'connection'), `knexfile ${environment}.connection`, dotenv, client?.kind === 'string' ? client.value : optionValue(parsed, 'client'));
      const directory = at(found.block, 'migrations.directory');
      if (directory?.kind === 'string' && optionValue(parsed, 'migrations-directory') === undefined) migrationsDir = join(dirname(file as string), directory.value);
    }
  }
  const run: RunContext = { ctx, database, framework, bad: bad(parsed) };
  switch (command) {
    case 'migrate:latest':
    case 'migrate:up':
    case 'migrate:to':
    case 'migrate:before':
      return forwardRun(run, 'write', `knex ${command}`, migrationsDir, CODE_LAYOUT, HISTORY.knex);
    case 'migrate:rollback':
      return rollbackRun(run, 'rollback', `knex migrate:rollback${hasFlag(parsed, 'all') ? ' --all' : ''}`, migrationsDir, CODE_LAYOUT, hasFlag(parsed, 'all') ? null : 1);
    case 'migrate:down':
      return rollbackRun(run, 'rollback', 'knex migrate:down', migrationsDir, CODE_LAYOUT, 1);
    case 'seed:run':
      return { hits: [...run.bad, { rule: 'seed', summary: 'knex seed:run' }], database, framework };
    case 'migrate:currentVersion':
    case 'migrate:list':
    case 'migrate:status':
    case 'migrate:unlock':
      return readOnly(parsed, `knex ${command}`, database);
    default:
      return { hits: [...run.bad, { rule: 'unrecognised', summary: `knex ${command}` }], database, framework };
  }
}

// sequelize-cli 6.6 (lib/sequelize, yargs commands and core/yargs.js options).
const SEQUELIZE: ArgvGrammar = {
  valueOptions: ['env', 'config', 'options-path', 'migrations-path', 'seeders-path', 'models-path', 'url', 'name', 'to', 'from', 'seed', 'attributes', 'underscored'],
  flags: ['help', 'h', 'version', 'V', 'debug', 'force', 'charset', 'collate', 'encoding', 'ctype', 'template', 'force', 'models', 'migrations', 'seeders'],
};
export const sequelizeRules = (program: string) => migrationRules(program, {
  'db-drop': wipes('db:drop', 'Drops the database.'),
  undo: rollsBack('db:migrate:undo, db:migrate:undo:all', 'Runs the down functions of the newest migration (of every migration with :all).'),
  seed: SEED,
  'db-create': { risk: 'write', description: 'db:create', reason: 'Creates the database.' },
}, { pending: true });

function sequelizePlan(program: string) {
  return async (args: readonly string[], ctx: Context): Promise<MigrationPlan> => {
    const parsed = scanArgv(program, args, SEQUELIZE);
    const command = parsed.positionals[0];
    if (command === undefined || hasFlag(parsed, ...HELP_FLAGS) || command === 'help') return readOnly(parsed, `${program} help/version`);
    if (['init', 'init:config', 'init:migrations', 'init:models', 'init:seeders', 'migration:generate', 'migration:create', 'model:generate', 'model:create', 'seed:generate', 'seed:create'].includes(command)) return readOnly(parsed, `${program} ${command}`);
    const environment = optionValue(parsed, 'env') ?? ctx.env['NODE_ENV'] ?? 'development';
    const framework = frameworkFrom(environment, optionValue(parsed, 'env') !== undefined ? `${program} --env ${environment}` : ctx.env['NODE_ENV'] ? `NODE_ENV=${environment}` : 'sequelize default environment development');
    const migrationsDir = absolute(ctx, optionValue(parsed, 'migrations-path') ?? 'migrations');
    let database: DatabaseTarget;
    const url = optionValue(parsed, 'url');
    if (url !== undefined) database = databaseFromUrl(url, 'argument --url', ctx);
    else if (ctx.fileExists(absolute(ctx, '.sequelizerc')) && optionValue(parsed, 'config') === undefined) database = unresolved('.sequelizerc chooses the config file with code guard does not evaluate');
    else database = await sequelizeConfig(ctx, absolute(ctx, optionValue(parsed, 'config') ?? 'config/config.json'), environment);
    const run: RunContext = { ctx, database, framework, bad: bad(parsed) };
    switch (command) {
      case 'db:migrate':
        return forwardRun(run, 'write', `${program} db:migrate`, migrationsDir, CODE_LAYOUT, HISTORY.sequelize);
      case 'db:migrate:undo':
        return rollbackRun(run, 'undo', `${program} db:migrate:undo`, migrationsDir, CODE_LAYOUT, optionValue(parsed, 'name') !== undefined ? 1 : 1);
      case 'db:migrate:undo:all':
        return rollbackRun(run, 'undo', `${program} db:migrate:undo:all`, migrationsDir, CODE_LAYOUT, null);
      case 'db:drop':
        return { hits: [...run.bad, { rule: 'db-drop', summary: `${program} db:drop` }], database, framework, wholeDatabase: true };
      case 'db:create':
        return { hits: [...run.bad, { rule: 'db-create', summary: `${program} db:create` }], database, framework };
      case 'db:seed':
      case 'db:seed:all':
      case 'db:seed:undo':
      case 'db:seed:undo:all':
        return { hits: [...run.bad, { rule: 'seed', summary: `${program} ${command}` }], database, framework };
      case 'db:migrate:status':
        return readOnly(parsed, `${program} db:migrate:status`, database);
      default:
        return { hits: [...run.bad, { rule: 'unrecognised', summary: `${program} ${command}` }], database, framework };
    }
  };
}

/** config/config.json: `{ "<env>": { "use_env_variable": "DATABASE_URL" } }` or the connection parts. */
async function sequelizeConfig(ctx: Context, file: string, environment: string): Promise<DatabaseTarget> {
  const text = await readText(ctx, file);
  if (text === null) return unresolved(`no sequelize config at ${file.slice(ctx.cwd.length + 1)}`);
  if (!file.endsWith('.json')) return unresolved(`${file.slice(ctx.cwd.length + 1)} is code guard does not evaluate`);
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return unresolved(`${file.slice(ctx.cwd.length + 1)} is not valid JSON`);
  }
  const block = (config as Record<string, Record<string, unknown>>)[environment];
  if (!block || typeof block !== 'object') return unresolved(`${file.slice(ctx.cwd.length + 1)} has no "${environment}" block`);
  if (typeof block['use_env_variable'] === 'string') return databaseFromVariable(ctx, block['use_env_variable'], []);
  if (typeof block['url'] === 'string') return databaseFromUrl(block['url'], `${file.slice(ctx.cwd.length + 1)} ${environment}.url`, ctx);
  const text2 = (key: string) => (typeof block[key] === 'string' || typeof block[key] === 'number' ? String(block[key]) : undefined);
  return databaseFromParts({ adapter: text2('dialect') ?? '', ...(text2('host') ? { host: text2('host') } : {}), ...(text2('port') ? { port: text2('port') } : {}), ...(text2('database') ? { database: text2('database') } : {}), ...(text2('username') ? { user: text2('username') } : {}) }, `${file.slice(ctx.cwd.length + 1)} ${environment}`, ctx);
}

// typeorm 0.3 / 1.x CLI (src/commands/*.ts, yargs).
const TYPEORM: ArgvGrammar = {
  valueOptions: ['dataSource', 'd', 'transaction', 't', 'timestamp', 'name', 'n', 'db', 'database', 'ms', 'module', 'docker', 'express'],
  flags: ['help', 'h', 'version', 'v', 'fake', 'f', 'esm', 'dryrun', 'dr', 'check', 'ch', 'pretty', 'p', 'o', 'outputJs'],
};
export const typeormRulesOf = (program: string) => migrationRules(program, {
  'schema-drop': wipes('schema:drop', 'Drops every table, view and sequence of the data source\'s schemas.'),
  'schema-sync': { risk: 'destructive', description: 'schema:sync', reason: 'Makes the database match the entities: columns and tables no entity declares are dropped with their data.', recovery: 'No undo: restore dropped tables and columns from a backup taken before the sync.' },
  revert: rollsBack('migration:revert', 'Runs the down method of the newest executed migration.'),
}, { pending: true });
export const typeormRules = typeormRulesOf('typeorm');


function typeormPlan(program: string) {
  return (args: readonly string[], ctx: Context) => typeormPlanOf(program, args, ctx);
}

async function typeormPlanOf(program: string, args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv(program, args, TYPEORM);
  const command = parsed.positionals[0];
  if (command === undefined || hasFlag(parsed, ...HELP_FLAGS, 'v') || command === 'version') return readOnly(parsed, 'typeorm help/version');
  if (['init', 'entity:create', 'subscriber:create', 'migration:create', 'cache:clear'].includes(command)) return readOnly(parsed, `typeorm ${command}`);
  const sourceFile = optionValue(parsed, 'dataSource', 'd');
  let database: DatabaseTarget = unresolved('typeorm has no --dataSource');
  let migrationsDir: string | null = null;
  if (sourceFile !== undefined) {
    const file = absolute(ctx, sourceFile);
    const text = await readText(ctx, file);
    const found = text === null ? { problem: `cannot read ${sourceFile}` } : await findConfigObject(text, /\.(c|m)?ts$/.test(file), ['type']);
    if ('problem' in found) database = unresolved(found.problem);
    else {
      const type = at(found, 'type');
      const dotenv = text?.includes('dotenv') ? ['.env'] : [];
      database = await databaseFromValue(ctx, at(found, 'url') ? { kind: 'object', entries: new Map([['url', at(found, 'url') as ConfigValue]]) } : { kind: 'object', entries: found }, `${sourceFile}`, dotenv, type?.kind === 'string' ? type.value : undefined);
      const migrations = at(found, 'migrations');
      // TypeORM resolves migration globs against the working directory.
      if (migrations?.kind === 'string') migrationsDir = dirname(absolute(ctx, migrations.value.replace(/\*\*\/.*$/, 'x')));
    }
  }
  const framework = frameworkFrom(ctx.env['NODE_ENV'], `NODE_ENV=${ctx.env['NODE_ENV']}`);
  const run: RunContext = { ctx, database, framework, bad: bad(parsed) };
  switch (command) {
    case 'schema:drop':
      return { hits: [...run.bad, { rule: 'schema-drop', summary: 'typeorm schema:drop' }], database, framework, wholeDatabase: true };
    case 'schema:sync':
      return { hits: [...run.bad, { rule: 'schema-sync', summary: 'typeorm schema:sync' }], database, framework, wholeDatabase: true };
    case 'migration:revert':
      return rollbackRun(run, 'revert', 'typeorm migration:revert', migrationsDir, migrationsDir ? CODE_LAYOUT : null, 1);
    case 'migration:run':
      if (hasFlag(parsed, 'fake', 'f')) return { hits: [...run.bad, { rule: 'write', summary: 'typeorm migration:run --fake (records migrations without running them)' }], database, framework };
      if (migrationsDir === null) return { hits: [...run.bad, { rule: 'pending-unknown', summary: 'typeorm migration:run: the migrations of the data source are not a path guard can read' }], database, framework };
      return forwardRun(run, 'write', 'typeorm migration:run', migrationsDir, CODE_LAYOUT);
    case 'query': {
      const sql = parsed.positionals[1];
      if (sql === undefined) return { hits: [...run.bad, { rule: 'bad-arguments', summary: 'typeorm query without SQL' }], database, framework };
      const { classifyMigrationSql } = await import('./sql.js');
      const findings = await classifyMigrationSql(sql, 'postgres', 'query');
      return { hits: [...run.bad, { rule: 'write', summary: 'typeorm query' }], database, framework, migrations: { files: [], findings: findings.map((f) => ({ ...f, file: 'query' })), unverified: [], risk: 'write' } };
    }
    case 'schema:log':
    case 'migration:show':
    case 'migration:generate':
      return readOnly(parsed, `typeorm ${command}`, database);
    default:
      return { hits: [...run.bad, { rule: 'unrecognised', summary: `typeorm ${command}` }], database, framework };
  }
}

// drizzle-kit 0.31 (bin.cjs: commands generate, migrate, push, pull, drop, check, up, studio, export; it bundles dotenv/config).
const DRIZZLE: ArgvGrammar = {
  valueOptions: ['config', 'dialect', 'schema', 'out', 'url', 'host', 'port', 'user', 'password', 'database', 'driver', 'tablesFilter', 'schemaFilter', 'schemaFilters', 'extensionsFilters', 'casing', 'prefix', 'name', 'auth-token', 'introspect-casing', 'entities', 'ssl', 'tlsSecurity'],
  flags: ['help', 'h', 'version', 'v', 'strict', 'verbose', 'force', 'breakpoints', 'explain', 'custom', 'sql'],
};
export const drizzleRules = migrationRules('drizzle-kit', {
  push: unknownRow('push (without --force)', 'Pushes the schema and asks before statements that lose data; without a terminal guard cannot tell what it will drop.'),
  'push-force': { risk: 'destructive', description: 'push --force', reason: 'Pushes the schema and auto-approves statements that drop columns and tables.', recovery: 'No undo: restore the dropped data from a backup taken before the push.' },
  drop: { risk: 'destructive', description: 'drop', reason: 'Deletes a generated migration from the migrations folder and its journal.', recovery: 'Restore the migration files from version control (git checkout).' },
}, { pending: true });

async function drizzlePlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('drizzle-kit', args, DRIZZLE);
  const command = parsed.positionals[0];
  if (command === undefined || hasFlag(parsed, ...HELP_FLAGS, 'v')) return readOnly(parsed, 'drizzle-kit help/version');
  if (['generate', 'check', 'up', 'export'].includes(command)) return readOnly(parsed, `drizzle-kit ${command}`);
  const configFile = optionValue(parsed, 'config') !== undefined ? absolute(ctx, optionValue(parsed, 'config') as string) : firstFile(ctx, ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.cjs', 'drizzle.config.mts', 'drizzle.config.json']);
  let database: DatabaseTarget;
  let out = optionValue(parsed, 'out') ?? 'drizzle';
  const url = optionValue(parsed, 'url');
  if (url !== undefined) database = databaseFromUrl(url, 'argument --url', ctx);
  else if (configFile === undefined) database = unresolved('no drizzle.config');
  else {
    const text = await readText(ctx, configFile);
    const found = text === null ? { problem: 'cannot read the drizzle config' } : await findConfigObject(text, !configFile.endsWith('.js'), ['dialect']);
    if ('problem' in found) database = unresolved(found.problem);
    else {
      const dialect = at(found, 'dialect');
      database = await databaseFromValue(ctx, at(found, 'dbCredentials'), 'drizzle.config dbCredentials', ['.env'], dialect?.kind === 'string' ? dialect.value : undefined);
      const outValue = at(found, 'out');
      if (outValue?.kind === 'string' && optionValue(parsed, 'out') === undefined) out = outValue.value;
    }
  }
  const run: RunContext = { ctx, database, framework: frameworkFrom(ctx.env['NODE_ENV'], `NODE_ENV=${ctx.env['NODE_ENV']}`), bad: bad(parsed) };
  switch (command) {
    case 'migrate':
      return forwardRun(run, 'write', 'drizzle-kit migrate', absolute(ctx, out), { kind: 'sql', pattern: /\.sql$/ });
    case 'push':
      return hasFlag(parsed, 'force') ? { hits: [...run.bad, { rule: 'push-force', summary: 'drizzle-kit push --force' }], database, wholeDatabase: true, framework: run.framework ?? null } : { hits: [...run.bad, { rule: 'push', summary: 'drizzle-kit push' }], database, framework: run.framework ?? null };
    case 'drop':
      return { hits: [...run.bad, { rule: 'drop', summary: `drizzle-kit drop (${out})` }], database: null };
    case 'pull':
    case 'introspect':
    case 'studio':
      return readOnly(parsed, `drizzle-kit ${command}`, database);
    default:
      return { hits: [...run.bad, { rule: 'unrecognised', summary: `drizzle-kit ${command}` }], database };
  }
}

/** The argv tables, for the test that compares them with the installed CLIs' --help. */
export const NODE_GRAMMARS = { knex: KNEX, typeorm: TYPEORM, 'drizzle-kit': DRIZZLE } as const;

const NODE_SOURCE = (version: string, ...references: string[]) => ({ version, references });

export const nodeTools = [
  makeMigrationTool({ name: 'drizzle-kit', summary: 'drizzle-kit: push, migrate, drop', rules: drizzleRules, checkedAgainst: NODE_SOURCE('drizzle-kit 0.31.11 (npm, devDependency)', 'node_modules/drizzle-kit/bin.cjs (commands, options, bundled dotenv/config)', 'https://orm.drizzle.team/docs/drizzle-kit-push', 'https://orm.drizzle.team/docs/drizzle-kit-drop'), plan: drizzlePlan }),
  makeMigrationTool({ name: 'knex', summary: 'knex: migrate:latest/rollback/down, seed:run', rules: knexRules, checkedAgainst: NODE_SOURCE('knex 3.3.0 (npm, devDependency)', 'node_modules/knex/bin/cli.js (commander options and commands)', 'https://knexjs.org/guide/migrations.html'), plan: knexPlan }),
  makeMigrationTool({ name: 'sequelize', summary: 'sequelize-cli (as sequelize): db:migrate, undo, drop', rules: sequelizeRules('sequelize'), checkedAgainst: NODE_SOURCE('sequelize-cli 6.6.5 (npm, devDependency)', 'node_modules/sequelize-cli/lib/sequelize.js and lib/core/yargs.js', 'https://sequelize.org/docs/v6/other-topics/migrations/'), plan: sequelizePlan('sequelize') }),
  makeMigrationTool({ name: 'sequelize-cli', summary: 'sequelize-cli: db:migrate, undo, drop', rules: sequelizeRules('sequelize-cli'), checkedAgainst: NODE_SOURCE('sequelize-cli 6.6.5 (npm, devDependency)', 'node_modules/sequelize-cli/lib/sequelize.js and lib/core/yargs.js', 'https://sequelize.org/docs/v6/other-topics/migrations/'), plan: sequelizePlan('sequelize-cli') }),
  // typeorm-ts-node-commonjs and -esm (the same CLI under ts-node) ship in the typeorm package.
  ...['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'].map((name) =>
    makeMigrationTool({ name, summary: `${name}: schema:drop/sync, migration:run/revert`, rules: name === 'typeorm' ? typeormRules : typeormRulesOf(name), checkedAgainst: NODE_SOURCE('typeorm 1.1.1 (npm, devDependency)', 'node_modules/typeorm/commands/*.js (yargs builders)', 'node_modules/typeorm/package.json bin (typeorm, typeorm-ts-node-commonjs, typeorm-ts-node-esm)', 'https://typeorm.io/docs/advanced-topics/using-cli'), plan: typeormPlan(name) }),
  ),
];
