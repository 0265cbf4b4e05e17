// The docker and docker compose rule tables: plain data, ids `docker/<rule>` and `docker-compose/<rule>`.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources: docs.docker.com/reference/cli/docker/volume/rm, volume/prune, system/prune, image/prune,
// container/rm, and docs.docker.com/reference/cli/docker/compose/down ("Networks and volumes defined as
// external are never removed"). The Engine keeps no trash: a removed volume's data is gone.
const VOLUME_GONE = 'No undo: Docker deletes a volume\'s data with it. Restore from a backup of the volume taken before (e.g. a tar of its mount point), or from the database\'s own dump.';

type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(program: string, rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `${program}/${key}`, ...rows[key] };
  return out;
}

const COMPOSE_ROWS = {
  'compose-down-volumes': {
    risk: 'destructive',
    description: 'compose down -v (--volumes)',
    reason: 'Removes the project\'s containers and networks, and deletes the named volumes its compose files declare (not external ones) and the anonymous volumes of its containers.',
    recovery: VOLUME_GONE,
  },
  'compose-rm-volumes': {
    risk: 'destructive',
    description: 'compose rm -v (--volumes)',
    reason: 'Removes stopped service containers and deletes the anonymous volumes attached to them.',
    recovery: VOLUME_GONE,
  },
  'compose-down': {
    risk: 'write',
    description: 'compose down (without -v)',
    reason: 'Stops and removes the project\'s containers and networks; its volumes are kept, so `up` brings the data back.',
  },
  'compose-exec': {
    risk: 'write',
    description: 'compose exec SERVICE CMD, compose run SERVICE CMD',
    reason: 'Runs a command inside a service container; guard assesses that command by its own rules, with the container\'s environment, which it cannot see.',
  },
  'compose-unknown': {
    risk: 'unknown',
    description: 'a compose command or flag guard does not know',
    reason: 'guard cannot tell what this compose command does.',
    recovery: 'Depends on the command: check `docker compose --help` before running it.',
  },
} satisfies Record<string, Row>;

const READ_WRITE_ROWS = {
  read: { risk: 'read', description: 'commands that only read (ls, ps, inspect, logs, df, config…)', reason: 'Only reads state.' },
  write: { risk: 'write', description: 'commands that change state but keep data (run, start, stop, build, pull, rm without -v…)', reason: 'Changes containers, images or networks; no volume data is deleted.' },
} satisfies Record<string, Row>;

export const dockerRules = table('docker', {
  'volume-rm': {
    risk: 'destructive',
    description: 'docker volume rm (remove)',
    reason: 'Deletes the named volumes and every file in them.',
    recovery: VOLUME_GONE,
  },
  'volume-prune': {
    risk: 'destructive',
    description: 'docker volume prune',
    reason: 'Deletes every unused anonymous volume (with -a/--all: every unused volume, named ones too).',
    recovery: VOLUME_GONE,
  },
  'system-prune': {
    risk: 'destructive',
    description: 'docker system prune',
    reason: 'Removes stopped containers (their writable layers), unused networks, dangling images (with -a: every unused image) and build cache; with --volumes, unused anonymous volumes too.',
    recovery: 'No undo: images can be pulled or rebuilt; data in removed containers and volumes is gone.',
  },
  'image-prune-all': {
    risk: 'destructive',
    description: 'docker image prune -a (--all)',
    reason: 'Removes every image no container uses, not only dangling ones; locally built images that were never pushed are lost.',
    recovery: 'Pull the images again from their registry or rebuild them; unpushed local builds cannot be recovered.',
  },
  'container-rm-volumes': {
    risk: 'destructive',
    description: 'docker rm -v, docker container rm -v (--volumes)',
    reason: 'Removes the containers and deletes their anonymous volumes.',
    recovery: VOLUME_GONE,
  },
  'swarm-rm': {
    risk: 'destructive',
    description: 'docker stack rm, docker service rm, docker secret rm, docker config rm',
    reason: 'Removes swarm stacks, services, secrets or configs from the cluster: what runs there stops.',
    recovery: 'Deploy the stack or service again from its definition; a removed secret must be created again from its source.',
  },
  exec: {
    risk: 'write',
    description: 'docker exec CONTAINER CMD, docker run IMAGE CMD',
    reason: 'Runs a command in a container; guard assesses that command by its own rules, with the container\'s environment, which it cannot see.',
  },
  'unknown-command': {
    risk: 'unknown',
    description: 'a docker command, plugin or flag guard does not know',
    reason: 'guard cannot tell what this docker command does (a CLI plugin, a typo, or a newer client).',
    recovery: 'Depends on the command: check `docker COMMAND --help` before running it.',
  },
  ...COMPOSE_ROWS,
  ...READ_WRITE_ROWS,
});

export const dockerComposeRules = table('docker-compose', { ...COMPOSE_ROWS, ...READ_WRITE_ROWS });

export type DockerRuleKey = keyof typeof dockerRules;
export type ComposeRuleKey = keyof typeof dockerComposeRules;
