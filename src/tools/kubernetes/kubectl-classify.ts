// Pure classification of a parsed kubectl command: which rule each part hits, and what it names.
import { maxRisk } from '../../core/risk.js';
import type { ObjectRef, RuleHit } from '../../core/types.js';
import type { Classification } from '../tool.js';
import { isOn, lastValue, type ParsedArgs } from './argv.js';
import type { InnerCommand } from './exec-inner.js';
import type { ManifestRead } from './manifests.js';
import { parseResourceArgs, typeOfKind } from './resources.js';
import { kubectlRules, type KubectlRuleKey } from './rules.js';

export interface ParsedKubectlParts {
  readonly args: ParsedArgs;
  readonly manifests: ManifestRead | null;
  readonly inner: InnerCommand;
}

/** Commands that only read; a command absent from both sets (and not special below) is a write. */
const READ = new Set([
  '', 'get', 'describe', 'logs', 'top', 'top node', 'top pod', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'cluster-info dump',
  'events', 'diff', 'wait', 'completion', 'kustomize', 'plugin', 'plugin list', 'auth', 'auth can-i', 'auth whoami', 'config', 'config view',
  'config get-contexts', 'config get-clusters', 'config get-users', 'config current-context', 'rollout', 'rollout history', 'rollout status',
  'apply view-last-applied', 'options', 'certificate', 'set', 'create secret', 'create service',
]);
const INTERACTIVE = new Set(['attach', 'debug']);
const TUNNELS = new Set(['proxy', 'port-forward']);

export interface KubeObjectRef extends ObjectRef {
  /** Plural resource type: `namespaces`, `persistentvolumeclaims`. */
  readonly type: string;
  readonly namespace: string | null;
}

/** How wide a delete reaches: named objects, every object of the types, or every namespace. */
export type DeleteScope = 'named' | 'all' | 'selector' | 'all-namespaces' | 'raw';

export interface DeleteRequest {
  readonly scope: DeleteScope;
  readonly types: readonly string[];
  readonly objects: readonly KubeObjectRef[];
  /** The selector as typed (label or field), for messages. */
  readonly selector: string | null;
  readonly labelSelector: string | null;
  readonly fieldSelector: string | null;
  readonly raw: string | null;
}

function isDryRun(args: ParsedArgs): boolean {
  const value = lastValue(args, 'dry-run');
  // `--dry-run` alone and the deprecated `--dry-run=true` mean client; `none`/`false` really run.
  return value !== undefined && ['', 'client', 'server', 'true', 'unchanged'].includes(value);
}

function typeRule(type: string): KubectlRuleKey {
  if (type === 'namespaces') return 'delete-namespace';
  if (type === 'persistentvolumeclaims' || type === 'persistentvolumes') return 'delete-storage';
  if (type === 'customresourcedefinitions') return 'delete-crd';
  return 'delete';
}

/** What a `kubectl delete` would delete, from its arguments and -f files. */
export function deleteRequest(parts: ParsedKubectlParts): DeleteRequest {
  const { args } = parts;
  const raw = lastValue(args, 'raw') ?? null;
  const labelSelector = lastValue(args, 'selector') ?? null;
  const fieldSelector = lastValue(args, 'field-selector') ?? null;
  const selector = labelSelector ?? fieldSelector;
  const { selectors } = parseResourceArgs(args.positionals);
  const objects: KubeObjectRef[] = [];
  for (const s of selectors) for (const name of s.names) objects.push({ kind: s.type, type: s.type, name, namespace: null });
  for (const o of parts.manifests?.objects ?? []) objects.push({ kind: typeOfKind(o.kind), type: typeOfKind(o.kind), name: o.name, namespace: o.namespace });
  const types = [...new Set([...selectors.map((s) => s.type), ...objects.map((o) => o.type)])];
  const scope: DeleteScope = raw !== null ? 'raw' : isOn(args, 'all-namespaces') ? 'all-namespaces' : isOn(args, 'all') ? 'all' : selector !== null ? 'selector' : 'named';
  return { scope, types, objects, selector, labelSelector, fieldSelector, raw };
}

function deleteHits(parts: ParsedKubectlParts): RuleHit[] {
  const request = deleteRequest(parts);
  if (request.scope === 'raw') {
    return [{ rule: kubectlRules['delete-raw'], summary: `DELETE ${request.raw}`, objects: [{ kind: 'api-path', name: request.raw ?? '' }] }];
  }
  const hits: RuleHit[] = [];
  const wide = request.scope !== 'named';
  if (wide) {
    const how = request.scope === 'all-namespaces' ? 'in every namespace (-A)' : request.scope === 'all' ? '--all' : `matching ${request.selector}`;
    hits.push({ rule: kubectlRules['delete-all'], summary: `delete every ${request.types.join(',') || 'object'} ${how}`, objects: request.types.map((type) => ({ kind: type, name: `*${request.selector ? ` (${request.selector})` : ''}` })) });
  }
  const byRule = new Map<KubectlRuleKey, KubeObjectRef[]>();
  for (const object of request.objects) byRule.set(typeRule(object.type), [...(byRule.get(typeRule(object.type)) ?? []), object]);
  for (const type of request.types) if (!byRule.has(typeRule(type)) && typeRule(type) !== 'delete') byRule.set(typeRule(type), []);
  for (const [key, objects] of byRule) {
    hits.push({ rule: kubectlRules[key], summary: `delete ${objects.map((o) => `${o.type}/${o.name}`).join(' ') || request.types.join(',')}`, objects });
  }
  if (hits.length === 0) {
    const kustomize = lastValue(parts.args, 'kustomize');
    hits.push({ rule: kubectlRules.delete, summary: kustomize ? `delete everything in kustomization ${kustomize}` : 'delete', objects: kustomize ? [{ kind: 'kustomization', name: kustomize }] : [] });
  }
  return hits;
}

function execHits(inner: InnerCommand, interactive: boolean): { hits: RuleHit[]; interactive: boolean } {
  switch (inner.kind) {
    case 'none':
      return { hits: [{ rule: kubectlRules['bad-arguments'], summary: 'kubectl exec without `-- COMMAND`' }], interactive: false };
    case 'read-only':
      return { hits: [{ rule: kubectlRules.exec, summary: `${inner.program} inside the container` }], interactive: false };
    case 'shell':
      return { hits: [{ rule: kubectlRules['exec-shell'], summary: inner.script ? `${inner.program} -c script inside the container` : `interactive ${inner.program} inside the container` }], interactive: interactive || !inner.script };
    case 'unknown-program':
      return { hits: [{ rule: kubectlRules['exec-shell'], summary: `${inner.program} inside the container (guard does not know it)` }], interactive };
    case 'guarded':
      return {
        hits: [{ rule: kubectlRules.exec, summary: `${inner.program} inside the container` }, ...inner.classification.hits],
        interactive: interactive || (inner.classification.interactive ?? false),
      };
  }
}

export function classifyKubectl(parts: ParsedKubectlParts): Classification {
  const { args } = parts;
  const command = args.path.join(' ');
  const unverified: string[] = [];
  let hits: RuleHit[] = [];
  let interactive = false;
  const problems = [...args.problems, ...parseResourceArgs(args.positionals).problems.filter(() => ['delete', 'get', 'describe'].includes(command))];

  if (args.infoOnly) hits = [{ rule: kubectlRules.read, summary: `kubectl ${command} --help`.replace('  ', ' ') }];
  else if (args.unknownCommand !== null) hits = [{ rule: kubectlRules['bad-arguments'], summary: `unknown command or plugin: kubectl ${args.unknownCommand}` }];
  else if (problems.length > 0) hits = problems.map((problem) => ({ rule: kubectlRules['bad-arguments'], summary: problem }));
  else if (command !== 'delete' && command !== 'exec' && isDryRun(args) && args.flags.has('dry-run')) hits = [{ rule: kubectlRules['dry-run'], summary: `kubectl ${command} --dry-run=${lastValue(args, 'dry-run') || 'client'}` }];
  else if (command === 'delete') {
    hits = lastValue(args, 'raw') === undefined && isDryRun(args) ? [{ rule: kubectlRules['dry-run'], summary: `kubectl delete --dry-run=${lastValue(args, 'dry-run') || 'client'}` }] : deleteHits(parts);
  } else if (command === 'exec') {
    const result = execHits(parts.inner, isOn(args, 'stdin') && isOn(args, 'tty'));
    hits = result.hits;
    interactive = result.interactive;
    if (parts.inner.kind === 'guarded') unverified.push(...parts.inner.classification.unverified);
  } else if (INTERACTIVE.has(command)) {
    hits = [{ rule: kubectlRules['exec-shell'], summary: `kubectl ${command}: a session inside a container` }];
    interactive = true;
  } else if (TUNNELS.has(command)) hits = [{ rule: kubectlRules.proxy, summary: `kubectl ${command}` }];
  else if (command === 'replace' && isOn(args, 'force')) hits = [{ rule: kubectlRules['replace-force'], summary: 'kubectl replace --force (delete, then create)' }];
  else if (command === 'apply' && isOn(args, 'prune')) hits = [{ rule: kubectlRules['apply-prune'], summary: `kubectl apply --prune${lastValue(args, 'selector') ? ` -l ${lastValue(args, 'selector')}` : isOn(args, 'all') ? ' --all' : ''}` }];
  else if (READ.has(command)) hits = [{ rule: kubectlRules.read, summary: `kubectl ${command}` }];
  else hits = [{ rule: kubectlRules.write, summary: `kubectl ${command}` }];

  const risk = maxRisk(...hits.map((hit) => hit.rule.risk));
  // An unreadable -f matters only when the command could delete what the file names.
  if ((risk === 'destructive' || risk === 'unknown') && parts.manifests) unverified.push(...parts.manifests.problems);
  if (problems.length > 0 || args.unknownCommand !== null) unverified.push(...(problems.length > 0 ? problems : [`kubectl ${args.unknownCommand}`]).map((p) => `kubectl arguments: ${p}`));
  return { risk, hits, unverified, ...(interactive ? { interactive } : {}) };
}
