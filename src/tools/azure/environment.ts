// Which environment an Azure subscription and resource group belong to: user config match rules, defaults, project-file additions.
import { globMatches } from '../../config/glob.js';
import type { AzureMatch, GuardConfig } from '../../config/types.js';
import { environmentFacts, isProtectedName, mostProtected, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';
import type { AzSubscription } from './profile.js';

export interface AzIdentity {
  readonly subscription: AzSubscription | null;
  readonly resourceGroup: string | null;
}

const KNOWN_ENVIRONMENTS = ['dev', 'development', 'staging', 'stage', 'test', 'testing', 'qa', 'sandbox', 'preview', 'demo', 'ci'];

function fieldValue(identity: AzIdentity, field: keyof AzureMatch): string | null {
  if (field === 'subscription') return identity.subscription?.id ?? null;
  if (field === 'subscriptionName') return identity.subscription?.name ?? null;
  if (field === 'tenant') return identity.subscription?.tenant ?? null;
  return identity.resourceGroup;
}

function matches(rule: AzureMatch, identity: AzIdentity): boolean {
  return (Object.keys(rule) as (keyof AzureMatch)[]).every((field) => {
    const pattern = rule[field];
    if (pattern === undefined) return true;
    const value = fieldValue(identity, field);
    // Subscription IDs are GUIDs that az compares case-insensitively.
    return value !== null && (globMatches(pattern, value) || (field === 'subscription' && globMatches(pattern.toLowerCase(), value.toLowerCase())));
  });
}

function matchLayer(layer: GuardConfig['user'], identity: AzIdentity, label: string): { name: string; source: string } | null {
  if (!layer) return null;
  for (const [name, environment] of Object.entries(layer.environments)) {
    for (const rule of environment.match?.azure ?? []) {
      if (matches(rule, identity)) return { name, source: `${label} ${layer.file}: azure ${Object.entries(rule).map(([k, v]) => `${k} ${String(v)}`).join(', ')}` };
    }
  }
  return null;
}

/** "prod" in the resource group or subscription name → production; a known environment word → that; else unknown (protected). */
function defaultEnvironment(identity: AzIdentity, source: string): { name: string; source: string } {
  const names: [string, string | null][] = [['resource group', identity.resourceGroup], ['subscription', identity.subscription?.name ?? null]];
  for (const [field, value] of names) if (value && isProtectedName(value)) return { name: 'production', source: `default: ${field} ${value} names production (${source})` };
  for (const [field, value] of names) {
    const words = (value ?? '').toLowerCase().split(/[^a-z0-9]+/);
    const known = KNOWN_ENVIRONMENTS.find((word) => words.includes(word));
    if (known) return { name: known, source: `default: ${field} ${value} (${source})` };
  }
  const what = identity.subscription ? `subscription ${identity.subscription.name} (${identity.subscription.id})` : 'no subscription';
  return { name: 'unknown', source: `no environment in the configuration matches ${what}${identity.resourceGroup ? `, resource group ${identity.resourceGroup}` : ''}` };
}

function one(identity: AzIdentity, source: string, config: GuardConfig): EnvironmentFacts {
  const chosen = matchLayer(config.user, identity, 'config') ?? defaultEnvironment(identity, source);
  let facts = chosen.name === 'unknown' ? unknownEnvironment(chosen.source) : environmentFacts(chosen.name, chosen.source, config);
  const project = matchLayer(config.project, identity, 'project config');
  if (project) {
    const projectFacts = environmentFacts(project.name, project.source, config);
    // The project file (editable by agents) may add protection, never remove it.
    if (projectFacts.protected && (!facts.protected || facts.name === 'unknown')) facts = projectFacts;
  }
  return facts;
}

/** Several subscriptions may be meant (AZURE_SUBSCRIPTION_ID beside the profile's default): the most protected decides. */
export function azureEnvironment(identities: readonly AzIdentity[], source: string, config: GuardConfig): EnvironmentFacts {
  return mostProtected(identities.map((identity) => one(identity, source, config))) ?? unknownEnvironment(source);
}
