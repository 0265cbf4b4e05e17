// fly and flyctl case tables (offline): aliases, -a/fly.toml, destroy forms, ssh console -C and secrets.
import type { ToolCase } from '../tool.js';

const FLY_TOML = { 'fly.toml': "# fly.toml app configuration file\napp = 'shop-prod'\nprimary_region = 'ams'\n\n[mounts]\n  source = 'pg_data'\n  destination = '/data'\n" };

function table(program: 'fly' | 'flyctl') {
  return (argv: string | readonly string[], risk: ToolCase['risk'], rule: string, note?: string, world?: ToolCase['world']): ToolCase => ({
    argv: [program, ...(typeof argv === 'string' ? argv.split(' ').filter(Boolean) : argv)],
    risk,
    rules: [`${program}/${rule}`],
    ...(note ? { note } : {}),
    ...(world ? { world } : {}),
  });
}

const f = table('fly');
const fc = table('flyctl');

export const flyCases: Readonly<Record<string, readonly ToolCase[]>> = {
  fly: [
    f('volumes destroy vol_123abc', 'destructive', 'volumes-destroy', 'app from fly.toml', { files: FLY_TOML }),
    f('volume rm vol_123abc -y', 'destructive', 'volumes-destroy'),
    f('vol delete vol_1 vol_2 -a shop-prod', 'destructive', 'volumes-destroy'),
    f('v destroy --app=shop-prod vol_1', 'destructive', 'volumes-destroy'),
    f('volumes destroy vol_1 -c infra/fly.toml', 'destructive', 'volumes-destroy'),
    f('apps destroy shop-prod --yes', 'destructive', 'apps-destroy'),
    f('app rm shop-prod -y', 'destructive', 'apps-destroy'),
    f('destroy shop-prod', 'destructive', 'apps-destroy', 'deprecated top-level destroy'),
    f('machine destroy 148ed193b95389 --force', 'destructive', 'machine-destroy'),
    f('m rm 148ed193b95389 -f -a shop-prod', 'destructive', 'machine-destroy'),
    f('machines remove 148ed193b95389', 'destructive', 'machine-destroy'),
    f('mpg destroy cluster-abc --yes', 'destructive', 'database-destroy'),
    f('redis destroy cache', 'destructive', 'database-destroy'),
    f('secrets unset DATABASE_URL -a shop-prod', 'destructive', 'secrets-unset'),
    f(['ssh', 'console', '-a', 'shop-prod', '-C', 'psql -c "DROP TABLE users"'], 'destructive', 'remote-command', 'the inner command is classified'),
    f(['ssh', 'console', '-C', 'ls /data'], 'write', 'remote-command'),
    f('ssh console -a shop-prod', 'unknown', 'remote-shell'),
    f('machine exec 148ed193b95389 ls', 'write', 'remote-command'),
    f('-t secret-token volumes destroy vol_1 -a shop-prod', 'destructive', 'volumes-destroy', 'persistent -t before the verb'),
    f('deploy --remote-only', 'write', 'write'),
    f('scale count 2', 'write', 'write'),
    f('secrets set FOO=bar', 'write', 'write'),
    f('volumes list -a shop-prod', 'read', 'read'),
    f('volumes snapshots list vol_1', 'read', 'read'),
    f('status', 'read', 'read'),
    f('logs -a shop-prod', 'read', 'read'),
    f('--help', 'read', 'read'),
    f('volumes destroy vol_1 --frobnicate', 'unknown', 'bad-arguments'),
    f('postgres destroy shop-db', 'unknown', 'bad-arguments', 'not a flyctl command: fly postgres apps go with apps destroy'),
    f('nuke', 'unknown', 'bad-arguments'),
    f('storage destroy my-bucket', 'unknown', 'bad-arguments', 'a deletion guard has no rule for fails closed'),
  ],
  flyctl: [
    fc('volumes destroy vol_123abc', 'destructive', 'volumes-destroy', undefined, { files: FLY_TOML }),
    fc('apps destroy shop-prod', 'destructive', 'apps-destroy'),
    fc('machine destroy 148ed --force', 'destructive', 'machine-destroy'),
    fc('mpg destroy c1', 'destructive', 'database-destroy'),
    fc('secrets unset KEY', 'destructive', 'secrets-unset'),
    fc(['ssh', 'console', '-C', 'uptime'], 'write', 'remote-command'),
    fc('ssh console', 'unknown', 'remote-shell'),
    fc('deploy', 'write', 'write'),
    fc('status', 'read', 'read'),
    fc('frobnicate', 'unknown', 'bad-arguments'),
  ],
};
