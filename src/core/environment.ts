// Which environment names are protected by default, and how config adds protection.
import type { GuardConfig } from '../config/types.js';
import { UNKNOWN_ENVIRONMENT_NAME, type EnvironmentFacts } from './types.js';

const PROTECTED_WORDS = new Set(['production', 'prod', 'prd', 'live']);

/** `preprod`, `eu1prod`, `prod2`, `production3`; not `product`, not `nonprod`. */
function carriesProd(word: string): boolean {
  if (word.startsWith('non')) return false;
  const stem = word.replace(/[0-9]+$/, '');
  return stem.endsWith('prod') || stem.endsWith('production');
}

/**
 * DESIGN.md: production, prod, prd, live, and any name with "prod" as a word part
 * (`prod-eu`, `gke_acme_prod`, `preprod`), but not `nonprod`.
 */
export function isProtectedName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === UNKNOWN_ENVIRONMENT_NAME) return true;
  const words = lower.split(/[^a-z0-9]+/).filter(Boolean);
  return words.some((word) => PROTECTED_WORDS.has(word) || carriesProd(word));
}

/**
 * Whether an environment is protected. The user's config may say either way; the project
 * file (editable by anyone with the repository, agents included) can only add protection.
 */
export function isProtectedEnvironment(name: string, config: GuardConfig): boolean {
  const userSays = config.user?.environments[name]?.protected;
  const projectSays = config.project?.environments[name]?.protected === true;
  const listed = [config.user, config.project].some((layer) => layer?.policy.protectedEnvironments?.includes(name));
  const base = userSays ?? isProtectedName(name);
  return base || projectSays || listed || name === UNKNOWN_ENVIRONMENT_NAME;
}

export function environmentFacts(name: string, source: string, config: GuardConfig): EnvironmentFacts {
  return { name, protected: isProtectedEnvironment(name, config), source };
}

export function unknownEnvironment(source: string): EnvironmentFacts {
  return { name: UNKNOWN_ENVIRONMENT_NAME, protected: true, source };
}

/** Of several environments a command reaches, the one that must set the decision. */
export function mostProtected(environments: readonly EnvironmentFacts[]): EnvironmentFacts | null {
  let chosen: EnvironmentFacts | null = null;
  for (const env of environments) {
    if (!chosen) chosen = env;
    else if (env.protected && !chosen.protected) chosen = env;
    else if (env.protected === chosen.protected && env.name === UNKNOWN_ENVIRONMENT_NAME) chosen = env;
  }
  return chosen;
}

/**
 * What an offline look-up says in the user's words (the hook judges offline by default): the
 * fact was not looked up, and the command is treated as if it reached production.
 */
export const NOT_LOOKED_UP = 'guard did not look this up, so it is treated as production-level';
