// Human approvals of refused agent requests: what is stored and how a retry is matched.
import type { Risk } from '../core/risk.js';
import type { AgentProcess } from './agent-identity.js';

/** What an approval is bound to: the exact command (argv, or a whole shell line), cwd and resolved target. */
export interface ApprovalKey {
  readonly kind: 'argv' | 'line';
  /** argv joined with NUL for kind argv; the line as given for kind line. */
  readonly command: string;
  readonly cwd: string;
  /** Resolved targets as `<environment>/<id>`, sorted: a changed target voids the approval. */
  readonly targets: readonly string[];
}

/**
 * What `guard approve` needs to assess the request again, live: the command itself and the
 * non-secret part of the environment it ran in. Absent when the command text carries a
 * secret (then only its hash is kept, and approve works from the offline facts).
 */
export type ReplayCommand =
  | { readonly kind: 'argv'; readonly argv: readonly string[]; readonly env: Readonly<Record<string, string>> }
  | { readonly kind: 'line'; readonly line: string; readonly env: Readonly<Record<string, string>> }
  | { readonly kind: 'mcp'; readonly tool: string; readonly input: unknown; readonly env: Readonly<Record<string, string>> };

export interface PendingRequest {
  readonly id: string;
  readonly createdAt: string;
  readonly key: ApprovalKey;
  /** For display to the human: redacted argv or line, risk, environment, blast radius. */
  readonly display: string;
  readonly risk: Risk;
  readonly environment: string | null;
  readonly blastRadius: readonly string[];
  /** The phrase the human must type to approve (`<environment>/<target>`), from the offline facts. */
  readonly phrase: string;
  /** Which agent asked, when known (claude, cursor…), else "agent". */
  readonly requester: string;
  /** The agent process the request came from: `guard approve` refuses to run inside its tree. */
  readonly agentProcess?: AgentProcess | null;
  /** Whether the facts above were looked up live (the hook's --live) or offline. */
  readonly resolvedLive?: boolean;
  readonly replay?: ReplayCommand | null;
}

export interface Approval {
  readonly id: string;
  readonly requestId: string;
  readonly approvedAt: string;
  readonly expiresAt: string;
  /** The request's key as the hook computed it (offline, unless the hook runs live). */
  readonly key: ApprovalKey;
  /** The targets the human saw resolved live at approval time; null when approved from offline facts. */
  readonly liveTargets: readonly string[] | null;
  readonly used: boolean;
  /** HMAC-SHA256 over everything above with the secret only `guard approve` creates. */
  readonly mac: string;
}

export interface ApproveOptions {
  /** Targets resolved live by `guard approve`: a live-mode retry must resolve to exactly these. */
  readonly liveTargets?: readonly string[] | null;
}

export interface ApprovalStore {
  /** Record (or refresh) a pending request for this key; returns it with its id. */
  recordPending(request: Omit<PendingRequest, 'id' | 'createdAt'>): PendingRequest;
  listPending(): readonly PendingRequest[];
  /** A human typed the phrase for this pending request: a signed one-time approval, valid 15 minutes. */
  approve(requestId: string, options?: ApproveOptions): Approval;
  /**
   * Use a matching, unexpired, unused, correctly signed approval once; null when there is none.
   * `live` says the key's targets were resolved live (then they must equal the approval's live targets).
   */
  consume(key: ApprovalKey, options?: { readonly live?: boolean }): Approval | null;
}
