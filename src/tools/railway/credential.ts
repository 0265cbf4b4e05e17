// Which Railway credential a command uses, the header it travels in, and how far it reaches.
import type { CredentialFacts } from '../../core/types.js';
import type { RailwayConfigFile } from './link.js';
import type { RailwayCredential } from './model.js';

// railwayapp/cli 5.43.1 src/client.rs GQLClient::new_authorized: RAILWAY_TOKEN wins and goes in
// `project-access-token`; otherwise `Authorization: Bearer` with Configs::get_railway_auth_token
// (src/config.rs): RAILWAY_API_TOKEN, then user.accessToken, then user.token.

export function findCredential(
  env: Readonly<Record<string, string | undefined>>,
  config: RailwayConfigFile | null,
  explicit?: RailwayCredential,
): RailwayCredential | null {
  if (explicit) return explicit;
  if (env.RAILWAY_TOKEN) return { kind: 'project', source: 'RAILWAY_TOKEN', token: env.RAILWAY_TOKEN };
  if (env.RAILWAY_API_TOKEN) return { kind: 'api', source: 'RAILWAY_API_TOKEN', token: env.RAILWAY_API_TOKEN };
  if (config?.userAccessToken) return { kind: 'user', source: `${config.source} (user.accessToken)`, token: config.userAccessToken };
  if (config?.userToken) return { kind: 'user', source: `${config.source} (user.token)`, token: config.userToken };
  return null;
}

export function authHeaders(credential: RailwayCredential): Record<string, string> {
  return credential.kind === 'project' ? { 'project-access-token': credential.token } : { authorization: `Bearer ${credential.token}` };
}

export interface CredentialScope {
  /** For a project token: the project and environment Railway says it belongs to. */
  readonly project?: string;
  readonly environment?: string;
  /** For a bearer token: the workspaces Railway says it can act in. */
  readonly workspaces?: readonly string[];
}

/** The blast-radius view of a credential: kind, where it came from, reach; never the secret. */
export function describeCredential(credential: RailwayCredential | null, scope: CredentialScope = {}): CredentialFacts | null {
  if (!credential) return null;
  switch (credential.kind) {
    case 'project':
      return {
        kind: 'project token',
        source: credential.source,
        reach: scope.environment
          ? `one environment: ${scope.environment} of project ${scope.project ?? '?'} (environment-scoped)`
          : 'one environment of one project (environment-scoped; which one was not verified)',
      };
    case 'api': {
      const where = scope.workspaces && scope.workspaces.length > 0 ? ` (workspaces: ${scope.workspaces.join(', ')})` : '';
      return { kind: 'account or workspace token', source: credential.source, reach: `every project it can see${where}; not environment-scoped` };
    }
    case 'user':
      return { kind: 'user login token', source: credential.source, reach: 'account-wide: every project and workspace of the logged-in user; not environment-scoped' };
  }
}

/** Removes every occurrence of the secret from a message, in case a server echoes it back. */
export function scrub(message: string, credential: RailwayCredential | null): string {
  if (!credential || credential.token.length < 4) return message;
  return message.split(credential.token).join('[redacted]');
}
