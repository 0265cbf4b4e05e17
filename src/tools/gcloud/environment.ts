// Which environment a Google Cloud project belongs to: user config match rules, then defaults, then project-file additions.
import { globMatches } from '../../config/glob.js';
import type { GcloudMatch, GuardConfig } from '../../config/types.js';
import { environmentFacts, isProtectedName, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';

export interface GcloudIdentity {
  readonly project: string | null;
  readonly account: string | null;
  readonly configuration: string;
}

/** Non-production names a project ID may carry as a word: `acme-staging`, `dev-sandbox-1`. */
const KNOWN_ENVIRONMENTS = ['dev', 'development', 'staging', 'stage', 'test', 'testing', 'qa', 'sandbox', 'preview', 'demo', 'ci', 'local'];

const FIELDS = ['project', 'account', 'configuration'] as const;

function matches(rule: GcloudMatch, identity: GcloudIdentity): boolean {
  return FIELDS.every((field) => {
    const pattern = rule[field];
    if (pattern === undefined) return true;
    const value = identity[field];
    return value !== null && globMatches(pattern, value);
  });
}

function matchLayer(layer: GuardConfig['user'], identity: GcloudIdentity, label: string): { name: string; source: string } | null {
  if (!layer) return null;
  for (const [name, environment] of Object.entries(layer.environments)) {
    for (const rule of environment.match?.gcloud ?? []) {
      if (matches(rule, identity)) return { name, source: `${label} ${layer.file}: gcloud ${Object.entries(rule).map(([k, v]) => `${k} ${String(v)}`).join(', ')}` };
    }
  }
  return null;
}

/**
 * "prod" in the project ID → production; a known environment word in it → that; the configuration's
 * name counts only when the project came from that configuration (or none is set); else unknown (protected).
 */
function defaultEnvironment(identity: GcloudIdentity, projectSource: string, projectFromConfiguration: boolean): { name: string; source: string } {
  if (identity.project && isProtectedName(identity.project)) return { name: 'production', source: `default: project ${identity.project} names production (from ${projectSource})` };
  if ((projectFromConfiguration || !identity.project) && isProtectedName(identity.configuration)) {
    return { name: 'production', source: `default: configuration ${identity.configuration} names production (project ${identity.project ?? 'unset'}, from ${projectSource})` };
  }
  if (identity.project) {
    const words = identity.project.toLowerCase().split('-');
    const known = KNOWN_ENVIRONMENTS.find((word) => words.includes(word));
    if (known) return { name: known, source: `default: project ${identity.project} (from ${projectSource})` };
    return { name: 'unknown', source: `no environment in the configuration matches project ${identity.project} (from ${projectSource})` };
  }
  return { name: 'unknown', source: `no project resolved: ${projectSource}` };
}

export function gcloudEnvironment(identity: GcloudIdentity, projectSource: string, projectFromConfiguration: boolean, config: GuardConfig): EnvironmentFacts {
  const chosen = matchLayer(config.user, identity, 'config') ?? defaultEnvironment(identity, projectSource, projectFromConfiguration);
  let facts = chosen.name === 'unknown' ? unknownEnvironment(chosen.source) : environmentFacts(chosen.name, chosen.source, config);
  const project = matchLayer(config.project, identity, 'project config');
  if (project) {
    const projectFacts = environmentFacts(project.name, project.source, config);
    // The project file (editable by agents) may add protection, never remove it.
    if (projectFacts.protected && (!facts.protected || facts.name === 'unknown')) facts = projectFacts;
  }
  return facts;
}
