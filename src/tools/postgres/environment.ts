// Which environment a Postgres connection belongs to: user config, then defaults, then project additions.
import type { GuardConfig, PostgresMatch } from '../../config/types.js';
import { environmentFacts, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';
import type { ConnectionFacts } from './model.js';
import { globMatches } from '../../config/glob.js';


function matches(rule: PostgresMatch, conn: ConnectionFacts): boolean {
  if (rule.host !== undefined && !globMatches(rule.host, conn.host)) return false;
  if (rule.port !== undefined && rule.port !== conn.port) return false;
  if (rule.dbname !== undefined && !globMatches(rule.dbname, conn.dbname)) return false;
  if (rule.user !== undefined && !globMatches(rule.user, conn.user)) return false;
  return true;
}

function describeRule(rule: PostgresMatch): string {
  return Object.entries(rule)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
}

function matchLayer(layer: GuardConfig['user'], conn: ConnectionFacts, label: string): { name: string; source: string } | null {
  if (!layer) return null;
  for (const [name, environment] of Object.entries(layer.environments)) {
    for (const rule of environment.match?.postgres ?? []) {
      if (matches(rule, conn)) return { name, source: `${label} ${layer.file}: postgres ${describeRule(rule)}` };
    }
  }
  return null;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((part) => /^\d{1,3}$/.test(part));
}

/** The defaults: socket or loopback → local; "prod" in host or database → production; else unknown. */
function defaultEnvironment(conn: ConnectionFacts): { name: string; source: string } {
  if (conn.host.toLowerCase().includes('prod')) return { name: 'production', source: `default: host ${conn.host} contains "prod"` };
  if (conn.dbname.toLowerCase().includes('prod')) return { name: 'production', source: `default: database ${conn.dbname} contains "prod"` };
  if (conn.isSocket) return { name: 'local', source: `default: Unix socket ${conn.host}` };
  if (isLoopback(conn.host)) return { name: 'local', source: `default: host ${conn.host} is this machine` };
  return { name: 'unknown', source: `no environment in the configuration matches host ${conn.host}` };
}

/**
 * The user's config is trusted to name any environment. Without a user match the defaults
 * apply. A project match counts only when it is more protected: the project file can add
 * protection, never remove it.
 */
export function postgresEnvironment(conn: ConnectionFacts, config: GuardConfig): EnvironmentFacts {
  const chosen = matchLayer(config.user, conn, 'config') ?? defaultEnvironment(conn);
  let facts = chosen.name === 'unknown' ? unknownEnvironment(chosen.source) : environmentFacts(chosen.name, chosen.source, config);
  const project = matchLayer(config.project, conn, 'project config');
  if (project) {
    const projectFacts = environmentFacts(project.name, project.source, config);
    // A protected project environment may name what was unresolved; it never lowers protection.
    if (projectFacts.protected && (!facts.protected || facts.name === 'unknown')) facts = projectFacts;
  }
  return facts;
}
