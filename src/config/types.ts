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

/** An aws CLI target: account id, profile name and region globs. */
export interface AwsMatch {
  readonly account?: string;
  readonly profile?: string;
  readonly region?: string;
}

/** A MySQL/MariaDB connection: host (or socket path), port, database and user globs. */
export interface MysqlMatch {
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
}

/** A Redis server: host (or socket path) glob, port and logical database number. */
export interface RedisMatch {
  readonly host?: string;
  readonly port?: number;
  readonly db?: number;
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

/** A Google Cloud project as gcloud/gsutil resolve it: project ID, account and configuration name globs. */
export interface GcloudMatch {
  readonly project?: string;
  readonly account?: string;
  readonly configuration?: string;
}

/** An Azure subscription as az resolves it: subscription ID, its name, tenant and resource group globs. */
export interface AzureMatch {
  readonly subscription?: string;
  readonly subscriptionName?: string;
  readonly tenant?: string;
  readonly resourceGroup?: string;
}

export interface EnvironmentConfig {
  readonly protected?: boolean;
  readonly match?: {
    readonly aws?: readonly AwsMatch[];
    readonly postgres?: readonly PostgresMatch[];
    readonly kubernetes?: readonly KubernetesMatch[];
    readonly mysql?: readonly MysqlMatch[];
    readonly redis?: readonly RedisMatch[];
    readonly terraform?: readonly TerraformMatch[];
    readonly pulumi?: readonly PulumiMatch[];
    readonly docker?: readonly DockerMatch[];
    readonly heroku?: readonly HerokuMatch[];
    readonly fly?: readonly FlyMatch[];
    readonly supabase?: readonly SupabaseMatch[];
    readonly vercel?: readonly VercelMatch[];
    readonly doctl?: readonly DoctlMatch[];
    readonly gcloud?: readonly GcloudMatch[];
    readonly azure?: readonly AzureMatch[];
  };
}

export interface PolicyConfig {
  /** Writes in protected environments: allow (default) or confirm. */
  readonly writeInProtected?: 'allow' | 'confirm';
  /** Per-rule decisions; they can only tighten the default: `{"psql/delete-where": "confirm"}`. */
  readonly rules?: Readonly<Record<string, Decision>>;
  /** Extra environment names to treat as protected. */
  readonly protectedEnvironments?: readonly string[];
  /**
   * A DELETE/UPDATE with a WHERE that the server says touches at least this percentage of a
   * non-empty table's rows is destructive, like one without WHERE (default 90).
   */
  readonly allRowsPercent?: number;
}

/** Whether a destructive run takes a snapshot first: always (refused when it cannot), asked at the prompt, or not. */
export type SnapshotRequirement = 'required' | 'offer' | 'off';

/** Snapshots taken before destructive runs (src/snapshots): when, where, how big, how long kept. */
export interface SnapshotsConfig {
  /** In protected (and unresolved) environments; default off. The project file may only raise it. */
  readonly protected?: SnapshotRequirement;
  /** In unprotected environments; default off. The project file may only raise it. */
  readonly unprotected?: SnapshotRequirement;
  /** A local directory for the store (user config only); default $XDG_DATA_HOME/guard/snapshots. */
  readonly directory?: string;
  /** `s3://bucket/prefix`: upload every snapshot there through the aws CLI (user config only). */
  readonly s3?: string;
  /** Above this estimated size guard asks instead of copying (refuses without a terminal). Default 1 GB. */
  readonly maxBytes?: number;
  /** `guard snapshots prune`: delete snapshots older than this many days (default 30; user config only). */
  readonly maxAgeDays?: number;
  /** `guard snapshots prune`: keep the newest snapshots within this total size (default 10 GB; user config only). */
  readonly maxTotalBytes?: number;
}

/** One file's worth of configuration, as written. */
export interface ConfigLayer {
  readonly file: string;
  readonly environments: Readonly<Record<string, EnvironmentConfig>>;
  readonly policy: PolicyConfig;
  readonly snapshots?: SnapshotsConfig;
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
  /** Snapshot settings merged (src/config/load.ts mergeSnapshots): where from the user, when strictest of both. */
  readonly snapshots?: SnapshotsConfig;
}

export const EMPTY_CONFIG: GuardConfig = { user: null, project: null, policy: {} };
