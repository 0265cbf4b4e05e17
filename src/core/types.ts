// The data that flows through the pipeline: rules, findings, resolved facts and the report.
import type { Decision, Risk } from './risk.js';

/** One row of a tool's rule table: plain data, like an ESLint rule's `meta`. */
export interface Rule {
  /** `<tool>/<rule>`, stable: users name it in config and `guard explain`. */
  readonly id: string;
  readonly risk: Risk;
  /** One line: what the rule matches. */
  readonly description: string;
  /** Why it is risky (or why it is safe), shown in `reasons`. */
  readonly reason: string;
  /** How (or whether) the damage can be undone. Required for destructive and unknown rules. */
  readonly recovery?: string;
}

export type RuleTable = Readonly<Record<string, Rule>>;

/** A rule that matched this command, with what exactly it matched. */
export interface RuleHit {
  readonly rule: Rule;
  /** The matched thing in the user's words, e.g. `DROP TABLE orders`. */
  readonly summary: string;
  /** Names of objects this hit touches, for targets and the confirm phrase. */
  readonly objects?: readonly ObjectRef[];
  /** Which connection/segment of the command this hit belongs to (tools with several). */
  readonly scope?: string;
}

/** An object a command touches, before anything is known about it in the world. */
export interface ObjectRef {
  readonly kind: string; // table, schema, database, role, volume, namespace…
  readonly name: string; // as written: `orders`, `public.orders`
  readonly scope?: string;
}

export interface EnvironmentFacts {
  readonly name: string;
  readonly protected: boolean;
  /** Where the name came from: `config: psql host db.prod.internal`, `default: localhost`. */
  readonly source: string;
}

export const UNKNOWN_ENVIRONMENT_NAME = 'unknown';

/** A resolved target: the thing that will be lost or changed, with measured facts. */
export interface Target {
  readonly kind: string;
  /** Fully qualified id: `public.orders`, `vol_8f2c`. */
  readonly id: string;
  /** Short name used in the confirmation phrase: `orders`, `pg-data`. */
  readonly name: string;
  readonly environment: string;
  readonly rows?: number;
  /** true when `rows` is the planner's estimate rather than a count. */
  readonly rowsEstimated?: boolean;
  readonly bytes?: number;
  readonly [extra: string]: unknown;
}

export interface CredentialFacts {
  readonly kind: string;
  /** Where it comes from (a variable name or file), never the secret itself. */
  readonly source: string;
  readonly reach: string;
}

/** Everything guard learned about a command: output of classify + resolve + blast. */
export interface Analysis {
  readonly tool: string | null;
  readonly risk: Risk;
  readonly hits: readonly RuleHit[];
  readonly environment: EnvironmentFacts | null;
  readonly targets: readonly Target[];
  readonly blastRadius: readonly string[];
  readonly credential: CredentialFacts | null;
  readonly recovery: string | null;
  /** Facts guard could not verify; any entry makes the decision fail closed. */
  readonly unverified: readonly string[];
  /** Extra reasons beyond the rules' own (e.g. "interactive session"). */
  readonly notes: readonly string[];
  /** True when the wrapped command would start an interactive session (psql with no input). */
  readonly interactive?: boolean;
}

export interface Verdict {
  readonly decision: Decision;
  /** The phrase as shown in reports; null for agents and when no confirmation applies. */
  readonly confirmPhrase: string | null;
  /** The phrase a confirmation must match (only when decision is `confirm`). */
  readonly expectedPhrase: string | null;
  readonly reasons: readonly string[];
}

/** The snapshot guard takes before the run (`--snapshot` or policy), as the report shows it. */
export interface SnapshotReport {
  /** required: no snapshot, no run; offer: asked at the prompt. */
  readonly requirement: 'required' | 'offer';
  /** `--snapshot`, or the policy line that asks for it. */
  readonly because: string;
  /** The id it will have (`guard snapshots restore <id>`); null when none can be taken. */
  readonly id: string | null;
  readonly family: string | null;
  readonly targets: readonly string[];
  readonly estimatedBytes: number | null;
  /** Where it goes (`~/.local/share/guard/snapshots/<id>`, `s3://bucket/prefix/<id>`). */
  readonly to: string | null;
  readonly copyable: boolean;
  /** Why nothing can be copied, when copyable is false. */
  readonly reason: string | null;
  readonly notes: readonly string[];
  /** The command that restores it. */
  readonly restore: string | null;
}

/** The JSON report of DESIGN.md, version 1. Fields may be added, never renamed. */
export interface Report {
  readonly version: 1;
  readonly argv: readonly string[];
  readonly tool: string | null;
  readonly risk: Risk;
  readonly rules: readonly { id: string; risk: Risk; summary: string }[];
  readonly environment: EnvironmentFacts | null;
  readonly targets: readonly Target[];
  readonly blastRadius: readonly string[];
  readonly credential: CredentialFacts | null;
  readonly recovery: string | null;
  readonly decision: Decision;
  readonly confirmPhrase: string | null;
  readonly reasons: readonly string[];
  readonly unverified: readonly string[];
  readonly agent: boolean;
  /** Present when a snapshot is asked for (`--snapshot` or policy); added in issue 18. */
  readonly snapshot?: SnapshotReport;
}
