// The psql lexer's input buffer and the statement it is collecting: chunks, byte offsets, lines, limits.
import { isUtf8 } from 'node:buffer';
import { PsqlVariables } from './script-meta.js';

export type ScriptItem =
  | { readonly kind: 'sql'; readonly text: string; readonly line: number; readonly invalidUtf8: boolean;
      readonly unresolved: readonly string[]; readonly repeated?: boolean;
      /** The statement's first word, lower-cased (`copy`, `select`…), for callers that must react at once. */
      readonly firstWord: string }
  | { readonly kind: 'meta'; readonly command: string; readonly args: string; readonly argv: readonly string[];
      readonly line: number; readonly backtick: boolean; readonly unresolved: readonly string[] }
  | { readonly kind: 'too-large'; readonly line: number; readonly bytes: number }
  | { readonly kind: 'binary'; readonly line: number }
  /** COPY data lines that psql runs as a script when the COPY itself fails (e.g. no such table). */
  | { readonly kind: 'copy-candidate'; readonly text: string; readonly line: number }
  /** The per-input budget for such lines ran out: the rest of the COPY data was not checked. */
  | { readonly kind: 'copy-unchecked'; readonly line: number; readonly budget: number };

/** How psql reads COPY data from the script after a statement: lines up to `\.`, or all the rest. */
export type CopyDataFormat = 'text' | 'binary';

export interface SplitOptions {
  readonly variables?: PsqlVariables;
  readonly maxStatementBytes?: number;
  /** Asked for every COPY statement and \copy meta-command: does psql now read data from this input? */
  readonly copyFromStdin?: (item: ScriptItem) => CopyDataFormat | null;
  /** Bytes of COPY data per input that may be handed out as `copy-candidate` text. */
  readonly speculativeCopyBudget?: number;
}

// The parser needs ~0.3 s per MB of statement (its JSON tree is huge): past 1 MiB guard reports
// the statement as too large (unknown, fail closed) instead of making every run wait seconds.
export const DEFAULT_MAX_STATEMENT_BYTES = 1024 * 1024;

export const enum Mode { Initial, BlockComment, LineComment, Quote, EscapeQuote, AfterEscapeQuote, Dollar, CopyRestOfLine, CopyData, CopyBinary }

export const WAIT: unique symbol = Symbol('wait for more input');
export type StepResult = ScriptItem | null | typeof WAIT;

export abstract class LexerBuffer {
  protected buf = '';
  protected pos = 0;
  protected eof = false;
  protected mode = Mode.Initial;
  protected line = 1;
  protected parenDepth = 0;
  protected beginDepth = 0;
  protected identifierCount = 0;
  protected firstWord = '';
  // The statement being collected.
  protected parts: string[] = [];
  protected size = 0;
  protected segStart = 0;
  protected statementLine = 0;
  protected tooLarge = false;
  protected unresolved: string[] = [];
  protected lastFirstWord = '';
  private previousText: string | null = null;
  private previousFirstWord = '';
  // Variable values pushed into the input; psql never expands a variable inside its own value.
  protected expansions: { name: string; end: number }[] = [];
  protected readonly variables: PsqlVariables;
  protected readonly maxBytes: number;

  constructor(protected readonly options: SplitOptions) {
    this.variables = options.variables ?? new PsqlVariables();
    this.maxBytes = options.maxStatementBytes ?? DEFAULT_MAX_STATEMENT_BYTES;
  }

  feed(chunk: string): void {
    this.flushSegment(this.pos);
    const dropped = this.pos;
    this.beforeCompaction(dropped);
    this.buf = this.buf.slice(dropped) + chunk;
    this.pos = 0;
    this.segStart = 0;
    for (const expansion of this.expansions) expansion.end -= dropped;
  }

  /** Called before the consumed `dropped` bytes leave the buffer, for state that still needs them. */
  protected beforeCompaction(_dropped: number): void {}

  protected flushSegment(end: number): void {
    if (end > this.segStart && this.size + (end - this.segStart) > 0) this.append(this.buf.slice(this.segStart, end));
    this.segStart = end;
  }

  protected append(text: string): void {
    if (text.length === 0) return;
    this.size += text.length;
    if (this.tooLarge) return;
    if (this.size > this.maxBytes) {
      this.tooLarge = true;
      this.parts = [];
      return;
    }
    this.parts.push(text);
  }

  protected countNewlines(from: number, to: number): void {
    if (this.expansions.length > 0 && from < this.expansions[this.expansions.length - 1]!.end) return;
    let at = this.buf.indexOf('\n', from);
    while (at >= 0 && at < to) {
      this.line++;
      at = this.buf.indexOf('\n', at + 1);
    }
  }

  protected advanceTo(to: number): void {
    this.countNewlines(this.pos, to);
    this.pos = Math.min(to, this.buf.length);
  }

  protected need(count: number): boolean {
    return this.pos + count <= this.buf.length || this.eof;
  }

  /** A token that needs more lookahead than the limit is taken as far as it goes. */
  protected bounded(result: typeof WAIT): StepResult {
    if (this.buf.length - this.pos > this.maxBytes) {
      this.advanceTo(this.buf.length);
      this.tooLarge = true;
      this.parts = [];
      return null;
    }
    return result;
  }

  protected endStatement(repeatable: boolean): ScriptItem | null {
    this.flushSegment(this.pos);
    const size = this.size;
    const line = this.statementLine || this.line;
    const tooLarge = this.tooLarge;
    const bytes = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    const unresolved = this.unresolved;
    this.lastFirstWord = this.firstWord;
    this.resetStatement();
    if (tooLarge) return { kind: 'too-large', line, bytes: size };
    if (size === 0) {
      if (!repeatable || this.previousText === null) return null;
      return { kind: 'sql', text: this.previousText, line: this.line, invalidUtf8: false, unresolved: [], repeated: true, firstWord: this.previousFirstWord };
    }
    const raw = Buffer.from(bytes, 'latin1');
    const invalidUtf8 = !isUtf8(raw);
    const text = raw.toString('utf8');
    this.previousText = text;
    this.previousFirstWord = this.lastFirstWord;
    return { kind: 'sql', text, line, invalidUtf8, unresolved, firstWord: this.lastFirstWord };
  }

  protected resetStatement(): void {
    this.parts = [];
    this.size = 0;
    this.tooLarge = false;
    this.unresolved = [];
    this.parenDepth = 0;
    this.beginDepth = 0;
    this.identifierCount = 0;
    this.firstWord = '';
    this.statementLine = 0;
  }
}
