// Classifies statements in batches (one parser call for many) and caps findings without losing dangerous ones.
import type { Risk } from '../../core/risk.js';
import type { SqlFinding } from './model.js';
import { classifyParsed, parseSql, unparseableFinding, type ParsedStatement, type SqlClassification, type SqlSession } from './sql.js';

export interface PendingStatement {
  readonly text: string;
  readonly origin: string;
  readonly connection: number;
  readonly unresolved: readonly string[];
  readonly invalidUtf8: boolean;
}

export type Emit = (finding: SqlClassification & { origin: string }, connection: number) => void;

/**
 * Classifies statements in order (PREPARE before EXECUTE). Parsing many statements in one call is
 * about twice as fast; the batch is used only when every parsed statement lies inside one input
 * statement, otherwise each is parsed alone.
 */
export function classifyBatch(batch: readonly PendingStatement[], session: SqlSession, emit: Emit): number {
  const parsedTogether = batch.length > 1 ? parseTogether(batch) : null;
  let count = 0;
  batch.forEach((pending, index) => {
    const report = (found: SqlClassification): void => emit({ ...found, origin: pending.origin }, pending.connection);
    const unresolved = pending.unresolved.length > 0
      ? { rule: 'unresolved-variable' as const, summary: `uses psql variables guard does not know: :${[...new Set(pending.unresolved)].join(', :')}`, objects: [] }
      : null;
    if (pending.invalidUtf8) {
      count++;
      report({ rule: 'unparseable', summary: 'statement is not valid UTF-8 (the server rejects it; guard cannot read it)', objects: [] });
      return;
    }
    let statements: ParsedStatement[] | undefined = parsedTogether?.[index];
    if (!statements) {
      const parsed = parseSql(pending.text);
      if (!parsed.ok) {
        count++;
        report(unresolved ?? unparseableFinding(parsed.error));
        return;
      }
      statements = parsed.statements;
    }
    count += statements.length;
    if (unresolved) report(unresolved);
    for (const statement of statements) for (const found of classifyParsed(statement, session)) report(found);
  });
  return count;
}

function parseTogether(batch: readonly PendingStatement[]): ParsedStatement[][] | null {
  if (batch.some((p) => p.invalidUtf8 || p.text.includes('\0'))) return null;
  const starts: number[] = [];
  let offset = 0;
  const pieces = batch.map((p) => {
    const piece = p.text.trimEnd().endsWith(';') ? `${p.text}\n` : `${p.text}\n;\n`;
    starts.push(offset);
    offset += Buffer.byteLength(piece);
    return piece;
  });
  starts.push(offset);
  const parsed = parseSql(pieces.join(''));
  if (!parsed.ok) return null;
  const perPiece: ParsedStatement[][] = batch.map(() => []);
  // A statement's location starts right after the previous semicolon, so it may take in the
  // newline that ends the previous piece; it belongs to the piece where it ends.
  let piece = 0;
  for (const statement of parsed.statements) {
    const last = statement.location + statement.length - 1;
    while (piece < batch.length && last >= starts[piece + 1]!) piece++;
    if (piece >= batch.length || statement.location < starts[piece]! - 1) return null;
    perPiece[piece]!.push(statement);
  }
  return perPiece;
}

/** Keeps at most `max` findings; a destructive or unknown finding displaces a write, never the reverse. */
export class FindingCollector {
  private readonly severe: { seq: number; finding: SqlFinding }[] = [];
  private readonly writes: { seq: number; finding: SqlFinding }[] = [];
  private seq = 0;
  truncated = 0;

  constructor(private readonly max: number) {}

  add(finding: SqlFinding, risk: Risk): void {
    const entry = { seq: this.seq++, finding };
    const dangerous = risk === 'destructive' || risk === 'unknown';
    if (this.severe.length + this.writes.length < this.max) (dangerous ? this.severe : this.writes).push(entry);
    else if (dangerous && this.writes.length > 0) {
      this.writes.pop();
      this.severe.push(entry);
      this.truncated++;
    } else this.truncated++;
  }

  findings(): SqlFinding[] {
    return [...this.severe, ...this.writes].sort((a, b) => a.seq - b.seq).map((e) => e.finding);
  }
}
