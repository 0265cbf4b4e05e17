// doctl's command tree, transcribed from digitalocean/doctl v1.166.0-1-g168188d3 commands/*.go (Use, Aliases, aliasOpt, Add*Flag).
import { buildCommandTree, type CommandSpec, type RuledNode } from '../../parsers/command-spec.js';
import type { DoctlRuleKey } from './rules.js';

// commands/doit.go root PersistentFlags: -c/--config, -u/--api-url, -t/--access-token, -o/--output, --context,
// --trace, -v/--verbose, --interactive, --http-retry-max, --http-retry-wait-max, --http-retry-wait-min.
const ROOT = '-c/--config= -u/--api-url= -t/--access-token= -o/--output= --context= --trace -v/--verbose --interactive --http-retry-max= --http-retry-wait-max= --http-retry-wait-min=';
// Flags most commands add (displayers: --format, --no-header; -w/--wait on creates); others are passed over.
const COMMON = '--format= --no-header -w/--wait';
const FORCE = '-f/--force';
const c = (names: string, rule: DoctlRuleKey, flags = COMMON, children: CommandSpec<DoctlRuleKey>[] = []): CommandSpec<DoctlRuleKey> => ({ names, rule, flags, children });
const readers = (...names: string[]) => names.map((n) => c(n, 'read'));
const writers = (...names: string[]) => names.map((n) => c(n, 'write'));

export const DOCTL_SPEC: CommandSpec<DoctlRuleKey> = {
  names: 'doctl',
  rule: 'read',
  persistent: ROOT,
  children: [
    c('compute', 'read', COMMON, [
      c('droplet d', 'read', COMMON, [c('delete d del rm', 'droplet-delete', `${FORCE} --tag-name=`), ...readers('list ls', 'get g', 'actions a', 'backups b', 'kernels k', 'neighbors n', 'snapshots s', 'backup-policies'), ...writers('create c', 'tag', 'untag')]), // droplets.go
      c('volume', 'read', COMMON, [c('delete d rm', 'volume-delete', FORCE), ...readers('list ls', 'get g', 'snapshot s'), ...writers('create c')]), // volumes.go
      c('snapshot s', 'read', COMMON, [c('delete d rm', 'volume-delete', FORCE), ...readers('list ls', 'get g')]), // snapshots.go
      c('load-balancer lb', 'read', COMMON, [c('delete d rm', 'volume-delete', FORCE), ...readers('list ls', 'get g'), ...writers('create c', 'update u', 'add-droplets', 'remove-droplets', 'add-forwarding-rules', 'remove-forwarding-rules', 'purge-cache')]), // load_balancers.go
      ...['droplet-action', 'volume-action', 'image', 'image-action', 'firewall', 'domain', 'certificate', 'reserved-ip', 'reserved-ip-action', 'reserved-ipv6', 'ssh-key', 'tag', 'cdn', 'droplet-autoscale', 'vpc-nat-gateway'].map((n) => c(n, 'write')),
      ...readers('action', 'region', 'size', 'ssh', 'plugin'),
    ]),
    c('databases db dbs d database', 'read', COMMON, [
      c('delete rm', 'database-delete', FORCE), // databases.go
      c('db', 'read', COMMON, [c('delete rm', 'database-delete', FORCE), ...readers('list ls', 'get g'), ...writers('create c')]),
      ...readers('list ls', 'get g', 'get-ca gc', 'connection conn', 'backups bu', 'options', 'events', 'indexes'),
      ...writers('create c', 'resize rs', 'migrate m', 'fork', 'maintenance-window', 'storage-autoscale', 'user', 'pool', 'replica', 'sql-mode', 'topics', 'firewalls', 'configuration'),
    ]),
    c('kubernetes kube k8s k', 'read', COMMON, [
      c('cluster clusters c', 'read', COMMON, [
        c('delete d rm', 'kubernetes-delete', `${FORCE} --dangerous --update-kubeconfig`), // kubernetes.go
        c('delete-selective', 'kubernetes-delete', `${FORCE} --dangerous --update-kubeconfig --volume-list= --volume-snapshot-list= --load-balancer-list=`),
        ...readers('list ls', 'get g', 'get-upgrades gu', 'list-associated-resources'),
        ...writers('create c', 'update u', 'upgrade', 'kubeconfig', 'node-pool', 'registry'),
      ]),
      ...readers('options'),
    ]),
    c('apps app a', 'read', COMMON, [c('delete d rm', 'volume-delete', FORCE), ...readers('list ls', 'get g', 'list-deployments lsd', 'get-deployment gd', 'logs', 'spec', 'tier', 'list-regions', 'list-alerts'), ...writers('create c', 'update u', 'create-deployment cd', 'restart', 'dev', 'propose')]),
    ...readers('account', 'balance', 'billing-history', 'invoice', 'version', 'registry', '1-click', 'monitoring', 'projects', 'vpcs', 'serverless sls', 'spaces', 'genai', 'gradient', 'nfs', 'security', 'secrets', 'network', 'auth').map((spec) => ({ ...spec, rule: spec.names.startsWith('auth') ? 'write' as const : spec.rule })),
    ...writers('completion', 'invoices'),
  ],
};

export const DOCTL_TREE: RuledNode<DoctlRuleKey> = buildCommandTree(DOCTL_SPEC);
export const STRICT_RULES: ReadonlySet<DoctlRuleKey> = new Set(['droplet-delete', 'database-delete', 'kubernetes-delete', 'volume-delete']);
