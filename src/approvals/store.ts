// Placeholder store until approvals land: nothing is pending and nothing is approved (fail closed).
import type { ApprovalStore } from './model.js';

export function createApprovalStore(_guardDir: string, _now: () => Date): ApprovalStore {
  return {
    recordPending(request) {
      return { ...request, id: 'none', createdAt: new Date(0).toISOString() };
    },
    listPending: () => [],
    approve() {
      throw new Error('approvals are not available in this version');
    },
    consume: () => null,
  };
}
