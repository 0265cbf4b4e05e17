// Which environment an aws target belongs to: user config match rules, then defaults, then project additions.
import { globMatches } from '../../config/glob.js';
import type { AwsMatch, GuardConfig } from '../../config/types.js';
import { environmentFacts, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';

export interface AwsIdentity {
  readonly profile: string;
  /** The account: live from sts get-caller-identity, else as written in the profile, else null. */
  readonly account: string | null;
  readonly accountSource: string | null;
  readonly region: string | null;
  readonly endpoint: string | null;
}

const FIELDS = ['account', 'profile', 'region'] as const;

function matches(rule: AwsMatch, identity: AwsIdentity): boolean {
  if (FIELDS.every((field) => rule[field] === undefined)) return false;
  return FIELDS.every((field) => {
    const pattern = rule[field];
    if (pattern === undefined) return true;
    const value = identity[field];
    return value !== null && globMatches(pattern, value);
  });
}

function matchLayer(layer: GuardConfig['user'], identity: AwsIdentity, label: string): { name: string; source: string } | null {
  if (!layer) return null;
  for (const [name, environment] of Object.entries(layer.environments)) {
    const rules = environment.match?.aws;
    for (const rule of Array.isArray(rules) ? rules : []) {
      if (matches(rule, identity)) return { name, source: `${label} ${layer.file}: aws ${Object.entries(rule).map(([k, v]) => `${k} ${String(v)}`).join(', ')}` };
    }
  }
  return null;
}

function loopbackEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host === '::1') return true;
    const parts = host.split('.');
    return parts.length === 4 && parts[0] === '127' && parts.every((p) => p !== '' && [...p].every((c) => c >= '0' && c <= '9'));
  } catch {
    return false;
  }
}

/** "prod" as a word part of the profile → production; an endpoint on this machine (moto, localstack) → local; else unknown. */
function defaultEnvironment(identity: AwsIdentity): { name: string; source: string } {
  const lower = identity.profile.toLowerCase();
  if (lower.includes('prod') && !lower.includes('nonprod')) return { name: 'production', source: `default: profile ${identity.profile} contains "prod"` };
  if (identity.endpoint && loopbackEndpoint(identity.endpoint)) return { name: 'local', source: `default: endpoint ${identity.endpoint} is this machine` };
  const account = identity.account ? `account ${identity.account} (${identity.accountSource})` : 'no known account';
  return { name: 'unknown', source: `no environment in the configuration matches profile ${identity.profile}, ${account}` };
}

/** The user's config names any environment; the project file only ever adds protection. */
export function awsEnvironment(identity: AwsIdentity, config: GuardConfig): EnvironmentFacts {
  const chosen = matchLayer(config.user, identity, 'config') ?? defaultEnvironment(identity);
  let facts = chosen.name === 'unknown' ? unknownEnvironment(chosen.source) : environmentFacts(chosen.name, chosen.source, config);
  const project = matchLayer(config.project, identity, 'project config');
  if (project) {
    const projectFacts = environmentFacts(project.name, project.source, config);
    if (projectFacts.protected && (!facts.protected || facts.name === 'unknown')) facts = projectFacts;
  }
  return facts;
}
