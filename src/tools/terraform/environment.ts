// Which environment a terraform working directory and workspace belong to: user config, defaults, project additions.
import { basename, sep } from 'node:path';
import type { GuardConfig } from '../../config/types.js';
import { environmentFacts, isProtectedName, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';
import type { Workdir } from './workdir.js';
import { globMatches } from '../../config/glob.js';

/** A `match.terraform` entry of guard's configuration: every field given must match (globs: * and ?). */
import type { TerraformMatch } from '../../config/types.js';
export type { TerraformMatch };

/** Names that say which non-production environment a workspace or directory is. */
const KNOWN_ENVIRONMENTS = new Set(['dev', 'development', 'staging', 'stage', 'test', 'testing', 'qa', 'sandbox', 'preview', 'local', 'demo', 'ci']);


function matches(rule: TerraformMatch, where: Workdir): boolean {
  if (rule.workspace !== undefined && !globMatches(rule.workspace, where.workspace)) return false;
  if (rule.directory !== undefined && !globMatches(rule.directory, where.dir)) return false;
  if (rule.backend !== undefined && rule.backend.toLowerCase() !== where.backend.toLowerCase()) return false;
  return true;
}

// The lead adds `terraform` to EnvironmentConfig['match']; read it structurally until then.
type WithTerraform = { readonly terraform?: readonly TerraformMatch[] } | undefined;

function matchLayer(layer: GuardConfig['user'], where: Workdir, label: string): { name: string; source: string } | null {
  if (!layer) return null;
  for (const [name, environment] of Object.entries(layer.environments)) {
    for (const rule of (environment.match as WithTerraform)?.terraform ?? []) {
      const described = Object.entries(rule).map(([key, value]) => `${key} ${String(value)}`).join(', ');
      if (matches(rule, where)) return { name, source: `${label} ${layer.file}: terraform ${described}` };
    }
  }
  return null;
}

/** `prod`, `production`, `prod-eu`, `preprod`; not `nonprod`. `live` only for workspaces: terragrunt's `live/` trees hold every environment. */
function namesProduction(name: string, allowLive: boolean): boolean {
  if (!isProtectedName(name)) return false;
  if (allowLive) return true;
  return isProtectedName(name.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== 'live').join('-') || 'none');
}

function knownEnvironment(name: string): string | null {
  const lower = name.toLowerCase();
  return KNOWN_ENVIRONMENTS.has(lower) ? lower : null;
}

/**
 * Defaults, failing closed: "prod" in the workspace or any directory component → production;
 * a workspace named like a known environment → that environment; in the default workspace, the
 * nearest directory named like one; anything else → unknown (protected). A `default`
 * workspace in an unremarkable directory says nothing about where its state points.
 */
function defaultEnvironment(where: Workdir): { name: string; source: string } {
  if (namesProduction(where.workspace, true)) return { name: 'production', source: `default: workspace ${where.workspace} names production` };
  const components = where.dir.split(sep).filter(Boolean);
  const prodComponent = components.find((component) => namesProduction(component, false));
  if (prodComponent) return { name: 'production', source: `default: directory ${where.dir} contains ${prodComponent}` };
  if (where.workspace !== 'default') {
    const known = knownEnvironment(where.workspace);
    if (known) return { name: known, source: `default: workspace ${where.workspace}` };
    return { name: 'unknown', source: `no environment in the configuration matches workspace ${where.workspace} in ${where.dir}` };
  }
  for (const component of [...components].reverse()) {
    const known = knownEnvironment(component);
    if (known) return { name: known, source: `default: directory ${where.dir} (${component}), default workspace` };
  }
  return { name: 'unknown', source: `no environment in the configuration matches ${basename(where.dir)} (workspace default, ${where.backend} backend)` };
}

export function terraformEnvironment(where: Workdir, config: GuardConfig): EnvironmentFacts {
  const chosen = matchLayer(config.user, where, 'config') ?? defaultEnvironment(where);
  let facts = chosen.name === 'unknown' ? unknownEnvironment(chosen.source) : environmentFacts(chosen.name, chosen.source, config);
  const project = matchLayer(config.project, where, 'project config');
  if (project) {
    const projectFacts = environmentFacts(project.name, project.source, config);
    // The project file (editable by agents) may add protection, never remove it.
    if (projectFacts.protected && (!facts.protected || facts.name === 'unknown')) facts = projectFacts;
  }
  return facts;
}
