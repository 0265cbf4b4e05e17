// flyctl's command tree, transcribed from superfly/flyctl v0.4.87-6-gad0172fac internal/command/*/ (command.New, Aliases, flag.Add).
import { buildCommandTree, type CommandSpec, type RuledNode } from '../../parsers/command-spec.js';
import type { FlyRuleKey } from './rules.js';

// internal/flag/flag.go: App() -a/--app, AppConfig() -c/--config, Yes() -y/--yes, JSONOutput() -j/--json, Org()
// -o/--org, Region() -r/--region. root.go: PersistentFlags -t/--access-token, --verbose, --debug.
const APP = '-a/--app= -c/--config=';
const c = (names: string, rule: FlyRuleKey, flags = '', children: CommandSpec<FlyRuleKey>[] = [], extra: Partial<CommandSpec<FlyRuleKey>> = {}): CommandSpec<FlyRuleKey> => ({ names, rule, flags, children, ...extra });
// Commands guard needs only to tell apart from the dangerous ones: the shared flags most of them add are listed,
// others are passed over (see STRICT_RULES).
const COMMON = '-a/--app= -c/--config= -j/--json -y/--yes -o/--org= -r/--region=';
const safe = (names: string, rule: FlyRuleKey = 'write', children: CommandSpec<FlyRuleKey>[] = []) => c(names, rule, COMMON, children);

export const FLY_SPEC: CommandSpec<FlyRuleKey> = c('fly', 'read', '', [
  c('apps app', 'read', '', [
    c('destroy delete remove rm', 'apps-destroy', '-y/--yes'), // apps/destroy.go
    safe('list ls', 'read'), safe('create'), safe('move'), safe('open', 'read'), safe('releases', 'read'), safe('restart'), safe('resume'), safe('suspend'), safe('errors', 'read'),
  ]),
  c('destroy', 'apps-destroy', '-y/--yes'), // destroy/destroy.go (deprecated alias of apps destroy)
  c('volumes volume vol v', 'read', '', [
    c('destroy delete rm', 'volumes-destroy', `-y/--yes ${APP}`), // volumes/destroy.go
    c('list ls', 'read', `${APP} --all -j/--json`),
    c('show', 'read', `-j/--json ${APP}`),
    safe('create'), safe('extend'), safe('fork'), safe('update'),
    c('snapshots snapshot snaps', 'read', '', [c('list ls', 'read', '-a/--app= -j/--json'), safe('create')]),
  ]),
  c('machine machines m', 'read', '', [
    c('destroy remove rm', 'machine-destroy', `${APP} -f/--force -i/--image=`), // machine/destroy.go
    c('exec', 'remote-command', `${APP} -j/--json --timeout= --container= --no-container`), // machine/exec.go
    c('list ls', 'read', `${APP} -j/--json -q/--quiet`),
    safe('status', 'read'), safe('start'), safe('stop'), safe('restart'), safe('run'), safe('clone'), safe('update'), safe('kill'), safe('suspend'), safe('cordon'), safe('uncordon'), safe('leases', 'read'), safe('egress-ip'), safe('place', 'read'), safe('proxy'), safe('select', 'read'), safe('wait', 'read'),
  ]),
  c('postgres pg', 'read', '', [safe('list', 'read'), safe('create'), safe('attach'), safe('detach'), safe('connect'), safe('config', 'read'), safe('failover'), safe('import'), safe('restart'), safe('users', 'read'), safe('db', 'read'), safe('backup', 'read'), safe('events', 'read'), safe('renew-certs'), safe('barman'), safe('add_flycast')]),
  c('mpg', 'read', '-o/--org=', [
    c('destroy delete remove rm', 'database-destroy', '-y/--yes -o/--org='), // mpg/destroy.go
    safe('list', 'read'), safe('status', 'read'), safe('create'), safe('attach'), safe('detach'), safe('connect'), safe('proxy'), safe('plans', 'read'), safe('backup'), safe('restore'), safe('databases', 'read'), safe('users', 'read'), safe('extensions', 'read'),
  ]),
  c('redis', 'read', '', [c('destroy delete', 'database-destroy', '-y/--yes'), safe('list', 'read'), safe('status', 'read'), safe('create'), safe('connect'), safe('dashboard', 'read'), safe('plans', 'read'), safe('proxy'), safe('reset'), safe('update'), safe('attach')]),
  c('lfsc', 'read', '', [c('clusters', 'read', '', [c('destroy', 'database-destroy', '-o/--org= -j/--json'), safe('list', 'read'), safe('create')]), safe('export', 'read'), safe('import'), safe('regions', 'read'), safe('restore'), safe('status', 'read')]),
  c('secrets', 'read', '', [
    c('unset', 'secrets-unset', `${APP} --detach --stage --dns-checks`), // secrets/unset.go with the shared secrets flags
    safe('list ls', 'read'), safe('set'), safe('import'), safe('deploy'), safe('sync'), safe('keys', 'read'),
  ]),
  c('ssh', 'read', '', [
    c('console', 'remote-shell', `-o/--org= ${APP} -C/--command= --machine= -s/--select -r/--region= -q/--quiet -A/--address= --container= --no-container --pty -u/--user= --process-group=`), // ssh/console.go
    safe('issue'), safe('log', 'read'), safe('sftp'),
  ]),
  safe('console', 'remote-shell'),
  ...['deploy', 'launch', 'scale', 'config', 'ips', 'certs', 'tokens', 'orgs', 'auth', 'extensions', 'consul', 'wireguard', 'image', 'proxy', 'agent', 'storage', 'settings', 'jobs', 'checks', 'services', 'registry', 'synthetics', 'curl', 'create', 'move', 'suspend', 'resume', 'sftp', 'mcp'].map((name) => safe(name)),
  ...['logs', 'status', 'version', 'doctor', 'dig', 'ping', 'releases', 'history', 'info', 'dashboard', 'open', 'platform', 'docs', 'incidents', 'metrics', 'regions'].map((name) => safe(name, 'read')),
], { persistent: '-t/--access-token= --verbose --debug' });

export const FLY_TREE: RuledNode<FlyRuleKey> = buildCommandTree(FLY_SPEC);

/** Rules whose flags guard checks strictly: an unknown flag there fails closed; elsewhere it is passed over. */
export const STRICT_RULES: ReadonlySet<FlyRuleKey> = new Set(['apps-destroy', 'volumes-destroy', 'machine-destroy', 'database-destroy', 'secrets-unset', 'remote-command', 'remote-shell']);
