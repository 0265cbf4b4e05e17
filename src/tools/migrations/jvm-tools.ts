// flyway, liquibase and sqitch: JDBC-/URI-configured runners with their own config files.
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { hasFlag, HELP_FLAGS, optionValue, scanArgv, type ArgvGrammar, type ParsedArgv } from './argv.js';
import { databaseFromUrl, unresolved, type DatabaseTarget } from './database.js';
import { readText } from './dotenv.js';
import { forwardRun, HISTORY, rollbackRun, type RunContext } from './forward.js';
import { parseIni, parseProperties } from './ini.js';
import { absolute } from './locate.js';
import { makeMigrationTool, type MigrationPlan, type PlannedHit } from './make-tool.js';
import { readMigrations } from './pending.js';
import { migrationRules, rollsBack, unknownRow, wipes } from './rules.js';

const bad = (parsed: ParsedArgv): PlannedHit[] => parsed.problems.map((problem) => ({ rule: 'bad-arguments', summary: problem }));
const readOnly = (parsed: ParsedArgv, summary: string, database: DatabaseTarget | null = null): MigrationPlan => ({ hits: [...bad(parsed), { rule: 'read', summary }], database });

// Flyway 10 CLI: `flyway [options] command`, options `-key=value` (documentation.red-gate.com/fd/command-line).
const FLYWAY: ArgvGrammar = { valueOptions: [], flags: ['X', 'q', 'n', 'v', '?', 'help', 'version', 'outputType'], anyAssignedOption: true, singleDashLong: true };

export const flywayRules = migrationRules('flyway', {
  clean: wipes('clean', 'Drops every object (tables, views, functions…) in the configured schemas.'),
  undo: rollsBack('undo', 'Runs the undo (U…) migration of the newest versioned migration.'),
  repair: { risk: 'write', description: 'repair, baseline', reason: 'Rewrites the schema history table (checksums, failed entries, baseline); no data is dropped.' },
}, { pending: true });

async function flywayConfig(ctx: Context, parsed: ParsedArgv): Promise<Map<string, string>> {
  const merged = new Map<string, string>();
  const files = optionValue(parsed, 'configFiles')?.split(',') ?? [join(ctx.home, 'flyway.conf'), 'conf/flyway.conf', 'flyway.conf'];
  for (const file of files) {
    const text = await readText(ctx, absolute(ctx, file.trim()));
    if (text !== null) for (const [key, value] of parseProperties(text)) merged.set(key.replace(/^flyway\./, ''), value);
  }
  // Environment variables override config files; arguments override both.
  for (const [name, key] of [['FLYWAY_URL', 'url'], ['FLYWAY_USER', 'user'], ['FLYWAY_LOCATIONS', 'locations']] as const) {
    const value = ctx.env[name];
    if (value !== undefined) merged.set(key, value);
  }
  for (const option of parsed.options) merged.set(option.name, option.value);
  return merged;
}

async function flywayPlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('flyway', args, FLYWAY);
  const command = parsed.positionals[0];
  if (command === undefined || hasFlag(parsed, '?', 'help', 'v', 'version') || command === 'help' || command === 'version') return readOnly(parsed, 'flyway help/version');
  const config = await flywayConfig(ctx, parsed);
  const url = config.get('url');
  const database = url !== undefined ? databaseFromUrl(url, 'flyway url (argument, FLYWAY_URL or flyway.conf)', ctx) : unresolved('flyway has no url (argument -url, FLYWAY_URL, flyway.conf)');
  const run: RunContext = { ctx, database, bad: bad(parsed) };
  const locations = (config.get('locations') ?? 'filesystem:sql').split(',').map((location) => location.trim()).filter((location) => !location.startsWith('classpath:'));
  const dir = absolute(ctx, (locations[0] ?? 'sql').replace(/^filesystem:/, ''));
  switch (command) {
    case 'migrate':
      return forwardRun(run, 'write', 'flyway migrate', dir, { kind: 'sql', pattern: /^(V|R)[^_]*__.*\.sql$/ }, HISTORY.flyway);
    case 'clean':
      return { hits: [...run.bad, { rule: 'clean', summary: 'flyway clean: drop every object in the schemas' }], database, wholeDatabase: true };
    case 'undo':
      return rollbackRun(run, 'undo', 'flyway undo', dir, { kind: 'sql', pattern: /^U[^_]*__.*\.sql$/ }, 1);
    case 'repair':
    case 'baseline':
      return { hits: [...run.bad, { rule: 'repair', summary: `flyway ${command}` }], database };
    case 'info':
    case 'validate':
    case 'check':
    case 'snapshot':
    case 'auth':
    case 'init-project':
      return readOnly(parsed, `flyway ${command}`, database);
    default:
      return { hits: [...run.bad, { rule: 'unrecognised', summary: `flyway ${command}` }], database };
  }
}

// Liquibase 4.2x CLI (picocli; commands in kebab-case or camelCase, docs.liquibase.com/commands/home.html).
const LIQUIBASE: ArgvGrammar = {
  valueOptions: ['url', 'username', 'password', 'changelog-file', 'changeLogFile', 'defaults-file', 'defaultsFile', 'log-level', 'logLevel', 'search-path', 'classpath', 'contexts', 'context-filter', 'labels', 'label-filter', 'tag', 'count', 'date', 'sql', 'sql-file', 'output-file', 'driver', 'default-schema-name', 'schemas', 'reference-url', 'rollback-script'],
  flags: ['help', 'h', 'version', 'v', 'force', 'verbose'],
  anyAssignedOption: true,
};

export const liquibaseRules = migrationRules('liquibase', {
  'drop-all': wipes('drop-all (dropAll)', 'Drops every database object the user owns in the schemas.'),
  rollback: rollsBack('rollback, rollback-count, rollback-to-date, rollback-one-changeset/-update', 'Runs the rollback of applied changesets: what they drop is gone.'),
  update: unknownRow('update, update-count, update-to-tag (and camelCase spellings)', 'Applies pending changesets from the changelog, which guard does not read (XML, YAML, JSON or formatted SQL).'),
  'execute-sql': unknownRow('execute-sql without SQL guard can read', 'Runs SQL guard could not see.'),
  'changelog-sync': { risk: 'write', description: 'changelog-sync, mark-next-changeset-ran, tag, clear-checksums, release-locks', reason: 'Changes only Liquibase\'s own tracking tables.' },
}, { pending: true });

function liquibaseCommand(word: string): string {
  return word.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

async function liquibasePlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('liquibase', args, LIQUIBASE);
  const word = parsed.positionals[0];
  if (word === undefined || hasFlag(parsed, ...HELP_FLAGS, 'v')) return readOnly(parsed, 'liquibase help/version');
  const command = liquibaseCommand(word);
  const defaults = await readText(ctx, absolute(ctx, optionValue(parsed, 'defaults-file', 'defaultsFile') ?? 'liquibase.properties'));
  const properties = defaults !== null ? parseProperties(defaults) : new Map<string, string>();
  const url = optionValue(parsed, 'url') ?? ctx.env['LIQUIBASE_COMMAND_URL'] ?? properties.get('url') ?? properties.get('liquibase.command.url');
  const database = url !== undefined ? databaseFromUrl(url, 'liquibase url (argument, LIQUIBASE_COMMAND_URL or liquibase.properties)', ctx) : unresolved('liquibase has no url');
  const hits = bad(parsed);
  if (command === 'drop-all') return { hits: [...hits, { rule: 'drop-all', summary: `liquibase ${word}` }], database, wholeDatabase: true };
  if (command.startsWith('rollback') && !command.endsWith('-sql')) return { hits: [...hits, { rule: 'rollback', summary: `liquibase ${word}` }], database };
  if (command.startsWith('update') && !command.endsWith('-sql') && command !== 'update-testing-rollback') return { hits: [...hits, { rule: 'update', summary: `liquibase ${word}` }], database };
  if (command === 'update-testing-rollback') return { hits: [...hits, { rule: 'rollback', summary: `liquibase ${word}` }], database };
  if (command === 'execute-sql') {
    const sqlFile = optionValue(parsed, 'sql-file');
    const sql = optionValue(parsed, 'sql');
    if (sqlFile !== undefined) {
      const migrations = await readMigrations(ctx, [absolute(ctx, sqlFile)], { kind: 'sql', pattern: /./ }, 'up', 'postgres');
      return { hits: [...hits, { rule: 'write', summary: `liquibase execute-sql --sql-file ${sqlFile}` }], database, migrations };
    }
    if (sql !== undefined) {
      const { classifyMigrationSql } = await import('./sql.js');
      const findings = await classifyMigrationSql(sql, 'postgres', '--sql');
      const migrations = { files: [], findings: findings.map((f) => ({ ...f, file: '--sql' })), unverified: [], risk: 'write' as const };
      return { hits: [...hits, { rule: 'write', summary: 'liquibase execute-sql --sql' }], database, migrations };
    }
    return { hits: [...hits, { rule: 'execute-sql', summary: 'liquibase execute-sql' }], database };
  }
  if (['changelog-sync', 'changelog-sync-to-tag', 'mark-next-changeset-ran', 'tag', 'clear-checksums', 'release-locks'].includes(command)) return { hits: [...hits, { rule: 'changelog-sync', summary: `liquibase ${word}` }], database };
  if (['status', 'history', 'diff', 'diff-changelog', 'generate-changelog', 'snapshot', 'snapshot-reference', 'validate', 'tag-exists', 'list-locks', 'db-doc', 'calculate-checksum', 'init', 'checks', 'connect', 'unexpected-changesets', 'future-rollback-sql', 'future-rollback-count-sql', 'update-sql', 'update-count-sql', 'update-to-tag-sql', 'rollback-sql', 'rollback-count-sql', 'rollback-to-date-sql'].includes(command) || command.endsWith('-sql')) return readOnly(parsed, `liquibase ${word}`, database);
  return { hits: [...hits, { rule: 'unrecognised', summary: `liquibase ${word}` }], database };
}

// Sqitch 1.4 (sqitch-deploy, sqitch-revert, sqitch-rebase, sqitch-checkout, sqitch-target manuals on metacpan).
const SQITCH: ArgvGrammar = {
  valueOptions: ['target', 't', 'plan-file', 'f', 'top-dir', 'registry', 'client', 'db-client', 'db-name', 'd', 'db-user', 'u', 'db-host', 'h', 'db-port', 'p', 'set', 's', 'set-revert', 'r', 'set-deploy', 'e', 'to', 'to-change', 'to-target', 'onto', 'onto-change', 'onto-target', 'upto', 'upto-change', 'upto-target', 'mode', 'lock-timeout', 'chdir', 'C', 'cd', 'etc-path', 'engine', 'strftime'],
  flags: ['help', 'version', 'y', 'verify', 'log-only', 'quiet', 'q', 'verbose', 'v', 'modified', 'm', 'no-prompt', 'prompt-accept'],
};

export const sqitchRules = migrationRules('sqitch', {
  revert: rollsBack('revert', 'Runs the revert scripts of deployed changes (all of them unless --to is given).'),
  rebase: rollsBack('rebase, checkout', 'Reverts changes and deploys again: the data the revert scripts drop is lost.'),
}, { pending: true });

async function sqitchDatabase(ctx: Context, parsed: ParsedArgv, positional: string | undefined): Promise<DatabaseTarget> {
  const given = optionValue(parsed, 'target', 't') ?? positional ?? ctx.env['SQITCH_TARGET'];
  const conf = await readText(ctx, absolute(ctx, 'sqitch.conf'));
  const sections = conf !== null ? parseIni(conf) : new Map<string, ReadonlyMap<string, string>>();
  const engine = sections.get('core')?.get('engine');
  const name = given ?? (engine ? sections.get(`engine ${engine}`)?.get('target') : undefined);
  if (name === undefined) return unresolved('sqitch has no target (argument, --target, SQITCH_TARGET or sqitch.conf)');
  if (name.startsWith('db:')) return databaseFromUrl(name, 'the sqitch target URI', ctx);
  const uri = sections.get(`target ${name}`)?.get('uri');
  return uri !== undefined ? databaseFromUrl(uri, `sqitch.conf target "${name}"`, ctx) : unresolved(`sqitch target "${name}" is not in sqitch.conf`);
}

async function sqitchPlan(args: readonly string[], ctx: Context): Promise<MigrationPlan> {
  const parsed = scanArgv('sqitch', args, SQITCH);
  const [command, target] = parsed.positionals;
  if (command === undefined || hasFlag(parsed, 'help', 'version') || command === 'help') return readOnly(parsed, 'sqitch help/version');
  if (['add', 'init', 'config', 'engine', 'target', 'tag', 'bundle', 'rework', 'plan', 'show', 'check'].includes(command)) return readOnly(parsed, `sqitch ${command}`);
  const database = await sqitchDatabase(ctx, parsed, target?.startsWith('db:') || target !== undefined ? target : undefined);
  const run: RunContext = { ctx, database, bad: bad(parsed) };
  const top = absolute(ctx, optionValue(parsed, 'top-dir') ?? '.');
  switch (command) {
    case 'deploy':
      return forwardRun(run, 'write', 'sqitch deploy', join(top, 'deploy'), { kind: 'sql', pattern: /\.sql$/ });
    case 'revert':
      return rollbackRun(run, 'revert', `sqitch revert${optionValue(parsed, 'to', 'to-change') ? ` --to ${optionValue(parsed, 'to', 'to-change')}` : ''}`, join(top, 'revert'), { kind: 'sql', pattern: /\.sql$/ }, optionValue(parsed, 'to', 'to-change') !== undefined ? 1 : null);
    case 'rebase':
    case 'checkout':
      return rollbackRun(run, 'rebase', `sqitch ${command}`, join(top, 'revert'), { kind: 'sql', pattern: /\.sql$/ }, null);
    case 'status':
    case 'log':
    case 'verify':
    case 'upgrade':
      return readOnly(parsed, `sqitch ${command}`, database);
    default:
      return { hits: [...run.bad, { rule: 'unrecognised', summary: `sqitch ${command}` }], database };
  }
}

export const jvmTools = [
  makeMigrationTool({ name: 'flyway', summary: 'Flyway: migrate, clean, undo', rules: flywayRules, checkedAgainst: { version: 'Flyway 10 CLI (docs; tested with a fake binary)', references: ['https://documentation.red-gate.com/fd/command-line-184127404.html', 'https://documentation.red-gate.com/fd/clean-184127458.html', 'https://documentation.red-gate.com/fd/configuration-files-184127472.html (flyway.conf locations, FLYWAY_* variables)'] }, plan: flywayPlan }),
  makeMigrationTool({ name: 'liquibase', summary: 'Liquibase: update, rollback, drop-all', rules: liquibaseRules, checkedAgainst: { version: 'Liquibase 4.2x CLI (docs; tested with a fake binary)', references: ['https://docs.liquibase.com/commands/home.html', 'https://docs.liquibase.com/commands/utility/drop-all.html', 'https://docs.liquibase.com/concepts/connections/creating-config-properties.html (liquibase.properties, LIQUIBASE_COMMAND_URL)'] }, plan: liquibasePlan }),
  makeMigrationTool({ name: 'sqitch', summary: 'Sqitch: deploy, revert, rebase', rules: sqitchRules, checkedAgainst: { version: 'Sqitch 1.4 (manuals; tested with a fake binary)', references: ['https://metacpan.org/pod/release/DWHEELER/App-Sqitch-v1.1.0/lib/sqitch-rebase.pod', 'https://www.metacpan.org/dist/App-Sqitch/view/lib/sqitch-rebase-usage.pod', 'https://metacpan.org/dist/App-Sqitch/view/lib/sqitch-revert.pod', 'https://metacpan.org/dist/App-Sqitch/view/lib/sqitch-target.pod'] }, plan: sqitchPlan }),
];
