// A bundle entry of its own (dist/bundle/client-audit.cjs): the audit log for a client whose daemon could not record its run.
import { fileAuditLog, type AuditRecord } from '../core/audit.js';

export function appendLocally(guardDir: string, record: AuditRecord): void {
  fileAuditLog(guardDir).append(record);
}
