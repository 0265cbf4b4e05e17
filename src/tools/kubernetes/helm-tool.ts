// helm under guard: its command tree (helm/helm v3 cmd/helm), global --kube-context/-n, and the shared resolver.
import { maxRisk } from '../../core/risk.js';
import type { RuleHit } from '../../core/types.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { flagKinds, lastValue, parseArgs, type CommandNode, type FlagKinds, type ParsedArgs } from './argv.js';
import { resolveKube } from './resolve.js';
import { helmRules, type HelmRuleKey } from './rules.js';

export const HELM_CHECKED_AGAINST = {
  version: 'helm v3 (helm/helm 7c6dfc3e3eb9fb336faa21c8f740fec69696f380, cmd/helm/app)',
  references: [
    'helm/helm cmd/helm/app/uninstall.go (aliases del, delete, un; --dry-run, --keep-history are switches)',
    'helm/helm cmd/helm/app/root.go and pkg/cli/environment.go (global --kube-context, --kubeconfig, -n/--namespace, --kube-* flags)',
    'helm/helm cmd/helm/app/*.go (list ls, history hist, show inspect, pull fetch, dependency dep, plugin/repo subcommands)',
    'https://helm.sh/docs/helm/helm_uninstall/ and https://helm.sh/docs/helm/helm_install/ (--dry-run)',
  ],
};

// Value-taking flags of every helm command (helm resolves flags per command; guard uses their union,
// and an unlisted flag is read as a switch: at worst a release name is misread, never the verb).
const HELM_VALUE_FLAGS = [
  'kube-context', 'kubeconfig', 'namespace', 'kube-apiserver', 'kube-as-user', 'kube-as-group', 'kube-ca-file', 'kube-token', 'kube-tls-server-name',
  'registry-config', 'repository-config', 'repository-cache', 'burst-limit', 'qps', 'set', 'set-string', 'set-file', 'set-json', 'set-literal', 'values',
  'version', 'repo', 'username', 'password', 'ca-file', 'cert-file', 'key-file', 'keyring', 'timeout', 'description', 'post-renderer',
  'post-renderer-args', 'labels', 'output', 'name-template', 'kube-version', 'api-versions', 'show-only', 'output-dir', 'history-max', 'cascade',
  'filter', 'selector', 'max', 'offset', 'time-format', 'revision', 'template', 'destination', 'untardir', 'app-version', 'key', 'passphrase-file',
  'max-col-width', 'endpoint', 'url', 'merge', 'release-name', 'color', 'colour', 'password-stdin', 'content-cache',
];
const HELM_FLAGS: FlagKinds = flagKinds({
  values: HELM_VALUE_FLAGS,
  // helm ≥ 3.13: install/upgrade --dry-run takes an optional client|server|none (NoOptDefVal "client").
  optional: ['dry-run'],
  bools: [],
  shorts: ['n=namespace', 'f=values', 'o=output', 'l=selector', 'm=max', 'a=api-versions', 's=show-only', 'd=destination', 'g=generate-name', 'q=short', 'A=all-namespaces', 'i=install', 'r=regexp', 'h=help'],
});

type Risky = HelmRuleKey;
interface HelmCommand {
  readonly names: string;
  readonly rule: Risky;
  readonly children?: readonly HelmCommand[];
}

const TREE: readonly HelmCommand[] = [
  { names: 'completion', rule: 'read' }, { names: 'create', rule: 'write' }, { names: 'env', rule: 'read' },
  { names: 'dependency dep dependencies', rule: 'read', children: [{ names: 'build', rule: 'write' }, { names: 'list ls', rule: 'read' }, { names: 'update up', rule: 'write' }] },
  { names: 'get', rule: 'read', children: ['all', 'hooks', 'manifest', 'metadata', 'notes', 'values'].map((names) => ({ names, rule: 'read' as const })) },
  { names: 'history hist', rule: 'read' }, { names: 'install', rule: 'write' }, { names: 'lint', rule: 'read' }, { names: 'list ls', rule: 'read' },
  { names: 'package', rule: 'write' },
  { names: 'plugin', rule: 'read', children: [{ names: 'install add', rule: 'write' }, { names: 'list ls', rule: 'read' }, { names: 'uninstall rm remove', rule: 'write' }, { names: 'update up', rule: 'write' }] },
  { names: 'pull fetch', rule: 'write' }, { names: 'push', rule: 'write' },
  { names: 'registry', rule: 'read', children: [{ names: 'login', rule: 'write' }, { names: 'logout', rule: 'write' }] },
  { names: 'repo', rule: 'read', children: [{ names: 'add', rule: 'write' }, { names: 'index', rule: 'write' }, { names: 'list ls', rule: 'read' }, { names: 'remove rm', rule: 'write' }, { names: 'update up', rule: 'write' }] },
  { names: 'rollback', rule: 'write' },
  { names: 'search', rule: 'read', children: [{ names: 'hub', rule: 'read' }, { names: 'repo', rule: 'read' }] },
  { names: 'show inspect', rule: 'read', children: ['all', 'chart', 'crds', 'readme', 'values'].map((names) => ({ names, rule: 'read' as const })) },
  { names: 'status', rule: 'read' }, { names: 'template', rule: 'read' }, { names: 'test', rule: 'write' },
  { names: 'uninstall del delete un', rule: 'uninstall' }, { names: 'upgrade', rule: 'write' }, { names: 'verify', rule: 'read' }, { names: 'version', rule: 'read' },
];

const NO_FLAGS = flagKinds({ values: [], bools: [], shorts: [] });
function node(command: HelmCommand): CommandNode {
  const [name = '', ...aliases] = command.names.split(' ');
  return { name, aliases, flags: NO_FLAGS, children: new Map((command.children ?? []).map((c) => [c.names.split(' ')[0] ?? '', node(c)])) };
}
const ROOT: CommandNode = { name: 'helm', aliases: [], flags: NO_FLAGS, children: new Map(TREE.map((c) => [c.names.split(' ')[0] ?? '', node(c)])) };

function ruleOf(path: readonly string[]): Risky | null {
  let level: readonly HelmCommand[] = TREE;
  let found: HelmCommand | undefined;
  for (const word of path) {
    found = level.find((c) => c.names.split(' ')[0] === word);
    level = found?.children ?? [];
  }
  return found?.rule ?? null;
}

export interface ParsedHelm extends ParsedInvocation {
  readonly args: ParsedArgs;
}

const DRY_RUNNABLE = new Set(['uninstall', 'install', 'upgrade', 'rollback']);

export function classifyHelm({ args }: ParsedHelm): Classification {
  const command = args.path.join(' ');
  const dryRun = lastValue(args, 'dry-run');
  let hits: RuleHit[];
  if (args.infoOnly) hits = [{ rule: helmRules.read, summary: `helm ${command} --help`.replace('  ', ' ') }];
  else if (args.unknownCommand !== null) hits = [{ rule: helmRules['bad-arguments'], summary: `unknown command or plugin: helm ${args.unknownCommand}` }];
  else if (args.problems.length > 0) hits = args.problems.map((problem) => ({ rule: helmRules['bad-arguments'], summary: problem }));
  else if (DRY_RUNNABLE.has(command) && dryRun !== undefined && dryRun !== 'none' && dryRun !== 'false') hits = [{ rule: helmRules['dry-run'], summary: `helm ${command} --dry-run` }];
  else if (command === 'uninstall') hits = [{ rule: helmRules.uninstall, summary: `helm uninstall ${args.positionals.join(' ')}`.trimEnd(), objects: args.positionals.map((name) => ({ kind: 'release', name })) }];
  else hits = [{ rule: helmRules[ruleOf(args.path) ?? 'read'], summary: `helm ${command}`.trimEnd() }];
  const risk = maxRisk(...hits.map((h) => h.rule.risk));
  const unverified = args.problems.length > 0 || args.unknownCommand !== null ? [...args.problems, ...(args.unknownCommand ? [`helm ${args.unknownCommand}`] : [])].map((p) => `helm arguments: ${p}`) : [];
  return { risk, hits, unverified };
}

export const helmTool: Tool<ParsedHelm> = {
  name: 'helm',
  family: 'kubernetes',
  summary: 'Helm, the Kubernetes package manager',
  rules: helmRules,
  checkedAgainst: HELM_CHECKED_AGAINST,
  async parse(argv) {
    return { args: parseArgs(ROOT, HELM_FLAGS, argv, 'helm', { unlistedAreSwitches: true }) };
  },
  classify: classifyHelm,
  async resolve(parsed, classification, ctx): Promise<Resolution> {
    const flag = (name: string) => lastValue(parsed.args, name) || undefined;
    const flags = {
      ...(flag('kubeconfig') ? { kubeconfig: flag('kubeconfig') } : {}),
      ...(flag('kube-context') ? { context: flag('kube-context') } : {}),
      ...(flag('kube-apiserver') ? { server: flag('kube-apiserver') } : {}),
      // helm also reads HELM_NAMESPACE; the flag wins.
      ...((flag('namespace') ?? ctx.env.HELM_NAMESPACE) ? { namespace: flag('namespace') ?? ctx.env.HELM_NAMESPACE } : {}),
      ...(!flag('kube-context') && ctx.env.HELM_KUBECONTEXT ? { context: ctx.env.HELM_KUBECONTEXT } : {}),
    };
    const uninstall = classification.hits.some((h) => h.rule.id === helmRules.uninstall.id);
    return resolveKube(
      { program: 'helm', flags, connectionArgs: [], delete: null, named: uninstall ? parsed.args.positionals.map((name) => ({ kind: 'release', name })) : [], allNamespaces: false },
      classification,
      ctx,
    );
  },
};
