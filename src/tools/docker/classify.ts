// Parse and classify docker and docker compose argv: the generated grammar, flags that change a verb, inner commands.
import type { Context } from '../../core/context.js';
import type { Rule, RuleHit } from '../../core/types.js';
import { allValues, isOn, lastValue, parseArgs, type ParsedArgs } from '../../parsers/cobra.js';
import { nodeAt, type RuledNode } from '../../parsers/command-spec.js';
import type { Classification, ParsedInvocation } from '../tool.js';
import { loadComposeProject, type ComposeProject } from './compose-project.js';
import { DOCKER_COMPOSE_TREE, DOCKER_TREE, NO_GLOBAL_FLAGS } from './grammar.js';
import { dockerComposeRules, dockerRules, type DockerRuleKey } from './rules.js';

export type DockerProgram = 'docker' | 'docker-compose';

export interface ParsedDocker extends ParsedInvocation {
  readonly program: DockerProgram;
  readonly args: ParsedArgs;
  /** The command path below compose (`['down']`), or null when this is not a compose command. */
  readonly composePath: readonly string[] | null;
  readonly key: DockerRuleKey;
  /** Loaded during parse for compose commands that delete volumes (classify names them). */
  readonly project: ComposeProject | null;
  /** Volumes, containers or images named on the command line. */
  readonly named: readonly string[];
}

function ruleKey(program: DockerProgram, args: ParsedArgs, node: RuledNode<DockerRuleKey>, composePath: readonly string[] | null): DockerRuleKey {
  const unknown: DockerRuleKey = composePath !== null || program === 'docker-compose' ? 'compose-unknown' : 'unknown-command';
  if (args.problems.length > 0 || args.unknownCommand !== null) return args.infoOnly ? 'read' : unknown;
  if (args.infoOnly) return 'read';
  // A management command with a word that names none of its subcommands: a plugin or a newer client.
  if (node.children.size > 0 && args.positionals.length > 0) return unknown;
  if (args.path.length === 0 || (composePath !== null && composePath.length === 0)) return 'read';
  if (node.children.size > 0) return 'read';
  const path = args.path.join(' ');
  const sub = composePath?.join(' ');
  if (sub === 'down' && isOn(args, 'volumes')) return 'compose-down-volumes';
  if (sub === 'rm' && isOn(args, 'volumes')) return 'compose-rm-volumes';
  if (composePath === null) {
    if (path === 'image prune' && isOn(args, 'all')) return 'image-prune-all';
    if ((path === 'rm' || path === 'container rm') && isOn(args, 'volumes')) return 'container-rm-volumes';
  }
  return node.rule;
}

/** The command a container runs: `exec CONTAINER CMD…`, `run IMAGE [CMD…]`, `compose exec|run SERVICE [CMD…]`. */
function innerCommand(args: ParsedArgs, key: DockerRuleKey, composePath: readonly string[] | null, program: DockerProgram): ParsedInvocation['runs'] | undefined {
  if (key !== 'exec' && key !== 'compose-exec') return undefined;
  const [where, ...command] = args.positionals;
  if (where === undefined || command.length === 0) return undefined;
  const verb = composePath ? `${program === 'docker' ? 'docker compose' : 'docker-compose'} ${composePath.join(' ')}` : `docker ${args.path.join(' ')}`;
  // The container's connection settings are its own: nothing on this machine describes them.
  return { argv: command, where: `${verb} ${where}`, remote: `the container ${where}` };
}

export async function parseDocker(program: DockerProgram, argv: readonly string[], ctx: Context): Promise<ParsedDocker> {
  const tree = (program === 'docker' ? DOCKER_TREE : DOCKER_COMPOSE_TREE) as RuledNode<DockerRuleKey>;
  const args = parseArgs(tree, NO_GLOBAL_FLAGS, argv, program);
  const node = nodeAt(tree, args.path);
  const composePath = program === 'docker-compose' ? args.path : args.path[0] === 'compose' ? args.path.slice(1) : null;
  const key = ruleKey(program, args, node, composePath);
  const runs = innerCommand(args, key, composePath, program);
  let project: ComposeProject | null = null;
  if (key === 'compose-down-volumes' || key === 'compose-down' || key === 'compose-rm-volumes') {
    project = await loadComposeProject(
      {
        files: allValues(args, 'file'),
        projectName: lastValue(args, 'project-name'),
        projectDirectory: lastValue(args, 'project-directory') ?? lastValue(args, 'workdir'),
        profiles: allValues(args, 'profile'),
        allResources: isOn(args, 'all-resources'),
        services: args.positionals,
      },
      ctx,
    );
  }
  const named = key === 'volume-rm' || key === 'container-rm-volumes' || key === 'swarm-rm' ? args.positionals : [];
  return { program, args, composePath, key, project, named, ...(runs ? { runs } : {}) };
}

function ruleFor(parsed: ParsedDocker, key: DockerRuleKey): Rule {
  if (parsed.program === 'docker') return dockerRules[key];
  return dockerComposeRules[key as keyof typeof dockerComposeRules] ?? dockerComposeRules['compose-unknown'];
}

/** The named volumes `compose down -v` deletes: declared, not external, used by an enabled service. */
export function composeVolumesDeleted(project: ComposeProject | null): { deleted: string[]; kept: string[] } {
  const deleted: string[] = [];
  const kept: string[] = [];
  for (const volume of project?.volumes ?? []) {
    if (volume.external) kept.push(`${volume.name} (external: never removed)`);
    else if (!volume.inScope) kept.push(`${volume.key} (no enabled service uses it)`);
    else deleted.push(volume.name);
  }
  return { deleted, kept };
}

export function classifyDocker(parsed: ParsedDocker): Classification {
  const { args, key } = parsed;
  const rule = ruleFor(parsed, key);
  const words = [parsed.program, ...args.path].join(' ');
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  if (rule.risk === 'unknown') {
    const problems = [...args.problems, ...(args.unknownCommand ? [`unknown command ${args.unknownCommand}`] : []), ...(args.positionals.length > 0 && args.problems.length === 0 && !args.unknownCommand ? [`unknown subcommand ${args.positionals[0]} for ${words}`] : [])];
    for (const problem of problems.length > 0 ? problems : ['unrecognised command']) hits.push({ rule, summary: problem });
    unverified.push(...problems.map((p) => `${parsed.program} arguments: ${p}`));
  } else if (key === 'compose-down-volumes') {
    const { deleted } = composeVolumesDeleted(parsed.project);
    hits.push({ rule, summary: `${words} -v: deletes ${deleted.length > 0 ? deleted.join(', ') : 'no named volumes'} and the containers' anonymous volumes`, objects: deleted.map((name) => ({ kind: 'volume', name })) });
    unverified.push(...(parsed.project?.problems ?? []).map((p) => `compose project: ${p}`));
  } else if (parsed.named.length > 0) {
    const kind = key === 'container-rm-volumes' ? 'container' : key === 'swarm-rm' ? args.path[0] ?? 'object' : 'volume';
    hits.push({ rule, summary: `${words} ${parsed.named.join(' ')}`, objects: parsed.named.map((name) => ({ kind, name })) });
  } else hits.push({ rule, summary: words });
  return { risk: rule.risk, hits, unverified };
}
