// The environment of a database connection (MySQL, Redis): config match rules first, then the defaults.
import type { ConfigLayer, EnvironmentConfig, GuardConfig } from '../config/types.js';
import { environmentFacts, unknownEnvironment } from './environment.js';
import type { EnvironmentFacts } from './types.js';

/** What the defaults look at: where the server is and which database the command names. */
export interface ServerEndpoint {
  /** Host name or address; for a Unix socket, the socket path. */
  readonly host: string;
  readonly isSocket: boolean;
  /** Database name (or Redis db number) as text, for the "prod" default; null when none. */
  readonly database: string | null;
}

/** One family's match rules: which list in `match` to read and how one rule is tested. */
export interface MatchFamily<Rule> {
  readonly key: keyof NonNullable<EnvironmentConfig['match']>;
  matches(rule: Rule): boolean;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((part) => /^\d{1,3}$/.test(part));
}

function describeRule(rule: object): string {
  return Object.entries(rule)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
}

function matchLayer<Rule extends object>(layer: ConfigLayer | null, family: MatchFamily<Rule>, label: string): { name: string; source: string } | null {
  if (!layer) return null;
  for (const [name, environment] of Object.entries(layer.environments)) {
    const rules = (environment.match?.[family.key] ?? []) as readonly Rule[];
    for (const rule of rules) if (family.matches(rule)) return { name, source: `${label} ${layer.file}: ${family.key} ${describeRule(rule)}` };
  }
  return null;
}

/** "prod" in the host or database → production; a socket or loopback → local; else unknown. */
function defaultEnvironment(endpoint: ServerEndpoint): { name: string; source: string } {
  if (endpoint.host.toLowerCase().includes('prod')) return { name: 'production', source: `default: host ${endpoint.host} contains "prod"` };
  if (endpoint.database?.toLowerCase().includes('prod')) return { name: 'production', source: `default: database ${endpoint.database} contains "prod"` };
  if (endpoint.isSocket) return { name: 'local', source: `default: Unix socket ${endpoint.host}` };
  if (isLoopback(endpoint.host)) return { name: 'local', source: `default: host ${endpoint.host} is this machine` };
  return { name: 'unknown', source: `no environment in the configuration matches host ${endpoint.host}` };
}

/**
 * The user's config names any environment; without a user match the defaults apply. A project
 * match counts only when it is more protected: the project file adds protection, never removes it.
 */
export function connectionEnvironment<Rule extends object>(endpoint: ServerEndpoint, family: MatchFamily<Rule>, config: GuardConfig): EnvironmentFacts {
  const chosen = matchLayer(config.user, family, 'config') ?? defaultEnvironment(endpoint);
  let facts = chosen.name === 'unknown' ? unknownEnvironment(chosen.source) : environmentFacts(chosen.name, chosen.source, config);
  const project = matchLayer(config.project, family, 'project config');
  if (project) {
    const projectFacts = environmentFacts(project.name, project.source, config);
    if (projectFacts.protected && (!facts.protected || facts.name === 'unknown')) facts = projectFacts;
  }
  return facts;
}
