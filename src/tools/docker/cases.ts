// docker and docker-compose case tables (offline): volumes, prunes, compose down -v, contexts, inner commands.
import { createHash } from 'node:crypto';
import type { ToolCase } from '../tool.js';

const COMPOSE = {
  'compose.yaml': [
    'services:',
    '  db: {image: postgres, volumes: ["pgdata:/var/lib/postgresql/data", "./init:/docker-entrypoint-initdb.d"]}',
    '  cache: {image: redis, profiles: [extras], volumes: [{type: volume, source: redisdata, target: /data}]}',
    'volumes: {pgdata: {}, redisdata: {}, shared: {external: true}}',
  ].join('\n'),
};

/** A docker context as `docker context create` stores it (cli/context/store). */
function contextFiles(name: string, host: string, current = false): Record<string, string> {
  const id = createHash('sha256').update(name).digest('hex');
  return {
    [`.docker/contexts/meta/${id}/meta.json`]: JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
    ...(current ? { '.docker/config.json': JSON.stringify({ currentContext: name }) } : {}),
  };
}

const d = (argv: string, risk: ToolCase['risk'], rule: string, note?: string, world?: ToolCase['world']): ToolCase => ({
  argv: ['docker', ...argv.split(' ').filter(Boolean)],
  risk,
  rules: [`docker/${rule}`],
  ...(note ? { note } : {}),
  ...(world ? { world } : {}),
});

const dc = (argv: string, risk: ToolCase['risk'], rule: string, note?: string, world?: ToolCase['world']): ToolCase => ({
  argv: ['docker-compose', ...argv.split(' ').filter(Boolean)],
  risk,
  rules: [`docker-compose/${rule}`],
  ...(note ? { note } : {}),
  ...(world ? { world } : {}),
});

export const dockerCases: Readonly<Record<string, readonly ToolCase[]>> = {
  docker: [
    d('volume rm pgdata', 'destructive', 'volume-rm'),
    d('volume remove -f pgdata other', 'destructive', 'volume-rm', 'alias remove'),
    d('--context prod-eu volume rm pgdata', 'destructive', 'volume-rm', 'a context named prod-eu', { files: contextFiles('prod-eu', 'ssh://deploy@db-1') }),
    d('-c=prod-eu volume rm pgdata', 'destructive', 'volume-rm', '-c= form'),
    d('volume rm pgdata', 'destructive', 'volume-rm', 'current context from config.json', { files: contextFiles('prod-eu', 'tcp://10.0.0.5:2376', true) }),
    d('volume prune', 'destructive', 'volume-prune'),
    d('volume prune -a -f', 'destructive', 'volume-prune'),
    d('system prune -a --volumes -f', 'destructive', 'system-prune'),
    d('system prune', 'destructive', 'system-prune'),
    d('image prune -a', 'destructive', 'image-prune-all'),
    d('image prune --all=true --force', 'destructive', 'image-prune-all'),
    d('image prune', 'write', 'write', 'dangling images only'),
    d('rm -v db', 'destructive', 'container-rm-volumes'),
    d('container remove --volumes db', 'destructive', 'container-rm-volumes'),
    d('rm -fv db', 'destructive', 'container-rm-volumes', 'combined shorthands'),
    d('rm db', 'write', 'write', 'anonymous volumes are kept without -v'),
    d('stack rm prod', 'destructive', 'swarm-rm'),
    d('service rm api', 'destructive', 'swarm-rm'),
    d('compose down -v', 'destructive', 'compose-down-volumes', 'names the compose file volumes', { files: COMPOSE }),
    d('compose down --volumes --rmi all', 'destructive', 'compose-down-volumes', undefined, { files: COMPOSE }),
    d('compose -f compose.yaml -p shop down -v', 'destructive', 'compose-down-volumes', 'project flags before the verb', { files: COMPOSE }),
    d('compose down -v', 'destructive', 'compose-down-volumes', 'no compose file: still destructive'),
    d('compose down', 'write', 'compose-down', 'volumes kept', { files: COMPOSE }),
    d('compose rm -v -f', 'destructive', 'compose-rm-volumes'),
    d('compose rm -f', 'write', 'write'),
    d('compose down -f compose.yaml', 'unknown', 'compose-unknown', '-f belongs before the verb: compose rejects it'),
    d('compose frobnicate', 'unknown', 'compose-unknown'),
    d('compose exec db psql -c select', 'write', 'compose-exec', 'inner psql reads'),
    d('compose ps', 'read', 'read'),
    d('compose config --volumes', 'read', 'read'),
    d('exec db psql -U app -c select', 'write', 'exec', 'inner command is classified by psql'),
    d('exec -it db ls /var/lib', 'write', 'exec'),
    d('run --rm -v pgdata:/data alpine ls /data', 'write', 'exec', 'flags of run stop at the image'),
    d('run postgres', 'write', 'exec', 'the image runs its own command'),
    d('ps -a', 'read', 'read'),
    d('volume ls', 'read', 'read'),
    d('volume inspect pgdata', 'read', 'read'),
    d('system df -v', 'read', 'read'),
    d('context ls', 'read', 'read'),
    d('--help', 'read', 'read'),
    d('volume', 'read', 'read', 'a management command alone prints help'),
    d('build -t app .', 'write', 'write'),
    d('pull postgres:16', 'write', 'write'),
    d('volume rm --context prod pgdata', 'unknown', 'unknown-command', 'global flags come before the command'),
    d('volume nuke pgdata', 'unknown', 'unknown-command'),
    d('buildx bake', 'unknown', 'unknown-command', 'a CLI plugin guard does not know'),
  ],
};

export const dockerComposeCases: Readonly<Record<string, readonly ToolCase[]>> = {
  'docker-compose': [
    dc('down -v', 'destructive', 'compose-down-volumes', undefined, { files: COMPOSE }),
    dc('--profile extras down --volumes', 'destructive', 'compose-down-volumes', 'profiles enable more services', { files: COMPOSE }),
    dc('rm -sv', 'destructive', 'compose-rm-volumes'),
    dc('down', 'write', 'compose-down'),
    dc('run --rm db psql -c select', 'write', 'compose-exec'),
    dc('up -d', 'write', 'write'),
    dc('logs -f db', 'read', 'read'),
    dc('nuke', 'unknown', 'compose-unknown'),
  ],
};
