// doctl under guard: its grammar, the auth context and config file as doctl reads them, and the DigitalOcean API's facts.
import { offlineCause, type Context } from '../../core/context.js';
import { isDangerous } from '../../core/risk.js';
import type { RuleHit, Target } from '../../core/types.js';
import { lastValue, parseArgs, type ParsedArgs } from '../../parsers/cobra.js';
import { nodeAt, parseFlagList, untranscribedDeletion } from '../../parsers/command-spec.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { DigitalOceanApi, describeTarget } from './api.js';
import { doctlEnvironment, readDoctlConfig } from './config.js';
import { DOCTL_TREE, STRICT_RULES } from './grammar.js';
import { doctlRules, type DoctlRuleKey } from './rules.js';

export interface ParsedDoctl extends ParsedInvocation {
  readonly args: ParsedArgs;
  readonly key: DoctlRuleKey;
  readonly problems: readonly string[];
}

const NO_FLAGS = parseFlagList('');

function parseDoctl(argv: readonly string[]): ParsedDoctl {
  let args = parseArgs(DOCTL_TREE, NO_FLAGS, argv, 'doctl');
  let node = nodeAt(DOCTL_TREE, args.path);
  if (args.problems.length > 0 && !STRICT_RULES.has(node.rule)) {
    args = parseArgs(DOCTL_TREE, NO_FLAGS, argv, 'doctl', { unlistedAreSwitches: true });
    node = nodeAt(DOCTL_TREE, args.path);
  }
  const problems = [...args.problems, ...(args.unknownCommand ? [`unknown command ${args.unknownCommand}`] : [])];
  if (problems.length === 0 && node.children.size > 0 && args.positionals.length > 0) problems.push(`unknown subcommand ${args.positionals[0] ?? ''} for doctl ${args.path.join(' ')}`);
  const deletion = untranscribedDeletion(node, args.positionals);
  if (problems.length === 0 && deletion) problems.push(`doctl ${args.path.join(' ')} ${deletion}: a deletion guard has no rule for`);
  const key: DoctlRuleKey = args.infoOnly ? 'read' : problems.length > 0 ? 'bad-arguments' : node.rule;
  const displayArgv = args.flags.has('access-token') ? ['doctl', ...argv.map((word, i) => (argv[i - 1] === '-t' || argv[i - 1] === '--access-token' ? '***' : word.startsWith('--access-token=') ? '--access-token=***' : word))] : undefined;
  return { args, key, problems, ...(displayArgv ? { displayArgv } : {}) };
}

const KINDS: Partial<Record<DoctlRuleKey, string>> = { 'droplet-delete': 'droplet', 'database-delete': 'database-cluster', 'kubernetes-delete': 'kubernetes-cluster', 'volume-delete': 'volume' };

function objectsOf(parsed: ParsedDoctl): { kind: string; name: string }[] {
  const { args, key } = parsed;
  const path = args.path.join(' ');
  const kind = path.startsWith('compute snapshot') ? 'snapshot' : path.startsWith('compute load-balancer') ? 'load-balancer' : path.startsWith('apps') ? 'app' : path === 'databases db delete' ? 'database' : KINDS[key];
  if (!kind) return [];
  if (path === 'databases db delete') return args.positionals[1] ? [{ kind, name: `${args.positionals[0] ?? '?'}/${args.positionals[1]}` }] : [];
  const tag = lastValue(args, 'tag-name');
  return [...args.positionals.map((name) => ({ kind, name })), ...(tag ? [{ kind: 'droplet-tag', name: tag }] : [])];
}

function classifyDoctl(parsed: ParsedDoctl): Classification {
  const rule = doctlRules[parsed.key];
  const words = ['doctl', ...parsed.args.path].join(' ');
  const hits: RuleHit[] = [];
  if (parsed.key === 'bad-arguments') {
    for (const problem of parsed.problems) hits.push({ rule, summary: problem });
    return { risk: 'unknown', hits, unverified: parsed.problems.map((p) => `doctl arguments: ${p}`) };
  }
  const objects = objectsOf(parsed);
  const dangerous = parsed.args.flags.has('dangerous') ? ' --dangerous' : '';
  hits.push({ rule, summary: `${words}${dangerous} ${objects.map((o) => o.name).join(' ')}`.trimEnd(), ...(objects.length > 0 ? { objects } : {}) });
  return { risk: rule.risk, hits, unverified: [] };
}

async function resolveDoctl(parsed: ParsedDoctl, classification: Classification, ctx: Context): Promise<Resolution> {
  const config = await readDoctlConfig({ config: lastValue(parsed.args, 'config'), context: lastValue(parsed.args, 'context'), token: lastValue(parsed.args, 'access-token'), apiUrl: lastValue(parsed.args, 'api-url') }, parsed.args.path, ctx);
  const environment = doctlEnvironment(config, ctx.config);
  const unverified = [...config.problems];
  const notes: string[] = [];
  if (!isDangerous(classification.risk)) return { environment, targets: [], blastRadius: [], credential: null, recovery: null, unverified, notes };
  if (parsed.args.flags.has('force') || config.presetForce) notes.push(`${config.presetForce ? `${config.file} presets force for this command; ` : ''}--force skips doctl's own prompt; guard still asks for its phrase.`);
  const objects = classification.hits.flatMap((h) => h.objects ?? []);
  let targets: Target[] = objects.map((o) => ({ kind: o.kind, id: o.name, name: o.name, environment: environment.name, context: config.context }));
  const blastRadius = [`doctl context ${config.context} (${config.contextSource})`];
  const recovery = classification.hits.find((h) => h.rule.recovery)?.rule.recovery ?? null;
  const credential = config.token ? { kind: 'digitalocean-token', source: config.tokenSource, reach: 'every resource of the team the token belongs to (DigitalOcean tokens are team-wide unless custom-scoped)' } : null;
  if (ctx.offline) return { environment, targets, blastRadius: [...blastRadius, `not measured: ${offlineCause(ctx)}`], credential, recovery, unverified, notes };
  if (!config.token) return { environment, targets, blastRadius, credential, recovery, unverified: [...unverified, `no DigitalOcean token for context ${config.context}: nothing was read from the API`], notes };
  const spinner = ctx.spinner('guard: asking the DigitalOcean API');
  try {
    const api = new DigitalOceanApi(ctx, config.apiUrl, config.token);
    for (const object of objects) {
      const lines = await describeTarget(api, object, parsed.args.flags.has('dangerous'));
      if (lines === null) unverified.push(`${object.kind} ${object.name} was not found with this token`);
      else blastRadius.push(...lines.lines);
      if (lines?.bytes !== undefined) targets = targets.map((t) => (t.name === object.name ? { ...t, bytes: lines.bytes } : t));
    }
  } catch (error) {
    unverified.push(`DigitalOcean API: ${(error as Error).message}`);
  } finally {
    spinner.stop();
  }
  return { environment, targets, blastRadius, credential, recovery, unverified, notes };
}

export const doctlTool: Tool<ParsedDoctl> = {
  name: 'doctl',
  family: 'doctl',
  summary: 'DigitalOcean CLI',
  rules: doctlRules,
  checkedAgainst: {
    version: 'doctl v1.166.0-1-g168188d3 (digitalocean/doctl 168188d3e016be2768406a0b3dc615966f6555a9)',
    references: [
      'digitalocean/doctl commands/doit.go (persistent flags, viper env prefix DIGITALOCEAN, config file, flag keys <ns>.<command>.<flag>)',
      'commands/droplets.go, databases.go (databases db), kubernetes.go (--dangerous, delete-selective), volumes.go, snapshots.go, load_balancers.go, apps.go: Use, Aliases, aliasOpt, AddBoolFlag force/-f',
      'commands/auth.go (auth-contexts, context), args.go (ArgForce, ArgDangerous)',
      'DigitalOcean API v2 (https://docs.digitalocean.com/reference/api/): /v2/droplets/{id}, /v2/databases/{uuid}, /v2/volumes/{id}, /v2/kubernetes/clusters/{id}/destroy_with_associated_resources',
    ],
  },
  parse: async (argv) => parseDoctl(argv),
  classify: classifyDoctl,
  resolve: resolveDoctl,
};
