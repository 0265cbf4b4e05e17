// supabase under guard: the CLI's grammar from its --help, pending migrations read with the Postgres parser, the target project.
import { plural } from '../../core/report.js';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { redactArgv } from '../../core/redact.js';
import { maxRisk } from '../../core/risk.js';
import type { RuleHit } from '../../core/types.js';
import { lastValue, parseArgs, type ParsedArgs } from '../../parsers/cobra.js';
import { buildCommandTree, nodeAt, parseFlagList, type CommandSpec, type RuledNode } from '../../parsers/command-spec.js';
import { analyseEmbeddedSql, type EmbeddedSql } from '../postgres/embedded.js';
import type { Classification, ParsedInvocation, Tool } from '../tool.js';
import { resolveSupabase } from './resolve.js';
import { SUPABASE_PATH_RULES, SUPABASE_READ_VERBS, supabaseRules, type SupabaseRuleKey } from './rules.js';
import { SUPABASE_COMMANDS, SUPABASE_ROOT, SUPABASE_VERSION } from './supabase-commands.generated.js';

export interface ParsedSupabase extends ParsedInvocation {
  readonly args: ParsedArgs;
  readonly key: SupabaseRuleKey;
  /** The project directory (`--workdir`, SUPABASE_WORKDIR, or the nearest with supabase/config.toml). */
  readonly workdir: string;
  /** The migration files db push / migration up would apply (every local one: which are applied is a live fact). */
  readonly migrations: readonly string[];
  readonly sql: EmbeddedSql | null;
  readonly problems: readonly string[];
}

function ruleOf(path: string): SupabaseRuleKey {
  const ruled = SUPABASE_PATH_RULES[path];
  if (ruled) return ruled;
  if (path === 'stop') return 'write';
  const verb = path.slice(path.lastIndexOf(' ') + 1);
  return SUPABASE_READ_VERBS.has(verb) ? 'read' : 'write';
}

function buildTree(): RuledNode<SupabaseRuleKey> {
  const specs = new Map<string, CommandSpec<SupabaseRuleKey> & { children: CommandSpec<SupabaseRuleKey>[] }>();
  const root: CommandSpec<SupabaseRuleKey> & { children: CommandSpec<SupabaseRuleKey>[] } = { names: 'supabase', rule: 'read', persistent: SUPABASE_ROOT.flags, children: [] };
  for (const [path, command] of Object.entries(SUPABASE_COMMANDS)) {
    const name = path.slice(path.lastIndexOf(' ') + 1);
    const spec = { names: [name, ...command.aliases].join(' '), rule: ruleOf(path), flags: command.flags, children: [] as CommandSpec<SupabaseRuleKey>[] };
    specs.set(path, spec);
    (path.includes(' ') ? specs.get(path.slice(0, path.lastIndexOf(' '))) : root)?.children.push(spec);
  }
  return buildCommandTree(root);
}

const TREE = buildTree();
const NO_FLAGS = parseFlagList('');

/** supabase finds its project directory upward from cwd: the nearest directory with supabase/config.toml. */
function findWorkdir(args: ParsedArgs, ctx: Context): string {
  const given = lastValue(args, 'workdir') ?? ctx.env.SUPABASE_WORKDIR;
  if (given) return isAbsolute(given) ? given : resolvePath(ctx.cwd, given);
  let dir = ctx.cwd;
  for (;;) {
    if (ctx.fileExists(join(dir, 'supabase', 'config.toml'))) return dir;
    const parent = resolvePath(dir, '..');
    if (parent === dir) return ctx.cwd;
    dir = parent;
  }
}

/** supabase/migrations/<version>_<name>.sql in version order (pkg/migration: `^([0-9]+)_(.*)\.sql$`). */
async function localMigrations(workdir: string, ctx: Context): Promise<{ files: string[]; problems: string[] }> {
  const dir = join(workdir, 'supabase', 'migrations');
  if (!ctx.fileExists(dir)) return { files: [], problems: [] };
  if (!ctx.listDirectory) return { files: [], problems: [`${dir} could not be listed`] };
  try {
    const names = (await ctx.listDirectory(dir)).filter((name) => /^[0-9]+_.*\.sql$/.test(name)).sort();
    return { files: names.map((name) => join(dir, name)), problems: [] };
  } catch (error) {
    return { files: [], problems: [`${dir}: ${(error as Error).message}`] };
  }
}

async function parseSupabase(argv: readonly string[], ctx: Context): Promise<ParsedSupabase> {
  const args = parseArgs(TREE, NO_FLAGS, argv, 'supabase');
  const node = nodeAt(TREE, args.path);
  const problems = [...args.problems, ...(args.unknownCommand ? [`unknown command ${args.unknownCommand}`] : []), ...(node.children.size > 0 && args.positionals.length > 0 && !args.unknownCommand ? [`unknown subcommand ${args.positionals[0]}`] : [])];
  let key: SupabaseRuleKey = args.infoOnly || lastValue(args, 'version') !== undefined ? 'read' : problems.length > 0 ? 'bad-arguments' : node.children.size > 0 || args.path.length === 0 ? 'read' : node.rule;
  if (key === 'write' && args.path.join(' ') === 'stop' && args.flags.has('no-backup')) key = 'stop-no-backup';
  const workdir = findWorkdir(args, ctx);
  // -p is supabase's short --password: redactArgv knows long secret flags only.
  const displayArgv = args.flags.has('db-url') || args.flags.has('password') ? ['supabase', ...redactArgv(argv.map((word, i) => (argv[i - 1] === '-p' ? '***' : word)))] : undefined;
  const base = { args, key, workdir, migrations: [] as string[], sql: null, problems, ...(displayArgv ? { displayArgv } : {}) };
  if (key === 'db-push' && !args.flags.has('dry-run')) {
    const { files, problems: listProblems } = await localMigrations(workdir, ctx);
    const sql = files.length > 0 ? await analyseEmbeddedSql(files.map((path) => ({ kind: 'file' as const, path })), ctx, workdir) : null;
    return { ...base, migrations: files, sql, problems: [...problems, ...listProblems] };
  }
  if (key === 'db-query') {
    const file = lastValue(args, 'file');
    const text = args.positionals[0];
    if (text === undefined && file === undefined) return { ...base, problems: [...problems, 'no SQL given (supabase reads it from stdin)'] };
    const inputs = [...(text !== undefined ? [{ kind: 'command' as const, text }] : []), ...(file !== undefined ? [{ kind: 'file' as const, path: isAbsolute(file) ? file : resolvePath(ctx.cwd, file) }] : [])];
    return { ...base, sql: await analyseEmbeddedSql(inputs, ctx) };
  }
  return base;
}

function classifySupabase(parsed: ParsedSupabase): Classification {
  const { key, args } = parsed;
  const rule = supabaseRules[key];
  const words = ['supabase', ...args.path].join(' ');
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  if (key === 'bad-arguments') {
    for (const problem of parsed.problems) hits.push({ rule, summary: problem });
    unverified.push(...parsed.problems.map((p) => `supabase arguments: ${p}`));
    return { risk: 'unknown', hits, unverified };
  }
  if (key === 'db-push') {
    const count = parsed.migrations.length;
    hits.push({ rule, summary: args.flags.has('dry-run') ? `${words} --dry-run (prints, applies nothing)` : `${words}: ${plural(count, 'local migration')} ${count > 0 ? `(${parsed.migrations.map((m) => m.slice(m.lastIndexOf('/') + 1)).join(', ')})` : ''}`.trimEnd() });
  } else {
    const target = args.positionals[0];
    hits.push({ rule, summary: target ? `${words} ${target}` : words, ...(target && rule.risk === 'destructive' ? { objects: [{ kind: args.path[0] ?? 'object', name: target }] } : {}) });
  }
  if (parsed.sql) {
    hits.push(...parsed.sql.hits);
    unverified.push(...parsed.sql.unverified);
  }
  unverified.push(...parsed.problems);
  const risk = args.flags.has('dry-run') && key === 'db-push' ? 'read' : maxRisk(rule.risk, ...(parsed.sql ? [parsed.sql.risk] : []), parsed.problems.length > 0 ? 'unknown' : 'read');
  return { risk, hits, unverified };
}

export const supabaseTool: Tool<ParsedSupabase> = {
  name: 'supabase',
  family: 'supabase',
  summary: 'Supabase CLI',
  rules: supabaseRules,
  checkedAgainst: {
    version: `supabase ${SUPABASE_VERSION} (npm)`,
    references: [
      `supabase ${SUPABASE_VERSION} --help of every command (src/tools/supabase/supabase-commands.generated.ts, test/tools/supabase/generate-supabase-grammar.ts)`,
      'supabase db push --help: --linked (default), --local, --db-url, --dry-run, --include-all; db reset/query/migration up|down|repair --help',
      'https://supabase.com/docs/reference/cli/supabase-db-push (pending migrations: local files not in supabase_migrations.schema_migrations)',
      'https://supabase.com/docs/reference/cli/supabase-stop (--no-backup deletes the data volumes)',
      'https://supabase.com/docs/guides/platform/backups (daily backups, PITR)',
    ],
  },
  parse: parseSupabase,
  classify: classifySupabase,
  resolve: resolveSupabase,
};
