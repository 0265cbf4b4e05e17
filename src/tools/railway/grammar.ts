// The railway CLI's command tree as data, transcribed from railwayapp/cli 5.43.1 src/commands/*.rs.
//
// Checked against commit df3838bf117cfa332d0ea28e9d26405639a98b2b (5.43.1): src/main.rs
// (`commands!` list and its aliases), src/macros.rs (root aliases ls, rm/remove, projects,
// buckets, volumes, deployments, template, check-updates), and each command's clap derive:
// volume.rs, volume/files.rs, environment/mod.rs, service.rs, delete.rs, project.rs, down.rs,
// bucket.rs, functions/mod.rs, domain.rs, tcp_proxy.rs, templates.rs, postgres/{mod,pitr,ha,
// pgbouncer}.rs, variable.rs, sandbox.rs, api.rs, up.rs, deploy.rs, deployment.rs, redeploy.rs,
// restart.rs, scale.rs, link.rs, unlink.rs, status.rs, logs.rs, metrics.rs, list.rs, whoami.rs…
// The root command has no flags of its own: -p/-e/-s belong to each subcommand, and only those
// marked `global = true` in clap (bucket, cdn, domain, postgres, tcp-proxy, waf…) may follow
// a deeper subcommand. `volume`'s -p/-e/-s are not global: they come before its subcommand.
import { flag, globalFlag, type CommandSpec, type FlagSpec } from './parser.js';
import type { RailwayRuleKey } from './rules.js';

type Spec = CommandSpec<RailwayRuleKey>;

function cmd(names: string, action: RailwayRuleKey, flags: FlagSpec[] = [], extra: Partial<Spec> = {}): Spec {
  return { names: names.split(' '), action, flags, positionals: [], subcommands: [], ...extra };
}

const pos = (...names: string[]) => names.map((name) => (name.endsWith('...') ? { name: name.slice(0, -3), many: true } : { name }));

const JSON_FLAG = flag('--json');
const YES = flag('-y/--yes');
const TWO_FA = flag('--2fa-code', 'value');
const PROJECT = flag('-p/--project', 'value');
const ENVIRONMENT = flag('-e/--environment', 'value');
const SERVICE = flag('-s/--service', 'value');
const PES = [PROJECT, ENVIRONMENT, SERVICE];
const GLOBAL_PES_JSON = [globalFlag('-p/--project', 'value'), globalFlag('-e/--environment', 'value'), globalFlag('-s/--service', 'value'), globalFlag('--json')];
const BOOL_OPTIONAL = 'optional' as const;

const volumeFiles = cmd('files file', 'read', [flag('-v/--volume', 'value')], {
  subcommands: [
    cmd('download', 'write', [JSON_FLAG, flag('--overwrite/--override'), flag('--concurrency', 'value')], { positionals: pos('remote', 'local') }),
    cmd('upload', 'write', [JSON_FLAG, flag('--overwrite'), flag('--concurrency', 'value')], { positionals: pos('local', 'remote') }),
    cmd('list ls', 'read', [JSON_FLAG], { positionals: pos('remote') }),
    cmd('browse browser', 'read', [flag('--editor', 'value'), flag('--concurrency', 'value')], { positionals: pos('remote') }),
    cmd('delete rm remove', 'volume-files-delete', [JSON_FLAG, YES], { positionals: pos('remote') }),
    cmd('rename mv', 'write', [JSON_FLAG], { positionals: pos('old', 'new') }),
  ],
});

const volume = cmd('volume volumes', 'read', PES, {
  subcommands: [
    cmd('list ls', 'read', [JSON_FLAG]),
    cmd('add create new', 'write', [flag('-m/--mount-path', 'value'), JSON_FLAG]),
    cmd('delete remove rm', 'volume-delete', [flag('-v/--volume', 'value'), YES, JSON_FLAG, TWO_FA]),
    cmd('update edit rename', 'write', [flag('-v/--volume', 'value'), flag('-m/--mount-path', 'value'), flag('-n/--name', 'value'), JSON_FLAG]),
    cmd('detach', 'write', [flag('-v/--volume', 'value'), YES, JSON_FLAG]),
    volumeFiles,
    cmd('browse browser', 'read', [flag('-v/--volume', 'value'), flag('--editor', 'value'), flag('--concurrency', 'value')], { positionals: pos('remote') }),
    cmd('attach', 'write', [flag('-v/--volume', 'value'), YES, JSON_FLAG]),
  ],
});

const ENV_CONFIG = [flag('-s/--service-config', 3), flag('-v/--service-variable', 2)];
const environment = cmd('environment env', 'write', [JSON_FLAG], {
  positionals: pos('environment'),
  subcommands: [
    cmd('link', 'write', [JSON_FLAG], { positionals: pos('environment') }),
    cmd('new create add', 'write', [flag('--duplicate/-d/--copy/-c', 'value'), ...ENV_CONFIG, JSON_FLAG], { positionals: pos('name') }),
    cmd('delete rm remove', 'environment-delete', [YES, JSON_FLAG, TWO_FA], { positionals: pos('environment') }),
    cmd('edit update', 'write', [PROJECT, ENVIRONMENT, ...ENV_CONFIG, flag('-m/--message', 'value'), flag('--stage'), JSON_FLAG]),
    cmd('config show info', 'read', [ENVIRONMENT, JSON_FLAG]),
    cmd('list ls', 'read', [flag('--ephemeral'), flag('--no-ephemeral'), JSON_FLAG]),
  ],
});

const logsFlags = [
  ...PES, flag('-d/--deployment'), flag('-b/--build'), flag('--http'), flag('--network'), flag('--dns'), JSON_FLAG,
  flag('-n/--lines/--tail', 'value'), flag('-f/--filter', 'value'), flag('--method', 'value'), flag('--status', 'value'),
  flag('--path', 'value'), flag('--request-id', 'value'), flag('--protocol', 'value'), flag('--direction', 'value'),
  flag('--peer', 'value'), flag('--peer-kind', 'value'), flag('--dropped', 'value'), flag('--port', 'value'), flag('--src', 'value'),
  flag('--dst', 'value'), flag('--host', 'value'), flag('--drop-cause', 'value'), flag('--domain', 'value'), flag('--qname', 'value'),
  flag('--qtype', 'value'), flag('--rcode', 'value'), flag('--zone', 'value'), flag('--latest'), flag('-S/--since', 'value'), flag('-U/--until', 'value'),
];
const redeployFlags = [...PES, flag('-y/--yes'), JSON_FLAG, flag('--from-source')];
const restartFlags = [...PES, YES, JSON_FLAG];
const scaleFlags = [...PES, JSON_FLAG];
const upFlags = [
  flag('-d/--detach/--no-wait'), flag('-y/--yes'), flag('-c/--ci'), ...PES, flag('-w/--workspace', 'value'), flag('--new'), flag('--name', 'value'),
  flag('--no-gitignore'), flag('--path-as-root'), flag('--verbose'), JSON_FLAG, flag('-m/--message', 'value'),
];
const linkFlags = [ENVIRONMENT, flag('-p/--project/--project_id', 'value'), SERVICE, flag('-t/--team', 'value'), flag('-w/--workspace', 'value'), JSON_FLAG];
const deleteProjectFlags = [flag('-p/--project', 'value'), YES, JSON_FLAG, TWO_FA];

const service = cmd('service', 'write', [], {
  positionals: pos('service'),
  subcommands: [
    cmd('list ls', 'read', [ENVIRONMENT, PROJECT, JSON_FLAG]),
    cmd('delete remove rm', 'service-delete', [...PES, YES, JSON_FLAG, TWO_FA]),
    cmd('link', 'write', [], { positionals: pos('service') }),
    cmd('source', 'read', [], {
      subcommands: [
        cmd('connect', 'write', [...PES, flag('--repo', 'value'), flag('--branch', 'value'), flag('--image', 'value'), JSON_FLAG]),
        cmd('disconnect', 'write', [...PES, JSON_FLAG]),
      ],
    }),
    cmd('status', 'read', [SERVICE, PROJECT, flag('-a/--all'), ENVIRONMENT, JSON_FLAG]),
    cmd('logs', 'read', logsFlags),
    cmd('redeploy', 'write', redeployFlags),
    cmd('restart', 'write', restartFlags),
    cmd('scale', 'write', scaleFlags, { positionals: pos('assignments...'), legacyRegionFlags: true }),
    { ...volumeFiles, names: ['files', 'file'], flags: PES },
  ],
});

const variableListFlags = [...PES, flag('-k/--kv'), JSON_FLAG];
const variable = cmd('variable variables vars var', 'read', [...PES, flag('-k/--kv'), flag('--set', 'value'), flag('--set-from-stdin', 'value'), JSON_FLAG, flag('--skip-deploys')], {
  subcommands: [
    cmd('list ls', 'read', variableListFlags),
    cmd('set', 'write', [...PES, flag('--stdin'), flag('--skip-deploys'), JSON_FLAG], { positionals: pos('variables...') }),
    cmd('delete rm remove', 'variable-delete', [...PES, JSON_FLAG], { positionals: pos('key') }),
  ],
});

const bucket = cmd('bucket buckets', 'read', [globalFlag('-b/--bucket', 'value'), globalFlag('-e/--environment', 'value')], {
  subcommands: [
    cmd('list ls', 'read', [JSON_FLAG]),
    cmd('create add new', 'write', [flag('-r/--region', 'value'), JSON_FLAG], { positionals: pos('name') }),
    cmd('delete remove rm', 'bucket-delete', [YES, JSON_FLAG, TWO_FA]),
    cmd('info show get', 'read', [JSON_FLAG]),
    cmd('credentials creds', 'read', [flag('--reset'), YES, TWO_FA, JSON_FLAG]),
    cmd('rename mv', 'write', [flag('-n/--name', 'value'), JSON_FLAG]),
  ],
});

const functions = cmd('functions function func fn funcs fns', 'read', [ENVIRONMENT], {
  subcommands: [
    cmd('list ls', 'read'),
    cmd('new create add', 'write', [flag('-p/--path', 'value'), flag('-n/--name', 'value'), flag('-c/--cron', 'value'), flag('--http', BOOL_OPTIONAL), flag('-s/--serverless', BOOL_OPTIONAL), flag('-w/--watch', BOOL_OPTIONAL)]),
    cmd('delete remove rm', 'functions-delete', [flag('-f/--function', 'value'), flag('-y/--yes', BOOL_OPTIONAL), TWO_FA]),
    cmd('push up deploy', 'write', [flag('-p/--path', 'value'), flag('-w/--watch', BOOL_OPTIONAL)]),
    cmd('pull', 'write', [flag('-p/--path', 'value')]),
    cmd('link', 'write', [flag('-p/--path', 'value'), flag('-f/--function', 'value')]),
  ],
});

const domain = cmd('domain', 'write', [flag('-p/--port', 'value'), globalFlag('-s/--service', 'value'), globalFlag('-e/--environment', 'value'), globalFlag('--project', 'value'), globalFlag('--json')], {
  positionals: pos('domain'),
  subcommands: [
    cmd('list ls', 'read'),
    cmd('status', 'read', [], { positionals: pos('domain') }),
    cmd('delete remove rm', 'domain-delete', [YES], { positionals: pos('domain') }),
    cmd('update edit', 'write', [flag('--port', 'value'), flag('--domain', 'value')], { positionals: pos('domain') }),
    cmd('certificate', 'read', [], { subcommands: [cmd('retry', 'write', [], { positionals: pos('domain') })] }),
  ],
});

const tcpProxy = cmd('tcp-proxy', 'read', GLOBAL_PES_JSON, {
  subcommands: [
    cmd('list ls', 'read'),
    cmd('create add new', 'write', [flag('--port', 'value')]),
    cmd('status', 'read', [], { positionals: pos('proxy') }),
    cmd('delete remove rm', 'tcp-proxy-delete', [YES], { positionals: pos('proxy') }),
  ],
});

const templates = cmd('templates template', 'read', [], {
  subcommands: [
    cmd('search find', 'read', [JSON_FLAG, flag('--limit', 'value'), flag('--after', 'value'), flag('--category', 'value'), flag('--verified', 'value')], { positionals: pos('query') }),
    cmd('list ls', 'read', [flag('-w/--workspace', 'value'), JSON_FLAG]),
    cmd('create generate', 'write', [PROJECT, ENVIRONMENT, JSON_FLAG], { positionals: pos('template') }),
    cmd('publish update', 'write', ['--category', '--description', '--readme', '--readme-file', '--image', '--demo-project'].map((f) => flag(f, 'value')).concat([flag('-w/--workspace', 'value'), JSON_FLAG]), { positionals: pos('template') }),
    cmd('unpublish', 'write', [YES, TWO_FA, JSON_FLAG], { positionals: pos('template') }),
    cmd('delete remove rm', 'templates-delete', [YES, TWO_FA, JSON_FLAG], { positionals: pos('template') }),
  ],
});

const NO_DEPLOY = flag('--no-deploy');
const HA_COUNTS = [flag('--replicas', 'value'), flag('--coordinators', 'value'), flag('--edge', 'value')];
const postgres = cmd('postgres', 'read', GLOBAL_PES_JSON, {
  subcommands: [
    cmd('pitr', 'read', [], {
      subcommands: [
        cmd('enable', 'write', [NO_DEPLOY]),
        cmd('disable', 'pitr-disable', [YES, NO_DEPLOY]),
        cmd('progress', 'read', [flag('--watch')]),
        cmd('restore', 'pitr-restore', [flag('--at', 'value'), flag('--new-service-name', 'value'), flag('--source-repo-path', 'value'), YES]),
        cmd('backup', 'read', [], {
          subcommands: [
            cmd('create', 'write', [flag('--name', 'value')]),
            cmd('delete', 'pitr-backup-delete', [YES], { positionals: pos('ids...') }),
            cmd('lock', 'write', [], { positionals: pos('id') }),
            cmd('restore', 'pitr-restore', [YES], { positionals: pos('id') }),
          ],
        }),
        cmd('schedule', 'read', [], { subcommands: [cmd('set', 'write', [flag('--daily'), flag('--weekly'), flag('--monthly'), flag('--none')])] }),
      ],
    }),
    cmd('ha', 'read', [], {
      subcommands: [
        cmd('convert', 'write', [...HA_COUNTS, YES, NO_DEPLOY]),
        cmd('revert', 'write', [YES, NO_DEPLOY]),
        cmd('scale', 'write', [...HA_COUNTS, YES, NO_DEPLOY]),
        cmd('switchover promote', 'write', [flag('--to', 'value'), YES]),
      ],
    }),
    cmd('pgbouncer', 'read', [], {
      subcommands: [
        cmd('add', 'write', [flag('--pool-mode', 'value'), YES, NO_DEPLOY]),
        cmd('remove', 'write', [YES, NO_DEPLOY]),
        cmd('configure', 'write', ['--pool-mode', '--max-client-conn', '--default-pool-size', '--max-prepared-statements'].map((f) => flag(f, 'value')).concat([NO_DEPLOY])),
        cmd('scale', 'write', [flag('--replicas', 'value'), NO_DEPLOY]),
      ],
    }),
    cmd('history', 'read', [flag('--limit', 'value')]),
  ],
});

const SANDBOX_NEW = [flag('--idle-timeout-minutes', 'value'), flag('--variable', 'value'), flag('--env-file', 'value'), flag('--private-network'), JSON_FLAG];
const sandbox = cmd('sandbox sandboxes sbx', 'read', [globalFlag('-e/--environment', 'value'), globalFlag('-p/--project', 'value')], {
  subcommands: [
    cmd('create new', 'write', [...SANDBOX_NEW, flag('--template', 'value'), flag('--checkpoint', 'value')]),
    cmd('fork', 'write', [flag('--id', 'value'), ...SANDBOX_NEW], { positionals: pos('id') }),
    cmd('template', 'read', [], {
      subcommands: [
        cmd('build create new', 'write', [flag('-c/--command', 'value'), flag('--name', 'value'), flag('--base-image-digest', 'value'), flag('--wait'), JSON_FLAG]),
        cmd('status', 'read', [JSON_FLAG], { positionals: pos('template') }),
        cmd('list ls', 'read', [JSON_FLAG]),
      ],
    }),
    cmd('checkpoint', 'read', [], {
      subcommands: [
        cmd('create capture save', 'write', [flag('--id', 'value'), JSON_FLAG], { positionals: pos('name') }),
        cmd('list ls', 'read', [JSON_FLAG]),
        cmd('rename', 'write', [JSON_FLAG], { positionals: pos('name', 'new') }),
        cmd('delete rm', 'sandbox-checkpoint-delete', [], { positionals: pos('name') }),
      ],
    }),
    cmd('list ls', 'read', [JSON_FLAG, flag('--all')]),
    cmd('ssh connect', 'remote-shell', [flag('--id', 'value'), flag('-i/--identity-file', 'value'), flag('--session', 'value'), flag('--resume-from-last-read')], { positionals: pos('command...'), trailing: true }),
    cmd('exec', 'remote-shell', [flag('--id', 'value'), flag('--timeout', 'value'), flag('--session', 'value'), flag('--resume-from-last-read'), flag('--detach')], { positionals: pos('command...'), trailing: true }),
    cmd('forward port-forward fwd', 'write', [flag('--id', 'value'), flag('-i/--identity-file', 'value'), flag('--strict')], { positionals: pos('ports...') }),
    cmd('destroy rm delete', 'sandbox-destroy', [flag('--id', 'value')], { positionals: pos('id') }),
  ],
});

const api = cmd('api', 'api-read', [
  flag('-f/--file', 'value'), flag('--variables', 'value'), flag('--var', 'value'), flag('--raw-var', 'value'),
  flag('--operation-name', 'value'), flag('--compact'), flag('--allow-errors'),
], {
  positionals: pos('query'),
  hyphenPositional: true,
  subcommands: [
    cmd('schema', 'api-read', [flag('--compact')]),
    cmd('search', 'api-read', [flag('--kind', 'value'), flag('--limit', 'value'), flag('--compact')], { positionals: pos('term') }),
    cmd('describe', 'api-read', [flag('--compact')], { positionals: pos('name') }),
  ],
});

const cloudAgentDelete = cmd('delete rm', 'cloud-agent-delete', [flag('-y/--yes'), ENVIRONMENT, PROJECT], { positionals: pos('agent') });
const cloudAgent = cmd('ca', 'write', [], { lenient: true, subcommands: [cloudAgentDelete] });

const CONFIG_SHARED = ['--file', '--runner'].map((f) => flag(f, 'value')).concat(
  ['--json', '--yes', '--confirm-destructive', '--decrypt-variables', '--include-types', '--verbose/--full', '--detailed-exit-code', '--show-values'].map((f) => flag(f)),
);

export const RAILWAY_COMMANDS: Spec = cmd('railway', 'read', [], {
  subcommands: [
    cmd('add', 'write', [flag('-d/--database', 'value'), flag('-s/--service', BOOL_OPTIONAL), flag('-r/--repo', 'value'), flag('--branch', 'value'), flag('-i/--image', 'value'), flag('-v/--variables', 'value'), flag('--verbose', BOOL_OPTIONAL), JSON_FLAG]),
    cmd('agent', 'agent-prompt', [flag('-p/--prompt', 'value'), JSON_FLAG, flag('--thread-id', 'value'), SERVICE, ENVIRONMENT, flag('--list')]),
    api,
    cmd('autoupdate', 'write', [], { subcommands: ['enable on', 'disable off', 'status', 'skip'].map((n) => cmd(n, n === 'status' ? 'read' : 'write')) }),
    bucket,
    cmd('cdn', 'read', GLOBAL_PES_JSON, {
      subcommands: [
        cmd('status', 'read'), cmd('enable', 'write'), cmd('disable', 'write'),
        cmd('update', 'write', [flag('--html-caching', 'value'), flag('--default-ttl', 'value'), flag('--swr'), flag('--no-swr'), flag('--purge-on-deploy', 'value')]),
        cmd('purge', 'write', [], { positionals: pos('scope') }),
      ],
    }),
    cloudAgent,
    cmd('code', 'write', [], { lenient: true }),
    cmd('completion', 'read', [], { positionals: pos('shell') }),
    cmd('config', 'read', [], {
      subcommands: [
        cmd('plan', 'read', CONFIG_SHARED), cmd('stage', 'write', CONFIG_SHARED), cmd('apply', 'write', CONFIG_SHARED),
        cmd('init', 'write', [flag('--force')]),
        cmd('pull', 'write', [flag('--force'), JSON_FLAG, flag('--runner', 'value'), flag('--omit-preserved-variables'), flag('--agent')]),
        cmd('migrate', 'write', [flag('--apply'), flag('--force'), flag('--delete-files'), flag('--service', 'value'), flag('--lang', 'value')]),
      ],
    }),
    cmd('connect', 'remote-shell', [ENVIRONMENT, PROJECT, flag('--ssh'), flag('--no-ssh'), flag('--tunnel-only'), flag('-P/--port', 'value')], { positionals: pos('service') }),
    cmd('delete rm remove', 'project-delete', deleteProjectFlags),
    cmd('deploy', 'write', [flag('-t/--template', 'value'), flag('-v/--variable', 'value')]),
    cmd('deployment deployments', 'read', [], {
      subcommands: [
        cmd('list ls', 'read', [...PES, flag('--limit', 'value'), JSON_FLAG]),
        cmd('up deploy', 'write', upFlags, { positionals: pos('path') }),
        cmd('redeploy', 'write', redeployFlags),
      ],
    }),
    cmd('dev develop', 'write', [flag('-v/--verbose')], { lenient: true }),
    domain,
    cmd('docs', 'read'),
    cmd('down', 'down', [...PES, YES]),
    environment,
    cmd('flag flags', 'read', [globalFlag('--scope', 'value'), globalFlag('--owner', 'value'), globalFlag('--json')], {
      subcommands: [
        cmd('list ls', 'read', [flag('--full')]),
        cmd('set', 'write', [flag('--when', 'value'), flag('--rule-id', 'value'), flag('--type', 'value'), flag('--force')], { positionals: pos('name', 'value') }),
        cmd('delete rm remove', 'write', [], { positionals: pos('name') }),
        cmd('unset', 'write', [flag('--rule-id', 'value')], { positionals: pos('name') }),
      ],
    }),
    cmd('init new', 'write', [flag('-n/--name', 'value'), flag('-w/--workspace', 'value'), JSON_FLAG]),
    cmd('link', 'write', linkFlags),
    cmd('list ls', 'read', [JSON_FLAG]),
    cmd('login', 'write', [flag('-b/--browserless')]),
    cmd('logout', 'write'),
    cmd('logs', 'read', logsFlags),
    cmd('mcp', 'write', [], { lenient: true }),
    cmd('metrics metric', 'read', [SERVICE, flag('-a/--all'), ENVIRONMENT, PROJECT, flag('-S/--since', 'value'), flag('-U/--until', 'value'), JSON_FLAG, ...['--cpu', '--memory', '--network', '--volume', '--http', '--raw', '-w/--watch'].map((f) => flag(f)), flag('--method', 'value'), flag('--path', 'value')]),
    cmd('open', 'read', [flag('-p/--print')]),
    cmd('outbound-network', 'read', GLOBAL_PES_JSON, {
      subcommands: ['static-ip', 'ipv6'].map((n) => cmd(n, 'read', [], { subcommands: [cmd('status', 'read'), cmd('enable', 'write'), cmd('disable', 'write')] })),
    }),
    postgres,
    cmd('project projects', 'read', [], {
      subcommands: [cmd('list ls', 'read', [JSON_FLAG]), cmd('link', 'write', linkFlags), cmd('delete rm remove', 'project-delete', deleteProjectFlags)],
    }),
    cmd('private-network', 'read', [...GLOBAL_PES_JSON, globalFlag('--network', 'value')], { subcommands: [cmd('status', 'read'), cmd('update', 'write', [], { positionals: pos('name') })] }),
    cmd('run local', 'local-run', [...PES, flag('--no-local'), flag('-v/--verbose')], { positionals: pos('args...'), trailing: true }),
    sandbox,
    service,
    cmd('setup', 'write', [], { lenient: true }),
    cmd('shell', 'local-run', [...PES, flag('--silent')]),
    cmd('skills', 'write', [], { lenient: true }),
    cmd('ssh', 'remote-shell', [PROJECT, SERVICE, ENVIRONMENT, flag('-d/--deployment-instance', 'value'), flag('--session', BOOL_OPTIONAL), flag('--native'), flag('-i/--identity-file', 'value')], { positionals: pos('command...'), trailing: true, lenient: false, subcommands: [cmd('config', 'write', [], { lenient: true }), cmd('keys', 'read', [], { lenient: true })] }),
    cmd('starship', 'read'),
    cmd('status', 'read', [PROJECT, ENVIRONMENT, JSON_FLAG]),
    cmd('telemetry', 'write', [], { subcommands: [cmd('enable on', 'write'), cmd('disable off', 'write')] }),
    templates,
    tcpProxy,
    cmd('unlink', 'write', [flag('-s/--service'), YES, JSON_FLAG]),
    cmd('up', 'write', upFlags, { positionals: pos('path') }),
    cmd('upgrade', 'write', [flag('--check'), flag('--rollback'), YES]),
    cmd('usage', 'read', [globalFlag('--workspace', 'value'), flag('--period', 'value'), globalFlag('--json')], {
      subcommands: [
        cmd('projects', 'read', [flag('--project', 'value'), flag('--period', 'value'), flag('--limit', 'value')]),
        cmd('limit', 'read', [], { subcommands: [cmd('status', 'read', [flag('--target', 'value')]), cmd('set', 'write', ['--target', '--soft', '--hard'].map((f) => flag(f, 'value'))), cmd('update', 'write', ['--soft', '--hard'].map((f) => flag(f, 'value'))), cmd('remove', 'write', [YES])] }),
      ],
    }),
    variable,
    cmd('waf', 'read', GLOBAL_PES_JSON, { subcommands: [cmd('under-attack', 'read', [], { subcommands: [cmd('status', 'read'), cmd('enable', 'write', [flag('--duration', 'value')]), cmd('disable', 'write')] })] }),
    cmd('whoami', 'read', [JSON_FLAG]),
    volume,
    cmd('redeploy', 'write', redeployFlags),
    cmd('restart', 'write', restartFlags),
    cmd('scale', 'write', scaleFlags, { positionals: pos('assignments...'), legacyRegionFlags: true }),
    cmd('check_updates check-updates', 'read', [JSON_FLAG]),
    functions,
  ],
});
