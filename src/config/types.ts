// The shape of guard's configuration (user level and project level), after validation.
import type { Decision } from '../core/risk.js';

/** How an environment is recognised for the Postgres family. Patterns are globs (`*`, `?`). */
export interface PostgresMatch {
  readonly host?: string;
  readonly port?: number;
  readonly dbname?: string;
  readonly user?: string;
}

/** A Terraform/OpenTofu working directory; `directory` globs the absolute path after -chdir. */
export interface TerraformMatch {
  readonly workspace?: string;
  readonly directory?: string;
  readonly backend?: string;
}

/** A kubectl/helm target: kubeconfig context, cluster, API server URL and namespace globs. */
export interface KubernetesMatch {
  readonly context?: string;
  readonly cluster?: string;
  readonly server?: string;
  readonly namespace?: string;
}

export interface PulumiMatch {
  readonly stack?: string;
  readonly project?: string;
}

/** A Docker engine: context name and engine address globs (`unix:///…`, `ssh://deploy@db-1`, `tcp://…`). */
export interface DockerMatch {
  readonly context?: string;
  readonly host?: string;
}

/** A Heroku app (name glob). */
export interface HerokuMatch {
  readonly app?: string;
}

/** A Fly.io app (name glob). */
export interface FlyMatch {
  readonly app?: string;
}

/** A Supabase project (project ref glob). */
export interface SupabaseMatch {
  readonly projectRef?: string;
}

/** A Vercel project and team scope (globs). */
export interface VercelMatch {
  readonly project?: string;
  readonly scope?: string;
}

/** A doctl auth context (name glob). */
export interface DoctlMatch {
  readonly context?: string;
}

export interface EnvironmentConfig {
  readonly protected?: boolean;
  readonly match?: {
    readonly postgres?: readonly PostgresMatch[];
    readonly kubernetes?: readonly KubernetesMatch[];
    readonly terraform?: readonly TerraformMatch[];
    readonly pulumi?: readonly PulumiMatch[];
    readonly docker?: readonly DockerMatch[];
    readonly heroku?: readonly HerokuMatch[];
    readonly fly?: readonly FlyMatch[];
    readonly supabase?: readonly SupabaseMatch[];
    readonly vercel?: readonly VercelMatch[];
    readonly doctl?: readonly DoctlMatch[];
  };
}

export interface PolicyConfig {
  /** Writes in protected environments: allow (default) or confirm. */
  readonly writeInProtected?: 'allow' | 'confirm';
  /** Per-rule decisions; they can only tighten the default: `{"psql/delete-where": "confirm"}`. */
  readonly rules?: Readonly<Record<string, Decision>>;
  /** Extra environment names to treat as protected. */
  readonly protectedEnvironments?: readonly string[];
}

/** One file's worth of configuration, as written. */
export interface ConfigLayer {
  readonly file: string;
  readonly environments: Readonly<Record<string, EnvironmentConfig>>;
  readonly policy: PolicyConfig;
}

/**
 * The user layer is trusted; the project layer lives in a repository an agent can edit,
 * so it may only add protection (see environment.ts and merge.ts).
 */
export interface GuardConfig {
  readonly user: ConfigLayer | null;
  readonly project: ConfigLayer | null;
  /** Both layers' policies merged, strictest wins. */
  readonly policy: PolicyConfig;
}

export const EMPTY_CONFIG: GuardConfig = { user: null, project: null, policy: {} };
