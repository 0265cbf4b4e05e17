// Which cluster a kubectl or helm command reaches: kubeconfig files merged as kubectl merges them, then flags.
import { isAbsolute, resolve as resolvePath } from 'node:path';
// A static import: the bundler turns a dynamic import('yaml') into a namespace without its named exports,
// and this family (loaded only for kubectl and helm) parses a kubeconfig on every run anyway.
import { parse } from 'yaml';
import type { Context } from '../../core/context.js';

/** The connection-selecting flags, as the user typed them (kubectl and helm name some differently). */
export interface KubeFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster?: string;
  readonly user?: string;
  readonly server?: string;
  readonly namespace?: string;
}

export interface KubeTarget {
  /** The files read, in precedence order (for pinning look-ups and for messages). */
  readonly files: readonly string[];
  readonly context: string | null;
  /** The context exists in the kubeconfig (kubectl refuses a --context it cannot find). */
  readonly contextFound: boolean;
  readonly cluster: string | null;
  readonly server: string | null;
  readonly user: string | null;
  readonly namespace: string;
  readonly namespaceSource: 'flag' | 'context' | 'default';
  readonly problems: readonly string[];
}

interface Merged {
  currentContext: string | null;
  contexts: Map<string, { cluster?: string; user?: string; namespace?: string }>;
  clusters: Map<string, { server?: string }>;
}

const MAX_KUBECONFIG_BYTES = 4 * 1024 * 1024;

/** `--kubeconfig` > KUBECONFIG (a `:` list) > ~/.kube/config. */
export function kubeconfigFiles(flag: string | undefined, ctx: Context): { files: string[]; explicit: boolean } {
  const absolute = (path: string) => (isAbsolute(path) ? path : resolvePath(ctx.cwd, path));
  if (flag) return { files: [absolute(flag)], explicit: true };
  const list = ctx.env.KUBECONFIG;
  if (list) {
    const files = [...new Set(list.split(':').filter(Boolean).map(absolute))];
    if (files.length > 0) return { files, explicit: false };
  }
  return { files: [resolvePath(ctx.home, '.kube', 'config')], explicit: false };
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function namedEntries(list: unknown, field: string): [string, Record<string, unknown>][] {
  if (!Array.isArray(list)) return [];
  const out: [string, Record<string, unknown>][] = [];
  for (const item of list) {
    const entry = record(item);
    const name = text(entry?.name);
    if (name && entry) out.push([name, record(entry[field]) ?? {}]);
  }
  return out;
}

/** Reads and merges the files: the first file that sets a map entry or current-context wins (client-go's rule). */
async function loadMerged(files: readonly string[], explicit: boolean, ctx: Context): Promise<{ merged: Merged; problems: string[] }> {
  const merged: Merged = { currentContext: null, contexts: new Map(), clusters: new Map() };
  const problems: string[] = [];
  for (const file of files) {
    if (!ctx.fileExists(file)) {
      if (explicit) problems.push(`kubeconfig ${file} does not exist`);
      continue;
    }
    let doc: Record<string, unknown> | null;
    try {
      const bytes = await ctx.readFile(file);
      if (bytes.length > MAX_KUBECONFIG_BYTES) throw new Error('larger than 4 MB');
      doc = record(parse(bytes.toString('utf8'), { maxAliasCount: 100 }));
    } catch (error) {
      problems.push(`could not read kubeconfig ${file}: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    if (!doc) continue;
    merged.currentContext ??= text(doc['current-context']) ?? null;
    for (const [name, context] of namedEntries(doc.contexts, 'context')) {
      if (!merged.contexts.has(name)) merged.contexts.set(name, { cluster: text(context.cluster), user: text(context.user), namespace: text(context.namespace) });
    }
    for (const [name, cluster] of namedEntries(doc.clusters, 'cluster')) {
      if (!merged.clusters.has(name)) merged.clusters.set(name, { server: text(cluster.server) });
    }
  }
  return { merged, problems };
}

/** The context (flag > current-context), its cluster, server and user, and the namespace (flag > context > default). */
export async function resolveKubeTarget(flags: KubeFlags, ctx: Context): Promise<KubeTarget> {
  const { files, explicit } = kubeconfigFiles(flags.kubeconfig, ctx);
  const { merged, problems } = await loadMerged(files, explicit, ctx);
  const contextName = flags.context || merged.currentContext;
  const context = contextName ? merged.contexts.get(contextName) : undefined;
  if (flags.context && !context) problems.push(`context ${flags.context} is not in ${files.join(', ')}`);
  const cluster = flags.cluster || context?.cluster || null;
  const server = flags.server || (cluster ? merged.clusters.get(cluster)?.server : undefined) || null;
  const namespaceSource = flags.namespace ? 'flag' : context?.namespace ? 'context' : 'default';
  return {
    files,
    context: contextName ?? null,
    contextFound: context !== undefined,
    cluster,
    server,
    user: flags.user || context?.user || null,
    namespace: flags.namespace || context?.namespace || 'default',
    namespaceSource,
    problems,
  };
}
