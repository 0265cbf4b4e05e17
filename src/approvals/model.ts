// Human approvals of refused agent requests: what is stored and how a retry is matched.
import type { Risk } from '../core/risk.js';

/** What an approval is bound to: the exact command (argv, or a whole shell line), cwd and resolved target. */
export interface ApprovalKey {
  readonly kind: 'argv' | 'line';
  /** argv joined with NUL for kind argv; the line as given for kind line. */
  readonly command: string;
  readonly cwd: string;
  /** Resolved targets as `<environment>/<id>`, sorted: a changed target voids the approval. */
  readonly targets: readonly string[];
}

export interface PendingRequest {
  readonly id: string;
  readonly createdAt: string;
  readonly key: ApprovalKey;
  /** For display to the human: redacted argv or line, risk, environment, blast radius. */
  readonly display: string;
  readonly risk: Risk;
  readonly environment: string | null;
  readonly blastRadius: readonly string[];
  /** The phrase the human must type to approve (`<environment>/<target>`). */
  readonly phrase: string;
  /** Which agent asked, when known (claude, cursor…), else "agent". */
  readonly requester: string;
}

export interface Approval {
  readonly id: string;
  readonly requestId: string;
  readonly approvedAt: string;
  readonly expiresAt: string;
  readonly key: ApprovalKey;
  readonly used: boolean;
}

export interface ApprovalStore {
  /** Record (or refresh) a pending request for this key; returns it with its id. */
  recordPending(request: Omit<PendingRequest, 'id' | 'createdAt'>): PendingRequest;
  listPending(): readonly PendingRequest[];
  /** A human typed the phrase for this pending request: a one-time approval, valid 15 minutes. */
  approve(requestId: string): Approval;
  /** Use a matching, unexpired, unused approval once; null when there is none. */
  consume(key: ApprovalKey): Approval | null;
}
