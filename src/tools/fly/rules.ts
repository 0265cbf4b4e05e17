// The fly/flyctl rule tables: plain data, ids `fly/<rule>` and `flyctl/<rule>` (one program, two names).
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources: fly.io/docs/volumes/snapshots (daily snapshots, kept 5 days by default, configurable 1–60 with
// snapshot_retention; snapshots of a destroyed volume can still be restored into a new volume for their
// retention), fly.io/docs/flyctl/apps-destroy ("permanently destroys the app"), fly.io/docs/mpg.
const VOLUME_RECOVERY = 'Fly keeps a volume\'s snapshots for its snapshot_retention (5 days unless set): `fly volumes create --snapshot-id vs_…` restores the newest into a new volume; data written after it is lost.';

type Row = { risk: Risk; description: string; reason: string; recovery?: string };

const ROWS = {
  'apps-destroy': {
    risk: 'destructive',
    description: 'apps destroy (delete, remove, rm), destroy',
    reason: 'Permanently deletes the app with its machines, volumes, IPs, certificates and secrets.',
    recovery: `No undo for the app. ${VOLUME_RECOVERY}`,
  },
  'volumes-destroy': {
    risk: 'destructive',
    description: 'volumes destroy (volume/vol/v; delete, rm)',
    reason: 'Deletes the volume and every file on it; a machine using it loses its data.',
    recovery: VOLUME_RECOVERY,
  },
  'machine-destroy': {
    risk: 'destructive',
    description: 'machine destroy (machines/m; remove, rm), with or without --force',
    reason: 'Destroys the machine (--force even while it runs); its root filesystem is gone, attached volumes stay.',
    recovery: 'Create a new machine from the app\'s image (fly deploy or fly machine clone); data on its root filesystem is lost.',
  },
  'database-destroy': {
    risk: 'destructive',
    description: 'mpg destroy (delete, remove, rm), redis destroy (delete), lfsc clusters destroy',
    reason: 'Deletes a managed Postgres cluster, Redis database or LiteFS cluster with its data.',
    recovery: 'Managed Postgres keeps backups only while the cluster exists: without a dump taken before, the data is gone.',
  },
  'secrets-unset': {
    risk: 'destructive',
    description: 'secrets unset',
    reason: 'Removes secrets and redeploys the app; a removed DATABASE_URL or key breaks it at once.',
    recovery: 'Set the secrets again with their values (Fly never shows a secret\'s value back).',
  },
  'remote-command': {
    risk: 'write',
    description: 'ssh console -C CMD, machine exec ID CMD',
    reason: 'Runs a command on a machine of the app; guard assesses that command by its own rules, with the machine\'s environment.',
  },
  'remote-shell': {
    risk: 'unknown',
    description: 'ssh console without -C, console',
    reason: 'Opens a shell on a machine: guard cannot see what will be typed there.',
    recovery: 'Depends on what is typed; volumes have daily snapshots (fly volumes snapshots list).',
  },
  read: { risk: 'read', description: 'commands that only read (list, status, logs, show…)', reason: 'Only reads state.' },
  write: { risk: 'write', description: 'commands that change state but keep data (deploy, scale, secrets set…)', reason: 'Changes the app; no data is deleted.' },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a fly command or flag guard does not know',
    reason: 'guard cannot tell what this fly command does.',
    recovery: 'Depends on the command: check `fly COMMAND --help` before running it.',
  },
} satisfies Record<string, Row>;

export type FlyRuleKey = keyof typeof ROWS;

export function flyRules(program: 'fly' | 'flyctl'): Readonly<Record<FlyRuleKey, Rule>> {
  const out = {} as Record<FlyRuleKey, Rule>;
  for (const key of Object.keys(ROWS) as FlyRuleKey[]) out[key] = { id: `${program}/${key}`, ...ROWS[key] };
  return out;
}
