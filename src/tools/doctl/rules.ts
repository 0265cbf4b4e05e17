// The doctl rule table: plain data, ids `doctl/<rule>`, recovery notes from DigitalOcean's docs.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources: docs.digitalocean.com/products/droplets/how-to/destroy ("irreversible"; backups are deleted
// with the Droplet, snapshots are kept), products/volumes/how-to/delete (data destroyed), products/databases
// (a deleted cluster's backups go with it), products/kubernetes/how-to/delete-clusters (--dangerous also deletes
// the cluster's load balancers, volumes and volume snapshots).
type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `doctl/${key}`, ...rows[key] };
  return out;
}

export const doctlRules = table({
  'droplet-delete': {
    risk: 'destructive',
    description: 'doctl compute droplet delete (d, del, rm)',
    reason: 'Permanently deletes the Droplets with their disks and backups (snapshots are kept).',
    recovery: 'No undo: restore a new Droplet from a snapshot taken before, if any; the Droplet\'s backups are deleted with it.',
  },
  'database-delete': {
    risk: 'destructive',
    description: 'doctl databases delete (rm), doctl databases db delete (rm)',
    reason: 'Deletes the database cluster with its data and backups, or one database inside it.',
    recovery: 'No undo for a cluster (its backups go with it); a database inside a cluster can be restored only by forking a backup taken before into a new cluster.',
  },
  'kubernetes-delete': {
    risk: 'destructive',
    description: 'doctl kubernetes cluster delete (d, rm), delete-selective',
    reason: 'Deletes the cluster and its nodes; with --dangerous also its load balancers, volumes and volume snapshots.',
    recovery: 'No undo: recreate the cluster and redeploy; with --dangerous the volumes and their snapshots are gone too.',
  },
  'volume-delete': {
    risk: 'destructive',
    description: 'doctl compute volume delete (d, rm), compute snapshot delete, compute load-balancer delete, apps delete',
    reason: 'Deletes a block storage volume (all its data), a snapshot, a load balancer or an App Platform app.',
    recovery: 'No undo: a deleted volume or snapshot is gone; a load balancer or app must be recreated (new IP, new URL).',
  },
  read: { risk: 'read', description: 'commands that only read (list, get, account…)', reason: 'Only reads state.' },
  write: { risk: 'write', description: 'commands that change state but delete nothing (create, resize, update…)', reason: 'Changes resources; no data is deleted.' },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a doctl command or flag guard does not know',
    reason: 'guard cannot tell what this doctl command does.',
    recovery: 'Depends on the command: check `doctl COMMAND --help` before running it.',
  },
});

export type DoctlRuleKey = keyof typeof doctlRules;
