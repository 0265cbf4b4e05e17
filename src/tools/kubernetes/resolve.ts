// Resolve stage for kubectl and helm: kubeconfig → context, cluster, namespace → environment; targets; live blast radius.
import { offlineCause, type Context } from '../../core/context.js';
import { isDangerous } from '../../core/risk.js';
import type { Target } from '../../core/types.js';
import type { Classification, Resolution } from '../tool.js';
import { kubernetesEnvironment } from './environment.js';
import type { DeleteRequest } from './kubectl-classify.js';
import { resolveKubeTarget, type KubeFlags, type KubeTarget } from './kubeconfig.js';
import { KubectlLookup, measureDelete, type LiveFacts } from './live.js';

export interface KubeRequest {
  readonly program: 'kubectl' | 'helm';
  readonly flags: KubeFlags;
  /** Flags that change who kubectl talks to as, forwarded to look-ups as the user gave them. */
  readonly connectionArgs: readonly string[];
  readonly delete: DeleteRequest | null;
  /** Named things a dangerous command touches (helm release, exec pod…), when not a delete. */
  readonly named: readonly { kind: string; name: string }[];
  /** The command reaches every namespace (-A). */
  readonly allNamespaces: boolean;
}

function singular(type: string): string {
  if (type.endsWith('sses')) return type.slice(0, -2);
  if (type.endsWith('ies')) return `${type.slice(0, -3)}y`;
  return type.endsWith('s') ? type.slice(0, -1) : type;
}

function targetsOf(request: KubeRequest, kube: KubeTarget, environment: string): Target[] {
  const base = { environment, context: kube.context, namespace: kube.namespace };
  const del = request.delete;
  if (!del) return request.named.map((n) => ({ ...base, kind: n.kind, id: `${kube.namespace}/${n.name}`, name: n.name }));
  if (del.scope === 'raw') {
    const last = (del.raw ?? '').split('/').filter(Boolean).pop() ?? 'raw';
    return [{ ...base, kind: 'api-path', id: del.raw ?? '', name: last }];
  }
  if (del.scope !== 'named') {
    const where = del.scope === 'all-namespaces' ? '*' : kube.namespace;
    return (del.types.length > 0 ? del.types : ['objects']).map((type) => ({ ...base, kind: type, id: `${where}/${type}/*`, name: del.scope === 'all-namespaces' ? `${type}-in-all-namespaces` : `${kube.namespace}-${type}` }));
  }
  return del.objects.map((o) => {
    const clusterScoped = o.type === 'namespaces' || o.type === 'persistentvolumes' || o.type === 'customresourcedefinitions' || o.type === 'nodes';
    const namespace = o.namespace ?? kube.namespace;
    // A cluster-scoped object (a namespace, a PV) lives in no namespace: the report must not suggest one.
    return { environment, context: kube.context, kind: singular(o.type), id: clusterScoped ? o.name : `${namespace}/${o.name}`, name: o.name, ...(clusterScoped ? {} : { namespace }) };
  });
}

function describeScope(request: KubeRequest, kube: KubeTarget): string[] {
  const lines: string[] = [];
  const where = kube.server ? ` (server ${kube.server})` : '';
  lines.push(`context ${kube.context ?? '(none)'} → cluster ${kube.cluster ?? '(unknown)'}${where}, namespace ${kube.namespace} (${kube.namespaceSource})`);
  if (request.allNamespaces || request.delete?.scope === 'all-namespaces') lines.push('-A/--all-namespaces: every namespace of the cluster — the widest delete there is');
  else if (request.delete?.scope === 'all') lines.push(`--all: every ${request.delete.types.join(',')} in namespace ${kube.namespace}`);
  else if (request.delete?.scope === 'selector') lines.push(`every ${request.delete.types.join(',')} in namespace ${kube.namespace} matching ${request.delete.selector}`);
  if (request.delete?.types.includes('namespaces')) lines.push('deleting a namespace deletes every object in it');
  return lines;
}

function pinArgs(request: KubeRequest, kube: KubeTarget): string[] {
  return [...(kube.context ? ['--context', kube.context] : []), ...(request.flags.kubeconfig ? ['--kubeconfig', request.flags.kubeconfig] : []), ...request.connectionArgs];
}

export async function resolveKube(request: KubeRequest, classification: Classification, ctx: Context): Promise<Resolution> {
  const kube = await resolveKubeTarget(request.flags, ctx);
  const environment = kubernetesEnvironment(kube, ctx.config);
  const dangerous = isDangerous(classification.risk);
  const recovery = classification.hits.find((hit) => hit.rule.risk === classification.risk && hit.rule.recovery)?.rule.recovery ?? null;
  const notes: string[] = [];
  const unverified: string[] = [];
  if (!dangerous) return { environment, targets: [], blastRadius: [], credential: null, recovery: null, unverified, notes };

  // Another session can switch current-context between this check and the run (BYPASSES.md): say how to pin it.
  if (kube.context && !request.flags.context) notes.push(`guard resolved context ${kube.context} from the kubeconfig's current-context; pass ${request.program === 'helm' ? '--kube-context' : '--context'} ${kube.context} to pin it.`);
  unverified.push(...kube.problems.filter((problem) => !problem.startsWith('context ')));
  const targets = targetsOf(request, kube, environment.name);
  const blastRadius = describeScope(request, kube);
  if (ctx.offline) {
    blastRadius.push(`not measured: ${offlineCause(ctx)}`);
    return { environment, targets, blastRadius, credential: null, recovery, unverified, notes };
  }
  if (!kube.contextFound && !request.flags.server) {
    unverified.push(`no usable kubeconfig context${kube.context ? ` (${kube.context})` : ''}: the cluster was not asked`);
    return { environment, targets, blastRadius, credential: null, recovery, unverified, notes };
  }
  const facts: LiveFacts = { blastRadius, unverified, bytes: new Map() };
  const spinner = ctx.spinner('guard: asking the cluster what this would delete…');
  try {
    const lookup = new KubectlLookup(ctx, pinArgs(request, kube));
    if (request.delete) await measureDelete(lookup, request.delete, kube.namespace, facts);
    else if (request.program === 'helm') {
      for (const release of request.named) {
        // helm stores each revision as a secret: count them by name only, never reading their contents.
        const history = await lookup.names(['-n', kube.namespace, 'secrets', '-l', `owner=helm,name=${release.name}`]);
        if (!history.ok) unverified.push(`release ${release.name}: ${history.error}`);
        else {
          const revisions = history.value.length;
          blastRadius.push(revisions === 0 ? `release ${release.name} not found in namespace ${kube.namespace}` : `release ${release.name}: ${revisions} revisions stored in namespace ${kube.namespace}`);
        }
      }
    }
  } finally {
    spinner.stop();
  }
  const withBytes = targets.map((t) => (facts.bytes.has(t.name) ? { ...t, bytes: facts.bytes.get(t.name) } : t));
  return { environment, targets: withBytes, blastRadius, credential: null, recovery, unverified, notes };
}
