// The shape of guard's configuration (user level and project level), after validation.
import type { Decision } from '../core/risk.js';

/** How an environment is recognised for one tool family. Patterns are globs (`*`, `?`). */
export interface PostgresMatch {
  readonly host?: string;
  readonly port?: number;
  readonly dbname?: string;
  readonly user?: string;
}

export interface EnvironmentConfig {
  readonly protected?: boolean;
  readonly match?: {
    readonly postgres?: readonly PostgresMatch[];
  };
}

export interface PolicyConfig {
  /** Writes in protected environments: allow (default) or confirm. */
  readonly writeInProtected?: 'allow' | 'confirm';
  /** Per-rule decision overrides: `{"psql/delete-where": "confirm"}`. */
  readonly rules?: Readonly<Record<string, Decision>>;
  /** Extra environment names to treat as protected. */
  readonly protectedEnvironments?: readonly string[];
}

export interface GuardConfig {
  readonly environments: Readonly<Record<string, EnvironmentConfig>>;
  readonly policy: PolicyConfig;
  /** Files the config came from, for messages and `guard doctor`. */
  readonly sources: readonly string[];
}

export const EMPTY_CONFIG: GuardConfig = { environments: {}, policy: {}, sources: [] };
