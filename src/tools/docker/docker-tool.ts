// docker and docker-compose under guard: the client's grammar, the compose plugin's, and the engine they reach.
import type { Tool } from '../tool.js';
import { classifyDocker, parseDocker, type ParsedDocker } from './classify.js';
import { DOCKER_VERSION } from './docker-commands.generated.js';
import { resolveDocker } from './resolve.js';
import { dockerComposeRules, dockerRules } from './rules.js';

const COMPOSE_SOURCE = 'docker/compose v5.5.0-71-gf72979427 (f72979427042620a94dd52ce78b39c68cb02c085): cmd/compose/compose.go (project flags, SetInterspersed(false), --dry-run persistent), down.go, remove.go, exec.go, run.go and every other cmd/compose/*.go; pkg/compose/loader.go (profiles, WithoutUnnecessaryResources)';
const REFERENCES = [
  `${DOCKER_VERSION}: every command, alias and flag from its own --help (src/tools/docker/docker-commands.generated.ts)`,
  'docker/cli cli/command/cli.go resolveContextName (--context > -H > DOCKER_HOST > DOCKER_CONTEXT > currentContext)',
  'docker/cli cli/context/store (contexts/meta/<sha256(name)>/meta.json, Endpoints.docker.Host)',
  COMPOSE_SOURCE,
  'compose-go cli/options.go (default compose files, COMPOSE_FILE, COMPOSE_PATH_SEPARATOR, project name normalisation)',
  'https://docs.docker.com/reference/cli/docker/compose/down/ ("Networks and volumes defined as external are never removed")',
  'Docker Engine API v1.47: GET /volumes/{name}, /volumes, /system/df?type=volume, /containers/json',
];

export const dockerTool: Tool<ParsedDocker> = {
  name: 'docker',
  family: 'docker',
  summary: 'Docker CLI and its compose plugin',
  rules: dockerRules,
  checkedAgainst: { version: `${DOCKER_VERSION}; compose v5.5.0`, references: REFERENCES },
  parse: (args, ctx) => parseDocker('docker', args, ctx),
  classify: classifyDocker,
  resolve: resolveDocker,
};

export const dockerComposeTool: Tool<ParsedDocker> = {
  name: 'docker-compose',
  family: 'docker',
  summary: 'Docker Compose (standalone binary)',
  rules: dockerComposeRules,
  checkedAgainst: { version: 'docker compose v5.5.0', references: [COMPOSE_SOURCE, ...REFERENCES.slice(1)] },
  parse: (args, ctx) => parseDocker('docker-compose', args, ctx),
  classify: classifyDocker,
  resolve: resolveDocker,
};
