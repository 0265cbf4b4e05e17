// The contract every wrapped tool implements: parse → classify → resolve, one folder each.
import type { Context } from '../core/context.js';
import type { Risk } from '../core/risk.js';
import type {
  CredentialFacts,
  EnvironmentFacts,
  RuleHit,
  RuleTable,
  Target,
} from '../core/types.js';
import type { SpooledInput } from '../core/stdin.js';

/** What the parse stage hands on: the tool's own structure plus what exec needs. */
export interface ParsedInvocation {
  /** Set when guard had to read the command's stdin: exec feeds the child these bytes. */
  readonly stdin?: SpooledInput;
  /**
   * A command this one runs in turn (`railway run CMD`, `kubectl exec POD -- CMD`, `docker exec`,
   * `ssh host CMD`): the pipeline assesses it too, by its own tool's rules.
   */
  readonly runs?: InnerCommand;
  /** The full argv as reports and the audit log may show it, when the tool found secrets in it. */
  readonly displayArgv?: readonly string[];
}

/** The command another one runs, and where: the one mechanism every family uses for it. */
export interface InnerCommand {
  readonly argv: readonly string[];
  /** Where it runs, in the user's words: `railway run`, `kubectl exec api-0`, `ssh db1`. */
  readonly where: string;
  /**
   * Set when it runs somewhere else (a container, a pod, a remote host): its connection settings
   * are that place's, not this machine's, so the pipeline neither resolves them from the local
   * environment nor measures local servers; a dangerous inner command's environment is the
   * outer command's when that is protected, and unknown (never local) otherwise.
   */
  readonly remote?: string;
  /** Variables the inner command is known to get there (`docker exec -e`, `kubectl run --env`). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Output of the pure classify stage. */
export interface Classification {
  readonly risk: Risk;
  readonly hits: readonly RuleHit[];
  /** What guard could not see while classifying (unreadable file, unresolvable variable…). */
  readonly unverified: readonly string[];
  /** The command starts an interactive session (e.g. psql reading a terminal). */
  readonly interactive?: boolean;
}

/** Output of the resolve stage (environment, targets) and blast radius (what is lost). */
export interface Resolution {
  readonly environment: EnvironmentFacts | null;
  readonly targets: readonly Target[];
  readonly blastRadius: readonly string[];
  readonly credential: CredentialFacts | null;
  readonly recovery: string | null;
  readonly unverified: readonly string[];
  readonly notes: readonly string[];
  /** Live facts that change what classify concluded; the pipeline uses these instead. */
  readonly reclassified?: Reclassification;
}

/**
 * A classification revised by what resolve learned live (a called function's body read from the
 * server): it replaces the classification's risk, hits and unverified, and its reasons are shown.
 */
export interface Reclassification {
  readonly risk: Risk;
  readonly hits: readonly RuleHit[];
  /** What is still unseen after the look-ups (replaces Classification.unverified). */
  readonly unverified: readonly string[];
  /** One line per revision: `public.report_total(integer) is STABLE: PostgreSQL lets it change no data`. */
  readonly reasons: readonly string[];
}

/**
 * What a family's page in docs/tools/ says beyond its rules (src/tools/<family>/docs.ts):
 * how guard finds the target, and what the live look-ups ask. Plain sentences.
 */
export interface FamilyDocs {
  /** The family as a heading: `PostgreSQL (psql and the client programs)`. */
  readonly title: string;
  /** Where the environment and the target come from, in the order guard (and the tool) looks. */
  readonly resolution: readonly string[];
  /** Each read-only question the live blast radius asks, and how it is bounded. */
  readonly liveLookups: readonly string[];
  /** Anything else a user should know (limits, stand-ins, what is not covered). */
  readonly notes?: readonly string[];
}

export interface ToolSource {
  /** Version of the wrapped program the grammar and rules were checked against. */
  readonly version: string;
  /** Where: docs pages or source files consulted. */
  readonly references: readonly string[];
}

export interface Tool<Parsed extends ParsedInvocation = ParsedInvocation> {
  /** The program name as typed: `psql`, `dropdb`. Also the rule-id namespace. */
  readonly name: string;
  /** The folder under src/tools/ that holds it: `postgres`. */
  readonly family: string;
  readonly summary: string;
  readonly rules: RuleTable;
  readonly checkedAgainst: ToolSource;
  /**
   * Parse argv with the program's real grammar. May read the payload the program would
   * execute (files, stdin) through ctx; never connects anywhere.
   */
  parse(args: readonly string[], ctx: Context): Promise<Parsed>;
  /** Pure: rules matched, risk, and what could not be seen. */
  classify(parsed: Parsed): Classification;
  /** Environment, targets and blast radius; live look-ups only when !ctx.offline. */
  resolve(parsed: Parsed, classification: Classification, ctx: Context): Promise<Resolution>;
  /** Release what parse acquired (temp files). */
  dispose?(parsed: Parsed): Promise<void>;
}

// Tools are stored heterogeneously in the registry; each keeps its own Parsed type inside.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = Tool<any>;

/** One row of a tool's case table (see test/support/case-tester.ts). */
export interface ToolCase {
  readonly argv: readonly string[];
  readonly risk: Risk;
  /** Rule ids that must be among the hits. */
  readonly rules: readonly string[];
  /** The world the command runs in: environment, files (relative to cwd and home), stdin. */
  readonly world?: {
    readonly env?: Record<string, string>;
    readonly files?: Record<string, string>;
    readonly stdin?: string | 'tty';
  };
  readonly note?: string;
}
