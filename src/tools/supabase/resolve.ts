// Resolve stage for supabase: --db-url through psql's resolver and live inspector, else the linked project or the local stack.
import { plural } from '../../core/report.js';
import { join } from 'node:path';
import type { GuardConfig } from '../../config/types.js';
import { globMatches } from '../../config/glob.js';
import { offlineCause, type Context } from '../../core/context.js';
import { environmentFacts } from '../../core/environment.js';
import { isDangerous } from '../../core/risk.js';
import type { EnvironmentFacts, Target } from '../../core/types.js';
import { lastValue } from '../../parsers/cobra.js';
import type { Classification, Resolution } from '../tool.js';
import type { ParsedSupabase } from './supabase-tool.js';

type Where = 'db-url' | 'local' | 'linked';

// The flag help of each command: db push targets --linked unless told; db reset, db query, migration up/down
// and stop the local stack; storage, projects, branches, functions, secrets… the remote project.
const LOCAL_BY_DEFAULT = new Set(['db reset', 'db query', 'migration up', 'migration down', 'stop']);

function whereOf(parsed: ParsedSupabase): Where {
  const { args } = parsed;
  if (args.flags.has('db-url')) return 'db-url';
  if (args.flags.has('local')) return 'local';
  if (args.flags.has('linked')) return 'linked';
  return LOCAL_BY_DEFAULT.has(args.path.join(' ')) ? 'local' : 'linked';
}

/** --project-ref > SUPABASE_PROJECT_ID > supabase/.temp/project-ref (written by `supabase link`). */
async function projectRef(parsed: ParsedSupabase, ctx: Context): Promise<{ ref: string | null; source: string }> {
  const flag = lastValue(parsed.args, 'project-ref');
  if (flag) return { ref: flag, source: '--project-ref' };
  if (parsed.args.path.join(' ') === 'projects delete' && parsed.args.positionals[0]) return { ref: parsed.args.positionals[0], source: 'argument of projects delete' };
  if (ctx.env.SUPABASE_PROJECT_ID) return { ref: ctx.env.SUPABASE_PROJECT_ID, source: 'SUPABASE_PROJECT_ID' };
  const file = join(parsed.workdir, 'supabase', '.temp', 'project-ref');
  if (ctx.fileExists(file)) {
    const ref = (await ctx.readFile(file)).toString('utf8').trim();
    if (ref) return { ref, source: file };
  }
  return { ref: null, source: 'no linked project (supabase link)' };
}

type WithSupabase = { readonly supabase?: readonly { readonly projectRef?: string }[] } | undefined;

function matchLayer(layer: GuardConfig['user'], ref: string, label: string): { name: string; source: string } | null {
  for (const [name, environment] of Object.entries(layer?.environments ?? {})) {
    for (const rule of (environment.match as WithSupabase)?.supabase ?? []) {
      if (rule.projectRef !== undefined && !globMatches(rule.projectRef, ref)) continue;
      return { name, source: `${label} ${layer?.file ?? ''}: supabase projectRef ${rule.projectRef ?? '*'}` };
    }
  }
  return null;
}

/** A remote project the config does not name is protected: its ref says nothing about what it holds. */
function projectEnvironment(ref: string | null, source: string, config: GuardConfig): EnvironmentFacts {
  if (!ref) return { name: 'unknown', protected: true, source: `supabase: ${source}` };
  const user = matchLayer(config.user, ref, 'config');
  let env: EnvironmentFacts = user ? environmentFacts(user.name, user.source, config) : { name: ref, protected: true, source: `supabase project ${ref} (${source}); no environment in the configuration names it, so it counts as protected` };
  const project = matchLayer(config.project, ref, 'project config');
  if (project) {
    const facts = environmentFacts(project.name, project.source, config);
    if (facts.protected && !env.protected) env = facts;
  }
  return env;
}

/** What psql would make of the same SQL on the same URL: its environment, targets and live blast radius. */
async function throughPsql(parsed: ParsedSupabase, ctx: Context): Promise<Resolution | null> {
  const url = lastValue(parsed.args, 'db-url');
  if (!url) return null;
  const { findTool } = await import('../registry.js');
  const psql = await findTool('psql');
  if (!psql) return null;
  const path = parsed.args.path.join(' ');
  const inputs = path === 'db reset' || path === 'migration down' ? ['-c', 'DROP SCHEMA public CASCADE'] : path === 'db query' && parsed.args.positionals[0] ? ['-c', parsed.args.positionals[0]] : parsed.migrations.flatMap((file) => ['-f', file]);
  const inner = await psql.parse(['-X', url, ...inputs], ctx);
  try {
    const classification = psql.classify(inner);
    return await psql.resolve(inner, classification, ctx);
  } finally {
    await psql.dispose?.(inner);
  }
}

export async function resolveSupabase(parsed: ParsedSupabase, classification: Classification, ctx: Context): Promise<Resolution> {
  const where = whereOf(parsed);
  const notes: string[] = [];
  if (parsed.args.flags.has('yes') || ctx.env.SUPABASE_YES) notes.push('--yes and SUPABASE_YES (or a piped "y") answer the supabase CLI\'s own prompt; guard still asks for its phrase.');
  if (parsed.migrations.length > 0) notes.push(`guard read all ${plural(parsed.migrations.length, 'local migration')}; the ones already in supabase_migrations.schema_migrations are skipped by supabase.`);
  const objects = classification.hits.flatMap((h) => h.objects ?? []);
  if (where === 'db-url') {
    const viaPsql = ctx.offline && !isDangerous(classification.risk) ? null : await throughPsql(parsed, ctx);
    if (viaPsql) {
      const path = parsed.args.path.join(' ');
      const extra = path === 'db reset' ? ['supabase db reset drops every user schema; measured as DROP SCHEMA public CASCADE'] : [];
      return { ...viaPsql, blastRadius: [...extra, ...viaPsql.blastRadius], notes: [...notes, ...viaPsql.notes] };
    }
  }
  if (where === 'local') {
    const environment = environmentFacts('local', `supabase local stack (${parsed.args.flags.has('local') ? '--local' : `the default of supabase ${parsed.args.path.join(' ')}`})`, ctx.config);
    const targets: Target[] = (objects.length > 0 ? objects : [{ kind: 'database', name: 'postgres' }]).map((o) => ({ kind: o.kind, id: `local/${o.name}`, name: o.name, environment: environment.name }));
    return { environment, targets: isDangerous(classification.risk) ? targets : [], blastRadius: [], credential: null, recovery: classification.hits.find((h) => h.rule.recovery)?.rule.recovery ?? null, unverified: [], notes };
  }
  const { ref, source } = await projectRef(parsed, ctx);
  const environment = projectEnvironment(ref, source, ctx.config);
  const unverified = ref ? [] : [`supabase: ${source}`];
  if (!isDangerous(classification.risk)) return { environment, targets: [], blastRadius: [], credential: null, recovery: null, unverified, notes };
  const targets: Target[] = (objects.length > 0 ? objects : [{ kind: 'project', name: ref ?? 'unknown' }]).map((o) => ({ kind: o.kind, id: `${ref ?? 'unknown'}/${o.name}`, name: o.name, environment: environment.name }));
  const blastRadius = [`supabase project ${ref ?? '(unresolved)'} (${source})`, ...(ctx.offline ? [`not measured: ${offlineCause(ctx)}`] : ['not measured: guard reads a Supabase database live only through --db-url'])];
  return { environment, targets, blastRadius, credential: null, recovery: classification.hits.find((h) => h.rule.recovery)?.rule.recovery ?? null, unverified, notes };
}
