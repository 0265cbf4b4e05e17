// Which environment a Kubernetes target belongs to: user config match rules, then defaults, then project additions.
import type { GuardConfig } from '../../config/types.js';
import { environmentFacts, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';
import type { KubeTarget } from './kubeconfig.js';
import { globMatches } from '../../config/glob.js';

/**
 * Proposed for src/config/types.ts (EnvironmentConfig.match.kubernetes): a target matches when
 * every field given matches (globs: * and ?). Read here structurally until the schema has it.
 */
import type { KubernetesMatch } from '../../config/types.js';
export type { KubernetesMatch };


const FIELDS = ['context', 'cluster', 'server', 'namespace'] as const;

function matches(rule: KubernetesMatch, target: KubeTarget): boolean {
  return FIELDS.every((field) => {
    const pattern = rule[field];
    if (pattern === undefined) return true;
    const value = target[field];
    return value !== null && globMatches(pattern, value);
  });
}

function rulesOf(layer: GuardConfig['user'], name: string): readonly KubernetesMatch[] {
  const match = layer?.environments[name]?.match as { kubernetes?: readonly KubernetesMatch[] } | undefined;
  return Array.isArray(match?.kubernetes) ? match.kubernetes : [];
}

function matchLayer(layer: GuardConfig['user'], target: KubeTarget, label: string): { name: string; source: string } | null {
  if (!layer) return null;
  for (const name of Object.keys(layer.environments)) {
    for (const rule of rulesOf(layer, name)) {
      if (matches(rule, target)) return { name, source: `${label} ${layer.file}: kubernetes ${Object.entries(rule).map(([k, v]) => `${k} ${String(v)}`).join(', ')}` };
    }
  }
  return null;
}

function serverHost(server: string): string | null {
  try {
    return new URL(server).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((part) => part !== '' && [...part].every((c) => c >= '0' && c <= '9'));
}

const LOCAL_PREFIXES = ['kind-', 'k3d-'];
const LOCAL_NAMES = ['minikube', 'docker-desktop', 'docker-for-desktop'];

function isLocalName(name: string): boolean {
  const lower = name.toLowerCase();
  return LOCAL_PREFIXES.some((prefix) => lower.startsWith(prefix)) || LOCAL_NAMES.includes(lower);
}

/** The issue's defaults: "prod" in a name → production; kind-, k3d-, minikube, docker-desktop or a loopback server → local. */
function defaultEnvironment(target: KubeTarget): { name: string; source: string } {
  const names: [string, string | null][] = [['context', target.context], ['cluster', target.cluster], ['namespace', target.namespace], ['server', target.server && serverHost(target.server)]];
  for (const [field, value] of names) {
    if (value && value.toLowerCase().includes('prod') && !value.toLowerCase().includes('nonprod')) {
      return { name: 'production', source: `default: ${field} ${value} contains "prod"${field === 'context' && !target.contextFound ? ' (not found in the kubeconfig)' : ''}` };
    }
  }
  for (const [field, value] of names.slice(0, 2)) {
    if (value && isLocalName(value)) return { name: 'local', source: `default: ${field} ${value} is a local cluster` };
  }
  const host = target.server ? serverHost(target.server) : null;
  if (host && isLoopback(host)) return { name: 'local', source: `default: server ${target.server} is this machine` };
  if (!target.context) return { name: 'unknown', source: 'no kubeconfig context is set, so guard cannot tell which cluster this reaches' };
  return { name: 'unknown', source: `no environment in the configuration matches context ${target.context}${target.server ? ` (server ${target.server})` : ''}` };
}

/** The user's config names any environment; the project file only ever adds protection. */
export function kubernetesEnvironment(target: KubeTarget, config: GuardConfig): EnvironmentFacts {
  const chosen = matchLayer(config.user, target, 'config') ?? defaultEnvironment(target);
  let facts = chosen.name === 'unknown' ? unknownEnvironment(chosen.source) : environmentFacts(chosen.name, chosen.source, config);
  const project = matchLayer(config.project, target, 'project config');
  if (project) {
    const projectFacts = environmentFacts(project.name, project.source, config);
    if (projectFacts.protected && (!facts.protected || facts.name === 'unknown')) facts = projectFacts;
  }
  return facts;
}
