// rails and rake: db:* tasks, config/database.yml for RAILS_ENV, and db/migrate/*.rb read with tree-sitter-ruby.
import { parse as parseYaml } from 'yaml';
import type { Context } from '../../core/context.js';
import { maxRisk } from '../../core/risk.js';
import { hasFlag, optionValue, scanArgv, type ArgvGrammar } from './argv.js';
import { databaseFromParts, databaseFromUrl, unresolved, type DatabaseTarget } from './database.js';
import { lookupVariable, readText } from './dotenv.js';
import { forwardRun, HISTORY, rollbackRun, type RunContext } from './forward.js';
import { absolute } from './locate.js';
import { makeMigrationTool, type MigrationPlan, type PlannedHit } from './make-tool.js';
import type { MigrationLayout } from './pending.js';
import { migrationRules, rollsBack, unknownRow, wipes } from './rules.js';

// rails 6.1/7.x `rails --help` and railties' commands; rake 13 `rake --help` (OptionParser).
const RAILS: ArgvGrammar = {
  valueOptions: ['environment', 'e', 'f', 'rakefile', 'C', 'directory', 'I', 'libdir', 'r', 'require', 'R', 'rakelibdir', 'j', 'jobs'],
  flags: ['T', 'D', 'P', 'W', 'where', 'tasks', 'describe', 'g', 'help', 'h', 'version', 'v', 'V', 'trace', 't', 'dry-run', 'n', 'quiet', 'q', 'silent', 's', 'verbose', 'all', 'A', 'prereqs', 'backtrace', 'multitask', 'm', 'N', 'no-search', 'G', 'no-system', 'comments', 'suppress-backtrace', 'job-stats', 'rules', 'nosearch', 'nosystem', 'system'],
};
const RUBY_LAYOUT: MigrationLayout = { kind: 'code', pattern: /^\d+_.*\.rb$/, language: 'ruby' };

export const railsRules = (program: string) => migrationRules(program, {
  'db-drop': wipes('db:drop, db:drop:all, db:purge, db:purge:all, db:reset', 'Drops (or empties) the database: every table and row.'),
  'schema-load': wipes('db:schema:load, db:structure:load, db:setup, db:test:load', 'Loads the schema file with force: true, dropping and recreating every table it lists.'),
  truncate: wipes('db:truncate_all, db:seed:replant, db:fixtures:load', 'Deletes the rows of every table (or of the fixtures\' tables).'),
  rollback: rollsBack('db:rollback, db:migrate:down, db:migrate:redo, db:migrate VERSION=… (down)', 'Runs the down (or reversed change) of applied migrations: what they drop is gone.'),
  seed: unknownRow('db:seed, runner, console, dbconsole, eval options', 'Runs application code or an interactive session guard does not analyse.'),
  'db-create': { risk: 'write', description: 'db:create, db:prepare, db:environment:set', reason: 'Creates the database or records its environment.' },
}, { pending: true });

/** database.yml for one environment: `url:` or adapter/host/database/username/port; ERB values are unreadable. */
async function railsDatabase(ctx: Context, environment: string, dotenv: readonly string[]): Promise<DatabaseTarget> {
  const url = await lookupVariable(ctx, 'DATABASE_URL', dotenv);
  // Rails merges DATABASE_URL over the current environment's configuration, and the URL wins.
  if (url && !('error' in url)) return databaseFromUrl(url.value, url.source, ctx);
  if (url && 'error' in url) return unresolved(url.error);
  const text = await readText(ctx, absolute(ctx, 'config/database.yml'));
  if (text === null) return unresolved('no config/database.yml');
  let doc: unknown;
  try {
    // `<%= … %>` outside quotes is not YAML; such files count as unreadable below.
    doc = parseYaml(text, { merge: true });
  } catch (error) {
    return unresolved(`config/database.yml does not parse as YAML (${text.includes('<%') ? 'ERB' : error instanceof Error ? error.message.split('\n')[0] : 'error'})`);
  }
  let block = (doc as Record<string, unknown> | null)?.[environment] as Record<string, unknown> | undefined;
  if (!block || typeof block !== 'object') return unresolved(`config/database.yml has no ${environment} block`);
  if (!('adapter' in block) && !('url' in block)) {
    const first = (block['primary'] ?? Object.values(block).find((value) => value && typeof value === 'object')) as Record<string, unknown> | undefined;
    if (first) block = first;
  }
  const value = (key: string): string | undefined | { erb: true } => {
    const raw = block?.[key];
    if (raw === undefined || raw === null) return undefined;
    const text2 = String(raw);
    return text2.includes('<%') ? { erb: true } : text2;
  };
  const fields = ['url', 'adapter', 'host', 'port', 'database', 'username'] as const;
  const read: Partial<Record<(typeof fields)[number], string>> = {};
  for (const field of fields) {
    const found = value(field);
    if (typeof found === 'object') return unresolved(`config/database.yml ${environment}.${field} is ERB (<%= … %>), which guard does not evaluate`);
    if (found !== undefined) read[field] = found;
  }
  if (read.url) return databaseFromUrl(read.url, `config/database.yml ${environment}.url`, ctx);
  if (!read.adapter) return unresolved(`config/database.yml ${environment} has no adapter`);
  return databaseFromParts({ adapter: read.adapter, ...(read.host ? { host: read.host } : {}), ...(read.port ? { port: read.port } : {}), ...(read.database ? { database: read.database } : {}), ...(read.username ? { user: read.username } : {}) }, `config/database.yml ${environment}`, ctx);
}

type TaskKind = { rule: string; whole?: boolean; forward?: boolean; rollback?: number | null; readOnly?: boolean };

function taskKind(task: string, variables: ReadonlyMap<string, string>): TaskKind | null {
  const base = task.replace(/:(primary|animals|\w+_db)$/, '');
  if (['db:drop', 'db:drop:all', 'db:drop:_unsafe', 'db:purge', 'db:purge:all', 'db:reset', 'db:test:purge'].includes(base)) return { rule: 'db-drop', whole: true };
  if (['db:schema:load', 'db:structure:load', 'db:setup', 'db:test:load', 'db:test:load_schema', 'db:test:prepare', 'db:schema:load_if_ruby', 'db:structure:load_if_sql'].includes(base)) return { rule: 'schema-load', whole: true };
  if (['db:truncate_all', 'db:seed:replant', 'db:fixtures:load'].includes(base)) return { rule: 'truncate', whole: true };
  if (base === 'db:rollback' || base === 'db:migrate:redo') return { rule: 'rollback', rollback: Number(variables.get('STEP') ?? 1) };
  if (base === 'db:migrate:down') return { rule: 'rollback', rollback: 1 };
  if (base === 'db:migrate' && variables.has('VERSION')) return { rule: 'rollback', rollback: variables.get('VERSION') === '0' ? null : 1 };
  if (base === 'db:migrate' || base === 'db:migrate:up') return { rule: 'write', forward: true };
  if (['db:seed', 'runner', 'r', 'console', 'c', 'dbconsole', 'db', 'db:seed:all'].includes(base)) return { rule: 'seed' };
  if (['db:create', 'db:create:all', 'db:prepare', 'db:environment:set'].includes(base)) return { rule: 'db-create' };
  if (['db:version', 'db:migrate:status', 'db:abort_if_pending_migrations', 'db:schema:dump', 'db:structure:dump', 'db:schema:cache:dump', 'db:schema:cache:clear', 'db:encryption:init', 'db:system:change', 'db:load_config', 'db:check_protected_environments', 'about', 'routes', 'stats', 'notes', 'generate', 'g', 'destroy', 'd', 'new', 'server', 's', 'test', 't', 'credentials:show', 'credentials:edit', 'secret', 'log:clear', 'tmp:clear', 'assets:precompile', 'assets:clean', 'middleware', 'initializers', 'time:zones', 'version', 'help'].includes(base)) return { rule: 'read', readOnly: true };
  return null;
}

function railsPlan(program: 'rails' | 'rake') {
  return async (args: readonly string[], ctx: Context): Promise<MigrationPlan> => {
    const parsed = scanArgv(program, args, RAILS);
    const bad: PlannedHit[] = parsed.problems.map((problem) => ({ rule: 'bad-arguments', summary: problem }));
    // `rake VERSION=0 db:migrate`: rake sets each NAME=value argument as an environment variable.
    const variables = new Map<string, string>();
    const tasks: string[] = [];
    for (const word of parsed.positionals) {
      const eq = word.indexOf('=');
      if (eq > 0 && /^[A-Za-z_]\w*$/.test(word.slice(0, eq))) variables.set(word.slice(0, eq), word.slice(eq + 1));
      else tasks.push(word.replace(/\[.*\]$/, ''));
    }
    if (hasFlag(parsed, 'help', 'h', 'version', 'V', 'T', 'D', 'P', 'W', 'tasks', 'describe', 'where', 'prereqs') || (tasks.length === 0 && program === 'rails')) return { hits: [...bad, { rule: 'read', summary: `${program} help/list` }], database: null };
    if (hasFlag(parsed, 'dry-run', 'n') && program === 'rake') return { hits: [...bad, { rule: 'read', summary: 'rake --dry-run' }], database: null };
    if (tasks.length === 0) tasks.push('default');
    const environment = optionValue(parsed, 'environment', 'e') ?? variables.get('RAILS_ENV') ?? ctx.env['RAILS_ENV'] ?? variables.get('RACK_ENV') ?? ctx.env['RACK_ENV'] ?? 'development';
    const framework = { name: environment, source: `Rails environment ${environment}` };
    const gemfile = (await readText(ctx, absolute(ctx, 'Gemfile.lock'))) ?? (await readText(ctx, absolute(ctx, 'Gemfile'))) ?? '';
    // dotenv-rails loads these, highest priority first (bkeepers/dotenv README, "Customizing Rails").
    const dotenv = gemfile.includes('dotenv') ? [`.env.${environment}.local`, ...(environment === 'test' ? [] : ['.env.local']), `.env.${environment}`, '.env'] : [];
    const database = await railsDatabase(ctx, environment, dotenv);
    const run: RunContext = { ctx, database, framework, bad };
    const dir = absolute(ctx, 'db/migrate');
    const plans: MigrationPlan[] = [];
    for (const task of tasks) {
      const kind = taskKind(task, variables);
      if (kind === null) plans.push({ hits: [{ rule: 'unrecognised', summary: `${program} ${task}` }], database, framework });
      else if (kind.forward) plans.push(await forwardRun(run, 'write', `${program} ${task}`, dir, RUBY_LAYOUT, HISTORY.rails));
      else if (kind.rollback !== undefined) plans.push(await rollbackRun(run, 'rollback', `${program} ${task}${variables.has('VERSION') ? ` VERSION=${variables.get('VERSION')}` : variables.has('STEP') ? ` STEP=${variables.get('STEP')}` : ''}`, dir, RUBY_LAYOUT, kind.rollback));
      else plans.push({ hits: [{ rule: kind.rule, summary: `${program} ${task}` }], database: kind.readOnly ? null : database, framework, ...(kind.whole ? { wholeDatabase: true } : {}) });
    }
    return mergePlans(bad, plans, database, framework);
  };
}

/** Several tasks on one command line run in order: the plan holds all their hits and files. */
function mergePlans(bad: readonly PlannedHit[], plans: readonly MigrationPlan[], database: DatabaseTarget, framework: { name: string; source: string }): MigrationPlan {
  const findings = plans.flatMap((plan) => plan.migrations?.findings ?? []);
  const files = plans.flatMap((plan) => plan.migrations?.files ?? []);
  const touches = plans.some((plan) => plan.database !== null);
  return {
    hits: [...bad, ...plans.flatMap((plan) => plan.hits.filter((hit) => hit.rule !== 'bad-arguments'))],
    database: touches ? database : null,
    framework,
    wholeDatabase: plans.some((plan) => plan.wholeDatabase === true),
    ...(plans.some((plan) => plan.history) && !plans.some((plan) => plan.wholeDatabase || plan.hits.some((hit) => hit.rule === 'rollback')) ? { history: HISTORY.rails } : {}),
    ...(findings.length > 0 || files.length > 0
      ? { migrations: { files, findings, unverified: plans.flatMap((plan) => plan.migrations?.unverified ?? []), risk: plans.reduce((risk, plan) => maxRisk(risk, plan.migrations?.risk ?? 'read'), 'read' as const as 'read' | 'write' | 'destructive' | 'unknown' | 'none') } }
      : {}),
  };
}

const RAILS_SOURCE = {
  version: 'Rails 6.1 (Debian ruby-railties) and 7.1 guides; rake 13',
  references: [
    'https://guides.rubyonrails.org/active_record_migrations.html (db:rollback STEP, db:migrate VERSION, db:reset, db:schema:load)',
    'https://github.com/rails/rails/blob/main/activerecord/lib/active_record/railties/databases.rake (task list)',
    'https://guides.rubyonrails.org/configuring.html#configuring-a-database (DATABASE_URL merged over database.yml)',
    'https://github.com/bkeepers/dotenv#customizing-rails (.env files and priority)',
    'rake --help (rake 13.0)',
  ],
};

export const railsTools = [
  makeMigrationTool({ name: 'rails', summary: 'Rails: db:drop/reset/rollback/schema:load, db:migrate', rules: railsRules('rails'), checkedAgainst: RAILS_SOURCE, plan: railsPlan('rails') }),
  makeMigrationTool({ name: 'rake', summary: 'rake: the same db:* tasks as rails', rules: railsRules('rake'), checkedAgainst: RAILS_SOURCE, plan: railsPlan('rake') }),
];
