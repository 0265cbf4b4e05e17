// COPY … FROM STDIN in a psql script: the data up to `\.`, and the data lines psql would run as SQL.
//
// When the server rejects the COPY (no such table, no privilege), psql never enters copy mode and
// reads the "data" as ordinary script (checked with psql 15 against a real server: after
// `COPY nosuch FROM STDIN;`, the lines `DROP` and `TABLE x;` drop x, and `\echo` runs). Lexing
// gigabytes of data a second time would break streaming, so only lines that could end a statement
// (a `;`) or hold a meta-command (a backslash that is not a COPY escape) are handed out, each with
// the data before it as psql would have buffered it (bounded), under a per-input byte budget.
import { Mode, WAIT, type CopyDataFormat, type ScriptItem, type StepResult } from './script-buffer.js';
import { SqlLexer } from './script-lexer.js';

/** How much data before a candidate line goes with it: psql would send it in the same statement. */
export const SPECULATIVE_WINDOW_BYTES = 16 * 1024;
/** Candidate text per input before the rest of its COPY data is reported as unchecked. */
export const DEFAULT_SPECULATIVE_COPY_BUDGET = 1024 * 1024;

// After a backslash, the characters COPY's text format uses for escapes (\b \f \n \r \t \v \N \xHH
// and octal digits): pg_dump writes no other single backslash, and none of these psql
// meta-commands runs or changes anything.
const COPY_ESCAPES = new Set([...'bfnrtvNx01234567'].map((c) => c.charCodeAt(0)));
const BACKSLASH = 92;

export abstract class CopyLexer extends SqlLexer {
  private copyFormat: CopyDataFormat = 'text';
  private copyAtLineStart = true;
  protected deferredRest: string | null = null;
  // Speculation state: the window of data since the last candidate line, and cached search positions.
  private budgetLeft: number;
  private speculating: boolean;
  private lineIsCandidate = false;
  private candidateLine = 0;
  private windowStart = 0;
  private windowPieces: string[] = [];
  private windowPiecesBytes = 0;
  private windowTruncated = false;
  private nextSemicolon = -1;
  private nextBackslash = -1;

  constructor(options: ConstructorParameters<typeof SqlLexer>[0]) {
    super(options);
    this.budgetLeft = options.speculativeCopyBudget ?? DEFAULT_SPECULATIVE_COPY_BUDGET;
    this.speculating = this.budgetLeft > 0;
  }

  /** Lets the consumer's COPY detector switch this input into data mode right after the statement. */
  protected afterItem(item: ScriptItem): void {
    const isCopy = item.kind === 'sql' ? item.firstWord === 'copy' : item.kind === 'meta' && item.command === 'copy';
    if (!isCopy || !this.options.copyFromStdin) return;
    const format = this.options.copyFromStdin(item);
    if (!format) return;
    // psql reads the data from the next line on; the rest of this line is lexed after the data.
    this.copyFormat = format;
    this.deferredRest = '';
    this.mode = Mode.CopyRestOfLine;
  }

  protected override beforeCompaction(dropped: number): void {
    this.nextSemicolon = -1;
    this.nextBackslash = -1;
    if (this.mode !== Mode.CopyData || !this.speculating) return;
    if (this.windowStart < dropped) {
      const from = Math.max(this.windowStart, dropped - SPECULATIVE_WINDOW_BYTES);
      if (from > this.windowStart) this.windowTruncated = true;
      const piece = this.buf.slice(from, dropped);
      this.windowPieces.push(piece);
      this.windowPiecesBytes += piece.length;
      while (this.windowPieces.length > 1 && this.windowPiecesBytes - this.windowPieces[0]!.length >= SPECULATIVE_WINDOW_BYTES) {
        this.windowPiecesBytes -= this.windowPieces.shift()!.length;
        this.windowTruncated = true;
      }
    }
    this.windowStart = Math.max(0, this.windowStart - dropped);
  }

  protected stepCopyRestOfLine(): StepResult {
    const buf = this.buf;
    const end = buf.indexOf('\n', this.pos);
    const rest = buf.slice(this.pos, end < 0 ? buf.length : end);
    if (this.deferredRest !== null && this.deferredRest.length + rest.length <= this.maxBytes) this.deferredRest += rest;
    else this.deferredRest = null;
    if (end < 0) { this.pos = buf.length; return this.eof ? null : WAIT; }
    this.advanceTo(end + 1);
    this.segStart = this.pos;
    this.mode = this.copyFormat === 'binary' ? Mode.CopyBinary : Mode.CopyData;
    this.copyAtLineStart = true;
    this.resetWindow(this.pos);
    this.lineIsCandidate = false;
    return null;
  }

  protected stepCopyBinary(): StepResult {
    this.countNewlines(this.pos, this.buf.length);
    this.pos = this.buf.length;
    this.segStart = this.pos;
    return null;
  }

  protected stepCopyData(): StepResult {
    const buf = this.buf;
    if (this.copyAtLineStart) {
      if (!this.need(4)) return WAIT;
      if (buf.startsWith('\\.', this.pos)) {
        const after = buf.charCodeAt(this.pos + 2);
        const afterAfter = buf.charCodeAt(this.pos + 3);
        if (this.pos + 2 >= buf.length || after === 10 || (after === 13 && (afterAfter === 10 || this.pos + 3 >= buf.length))) {
          return this.endCopyData();
        }
      }
      this.candidateLine = this.line;
    }
    const newline = buf.indexOf('\n', this.pos);
    const end = newline < 0 ? buf.length : newline + 1;
    if (this.speculating && !this.lineIsCandidate) this.lineIsCandidate = this.mayBeScript(this.pos, end);
    this.copyAtLineStart = newline >= 0;
    this.advanceTo(end);
    this.segStart = this.pos;
    if (this.lineIsCandidate && (newline >= 0 || this.eof)) return this.candidate(end);
    return null;
  }

  private endCopyData(): StepResult {
    const buf = this.buf;
    const end = buf.indexOf('\n', this.pos);
    this.advanceTo(end < 0 ? buf.length : end + 1);
    this.mode = Mode.Initial;
    this.segStart = this.pos;
    if (this.deferredRest) {
      this.buf = buf.slice(0, this.pos) + this.deferredRest + '\n' + buf.slice(this.pos);
      this.expansions.push({ name: '', end: this.pos + this.deferredRest.length + 1 }); // its lines are counted already
    }
    this.deferredRest = null;
    this.resetWindow(this.pos);
    return null;
  }

  private resetWindow(start: number): void {
    this.windowStart = start;
    this.windowPieces = [];
    this.windowPiecesBytes = 0;
    this.windowTruncated = false;
  }

  /** Whether [from, to) holds a `;` or a backslash that is not a COPY escape; searches are cached per buffer. */
  private mayBeScript(from: number, to: number): boolean {
    const buf = this.buf;
    if (this.nextSemicolon < from) {
      const at = buf.indexOf(';', from);
      this.nextSemicolon = at < 0 ? Infinity : at;
    }
    if (this.nextSemicolon < to) return true;
    let at = from;
    for (;;) {
      if (this.nextBackslash < at) {
        const found = buf.indexOf('\\', at);
        this.nextBackslash = found < 0 ? Infinity : found;
      }
      const backslash = this.nextBackslash;
      if (backslash >= to) return false;
      if (backslash + 1 >= buf.length) return true; // the escaped character is still to come: be safe
      const next = buf.charCodeAt(backslash + 1);
      if (next === BACKSLASH) { at = backslash + 2; continue; }
      if (!COPY_ESCAPES.has(next)) return true;
      at = backslash + 1;
    }
  }

  /** The candidate line with the data psql would have buffered before it, within the window. */
  private candidate(end: number): StepResult {
    this.lineIsCandidate = false;
    const from = Math.max(this.windowStart, end - SPECULATIVE_WINDOW_BYTES);
    const inBuffer = this.buf.slice(from, end);
    const withPieces = from === this.windowStart && this.windowPieces.length > 0;
    let text = withPieces ? this.windowPieces.join('') + inBuffer : inBuffer;
    const truncated = this.windowTruncated || text.length > SPECULATIVE_WINDOW_BYTES || from > this.windowStart || (!withPieces && this.windowPieces.length > 0);
    if (text.length > SPECULATIVE_WINDOW_BYTES) text = text.slice(text.length - SPECULATIVE_WINDOW_BYTES);
    if (truncated) {
      // Start at a line boundary when there is one, so a cut does not invent a word.
      const newline = text.indexOf('\n');
      if (newline >= 0 && newline < text.length - 1) text = text.slice(newline + 1);
    }
    this.resetWindow(end);
    this.budgetLeft -= text.length;
    if (this.budgetLeft < 0) {
      this.speculating = false;
      const budget = this.options.speculativeCopyBudget ?? DEFAULT_SPECULATIVE_COPY_BUDGET;
      return { kind: 'copy-unchecked', line: this.candidateLine, budget };
    }
    const item: ScriptItem = { kind: 'copy-candidate', text: Buffer.from(text, 'latin1').toString('utf8'), line: this.candidateLine };
    return item;
  }
}
