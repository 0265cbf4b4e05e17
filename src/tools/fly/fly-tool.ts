// fly and flyctl under guard: flyctl's grammar, the app from -a/FLY_APP/fly.toml, volumes and machines from the Machines API.
import { offlineCause, type Context } from '../../core/context.js';
import { formatBytes, plural } from '../../core/report.js';
import { isDangerous } from '../../core/risk.js';
import type { RuleHit, Target } from '../../core/types.js';
import { lastValue, parseArgs, type ParsedArgs } from '../../parsers/cobra.js';
import { nodeAt, parseFlagList, untranscribedDeletion } from '../../parsers/command-spec.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { FlyMachinesApi, flapsBaseUrl, flyToken } from './api.js';
import { flyEnvironment, resolveFlyApp } from './app.js';
import { FLY_TREE, STRICT_RULES } from './grammar.js';
import { flyRules, type FlyRuleKey } from './rules.js';

type FlyProgram = 'fly' | 'flyctl';

export interface ParsedFly extends ParsedInvocation {
  readonly program: FlyProgram;
  readonly args: ParsedArgs;
  readonly key: FlyRuleKey;
}

const NO_FLAGS = parseFlagList('');

function parseFly(program: FlyProgram, argv: readonly string[]): ParsedFly {
  let args = parseArgs(FLY_TREE, NO_FLAGS, argv, program);
  let node = nodeAt(FLY_TREE, args.path);
  // Only the dangerous commands' flags are transcribed: elsewhere an unlisted flag is passed over.
  if (args.problems.length > 0 && !STRICT_RULES.has(node.rule)) {
    args = parseArgs(FLY_TREE, NO_FLAGS, argv, program, { unlistedAreSwitches: true });
    node = nodeAt(FLY_TREE, args.path);
  }
  let key: FlyRuleKey;
  if (args.infoOnly) key = 'read';
  else if (args.problems.length > 0 || args.unknownCommand !== null || (node.children.size > 0 && args.positionals.length > 0)) key = 'bad-arguments';
  // `fly storage destroy`, `fly certs remove`: a deletion in a group guard did not transcribe fails closed.
  else if (!STRICT_RULES.has(node.rule) && untranscribedDeletion(node, args.positionals)) key = 'bad-arguments';
  else key = node.rule;
  const path = args.path.join(' ');
  if (path === 'ssh console' && lastValue(args, 'command') !== undefined) key = 'remote-command';
  const app = lastValue(args, 'app');
  const where = `${program} ${path}${app ? ` -a ${app}` : ''}`;
  let runs: ParsedInvocation['runs'];
  // flyctl runs -C's text through the machine's shell; machine exec passes its words as one command line too.
  if (key === 'remote-command' && path === 'ssh console') runs = { argv: ['sh', '-c', lastValue(args, 'command') ?? ''], where, remote: 'a Fly machine' };
  if (key === 'remote-command' && path === 'machine exec' && args.positionals.length > 1) runs = { argv: ['sh', '-c', args.positionals.slice(1).join(' ')], where, remote: 'a Fly machine' };
  const displayArgv = args.flags.has('access-token') ? [program, ...argv.map((word, i) => (argv[i - 1] === '-t' || argv[i - 1] === '--access-token' ? '[redacted]' : word.startsWith('--access-token=') ? '--access-token=[redacted]' : word))] : undefined;
  return { program, args, key, ...(runs ? { runs } : {}), ...(displayArgv ? { displayArgv } : {}) };
}

function objectsOf(parsed: ParsedFly): { kind: string; name: string }[] {
  const kinds: Partial<Record<FlyRuleKey, string>> = { 'volumes-destroy': 'volume', 'machine-destroy': 'machine', 'database-destroy': 'cluster', 'secrets-unset': 'secret', 'apps-destroy': 'app' };
  const kind = kinds[parsed.key];
  return kind ? parsed.args.positionals.map((name) => ({ kind, name })) : [];
}

function classifyFly(parsed: ParsedFly): Classification {
  const rules = flyRules(parsed.program);
  const rule = rules[parsed.key];
  const { args } = parsed;
  const words = [parsed.program, ...args.path].join(' ');
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  if (parsed.key === 'bad-arguments') {
    const problems = [...args.problems, ...(args.unknownCommand ? [`unknown command ${args.unknownCommand}`] : []), ...(args.problems.length === 0 && !args.unknownCommand ? [`unknown subcommand ${args.positionals[0] ?? ''} for ${words}`] : [])];
    for (const problem of problems) hits.push({ rule, summary: problem });
    unverified.push(...problems.map((p) => `${parsed.program} arguments: ${p}`));
  } else {
    const objects = objectsOf(parsed);
    const force = parsed.key === 'machine-destroy' && args.flags.has('force') ? ' --force' : '';
    hits.push({ rule, summary: `${words}${force} ${objects.map((o) => o.name).join(' ')}`.trimEnd(), ...(objects.length > 0 ? { objects } : {}) });
  }
  return { risk: rule.risk, hits, unverified, ...(parsed.key === 'remote-shell' ? { interactive: true } : {}) };
}

async function resolveFly(parsed: ParsedFly, classification: Classification, ctx: Context): Promise<Resolution> {
  const { args, key } = parsed;
  const named = key === 'apps-destroy' ? args.positionals[0] : undefined;
  const resolved = await resolveFlyApp({ app: lastValue(args, 'app') ?? named, config: lastValue(args, 'config') }, ctx);
  const environment = flyEnvironment(resolved, ctx.config);
  const unverified = [...resolved.problems];
  const notes: string[] = [];
  if (!isDangerous(classification.risk)) return { environment, targets: [], blastRadius: [], credential: null, recovery: null, unverified, notes };
  if (args.flags.has('yes')) notes.push('--yes answers flyctl\'s own prompt; guard still asks for its phrase.');
  const app = resolved.app ?? 'unknown-app';
  const objects = classification.hits.flatMap((h) => h.objects ?? []);
  let targets: Target[] = (objects.length > 0 ? objects : [{ kind: 'app', name: app }]).map((o) => ({ kind: o.kind, id: `${app}/${o.name}`, name: o.name, environment: environment.name, app }));
  const blastRadius = [`app ${app} (${resolved.source})`];
  const recovery = classification.hits.find((h) => h.rule.recovery)?.rule.recovery ?? null;
  const base = { environment, credential: null, recovery, unverified, notes };
  if (ctx.offline || !resolved.app || (key !== 'volumes-destroy' && key !== 'apps-destroy' && key !== 'machine-destroy')) {
    if (ctx.offline) blastRadius.push(`not measured: ${offlineCause(ctx)}`);
    return { ...base, targets, blastRadius };
  }
  const token = await flyToken(lastValue(args, 'access-token'), ctx);
  if (!token) {
    unverified.push('no Fly credential (FLY_API_TOKEN, FLY_ACCESS_TOKEN or `fly auth login`): volumes and machines were not read');
    return { ...base, targets, blastRadius };
  }
  const credential = { kind: 'fly-token', source: token.source, reach: 'the token\'s organization (Fly deploy tokens are app-scoped, personal tokens reach every app)' };
  const spinner = ctx.spinner('guard: asking the Fly Machines API');
  try {
    const api = new FlyMachinesApi(ctx, flapsBaseUrl(ctx.env), token.token);
    const machines = await api.machines(app);
    const volumeIds = key === 'volumes-destroy' ? objects.map((o) => o.name) : key === 'apps-destroy' ? (await api.volumes(app)).map((v) => v.id) : [];
    if (key === 'apps-destroy') blastRadius.push(`destroys ${plural(machines.length, 'machine')} and ${plural(volumeIds.length, 'volume')} with the app`);
    for (const id of volumeIds) {
      const volume = await api.volume(app, id);
      if (!volume) {
        unverified.push(`volume ${id} was not found in app ${app}`);
        continue;
      }
      const snapshots = await api.snapshots(app, id);
      const newest = snapshots.map((s) => s.createdAt).sort().at(-1);
      const user = machines.find((m) => m.id === volume.attachedMachine || m.mounts.includes(volume.id));
      blastRadius.push(`volume ${volume.name} (${volume.id}) in ${volume.region ?? '?'}: ${volume.sizeGb ?? '?'} GB${user ? `, attached to machine ${user.name} (${user.id}, ${user.state})` : ', not attached'}`);
      blastRadius.push(`snapshots of ${volume.id}: ${snapshots.length}${newest ? ` (newest ${newest})` : ''}, kept ${volume.retentionDays ?? 5} days after the volume is destroyed${snapshots.length === 0 ? ' — there is nothing to restore from' : ''}`);
      targets = targets.map((t) => (t.name === id ? { ...t, name: volume.name, id: volume.id, ...(volume.sizeGb !== null ? { bytes: volume.sizeGb * 1024 ** 3 } : {}) } : t));
    }
    if (key === 'machine-destroy') {
      for (const o of objects) {
        const machine = machines.find((m) => m.id === o.name || m.name === o.name);
        if (machine) blastRadius.push(`machine ${machine.name} (${machine.id}): ${machine.state}${machine.mounts.length > 0 ? `, volumes ${machine.mounts.join(', ')} stay` : ''}${machine.state === 'started' && !args.flags.has('force') ? ' (flyctl refuses a started machine without --force)' : ''}`);
        else unverified.push(`machine ${o.name} was not found in app ${app}`);
      }
    }
    const total = targets.reduce((sum, t) => sum + (typeof t.bytes === 'number' ? t.bytes : 0), 0);
    if (total > 0 && targets.length > 1) blastRadius.push(`${formatBytes(total)} of volumes in all`);
    return { ...base, credential, targets, blastRadius };
  } catch (error) {
    unverified.push(`Fly Machines API: ${(error as Error).message}`);
    return { ...base, credential, targets, blastRadius };
  } finally {
    spinner.stop();
  }
}

function flyTool(program: FlyProgram): Tool<ParsedFly> {
  return {
    name: program,
    family: 'fly',
    summary: program === 'fly' ? 'Fly.io CLI' : 'Fly.io CLI (flyctl)',
    rules: flyRules(program),
    checkedAgainst: {
      version: 'flyctl v0.4.87-6-gad0172fac (superfly/flyctl ad0172face303b77584eea95b46fa3ddc61d5ddd)',
      references: [
        'superfly/flyctl internal/command/root/root.go (commands, persistent -t/--access-token, --verbose, --debug)',
        'internal/command/apps/destroy.go, destroy/destroy.go, volumes/{volumes,destroy,list,show}.go, volumes/snapshots, machine/{machine,destroy,exec,list}.go, mpg/destroy.go, redis/destroy.go, lfsc/clusters_destroy.go, secrets/{secrets,unset}.go, ssh/console.go',
        'internal/flag/flag.go (App -a, AppConfig -c/--config, Yes -y, JSONOutput -j, Org -o, Region -r)',
        'internal/command/command.go RequireAppName, appConfigFilePaths (-a, FLY_APP, fly.toml/fly.json/fly.yaml in the working directory)',
        'internal/config/config.go (FLY_FLAPS_BASE_URL, FLY_ACCESS_TOKEN, FLY_API_TOKEN, ~/.fly/config.yml access_token)',
        'https://fly.io/docs/volumes/snapshots/ (snapshot retention), Machines API https://docs.machines.dev/',
      ],
    },
    parse: async (argv) => parseFly(program, argv),
    classify: classifyFly,
    resolve: resolveFly,
  };
}

export const flyTools: readonly Tool<ParsedFly>[] = [flyTool('fly'), flyTool('flyctl')];
