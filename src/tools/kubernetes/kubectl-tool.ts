// kubectl under guard: cobra-style argv, -f manifests, exec's inner command, and the shared Kubernetes resolver.
import type { SpooledInput } from '../../core/stdin.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { allValues, isOn, lastValue, parseArgs } from './argv.js';
import { analyseInner, disposeInner } from './exec-inner.js';
import { classifyKubectl, deleteRequest, type ParsedKubectlParts } from './kubectl-classify.js';
import { KUBECTL_VERSION } from './kubectl-commands.generated.js';
import { KUBECTL_GLOBAL, KUBECTL_ROOT } from './kubectl-grammar.js';
import { renderKustomizations } from './kustomize.js';
import { readManifests } from './manifests.js';
import { resolveKube, type KubeRequest } from './resolve.js';
import { kubectlRules } from './rules.js';

export const KUBECTL_CHECKED_AGAINST = {
  version: `kubectl ${KUBECTL_VERSION} (installed here)`,
  references: [
    'kubectl --help, kubectl options and kubectl <command> --help for every command (src/tools/kubernetes/kubectl-commands.generated.ts)',
    'optional-value flags (pflag NoOptDefVal: --dry-run, --cascade, --validate) probed with `kubectl <command> --flag --help`',
    'https://kubernetes.io/docs/reference/kubectl/#resource-types (resource short names)',
    'https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/ (KUBECONFIG merging: the first file to set a value wins)',
    'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming (reclaim policy Delete vs Retain)',
    'kubectl kustomize --help (renders a kustomization directory locally; what `delete -k` deletes)',
    'kubectl get -o name / -o json with --request-timeout, -l, --field-selector, -A (look-ups; observed with -v=8 against test/support/kube-api)',
  ],
};

export interface ParsedKubectl extends ParsedInvocation, ParsedKubectlParts {
  readonly stdin?: SpooledInput;
}

/** Connection flags a look-up must repeat so that it asks the same cluster as the same user. */
const CONNECTION_FLAGS = ['cluster', 'user', 'server', 'as', 'as-group', 'as-uid', 'token', 'certificate-authority', 'client-certificate', 'client-key', 'insecure-skip-tls-verify', 'tls-server-name'];

export function kubectlRequest(parsed: ParsedKubectl, classification: Classification): KubeRequest {
  const { args } = parsed;
  const flag = (name: string) => lastValue(args, name) || undefined;
  const destructiveDelete = args.path[0] === 'delete' && classification.hits.some((h) => h.rule.risk === 'destructive');
  const pod = args.path[0] === 'exec' || args.path[0] === 'attach' ? args.positionals[0] : undefined;
  return {
    program: 'kubectl',
    flags: {
      ...(flag('kubeconfig') ? { kubeconfig: flag('kubeconfig') } : {}),
      ...(flag('context') ? { context: flag('context') } : {}),
      ...(flag('cluster') ? { cluster: flag('cluster') } : {}),
      ...(flag('user') ? { user: flag('user') } : {}),
      ...(flag('server') ? { server: flag('server') } : {}),
      ...(flag('namespace') ? { namespace: flag('namespace') } : {}),
    },
    connectionArgs: CONNECTION_FLAGS.flatMap((name) => allValues(args, name).map((value) => `--${name}=${value}`)),
    delete: destructiveDelete ? deleteRequest(parsed) : null,
    named: pod ? [{ kind: 'pod', name: pod.startsWith('pod/') ? pod.slice(4) : pod }] : [],
    allNamespaces: isOn(args, 'all-namespaces'),
  };
}

export const kubectlTool: Tool<ParsedKubectl> = {
  name: 'kubectl',
  family: 'kubernetes',
  summary: 'Kubernetes CLI',
  rules: kubectlRules,
  checkedAgainst: KUBECTL_CHECKED_AGAINST,
  async parse(argv, ctx) {
    const args = parseArgs(KUBECTL_ROOT, KUBECTL_GLOBAL, argv, 'kubectl');
    const inputs = allValues(args, 'filename');
    const files = inputs.length > 0 && !args.infoOnly ? await readManifests(inputs, isOn(args, 'recursive'), ctx) : null;
    // Only a delete's -k decides the risk: rendering it for other verbs would slow them for nothing.
    const kustomizations = args.path[0] === 'delete' && !args.infoOnly ? allValues(args, 'kustomize') : [];
    const rendered = kustomizations.length > 0 ? await renderKustomizations(kustomizations, ctx) : null;
    const manifests = rendered ? { objects: [...(files?.objects ?? []), ...rendered.objects], problems: [...(files?.problems ?? []), ...rendered.problems], ...(files?.stdin ? { stdin: files.stdin } : {}) } : files;
    const inner = args.path[0] === 'exec' && !args.infoOnly ? await analyseInner(args.afterDash, ctx) : ({ kind: 'none' } as const);
    // Whoever read stdin hands the spooled bytes on to exec: kubectl (or the pod) must receive them unchanged.
    const stdin = manifests?.stdin ?? (inner.kind === 'guarded' ? inner.parsed.stdin : undefined);
    return { args, manifests, inner, ...(stdin ? { stdin } : {}) };
  },
  classify: classifyKubectl,
  async resolve(parsed, classification, ctx): Promise<Resolution> {
    return resolveKube(kubectlRequest(parsed, classification), classification, ctx);
  },
  async dispose(parsed) {
    parsed.manifests?.stdin?.remove();
    await disposeInner(parsed.inner);
  },
};
