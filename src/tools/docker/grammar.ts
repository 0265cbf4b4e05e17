// The docker and docker compose command trees: docker's from its own --help (generated), compose's from its source.
import { buildCommandTree, parseFlagList, type CommandSpec, type RuledNode } from '../../parsers/command-spec.js';
import { DOCKER_COMMANDS, DOCKER_ROOT } from './docker-commands.generated.js';
import type { ComposeRuleKey, DockerRuleKey } from './rules.js';

// docker/compose v5.5.0-71-gf72979427 (f72979427042620a94dd52ce78b39c68cb02c085), cmd/compose/*.go: the root
// command's project flags (compose.go addProjectFlags; the root is SetInterspersed(false), so they come before
// the subcommand), --dry-run (PersistentFlags), and each subcommand's flags (down.go, remove.go, exec.go, run.go…).
const COMPOSE_ROOT_FLAGS = '--profile= -p/--project-name= -f/--file= --insecure-registry= --env-file= --project-directory= --workdir= --compatibility --progress= --all-resources --ansi= --parallel= -v/--version --no-ansi --verbose';

const COMPOSE_READ = 'read' as const;
const compose = (names: string, rule: ComposeRuleKey, flags = '', extra: Partial<CommandSpec<ComposeRuleKey>> = {}): CommandSpec<ComposeRuleKey> => ({ names, rule, flags, ...extra });

export const COMPOSE_SUBCOMMANDS: readonly CommandSpec<ComposeRuleKey>[] = [
  compose('attach', 'write', '--index= --detach-keys= --no-stdin --sig-proxy'),
  compose('build', 'write', '--push -q/--quiet --pull --build-arg= --ssh= --builder= --with-dependencies --provenance= --sbom= --parallel --compress --force-rm --no-cache --no-rm -m/--memory= --progress= --print --check'),
  compose('commit', 'write', '--index= -p/--pause -m/--message= -a/--author= -c/--change='),
  compose('config', COMPOSE_READ, '--format= --resolve-image-digests --lock-image-digests -q/--quiet --no-interpolate --no-normalize --no-path-resolution --no-consistency --no-env-resolution --services --volumes --networks --models --profiles --images --hash= --variables --environment -o/--output='),
  compose('cp', 'write', '--index= --all -L/--follow-link -a/--archive'),
  compose('create', 'write', '--build --no-build --pull= --quiet-pull --force-recreate --no-recreate --remove-orphans --scale= -y/--yes'),
  compose('down', 'compose-down', '--remove-orphans -t/--timeout= -v/--volumes --rmi='),
  compose('events', COMPOSE_READ, '--json --since= --until='),
  compose('exec', 'compose-exec', '-d/--detach -e/--env= --index= --privileged -u/--user= -T/--no-tty -w/--workdir= -i/--interactive -t/--tty', { interspersed: false }),
  compose('export', 'write', '--index= -o/--output='),
  compose('images', COMPOSE_READ, '--format= -q/--quiet'),
  compose('kill', 'write', '--remove-orphans -s/--signal='),
  compose('logs', COMPOSE_READ, '-f/--follow --index= --since= --until= --no-color --no-log-prefix -t/--timestamps -n/--tail='),
  compose('ls', COMPOSE_READ, '--format= -q/--quiet --filter= -a/--all'),
  compose('pause', 'write'),
  compose('port', COMPOSE_READ, '--protocol= --index='),
  compose('ps', COMPOSE_READ, '--format= --filter= --status= -q/--quiet --services --orphans -a/--all --no-trunc'),
  compose('publish', 'write', '--resolve-image-digests --oci-version= --with-env -y/--yes --app --insecure-registry'),
  compose('pull', 'write', '-q/--quiet --include-deps --parallel --no-parallel --ignore-pull-failures --ignore-buildable --policy='),
  compose('push', 'write', '--ignore-push-failures --include-deps -q/--quiet'),
  compose('restart', 'write', '-t/--timeout= --no-deps'),
  compose('rm', 'write', '-f/--force -s/--stop -v/--volumes -a/--all'),
  compose('run', 'compose-exec', '-d/--detach -e/--env= --env-from-file= -l/--label= --rm -T/--no-tty --name= -u/--user= -w/--workdir= --entrypoint= --cap-add= --cap-drop= --no-deps -v/--volume= -p/--publish= --use-aliases -P/--service-ports --pull= -q/--quiet --quiet-build --quiet-pull --build --remove-orphans -i/--interactive -t/--tty', { interspersed: false }),
  compose('scale', 'write', '--no-deps'),
  compose('start', 'write', '--wait --wait-timeout='),
  compose('stats', COMPOSE_READ, '-a/--all --format= --no-stream --no-trunc'),
  compose('stop', 'write', '-t/--timeout='),
  compose('top', COMPOSE_READ),
  compose('unpause', 'write'),
  compose('up', 'write', '-d/--detach --build --no-build --pull= --remove-orphans --scale= --no-color --no-log-prefix --force-recreate --no-recreate --no-start --abort-on-container-exit --abort-on-container-failure --exit-code-from= -t/--timeout= --timestamps --no-deps --always-recreate-deps -V/--renew-anon-volumes --quiet-pull --quiet-build --attach= --no-attach= --attach-dependencies --wait --wait-timeout= -w/--watch --menu -y/--yes'),
  compose('version', COMPOSE_READ, '-f/--format= --short'),
  compose('volumes', COMPOSE_READ, '-q/--quiet --format='),
  compose('wait', COMPOSE_READ, '--down-project'),
  compose('watch', 'write', '--quiet --prune --no-up'),
];

export function composeRoot(name: string): CommandSpec<ComposeRuleKey> {
  return { names: name, rule: 'compose-unknown', flags: COMPOSE_ROOT_FLAGS, persistent: '--dry-run', children: COMPOSE_SUBCOMMANDS };
}

/** Commands whose rule is not decided by their verb alone. */
const DOCKER_PATH_RULES: Readonly<Record<string, DockerRuleKey>> = {
  'volume rm': 'volume-rm',
  'volume prune': 'volume-prune',
  'system prune': 'system-prune',
  'stack rm': 'swarm-rm',
  'service rm': 'swarm-rm',
  'secret rm': 'swarm-rm',
  'config rm': 'swarm-rm',
  exec: 'exec',
  run: 'exec',
  'container exec': 'exec',
  'container run': 'exec',
};

// Verbs that only read, as docker's own help describes them (ls/list, inspect, logs, df…).
const READ_VERBS = new Set(['ls', 'list', 'ps', 'inspect', 'logs', 'df', 'info', 'version', 'images', 'history', 'top', 'port', 'stats', 'events', 'diff', 'search', 'show', 'du', 'imagetools']);
// Management commands given no subcommand print their help.
const INTERACTIVE_PROGRAMS = new Set(['run', 'exec', 'container run', 'container exec']);

function dockerRuleOf(path: string): DockerRuleKey {
  const ruled = DOCKER_PATH_RULES[path];
  if (ruled) return ruled;
  const verb = path.slice(path.lastIndexOf(' ') + 1);
  return READ_VERBS.has(verb) ? 'read' : 'write';
}

function buildDockerSpec(): CommandSpec<DockerRuleKey> {
  const specs = new Map<string, { spec: CommandSpec<DockerRuleKey>; children: CommandSpec<DockerRuleKey>[] }>();
  const root = { spec: { names: 'docker', rule: 'unknown-command' as DockerRuleKey, flags: DOCKER_ROOT.flags }, children: [] as CommandSpec<DockerRuleKey>[] };
  for (const [path, command] of Object.entries(DOCKER_COMMANDS)) {
    const name = path.slice(path.lastIndexOf(' ') + 1);
    const children: CommandSpec<DockerRuleKey>[] = [];
    const spec: CommandSpec<DockerRuleKey> = {
      names: [name, ...command.aliases].join(' '),
      rule: dockerRuleOf(path),
      flags: command.flags,
      children,
      ...(INTERACTIVE_PROGRAMS.has(path) ? { interspersed: false as const } : {}),
    };
    specs.set(path, { spec, children });
    const parent = path.includes(' ') ? specs.get(path.slice(0, path.lastIndexOf(' '))) : root;
    parent?.children.push(spec);
  }
  // The compose plugin (not installed with the client here): its grammar comes from its source.
  root.children.push(composeRoot('compose') as unknown as CommandSpec<DockerRuleKey>);
  return { ...root.spec, children: root.children };
}

export const DOCKER_TREE: RuledNode<DockerRuleKey> = buildCommandTree(buildDockerSpec());
export const DOCKER_COMPOSE_TREE: RuledNode<ComposeRuleKey> = buildCommandTree(composeRoot('docker-compose'));
export const NO_GLOBAL_FLAGS = parseFlagList('');
