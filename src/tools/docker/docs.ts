// The Docker family's page in docs/tools/: the engine a command reaches, compose projects, and the Engine API.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Docker (docker, docker compose, docker-compose)',
  resolution: [
    'The engine as the docker client resolves it: `--context`/`-c`, then `-H`, then `DOCKER_HOST`, then `DOCKER_CONTEXT`, then `currentContext` in `~/.docker/config.json` (`--config`, `DOCKER_CONFIG`); a context\'s host from `contexts/meta/<sha256>/meta.json`.',
    'The environment from `environments.<name>.match.docker` (context, host globs), else the context\'s name (`prod-eu` is protected), `local` for the local socket, or the remote host\'s name.',
    'Compose projects: `-f`, `COMPOSE_FILE`, `compose.yaml`/`docker-compose.yml` upward with overrides; the name from `-p`, `COMPOSE_PROJECT_NAME`, `name:` or the directory; profiles from `--profile`/`COMPOSE_PROFILES`.',
  ],
  liveLookups: ['On a `unix://` engine only: GET /volumes/{name}, /system/df?type=volume (sizes), /containers/json (who mounts a volume, a project\'s anonymous volumes), /volumes?filters=dangling (what a prune deletes); 3 s each.'],
  notes: ['`docker exec`/`run` and `compose exec`/`run` are judged by the command they run; its environment (the container\'s) counts as unknown. tcp:// and ssh:// engines are not queried.'],
};
