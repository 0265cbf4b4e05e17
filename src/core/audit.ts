// Append-only, hash-chained audit log of every decision, with secrets redacted.
export interface AuditRecord {
  readonly time: string;
  readonly cwd: string;
  readonly argv: readonly string[];
  readonly tool: string | null;
  readonly risk: string;
  readonly environment: string | null;
  readonly targets: readonly string[];
  readonly decision: string;
  readonly outcome: string;
  readonly exitStatus: number | null;
  readonly agent: boolean;
}

export interface AuditLog {
  append(record: AuditRecord): void;
}
