// doctl's case table (offline): deletes with their aliases, --dangerous, --force, contexts and untranscribed deletions.
import type { ToolCase } from '../tool.js';

const CONFIG = { '.config/doctl/config.yaml': 'access-token: dop_v1_default\ncontext: prod-team\nauth-contexts:\n  prod-team: dop_v1_prod\n  staging: dop_v1_staging\ndroplet:\n  delete:\n    force: true\n' };

const d = (argv: string, risk: ToolCase['risk'], rule: string, note?: string, world?: ToolCase['world']): ToolCase => ({
  argv: ['doctl', ...argv.split(' ').filter(Boolean)],
  risk,
  rules: [`doctl/${rule}`],
  ...(note ? { note } : {}),
  ...(world ? { world } : {}),
});

export const doctlCases: Readonly<Record<string, readonly ToolCase[]>> = {
  doctl: [
    d('compute droplet delete web-1', 'destructive', 'droplet-delete'),
    d('compute d rm 12345 -f', 'destructive', 'droplet-delete', 'aliases d and rm, --force'),
    d('compute droplet del --tag-name web --force', 'destructive', 'droplet-delete'),
    d('compute droplet delete web-1', 'destructive', 'droplet-delete', 'the config file presets --force', { files: CONFIG }),
    d('--context staging compute droplet delete web-1', 'destructive', 'droplet-delete', undefined, { files: CONFIG }),
    d('databases delete 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30 -f', 'destructive', 'database-delete'),
    d('db rm 9cc10173', 'destructive', 'database-delete', 'alias db'),
    d('databases db delete 9cc10173 defaultdb', 'destructive', 'database-delete'),
    d('kubernetes cluster delete prod-k8s --dangerous -f', 'destructive', 'kubernetes-delete'),
    d('k8s c rm prod-k8s', 'destructive', 'kubernetes-delete'),
    d('kubernetes cluster delete-selective prod-k8s --volume-list vol1', 'destructive', 'kubernetes-delete'),
    d('compute volume delete 506f78a4 -f', 'destructive', 'volume-delete'),
    d('compute snapshot rm 6372321', 'destructive', 'volume-delete'),
    d('compute lb delete 4de7ac8b', 'destructive', 'volume-delete'),
    d('apps delete 6f0b7a3c --force', 'destructive', 'volume-delete'),
    d('-t dop_v1_secret compute droplet delete web-1', 'destructive', 'droplet-delete', 'persistent -t before the verb'),
    d('compute droplet list', 'read', 'read'),
    d('compute droplet get web-1 --format ID,Name', 'read', 'read'),
    d('databases list', 'read', 'read'),
    d('kubernetes cluster list', 'read', 'read'),
    d('compute droplet create web-2 --size s-1vcpu-1gb --image ubuntu-24-04-x64 --region ams3', 'write', 'write'),
    d('account', 'read', 'read'),
    d('--help', 'read', 'read'),
    d('registry delete', 'unknown', 'bad-arguments', 'a deletion in a group guard did not transcribe'),
    d('compute firewall delete fw-1', 'unknown', 'bad-arguments'),
    d('compute droplet delete web-1 --frobnicate', 'unknown', 'bad-arguments'),
    d('compute droplet nuke web-1', 'unknown', 'bad-arguments'),
  ],
};
