// vercel under guard: the CLI's grammar, the linked project, and deployments counted through the Vercel REST API.
import { plural } from '../../core/report.js';
import { join } from 'node:path';
import { offlineCause, type Context } from '../../core/context.js';
import { environmentFacts, unknownEnvironment } from '../../core/environment.js';
import { isDangerous } from '../../core/risk.js';
import type { EnvironmentFacts, RuleHit, Target } from '../../core/types.js';
import { lastValue, parseArgs, type ParsedArgs } from '../../parsers/cobra.js';
import { nodeAt, parseFlagList, untranscribedDeletion } from '../../parsers/command-spec.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { STRICT_RULES, VERCEL_TREE } from './grammar.js';
import { matchVercel, resolveVercelProject, type VercelProject } from './project.js';
import { vercelRules, type VercelRuleKey } from './rules.js';

export interface ParsedVercel extends ParsedInvocation {
  readonly args: ParsedArgs;
  readonly key: VercelRuleKey;
}

const NO_FLAGS = parseFlagList('');
const TIMEOUT_MS = 4000;

function parseVercel(argv: readonly string[]): ParsedVercel {
  let args = parseArgs(VERCEL_TREE, NO_FLAGS, argv, 'vercel');
  let node = nodeAt(VERCEL_TREE, args.path);
  if (args.problems.length > 0 && !STRICT_RULES.has(node.rule)) {
    args = parseArgs(VERCEL_TREE, NO_FLAGS, argv, 'vercel', { unlistedAreSwitches: true });
    node = nodeAt(VERCEL_TREE, args.path);
  }
  let key: VercelRuleKey = node.rule;
  if (args.infoOnly || lastValue(args, 'version') !== undefined) key = 'read';
  else if (args.problems.length > 0) key = 'bad-arguments';
  // `vercel ./site`: a word that names no command is the path to deploy.
  else if (args.unknownCommand !== null) key = 'write';
  else if (node.children.size > 0 && args.positionals.length > 0 && args.path[0] !== 'alias' && args.path[0] !== 'api') key = 'bad-arguments';
  else if (!STRICT_RULES.has(key) && args.path[0] !== 'api' && untranscribedDeletion(node, args.positionals)) key = 'bad-arguments';
  else if (key === 'remove' && args.flags.has('safe')) key = 'write';
  else if (args.path.join(' ') === 'api') {
    const method = (lastValue(args, 'method') ?? (args.flags.has('field') || args.flags.has('raw-field') || args.flags.has('input') ? 'POST' : 'GET')).toUpperCase();
    key = method === 'DELETE' ? 'api-delete' : method === 'GET' || method === 'HEAD' ? 'read' : 'api-write';
    if (args.flags.has('generate')) key = 'read';
  }
  const secret = args.flags.has('token');
  const displayArgv = secret ? ['vercel', ...argv.map((word, i) => (argv[i - 1] === '-t' || argv[i - 1] === '--token' ? '***' : word.startsWith('--token=') ? '--token=***' : word))] : undefined;
  return { args, key, ...(displayArgv ? { displayArgv } : {}) };
}

function classifyVercel(parsed: ParsedVercel): Classification {
  const { args, key } = parsed;
  const rule = vercelRules[key];
  const words = ['vercel', ...args.path].join(' ');
  const hits: RuleHit[] = [];
  if (key === 'bad-arguments') {
    const problems = args.problems.length > 0 ? args.problems : [`unknown subcommand ${args.positionals[0] ?? ''} for ${words}`];
    for (const problem of problems) hits.push({ rule, summary: problem });
    return { risk: 'unknown', hits, unverified: problems.map((p) => `vercel arguments: ${p}`) };
  }
  const kind = key === 'remove' ? 'deployment' : key === 'project-remove' ? 'project' : key === 'env-remove' ? 'env' : key === 'domain-remove' ? args.path[0] ?? 'domain' : 'endpoint';
  const named = isDangerous(rule.risk) ? (key === 'env-remove' ? args.positionals.slice(0, 1) : args.positionals) : [];
  hits.push({ rule, summary: `${words} ${args.positionals.join(' ')}`.trimEnd(), ...(named.length > 0 ? { objects: named.map((name) => ({ kind, name })) } : {}) });
  return { risk: rule.risk, hits, unverified: [] };
}

/** The environment: the config's match, else what the command reaches (env rm names one; a project-wide removal reaches production). */
function vercelEnvironment(parsed: ParsedVercel, project: VercelProject, ctx: Context): EnvironmentFacts {
  const matched = matchVercel(ctx.config.user, project, 'config');
  let env: EnvironmentFacts;
  if (matched) env = environmentFacts(matched.name, matched.source, ctx.config);
  else if (parsed.key === 'env-remove') {
    const target = parsed.args.positionals[1];
    env = target ? environmentFacts(target, `vercel env rm … ${target}`, ctx.config) : environmentFacts('production', 'vercel env rm without an environment asks which; production may be among them', ctx.config);
  } else if (parsed.key === 'project-remove') env = environmentFacts('production', `vercel project rm: the project's production deployments go with it`, ctx.config);
  else if (parsed.key === 'remove') env = unknownEnvironment('vercel remove: a project name reaches its production deployments; a deployment id or URL may be production (not verified offline)');
  else env = unknownEnvironment(`vercel ${parsed.args.path.join(' ')}: which environment relies on it is not known`);
  const fromProject = matchVercel(ctx.config.project, project, 'project config');
  if (fromProject) {
    const facts = environmentFacts(fromProject.name, fromProject.source, ctx.config);
    if (facts.protected && !env.protected) env = facts;
  }
  return env;
}

/** `--token`, VERCEL_TOKEN, then the CLI's auth.json in its global config directory (-Q or ~/.local/share/com.vercel.cli). */
async function vercelToken(parsed: ParsedVercel, ctx: Context): Promise<{ token: string; source: string } | null> {
  const flag = lastValue(parsed.args, 'token');
  if (flag) return { token: flag, source: '--token' };
  if (ctx.env.VERCEL_TOKEN) return { token: ctx.env.VERCEL_TOKEN, source: 'VERCEL_TOKEN' };
  const dir = lastValue(parsed.args, 'global-config') ?? join(ctx.env.XDG_DATA_HOME || join(ctx.home, '.local', 'share'), 'com.vercel.cli');
  const file = join(dir, 'auth.json');
  if (!ctx.fileExists(file)) return null;
  const token = (JSON.parse((await ctx.readFile(file)).toString('utf8')) as { token?: unknown }).token;
  return typeof token === 'string' && token ? { token, source: file } : null;
}

async function resolveVercel(parsed: ParsedVercel, classification: Classification, ctx: Context): Promise<Resolution> {
  const { args, key } = parsed;
  const project = await resolveVercelProject({ cwd: lastValue(args, 'cwd'), scope: lastValue(args, 'scope') ?? lastValue(args, 'team'), project: lastValue(args, 'project') }, ctx);
  let environment = vercelEnvironment(parsed, project, ctx);
  const unverified: string[] = [];
  const notes: string[] = [];
  if (!isDangerous(classification.risk)) return { environment, targets: [], blastRadius: [], credential: null, recovery: null, unverified, notes };
  if (args.flags.has('yes')) notes.push('--yes answers the vercel CLI\'s own prompt; guard still asks for its phrase.');
  const objects = classification.hits.flatMap((h) => h.objects ?? []);
  const scope = project.scope ?? project.orgId;
  let targets: Target[] = (objects.length > 0 ? objects : [{ kind: 'project', name: project.projectName ?? project.projectId ?? 'linked-project' }]).map((o) => ({ kind: o.kind, id: `${scope ?? 'personal'}/${o.name}`, name: o.name, environment: environment.name }));
  const blastRadius = [`project ${project.projectName ?? project.projectId ?? '(none)'} (${project.source})${scope ? `, scope ${scope}` : ''}`];
  const recovery = classification.hits.find((h) => h.rule.recovery)?.rule.recovery ?? null;
  if (ctx.offline || (key !== 'remove' && key !== 'project-remove')) {
    if (ctx.offline) blastRadius.push(`not measured: ${offlineCause(ctx)}`);
    return { environment, targets, blastRadius, credential: null, recovery, unverified, notes };
  }
  const token = await vercelToken(parsed, ctx);
  if (!token) {
    unverified.push('no Vercel credential (--token, VERCEL_TOKEN or `vercel login`): deployments were not counted');
    return { environment, targets, blastRadius, credential: null, recovery, unverified, notes };
  }
  const credential = { kind: 'vercel-token', source: token.source, reach: 'every team the token\'s user belongs to, unless it was created with a narrower scope' };
  const base = (lastValue(args, 'api') ?? 'https://api.vercel.com').replace(/\/$/, '');
  const team = scope ? `teamId=${encodeURIComponent(scope)}` : '';
  const get = async (path: string): Promise<unknown> => {
    const url = `${base}${path}${team ? `${path.includes('?') ? '&' : '?'}${team}` : ''}`;
    const response = await ctx.http.request({ method: 'GET', url, headers: { authorization: `Bearer ${token.token}`, accept: 'application/json' }, timeoutMs: TIMEOUT_MS });
    if (response.status === 404) return null;
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    return JSON.parse(response.text) as unknown;
  };
  const spinner = ctx.spinner('guard: asking the Vercel API');
  try {
    for (const object of objects.length > 0 ? objects : [{ kind: 'project', name: project.projectId ?? project.projectName ?? '' }]) {
      // vercel remove takes a deployment id or URL, or a project name (every deployment of it).
      const deployment = object.name.startsWith('dpl_') || object.name.includes('.') ? ((await get(`/v13/deployments/${encodeURIComponent(object.name)}`)) as { id?: string; target?: string | null; name?: string; url?: string } | null) : null;
      if (deployment) {
        const target = deployment.target === 'production' ? 'production' : 'preview';
        blastRadius.push(`deployment ${deployment.url ?? deployment.id ?? object.name} of ${deployment.name ?? '?'}: a ${target} deployment`);
        if (key === 'remove') environment = environmentFacts(target, `Vercel API: deployment ${deployment.id ?? object.name} targets ${target}`, ctx.config);
        continue;
      }
      const found = (await get(`/v9/projects/${encodeURIComponent(object.name)}`)) as { id?: string; name?: string; targets?: { production?: { url?: string; alias?: string[] } } } | null;
      if (!found) {
        unverified.push(`no Vercel project or deployment named ${object.name} in ${scope ?? 'the personal scope'}`);
        continue;
      }
      const list = (await get(`/v6/deployments?projectId=${encodeURIComponent(found.id ?? object.name)}&limit=100`)) as { deployments?: { target?: string | null }[]; pagination?: { count?: number; next?: number | null } } | null;
      const deployments = list?.deployments ?? [];
      const production = deployments.filter((d) => d.target === 'production').length;
      const more = list?.pagination?.next ? ' (more pages not counted)' : '';
      const aliases = found.targets?.production?.alias ?? [];
      blastRadius.push(`project ${found.name ?? object.name} (${found.id ?? '?'}): ${plural(deployments.length, 'deployment')}${more}, ${production} of them production${aliases.length > 0 ? `, serving ${aliases.join(', ')}` : ''}`);
      if (production > 0 || key === 'project-remove') environment = environmentFacts('production', `Vercel API: project ${found.name ?? object.name} has production deployments`, ctx.config);
      targets = targets.map((t) => (t.name === object.name ? { ...t, environment: environment.name, deployments: deployments.length } : t));
    }
    return { environment, targets: targets.map((t) => ({ ...t, environment: environment.name })), blastRadius, credential, recovery, unverified, notes };
  } catch (error) {
    unverified.push(`Vercel API: ${(error as Error).message}`);
    return { environment, targets, blastRadius, credential, recovery, unverified, notes };
  } finally {
    spinner.stop();
  }
}

export const vercelTool: Tool<ParsedVercel> = {
  name: 'vercel',
  family: 'vercel',
  summary: 'Vercel CLI',
  rules: vercelRules,
  checkedAgainst: {
    version: 'vercel 58.10.0 (npm)',
    references: [
      'vercel 58.10.0 --help and remove/project/env/domains/dns/alias/certs/api/ls/deploy --help (commands, aliases rm/ls, global options)',
      'vercel 58.10.0 dist/index.js (hidden --api URL), dist chunks (VERCEL_ORG_ID/VERCEL_PROJECT_ID, .vercel/repo.json, .vercel/project.json)',
      'https://vercel.com/docs/cli/remove (--safe), https://vercel.com/docs/rest-api (GET /v9/projects/{idOrName}, /v6/deployments, /v13/deployments/{idOrUrl})',
    ],
  },
  parse: async (argv) => parseVercel(argv),
  classify: classifyVercel,
  resolve: resolveVercel,
};
