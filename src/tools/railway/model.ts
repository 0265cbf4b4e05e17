// Shared shapes of the Railway family: what a CLI call or a raw GraphQL request asks Railway to do.
import type { Risk } from '../../core/risk.js';

/** One thing a command asks Railway to do, with its target as written (name or id). */
export type RailwayOperation =
  | { readonly kind: 'volume-delete'; readonly volume: string }
  | { readonly kind: 'environment-delete'; readonly environment: string }
  | { readonly kind: 'service-delete'; readonly service: string; readonly environment?: string }
  | { readonly kind: 'project-delete'; readonly project?: string }
  | { readonly kind: 'deployment-remove'; readonly deployment?: string; readonly service?: string }
  /** Anything else: named by its CLI path or GraphQL field, with the risk the rules gave it. */
  | { readonly kind: 'other'; readonly name: string; readonly risk: Risk; readonly target?: string };

/** Project / environment / service as given on the command line (a name or an id). */
export interface RailwayScopeFlags {
  readonly project?: string;
  readonly environment?: string;
  readonly service?: string;
}

export type RailwayTokenKind =
  /** RAILWAY_TOKEN: scoped to one project environment; sent as Project-Access-Token. */
  | 'project'
  /** RAILWAY_API_TOKEN: account or workspace token; sent as Authorization: Bearer. */
  | 'api'
  /** The CLI's logged-in user token from ~/.railway/config.json; Authorization: Bearer. */
  | 'user';

export interface RailwayCredential {
  readonly kind: RailwayTokenKind;
  /** Where it came from: `RAILWAY_API_TOKEN`, `~/.railway/config.json (user.token)`, `curl -H Authorization`. */
  readonly source: string;
  /** The secret. Never printed, never serialised into reports or the audit log. */
  readonly token: string;
}

/** What a command (CLI or raw API call) asks Railway to do, before anything is resolved. */
export interface RailwayRequest {
  readonly operations: readonly RailwayOperation[];
  readonly flags: RailwayScopeFlags;
  /** A credential carried by the request itself (curl -H 'Authorization: Bearer …'). */
  readonly explicitCredential?: RailwayCredential;
}

export const DEFAULT_RAILWAY_API_URL = 'https://backboard.railway.com/graphql/v2';

/** Hosts that serve Railway's public GraphQL API (raw requests to them are classified). */
export const RAILWAY_API_HOSTS: readonly string[] = ['backboard.railway.com', 'backboard.railway.app'];
