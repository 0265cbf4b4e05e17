// Kubernetes snapshots: the manifests of every object a kubectl delete removes (kubectl get -o json), restored by kubectl apply.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Context } from '../../core/context.js';
import { resolveKubeTarget } from '../../tools/kubernetes/kubeconfig.js';
import type { ParsedKubectl } from '../../tools/kubernetes/kubectl-tool.js';
import { kubectlRequest } from '../../tools/kubernetes/kubectl-tool.js';
import { SnapshotError, type SnapshotInput, type SnapshotManifest, type SnapshotPlan, type Snapshotter, type TakenSnapshot, type Verification } from '../model.js';
import { COPY_TIMEOUT_MS, failureLine, keepSessionSecret, readSnapshotFile, requireBinary, sessionSecret, writePrivateFile } from './shared.js';
import { cleanForApply, describeObject, type KubeObject } from './kubernetes-objects.js';

const FILE = 'objects.json';
const MAX_OUTPUT_BYTES = 256 << 20;
const STORAGE_TYPES = new Set(['persistentvolumeclaims', 'persistentvolumes']);

/** One `kubectl get` that lists what the delete removes. */
interface GetRequest {
  /** `pods/x`, `deployments` or `widgets.example.com` words, as kubectl get takes them. */
  readonly resources: readonly string[];
  readonly namespace: string | null;
  readonly allNamespaces: boolean;
  readonly labelSelector: string | null;
  readonly fieldSelector: string | null;
}

interface KubernetesSettings {
  /** The kubeconfig files read at copy time (KUBECONFIG for restore) and the context resolved then: the same cluster. */
  readonly kubeconfig: readonly string[];
  readonly context: string | null;
  readonly namespace: string;
  /** --cluster/--user/--server/--as… without credentials; a --token is kept for this run only. */
  readonly connectionArgs: readonly string[];
  readonly secretArgsKey: string | null;
  readonly gets: readonly GetRequest[];
  /** Namespaces and CRDs deleted: everything in them (or of their types) goes too. */
  readonly namespaces: readonly string[];
}

const CREDENTIAL_FLAGS = ['--token=', '--client-key=', '--client-certificate='];

function notCopyable(input: SnapshotInput, reason: string): SnapshotPlan {
  return { family: 'kubernetes', tool: input.tool, environment: input.analysis.environment?.name ?? 'unknown', targets: [], estimatedBytes: null, copyable: false, reason, notes: [], settings: {} };
}

async function plan(input: SnapshotInput, ctx: Context): Promise<SnapshotPlan> {
  if (input.tool !== 'kubectl') return notCopyable(input, `${input.tool}: guard copies what kubectl delete removes; for helm uninstall, copy the release first (helm get manifest RELEASE, helm get values RELEASE)`);
  const parsed = input.parsed as ParsedKubectl;
  const request = kubectlRequest(parsed, { risk: input.analysis.risk, hits: input.analysis.hits, unverified: [] });
  const dangerous = input.analysis.hits.filter((hit) => hit.rule.risk === 'destructive' || hit.rule.risk === 'unknown');
  const del = request.delete;
  if (del === null) return notCopyable(input, `nothing guard can copy covers ${dangerous.map((hit) => hit.summary).join('; ') || 'this command'}: it is not a kubectl delete`);
  if (del.scope === 'raw') return notCopyable(input, `delete --raw ${del.raw ?? ''}: guard cannot tell which objects that API path removes`);
  const kube = await resolveKubeTarget(request.flags, ctx);
  const gets: GetRequest[] = [];
  if (del.scope === 'named') {
    const byNamespace = new Map<string, string[]>();
    for (const object of del.objects) {
      const namespace = object.namespace ?? kube.namespace;
      byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), `${object.type}/${object.name}`]);
    }
    for (const [namespace, resources] of byNamespace) gets.push({ resources, namespace, allNamespaces: false, labelSelector: null, fieldSelector: null });
  } else {
    if (del.types.length === 0) return notCopyable(input, 'the delete names no resource type guard could list');
    gets.push({ resources: [del.types.join(',')], namespace: del.scope === 'all-namespaces' ? null : kube.namespace, allNamespaces: del.scope === 'all-namespaces', labelSelector: del.labelSelector, fieldSelector: del.fieldSelector });
  }
  const namespaces = del.scope === 'named' ? del.objects.filter((o) => o.type === 'namespaces').map((o) => o.name) : [];
  if (del.types.includes('namespaces') && del.scope !== 'named') return notCopyable(input, 'deleting namespaces by selector or --all: guard copies named namespaces only');
  const secretArgs = request.connectionArgs.filter((arg) => CREDENTIAL_FLAGS.some((flag) => arg.startsWith(flag)));
  const settings: KubernetesSettings = {
    kubeconfig: kube.files,
    context: kube.context,
    namespace: kube.namespace,
    connectionArgs: request.connectionArgs.filter((arg) => !secretArgs.includes(arg)),
    secretArgsKey: secretArgs.length > 0 ? keepSessionSecret(JSON.stringify(secretArgs)) : null,
    gets,
    namespaces,
  };
  const notes = ['kubectl get -o json of every object the delete removes (Secrets included: the snapshot file is 0600); restore runs kubectl apply'];
  if (del.types.some((type) => STORAGE_TYPES.has(type)) || namespaces.length > 0) notes.push('PersistentVolumeClaims/PersistentVolumes: only their manifests are copied, NOT the data on the volumes');
  if (namespaces.length > 0) notes.push(`namespace ${namespaces.join(', ')}: every listable object in it is copied`);
  if (del.types.includes('customresourcedefinitions')) notes.push('a deleted CRD takes every object of its type with it: those are copied too');
  const targets = gets.map((g) => `${g.resources.join(' ')}${g.allNamespaces ? ' in every namespace' : ` in ${g.namespace ?? kube.namespace}`}${g.labelSelector ? ` -l ${g.labelSelector}` : ''}${g.fieldSelector ? ` --field-selector ${g.fieldSelector}` : ''}`);
  return {
    family: 'kubernetes',
    tool: input.tool,
    environment: input.analysis.environment?.name ?? 'unknown',
    targets: kube.context ? targets.map((t) => `${kube.context}: ${t}`) : targets,
    estimatedBytes: null,
    copyable: true,
    notes,
    settings: settings as unknown as Record<string, unknown>,
  };
}

function readSettings(settings: Readonly<Record<string, unknown>>): KubernetesSettings {
  const s = settings as Partial<KubernetesSettings>;
  if (!Array.isArray(s.gets) || !Array.isArray(s.kubeconfig) || !Array.isArray(s.connectionArgs) || typeof s.namespace !== 'string') throw new SnapshotError('the manifest has no usable Kubernetes settings');
  return s as KubernetesSettings;
}

/** The same cluster as the command: its kubeconfig files, its context, its connection flags. */
function pinned(settings: KubernetesSettings): string[] {
  const secret = sessionSecret(settings.secretArgsKey);
  return [...(settings.context ? [`--context=${settings.context}`] : []), ...settings.connectionArgs, ...(secret ? (JSON.parse(secret) as string[]) : [])];
}

function kubeEnv(settings: KubernetesSettings, ctx: Context): Record<string, string | undefined> {
  return { ...ctx.env, ...(settings.kubeconfig.length > 0 ? { KUBECONFIG: settings.kubeconfig.join(delimiter) } : {}) };
}

async function kubectl(settings: KubernetesSettings, args: readonly string[], ctx: Context): Promise<string> {
  const binary = requireBinary(ctx, ['kubectl'], 'the manifests are read and applied through it');
  const result = await ctx.subprocess.run(binary, [...pinned(settings), ...args], { env: kubeEnv(settings, ctx), timeoutMs: COPY_TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT_BYTES });
  if (result.status !== 0 || result.timedOut || result.truncated) throw new SnapshotError(`kubectl ${args.slice(0, 2).join(' ')}: ${failureLine(result, 'kubectl')}`);
  return result.stdout;
}

async function list(settings: KubernetesSettings, get: GetRequest, ctx: Context): Promise<KubeObject[]> {
  const args = ['get', ...get.resources, '-o', 'json', ...(get.allNamespaces ? ['--all-namespaces'] : get.namespace ? [`--namespace=${get.namespace}`] : [])];
  if (get.labelSelector) args.push(`--selector=${get.labelSelector}`);
  if (get.fieldSelector) args.push(`--field-selector=${get.fieldSelector}`);
  const text = await kubectl(settings, args, ctx);
  let parsed: { kind?: string; items?: KubeObject[] } & Partial<KubeObject>;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new SnapshotError('kubectl get -o json printed something that is not JSON');
  }
  // One named object comes back bare; several, or a listing, as a List.
  return Array.isArray(parsed.items) ? parsed.items : parsed.kind ? [parsed as KubeObject] : [];
}

async function take(planned: SnapshotPlan, dir: string, ctx: Context): Promise<TakenSnapshot> {
  const settings = readSettings(planned.settings);
  const objects: KubeObject[] = [];
  for (const get of settings.gets) objects.push(...(await list(settings, get, ctx)));
  for (const namespace of settings.namespaces) {
    const types = (await kubectl(settings, ['api-resources', '--verbs=list', '--namespaced=true', '-o', 'name'], ctx)).split('\n').filter((t) => t !== '' && t !== 'events' && t !== 'events.events.k8s.io');
    if (types.length > 0) objects.push(...(await list(settings, { resources: [types.join(',')], namespace, allNamespaces: false, labelSelector: null, fieldSelector: null }, ctx)));
  }
  // A CRD takes its objects with it: list them while the type still exists.
  for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) {
    const spec = (crd.spec ?? {}) as { group?: string; names?: { plural?: string } };
    if (spec.names?.plural && spec.group) objects.push(...(await list(settings, { resources: [`${spec.names.plural}.${spec.group}`], namespace: null, allNamespaces: true, labelSelector: null, fieldSelector: null }, ctx)));
  }
  const unique = [...new Map(objects.map((o) => [describeObject(o), o])).values()];
  if (unique.length === 0) throw new SnapshotError('nothing to copy: kubectl get found none of the objects the delete names');
  const bytes = await writePrivateFile(dir, FILE, `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: unique }, null, 2)}\n`);
  return { files: [FILE], bytes, facts: { objects: unique.map(describeObject).sort(), secrets: unique.filter((o) => o.kind === 'Secret').length } };
}

async function readObjects(dir: string): Promise<KubeObject[]> {
  let parsed: { items?: unknown };
  try {
    parsed = JSON.parse((await readSnapshotFile(dir, FILE)).toString('utf8')) as { items?: unknown };
  } catch (error) {
    throw error instanceof SnapshotError ? error : new SnapshotError(`${FILE} is not JSON`);
  }
  if (!Array.isArray(parsed.items)) throw new SnapshotError(`${FILE} is not a List of objects`);
  return parsed.items as KubeObject[];
}

async function verify(manifest: SnapshotManifest, dir: string): Promise<Verification> {
  let objects: KubeObject[];
  try {
    objects = await readObjects(dir);
  } catch (error) {
    return { ok: false, checks: [(error as Error).message] };
  }
  const found = objects.map(describeObject).sort();
  const expected = Array.isArray(manifest.facts.objects) ? (manifest.facts.objects as string[]) : [];
  const same = JSON.stringify(found) === JSON.stringify(expected);
  return { ok: same, checks: [`${found.length} object manifests (${expected.length} listed when taken)${same ? '' : ' (MISMATCH)'}`] };
}

async function restore(manifest: SnapshotManifest, dir: string, ctx: Context): Promise<void> {
  const settings = readSettings(manifest.settings);
  const { apply, skipped } = cleanForApply(await readObjects(dir));
  if (apply.length === 0) throw new SnapshotError(`nothing to apply: ${skipped.join('; ')}`);
  // The objects include Secrets: a private directory, removed whatever happens.
  const scratch = await mkdtemp(join(tmpdir(), 'guard-kube-restore-'));
  try {
    const file = join(scratch, 'restore.json');
    await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: apply }), { mode: 0o600 });
    // Objects that exist again would be patched back to the snapshot: refused, as rows are.
    const existing = (await kubectl(settings, ['get', '-f', file, '--ignore-not-found', '-o', 'name'], ctx)).split('\n').filter((line) => line !== '');
    if (existing.length > 0) {
      throw new SnapshotError(`${existing.length} of the snapshot's objects exist again (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}): applying would overwrite them; delete them first`);
    }
    await kubectl(settings, ['apply', '--validate=false', '-f', file], ctx);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export const kubernetesSnapshotter: Snapshotter = {
  family: 'kubernetes',
  plan,
  take,
  verify: async (manifest, dir) => verify(manifest, dir),
  restore,
};
