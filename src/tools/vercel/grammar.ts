// The vercel CLI's commands and flags, checked against vercel 58.10.0's own --help (vercel help, vercel COMMAND --help).
import { buildCommandTree, type CommandSpec, type RuledNode } from '../../parsers/command-spec.js';
import type { VercelRuleKey } from './rules.js';

// Global options (vercel --help): -h, -v, --cwd DIR, -A/--local-config FILE, -Q/--global-config DIR, -d/--debug,
// --no-color, --non-interactive, -S/--scope, -t/--token, and the hidden --api URL (dist/index.js: parsedArgs.flags["--api"]
// replaces the API URL) and -T/--team. The arg library takes them anywhere, `--flag=value` too.
const GLOBAL = '--cwd= -A/--local-config= -Q/--global-config= -d/--debug --no-color --non-interactive -S/--scope= -t/--token= -T/--team= --api= -v/--version';
// Commands whose flags guard does not need list the shared ones; an unlisted flag there is passed over.
const COMMON = '-y/--yes --json -F/--format= --project= --environment= -a/--all';

const c = (names: string, rule: VercelRuleKey, flags = COMMON, children: CommandSpec<VercelRuleKey>[] = []): CommandSpec<VercelRuleKey> => ({ names, rule, flags, children });
const group = (names: string, rule: VercelRuleKey, children: CommandSpec<VercelRuleKey>[]) => c(names, rule, COMMON, children);

export const VERCEL_SPEC: CommandSpec<VercelRuleKey> = {
  names: 'vercel',
  rule: 'write',
  persistent: GLOBAL,
  children: [
    c('remove rm', 'remove', '-s/--safe -y/--yes'), // vercel remove --help
    group('project projects', 'read', [c('remove rm', 'project-remove', ''), c('list ls', 'read'), c('inspect', 'read'), c('add', 'write'), c('rename', 'write'), c('update', 'write'), c('members', 'read'), c('protection', 'write'), c('token', 'read'), c('checks', 'write'), c('access-summary', 'read'), c('access-groups', 'read'), c('web-analytics', 'write'), c('speed-insights', 'write')]),
    group('env', 'read', [c('remove rm', 'env-remove', '--project= -y/--yes'), c('list ls', 'read'), c('add', 'write'), c('pull', 'write'), c('update', 'write'), c('run', 'write')]),
    group('domains domain', 'read', [c('remove rm', 'domain-remove', '-y/--yes'), c('list ls', 'read'), c('inspect', 'read'), c('add', 'write'), c('buy', 'write'), c('check', 'read'), c('move', 'write'), c('price', 'read'), c('search', 'read'), c('transfer-in', 'write'), c('verify', 'read')]),
    group('dns', 'read', [c('remove rm', 'domain-remove', '-y/--yes'), c('list ls', 'read'), c('add', 'write'), c('import', 'write')]),
    group('alias aliases ln', 'write', [c('remove rm', 'domain-remove', '-y/--yes'), c('list ls', 'read'), c('set', 'write')]),
    group('certs cert', 'read', [c('remove rm', 'domain-remove', ''), c('list ls', 'read'), c('add', 'write'), c('issue', 'write')]),
    c('api', 'read', '--dangerously-skip-permissions -F/--field= --generate= -H/--header= -i/--include --input= -X/--method= --paginate --raw -f/--raw-field= --refresh --silent --spec-url= --verbose', [c('list ls', 'read', '')]),
    ...['ls list', 'inspect', 'logs', 'whoami', 'help', 'open', 'activity', 'alerts', 'usage', 'contract', 'metrics', 'httpstat', 'bisect', 'traces', 'agent-runs', 'teams', 'switch'].map((names) => c(names, 'read')),
    ...['deploy', 'build', 'cache', 'dev', 'git', 'init', 'install i', 'integration', 'integration-resource ir', 'link', 'login', 'logout', 'promote', 'pull', 'redeploy', 'rollback', 'agent', 'ai-gateway', 'blob', 'buy', 'connect', 'cron crons', 'curl', 'deploy-hooks', 'firewall', 'flags', 'global-config', 'mcp', 'microfrontends', 'oauth-apps', 'redirects', 'routes', 'rolling-release rr', 'sandbox', 'skills', 'target', 'telemetry', 'tokens', 'upgrade', 'vcr', 'webhooks'].map((names) => c(names, 'write')),
  ],
};

export const VERCEL_TREE: RuledNode<VercelRuleKey> = buildCommandTree(VERCEL_SPEC);
export const STRICT_RULES: ReadonlySet<VercelRuleKey> = new Set(['remove', 'project-remove', 'env-remove', 'domain-remove', 'api-delete']);
