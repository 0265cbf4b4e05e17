// dbmate, goose, golang-migrate (`migrate`) and atlas: SQL migration runners configured by URL.

import type { Context } from '../../core/context.js';
import { hasFlag, HELP_FLAGS, optionValue, scanArgv, type ArgvGrammar, type ParsedArgv } from './argv.js';
import { databaseFromUrl, unresolved, type DatabaseTarget } from './database.js';
import { forwardRun, HISTORY, rollbackRun, type RunContext } from './forward.js';
import { absolute, databaseFromVariable } from './locate.js';
import { makeMigrationTool, type MigrationPlan, type PlannedHit } from './make-tool.js';
import { readMigrations, type MigrationLayout } from './pending.js';
import { migrationRules, rollsBack, unknownRow, wipes } from './rules.js';

const bad = (parsed: ParsedArgv): PlannedHit[] => parsed.problems.map((problem) => ({ rule: 'bad-arguments', summary: problem }));
const readOnly = (parsed: ParsedArgv, summary: string, database: DatabaseTarget | null = null): MigrationPlan => ({ hits: [...bad(parsed), { rule: 'read', summary }], database });
const unrecognised = (parsed: ParsedArgv, summary: string, database: DatabaseTarget | null): MigrationPlan => ({ hits: [...bad(parsed), { rule: 'unrecognised', summary }], database });

// dbmate 2.x (README "Command Line Options", urfave/cli flags in main.go).
const DBMATE: ArgvGrammar = {
  valueOptions: ['url', 'u', 'env', 'e', 'env-file', 'migrations-dir', 'd', 'migrations-table', 'schema-file', 's', 'wait-timeout'],
  flags: ['help', 'h', 'version', 'v', 'no-dump-schema', 'strict', 'verbose', 'wait', 'force', 'f'],
};
const DBMATE_LAYOUT: MigrationLayout = { kind: 'sql-sections', pattern: /\.sql$/, up: '-- migrate:up', down: '-- migrate:down' };

export const dbmateRules = migrationRules('dbmate', {
  drop: wipes('drop', 'Drops the whole database.'),
  rollback: rollsBack('rollback (down)', 'Runs the down part of the newest applied migration.'),
  load: { risk: 'write', description: 'load', reason: 'Loads the schema file into the database (CREATE statements).' },
  create: { risk: 'write', description: 'create', reason: 'Creates the database.' },
}, { pending: true });

async function dbmatePlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('dbmate', args, DBMATE);
  const command = parsed.positionals[0];
  if (command === undefined || hasFlag(parsed, ...HELP_FLAGS, 'v') || command === 'help' || command === 'h') return readOnly(parsed, 'dbmate help/version');
  if (command === 'new' || command === 'n') return readOnly(parsed, `dbmate new ${parsed.positionals[1] ?? ''}`);
  const envFiles = parsed.options.filter((o) => o.name === 'env-file').map((o) => o.value);
  const url = optionValue(parsed, 'url', 'u');
  const database = url !== undefined ? databaseFromUrl(url, 'argument --url', ctx) : await databaseFromVariable(ctx, optionValue(parsed, 'env', 'e') ?? 'DATABASE_URL', envFiles.length > 0 ? envFiles : ['.env']);
  const run: RunContext = { ctx, database, bad: bad(parsed) };
  const dir = absolute(ctx, optionValue(parsed, 'migrations-dir', 'd') ?? 'db/migrations');
  switch (command) {
    case 'up':
    case 'migrate':
      return forwardRun(run, 'write', `dbmate ${command}`, dir, DBMATE_LAYOUT, HISTORY.dbmate);
    case 'drop':
      return { hits: [...run.bad, { rule: 'drop', summary: 'dbmate drop: drop the database' }], database, wholeDatabase: true };
    case 'rollback':
    case 'down':
      return rollbackRun(run, 'rollback', `dbmate ${command}`, dir, DBMATE_LAYOUT, 1);
    case 'load': {
      const schema = absolute(ctx, optionValue(parsed, 'schema-file', 's') ?? 'db/schema.sql');
      const migrations = await readMigrations(ctx, [schema], { kind: 'sql', pattern: /./ }, 'up', 'postgres');
      return { hits: [...run.bad, { rule: 'load', summary: 'dbmate load' }], database, migrations };
    }
    case 'create':
      return { hits: [...run.bad, { rule: 'create', summary: 'dbmate create' }], database };
    case 'status':
    case 'dump':
    case 'wait':
      return readOnly(parsed, `dbmate ${command}`, database);
    default:
      return unrecognised(parsed, `dbmate ${command}`, database);
  }
}

// goose 3.x (pressly.github.io/goose/documentation/cli-commands; flags must come before the command).
const GOOSE: ArgvGrammar = {
  valueOptions: ['dir', 'table', 'certfile', 'ssl-cert', 'ssl-key', 'timeout', 'env', 's'],
  flags: ['h', 'help', 'v', 'version', 'allow-missing', 'no-versioning', 'sequential', 'no-color'],
  optionsBeforeCommandOnly: true,
  singleDashLong: true,
};
const GOOSE_COMMANDS = ['up', 'up-by-one', 'up-to', 'down', 'down-to', 'redo', 'reset', 'status', 'version', 'create', 'fix', 'validate', 'env'];
const GOOSE_LAYOUT: MigrationLayout = { kind: 'sql-sections', pattern: /\.(sql|go)$/, up: '-- +goose up', down: '-- +goose down' };

export const gooseRules = migrationRules('goose', {
  down: rollsBack('down, down-to VERSION', 'Runs down migrations: what they drop is gone.'),
  reset: rollsBack('reset', 'Rolls back every migration: usually every table the migrations created.'),
  redo: rollsBack('redo', 'Rolls the newest migration back and applies it again: the data its down part drops is lost.'),
}, { pending: true });

async function goosePlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('goose', args, GOOSE);
  if (hasFlag(parsed, 'h', 'help', 'version')) return readOnly(parsed, 'goose -h/-version');
  const [first, second, third] = parsed.positionals;
  const fromEnv = first !== undefined && GOOSE_COMMANDS.includes(first);
  const driver = fromEnv ? ctx.env['GOOSE_DRIVER'] : first;
  const dbstring = fromEnv ? ctx.env['GOOSE_DBSTRING'] : second;
  const command = fromEnv ? first : third;
  const rest = parsed.positionals.slice(fromEnv ? 1 : 3);
  if (command === undefined) return readOnly(parsed, 'goose usage');
  if (command === 'create' || command === 'fix' || command === 'env') return readOnly(parsed, `goose ${command}`);
  let database: DatabaseTarget;
  if (dbstring === undefined) database = await databaseFromVariable(ctx, 'GOOSE_DBSTRING', [optionValue(parsed, 'env') ?? '.env']);
  else if (/^(postgres|pgx|redshift)$/.test(driver ?? '') && !dbstring.includes('://')) database = databaseFromUrl(dbstring, 'the goose DBSTRING', ctx);
  else database = driver === 'sqlite3' || driver === 'sqlite' ? { engine: 'sqlite', path: dbstring, source: 'the goose DBSTRING' } : databaseFromUrl(dbstring.includes('://') ? dbstring : `${driver}://${dbstring}`, 'the goose DBSTRING', ctx);
  const run: RunContext = { ctx, database, bad: bad(parsed) };
  const dir = absolute(ctx, optionValue(parsed, 'dir') ?? ctx.env['GOOSE_MIGRATION_DIR'] ?? '.');
  switch (command) {
    case 'up':
    case 'up-by-one':
    case 'up-to':
      return forwardRun(run, 'write', `goose ${command}`, dir, GOOSE_LAYOUT, HISTORY.goose);
    case 'down':
      return rollbackRun(run, 'down', 'goose down', dir, GOOSE_LAYOUT, 1);
    case 'down-to':
      return rollbackRun(run, 'down', `goose down-to ${rest[0] ?? ''}`, dir, GOOSE_LAYOUT, rest[0] === '0' ? null : 1);
    case 'reset':
      return rollbackRun(run, 'reset', 'goose reset', dir, GOOSE_LAYOUT, null);
    case 'redo':
      return rollbackRun(run, 'redo', 'goose redo', dir, GOOSE_LAYOUT, 1);
    case 'status':
    case 'version':
    case 'validate':
      return readOnly(parsed, `goose ${command}`, database);
    default:
      return unrecognised(parsed, `goose ${command}`, database);
  }
}

// golang-migrate v4 CLI (cmd/migrate: flag set -source -path -database; commands create, goto, up, down, drop, force, version).
const MIGRATE: ArgvGrammar = {
  valueOptions: ['source', 'path', 'database', 'prefetch', 'lock-timeout'],
  flags: ['verbose', 'version', 'help', 'h'],
  optionsBeforeCommandOnly: true,
  singleDashLong: true,
};
const MIGRATE_LAYOUT: MigrationLayout = { kind: 'sql', pattern: /\.up\.sql$/ };
const MIGRATE_DOWN_LAYOUT: MigrationLayout = { kind: 'sql', pattern: /\.down\.sql$/ };

export const migrateRules = migrationRules('migrate', {
  drop: wipes('drop [-f]', 'Drops everything in the database.'),
  down: rollsBack('down [N] [-all], goto VERSION', 'Applies down migrations: what they drop is gone.'),
  force: rollsBack('force VERSION', 'Sets the recorded version without running anything: later runs skip or repeat migrations.'),
}, { pending: true });

async function migratePlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('migrate', args, MIGRATE);
  const [command, ...rest] = parsed.positionals;
  if (command === undefined || hasFlag(parsed, 'help', 'h', 'version')) return readOnly(parsed, 'migrate -help/-version');
  if (command === 'create') return readOnly(parsed, 'migrate create');
  const url = optionValue(parsed, 'database');
  const database = url !== undefined ? databaseFromUrl(url, 'argument -database', ctx) : unresolved('migrate has no -database');
  const source = optionValue(parsed, 'path') ?? optionValue(parsed, 'source')?.replace(/^file:\/\//, '');
  const dir = source !== undefined ? absolute(ctx, source) : null;
  const run: RunContext = { ctx, database, bad: bad(parsed) };
  switch (command) {
    case 'up':
      return dir ? forwardRun(run, 'write', 'migrate up', dir, MIGRATE_LAYOUT) : { hits: [...run.bad, { rule: 'pending-unknown', summary: 'migrate up from a source guard cannot read' }], database };
    case 'down': {
      const all = rest.includes('-all') || rest.includes('--all');
      const count = rest.find((word) => /^\d+$/.test(word));
      return rollbackRun(run, 'down', `migrate down ${rest.join(' ')}`.trim(), dir, MIGRATE_DOWN_LAYOUT, all || count === undefined ? null : Number(count));
    }
    case 'goto':
      return rollbackRun(run, 'down', `migrate goto ${rest[0] ?? ''}`, dir, MIGRATE_DOWN_LAYOUT, null);
    case 'drop':
      return { hits: [...run.bad, { rule: 'drop', summary: 'migrate drop: drop everything in the database' }], database, wholeDatabase: true };
    case 'force':
      return { hits: [...run.bad, { rule: 'force', summary: `migrate force ${rest[0] ?? ''}` }], database };
    case 'version':
      return readOnly(parsed, 'migrate version', database);
    default:
      return unrecognised(parsed, `migrate ${command}`, database);
  }
}

// Atlas CLI (atlasgo.io/cli-reference: schema apply/clean/inspect…, migrate apply/down/set/status…).
const ATLAS: ArgvGrammar = {
  valueOptions: ['url', 'u', 'to', 'dev-url', 'env', 'var', 'exclude', 'include', 'schema', 's', 'config', 'c', 'format', 'tx-mode', 'plan', 'dir', 'dir-format', 'revisions-schema', 'baseline', 'exec-order', 'lock-timeout', 'to-version', 'to-tag', 'from', 'log', 'context', 'latest', 'git-base', 'git-dir', 'amount'],
  flags: ['help', 'h', 'auto-approve', 'dry-run', 'allow-dirty', 'edit', 'skip-checks', 'w', 'web', 'version', 'v'],
};

export const atlasRules = migrationRules('atlas', {
  'schema-clean': wipes('schema clean', 'Removes every object in the database or schema.'),
  'schema-apply': unknownRow('schema apply (without --dry-run)', 'Moves the database to the desired state: anything not in that state is dropped with its data. guard does not compute the plan.'),
  'migrate-down': rollsBack('migrate down', 'Reverts applied migrations, computing the down plan from the database.'),
  'migrate-set': rollsBack('migrate set', 'Rewrites the revisions table: later applies skip or repeat migrations.'),
}, { pending: true });

async function atlasPlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('atlas', args, ATLAS);
  const [group, verb] = parsed.positionals;
  if (group === undefined || hasFlag(parsed, 'help', 'h') || group === 'version' || group === 'help' || group === 'login' || group === 'logout') return readOnly(parsed, `atlas ${group ?? 'help'}`);
  const url = optionValue(parsed, 'url', 'u');
  const database = url !== undefined ? databaseFromUrl(url, 'argument --url', ctx) : unresolved(optionValue(parsed, 'env') !== undefined ? `the URL of atlas.hcl env "${optionValue(parsed, 'env')}" (guard does not evaluate atlas.hcl)` : 'atlas has no --url');
  const run: RunContext = { ctx, database, bad: bad(parsed) };
  const key = `${group} ${verb ?? ''}`.trim();
  switch (key) {
    case 'schema clean':
      return { hits: [...run.bad, { rule: 'schema-clean', summary: 'atlas schema clean' }], database, wholeDatabase: true };
    case 'schema apply':
      return hasFlag(parsed, 'dry-run') ? readOnly(parsed, 'atlas schema apply --dry-run', database) : { hits: [...run.bad, { rule: 'schema-apply', summary: 'atlas schema apply' }], database };
    case 'migrate apply': {
      if (hasFlag(parsed, 'dry-run')) return readOnly(parsed, 'atlas migrate apply --dry-run', database);
      const dir = absolute(ctx, (optionValue(parsed, 'dir') ?? 'file://migrations').replace(/^file:\/\//, ''));
      return forwardRun(run, 'write', 'atlas migrate apply', dir, { kind: 'sql', pattern: /\.sql$/ });
    }
    case 'migrate down':
      return hasFlag(parsed, 'dry-run') ? readOnly(parsed, 'atlas migrate down --dry-run', database) : { hits: [...run.bad, { rule: 'migrate-down', summary: 'atlas migrate down' }], database };
    case 'migrate set':
      return { hits: [...run.bad, { rule: 'migrate-set', summary: `atlas migrate set ${parsed.positionals[2] ?? ''}` }], database };
    default:
      if (['schema inspect', 'schema diff', 'schema fmt', 'schema lint', 'schema validate', 'schema plan', 'schema test', 'schema push', 'migrate diff', 'migrate lint', 'migrate status', 'migrate validate', 'migrate hash', 'migrate new', 'migrate ls', 'migrate test', 'migrate push', 'migrate checkpoint', 'migrate edit', 'migrate import'].includes(key)) return readOnly(parsed, `atlas ${key}`, database);
      return unrecognised(parsed, `atlas ${key}`, database);
  }
}

const GO_TOOLS_SOURCE = (version: string, ...references: string[]) => ({ version, references });

export const goTools = [
  makeMigrationTool({ name: 'atlas', summary: 'Atlas: schema apply/clean, migrate apply/down', rules: atlasRules, checkedAgainst: GO_TOOLS_SOURCE('Atlas CLI v0.3x (docs; tested with a fake binary)', 'https://atlasgo.io/cli-reference', 'https://www.atlasgo.io/declarative/apply', 'https://atlasgo.io/versioned/down'), plan: atlasPlan }),
  makeMigrationTool({ name: 'dbmate', summary: 'dbmate: SQL migrations, drop, rollback', rules: dbmateRules, checkedAgainst: GO_TOOLS_SOURCE('dbmate 2.28 (README; tested with a fake binary)', 'https://raw.githubusercontent.com/amacneil/dbmate/HEAD/README.md (Commands, Command Line Options, .env loading)', 'https://app.unpkg.com/dbmate@2.28.0/files/README.md'), plan: dbmatePlan }),
  makeMigrationTool({ name: 'goose', summary: 'goose: SQL migrations, down, reset', rules: gooseRules, checkedAgainst: GO_TOOLS_SOURCE('goose v3.2x (docs; tested with a fake binary)', 'https://pressly.github.io/goose/documentation/cli-commands', 'https://pressly.github.io/goose/blog/2021/visualizing-up-down-commands', 'github.com/pressly/goose goose.go Run (command switch)'), plan: goosePlan }),
  makeMigrationTool({ name: 'migrate', summary: 'golang-migrate: up, down, drop, force', rules: migrateRules, checkedAgainst: GO_TOOLS_SOURCE('golang-migrate v4.1x CLI (README; tested with a fake binary)', 'https://github.com/golang-migrate/migrate/tree/master/cmd/migrate (README: Usage)', 'github.com/golang-migrate/migrate internal/cli/main.go'), plan: migratePlan }),
];

