// Resolve stage for docker and docker compose: the engine (context/host) → environment; volumes → targets and live sizes.
import { offlineCause, type Context } from '../../core/context.js';
import { isDangerous } from '../../core/risk.js';
import { formatBytes, plural } from '../../core/report.js';
import type { Target } from '../../core/types.js';
import { allValues, lastValue } from '../../parsers/cobra.js';
import type { Classification, Resolution } from '../tool.js';
import { composeVolumesDeleted, type ParsedDocker } from './classify.js';
import { dockerEnvironment, resolveDockerEndpoint, unixSocketOf } from './context.js';
import { DockerEngine, volumeLine, type VolumeFacts } from './engine.js';
import { dockerRules } from './rules.js';

interface Plan {
  /** Volumes the command deletes by name. */
  readonly volumes: readonly string[];
  /** What else goes, in words, when no name is known offline. */
  readonly scope: readonly string[];
  /** Facts about where the deletion happens and what it spares. */
  readonly about?: readonly string[];
  readonly prune: 'anonymous' | 'all' | null;
  readonly composeProject: string | null;
}

function planOf(parsed: ParsedDocker): Plan {
  const { key, args } = parsed;
  const none: Plan = { volumes: [], scope: [], prune: null, composeProject: null };
  switch (key) {
    case 'volume-rm':
      return { ...none, volumes: parsed.named };
    case 'volume-prune': {
      const all = args.flags.has('all');
      return { ...none, prune: all ? 'all' : 'anonymous', scope: [all ? 'every volume no container uses, named ones included (-a)' : 'every anonymous volume no container uses'] };
    }
    case 'system-prune':
      return {
        ...none,
        prune: args.flags.has('volumes') ? 'anonymous' : null,
        scope: ['every stopped container and its writable layer', 'every unused network', args.flags.has('all') ? 'every image no container uses (-a)' : 'dangling images', 'the build cache', ...(args.flags.has('volumes') ? ['every anonymous volume no container uses (--volumes)'] : [])],
      };
    case 'compose-down-volumes': {
      const { deleted, kept } = composeVolumesDeleted(parsed.project);
      const files = parsed.project?.files ?? [];
      return {
        ...none,
        volumes: deleted,
        composeProject: parsed.project?.name ?? null,
        about: [
          `compose project ${parsed.project?.name ?? '(unresolved)'} (${parsed.project?.nameSource ?? '?'}) from ${files.length > 0 ? files.join(', ') : 'no compose file'}`,
          ...(kept.length > 0 ? [`kept: ${kept.join(', ')}`] : []),
        ],
        scope: [...(deleted.length > 0 ? [`the named volumes ${deleted.join(', ')}`] : []), 'the anonymous volumes attached to the project\'s containers'],
      };
    }
    case 'compose-rm-volumes':
      return { ...none, composeProject: parsed.project?.name ?? null, scope: ['the anonymous volumes attached to the stopped service containers'] };
    case 'container-rm-volumes':
      return { ...none, scope: [`the anonymous volumes of ${parsed.named.join(', ') || 'the containers'}`] };
    case 'image-prune-all':
      return { ...none, scope: ['every image no container uses (-a), locally built ones included'] };
    default:
      return none;
  }
}

function targetsOf(parsed: ParsedDocker, plan: Plan, environment: string, context: string): Target[] {
  const base = { environment, context };
  if (plan.volumes.length > 0) return plan.volumes.map((name) => ({ ...base, kind: 'volume', id: name, name }));
  if (parsed.named.length > 0) return parsed.named.map((name) => ({ ...base, kind: parsed.key === 'swarm-rm' ? parsed.args.path[0] ?? 'object' : 'container', id: name, name }));
  if (plan.composeProject) return [{ ...base, kind: 'compose-project', id: plan.composeProject, name: plan.composeProject }];
  const label = parsed.args.path.join('-') || parsed.program;
  return [{ ...base, kind: 'engine', id: `${context}:${label}`, name: label }];
}

async function measure(engine: DockerEngine, plan: Plan): Promise<{ lines: string[]; volumes: VolumeFacts[] }> {
  const volumes = plan.volumes.length > 0 ? await engine.volumes(plan.volumes) : [];
  const lines = volumes.map(volumeLine);
  if (plan.prune) {
    const candidates = await engine.pruneCandidates(plan.prune === 'all');
    const total = candidates.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
    lines.push(candidates.length === 0 ? 'no unused volume would be pruned now' : `prunes ${plural(candidates.length, 'unused volume')}, ${formatBytes(total)}: ${candidates.map((v) => `${v.name.slice(0, 24)} ${v.bytes !== undefined ? formatBytes(v.bytes) : '?'}`).join(', ')}`);
  }
  if (plan.composeProject) {
    const anonymous = await engine.composeAnonymousVolumes(plan.composeProject);
    if (anonymous.length > 0) {
      const sizes = await engine.volumeSizes();
      lines.push(`${plural(anonymous.length, 'anonymous volume')} of the project's containers, ${formatBytes(anonymous.reduce((sum, name) => sum + (sizes.get(name) ?? 0), 0))}`);
    }
  }
  return { lines, volumes };
}

export async function resolveDocker(parsed: ParsedDocker, classification: Classification, ctx: Context): Promise<Resolution> {
  const endpoint = await resolveDockerEndpoint({ config: lastValue(parsed.args, 'config'), context: lastValue(parsed.args, 'context'), hosts: allValues(parsed.args, 'host') }, ctx);
  const environment = dockerEnvironment(endpoint, ctx.config);
  const unverified = [...endpoint.problems];
  const notes: string[] = [];
  if (!isDangerous(classification.risk)) return { environment, targets: [], blastRadius: [], credential: null, recovery: null, unverified, notes };
  const plan = planOf(parsed);
  const blastRadius = [`engine ${endpoint.host ?? '(unresolved)'} (docker context ${endpoint.context}, ${endpoint.contextSource})`, ...(plan.about ?? []), ...plan.scope.map((line) => `deletes ${line}`)];
  let targets = targetsOf(parsed, plan, environment.name, endpoint.context);
  const recovery = classification.hits.find((h) => h.rule.recovery)?.rule.recovery ?? dockerRules['volume-rm'].recovery ?? null;
  const socket = unixSocketOf(endpoint.host);
  if (ctx.offline) blastRadius.push(`not measured: ${offlineCause(ctx)}`);
  else if (!socket) blastRadius.push(`not measured: the engine at ${endpoint.host ?? '(unresolved)'} is not a local socket, guard does not query it`);
  else {
    const spinner = ctx.spinner('guard: asking the Docker engine');
    try {
      const { lines, volumes } = await measure(new DockerEngine(socket, ctx), plan);
      blastRadius.push(...lines);
      targets = targets.map((t) => {
        const facts = volumes.find((v) => v.name === t.id);
        return facts?.bytes !== undefined ? { ...t, bytes: facts.bytes, mountedBy: facts.containers } : t;
      });
    } catch (error) {
      unverified.push(`docker engine ${socket}: ${(error as Error).message}`);
    } finally {
      spinner.stop();
    }
  }
  return { environment, targets, blastRadius, credential: null, recovery, unverified, notes };
}
