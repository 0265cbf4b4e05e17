// Streaming psql script splitter: SQL statements and meta-commands exactly where psql's lexer finds them.
//
// Checked against: PostgreSQL src/fe_utils/psqlscan.l (quotes, E'' strings and their continuation
// across newlines, dollar quotes, nested comments, paren and BEGIN ATOMIC depth, `\;` `\:`,
// :var / :'var' / :"var" / :{?var}), src/bin/psql/psqlscanslash.l (meta-command names end at
// whitespace or a backslash; arguments end at an unquoted backslash, `\\` returns to SQL;
// whole-line and `|pipe` arguments), src/bin/psql/mainloop.c (an unterminated buffer is sent at
// EOF; each \i file has its own query buffer; -- comments are dropped from the buffer), and the
// psql 15 manual page (COPY FROM STDIN data ends at a line `\.`; \g with an empty buffer re-runs
// the previous query; SINGLELINE makes a newline end a statement).
//
// The lexer works on "byte strings" (latin1-decoded chunks, one char per byte), so every SQL
// delimiter is ASCII and statement offsets equal byte offsets; UTF-8 is decoded per statement.
import { isUtf8 } from 'node:buffer';
import { PsqlVariables, scanMetaArguments, scanMetaCommandName, UNKNOWN_VALUE } from './script-meta.js';

export type ScriptItem =
  | { readonly kind: 'sql'; readonly text: string; readonly line: number; readonly invalidUtf8: boolean;
      readonly unresolved: readonly string[]; readonly repeated?: boolean;
      /** The statement's first word, lower-cased (`copy`, `select`…), for callers that must react at once. */
      readonly firstWord: string }
  | { readonly kind: 'meta'; readonly command: string; readonly args: string; readonly argv: readonly string[];
      readonly line: number; readonly backtick: boolean; readonly unresolved: readonly string[] }
  | { readonly kind: 'too-large'; readonly line: number; readonly bytes: number }
  | { readonly kind: 'binary'; readonly line: number };

/** How psql reads COPY data from the script after a statement: lines up to `\.`, or all the rest. */
export type CopyDataFormat = 'text' | 'binary';

export interface SplitOptions {
  readonly variables?: PsqlVariables;
  readonly maxStatementBytes?: number;
  /** Asked for every COPY statement and \copy meta-command: does psql now read data from this input? */
  readonly copyFromStdin?: (item: ScriptItem) => CopyDataFormat | null;
}

// The parser needs ~0.3 s per MB of statement (its JSON tree is huge): past 1 MiB guard reports
// the statement as too large (unknown, fail closed) instead of making every run wait seconds.
export const DEFAULT_MAX_STATEMENT_BYTES = 1024 * 1024;

/** Commands that send the query buffer (or, when it is empty, the previous query) to the server. */
const SENDING_COMMANDS = new Set(['g', 'gx', 'gset', 'gexec', 'crosstabview', 'watch', 'sendpipeline', 'parse']);

const enum Mode { Initial, BlockComment, LineComment, Quote, EscapeQuote, AfterEscapeQuote, Dollar, CopyRestOfLine, CopyData, CopyBinary }

const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isIdentCont = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDollarCont = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);
const isVariableChar = (c: number): boolean => isDollarCont(c);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

/** Splits a psql script into statements and meta-commands without holding more than one statement. */
export async function* splitPsqlScript(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: SplitOptions = {},
): AsyncGenerator<ScriptItem> {
  const lexer = new PsqlLexer(options);
  for await (const chunk of chunks) {
    lexer.feed(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8').toString('latin1') : chunk.toString('latin1'));
    yield* lexer.drain(false);
  }
  yield* lexer.drain(true);
}

class PsqlLexer {
  private buf = '';
  private pos = 0;
  private eof = false;
  private mode = Mode.Initial;
  private line = 1;
  private commentDepth = 0;
  private dollarTag = '';
  private sawNewline = false; // after an E'' string: whether a newline came before a possible continuation
  private parenDepth = 0;
  private beginDepth = 0;
  private identifierCount = 0;
  private readonly identifiers: string[] = [];
  private firstWord = '';
  // The statement being collected.
  private parts: string[] = [];
  private size = 0;
  private segStart = 0;
  private statementLine = 0;
  private tooLarge = false;
  private unresolved: string[] = [];
  private previousText: string | null = null;
  private previousFirstWord = '';
  private reportedBinary = false;
  // Variable values pushed into the input; psql never expands a variable inside its own value.
  private expansions: { name: string; end: number }[] = [];
  private deferredRest: string | null = null;
  private readonly variables: PsqlVariables;
  private readonly maxBytes: number;

  constructor(private readonly options: SplitOptions) {
    this.variables = options.variables ?? new PsqlVariables();
    this.maxBytes = options.maxStatementBytes ?? DEFAULT_MAX_STATEMENT_BYTES;
  }

  feed(chunk: string): void {
    this.flushSegment(this.pos);
    const dropped = this.pos;
    this.buf = this.buf.slice(dropped) + chunk;
    this.pos = 0;
    this.segStart = 0;
    for (const expansion of this.expansions) expansion.end -= dropped;
  }

  *drain(eof: boolean): Generator<ScriptItem> {
    this.eof = eof;
    if (!this.reportedBinary && this.buf.indexOf('\0', this.pos) >= 0) {
      this.reportedBinary = true;
      yield { kind: 'binary', line: this.line };
    }
    while (this.pos < this.buf.length) {
      const before = this.pos;
      const beforeMode = this.mode;
      const item = this.step();
      if (item === WAIT) break;
      if (item) {
        yield item;
        this.afterItem(item);
        const pending = this.takePendingMeta();
        if (pending) {
          yield pending;
          this.afterItem(pending);
        }
      }
      if (this.pos === before && this.mode === beforeMode && !item) break; // defensive: never spin
    }
    if (eof) {
      this.pos = this.buf.length;
      const last = this.endStatement(false);
      if (last) yield last;
    }
  }

  /** Lets the consumer's COPY detector switch this input into data mode right after the statement. */
  private afterItem(item: ScriptItem): void {
    const isCopy = item.kind === 'sql' ? item.firstWord === 'copy' : item.kind === 'meta' && item.command === 'copy';
    if (!isCopy || !this.options.copyFromStdin) return;
    const format = this.options.copyFromStdin(item);
    if (!format) return;
    // psql reads the data from the next line on; the rest of this line is lexed after the data.
    this.copyFormat = format;
    this.deferredRest = '';
    this.mode = Mode.CopyRestOfLine;
  }

  private copyFormat: CopyDataFormat = 'text';
  private lastFirstWord = '';
  private copyAtLineStart = true;

  private flushSegment(end: number): void {
    if (end > this.segStart && this.size + (end - this.segStart) > 0) this.append(this.buf.slice(this.segStart, end));
    this.segStart = end;
  }

  private append(text: string): void {
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

  private countNewlines(from: number, to: number): void {
    if (this.expansions.length > 0 && from < this.expansions[this.expansions.length - 1]!.end) return;
    let at = this.buf.indexOf('\n', from);
    while (at >= 0 && at < to) {
      this.line++;
      at = this.buf.indexOf('\n', at + 1);
    }
  }

  private endStatement(repeatable: boolean): ScriptItem | null {
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

  private resetStatement(): void {
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

  /** Advances by one token. Returns an item, nothing, or WAIT when more input is needed. */
  private step(): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    const pos = this.pos;
    while (this.expansions.length > 0 && pos >= this.expansions[this.expansions.length - 1]!.end) this.expansions.pop();
    switch (this.mode) {
      case Mode.CopyData: return this.stepCopyData();
      case Mode.CopyBinary:
        this.countNewlines(pos, buf.length);
        this.pos = buf.length;
        this.segStart = this.pos;
        return null;
      case Mode.LineComment: {
        const end = buf.indexOf('\n', pos);
        this.pos = end < 0 ? buf.length : end;
        this.segStart = this.pos;
        if (end >= 0) this.mode = Mode.Initial;
        return null;
      }
      case Mode.BlockComment: return this.stepBlockComment();
      case Mode.Quote: return this.stepQuote(false);
      case Mode.EscapeQuote: return this.stepQuote(true);
      case Mode.AfterEscapeQuote: return this.stepAfterEscapeQuote();
      case Mode.Dollar: {
        const tag = this.dollarTag;
        let at = buf.indexOf('$', pos);
        while (at >= 0 && !buf.startsWith(tag, at)) {
          if (at + tag.length > buf.length && !this.eof) { this.advanceTo(at); return WAIT; }
          at = buf.indexOf('$', at + 1);
        }
        if (at < 0) { this.advanceTo(buf.length); return this.eof ? null : WAIT; }
        this.advanceTo(at + tag.length);
        this.mode = Mode.Initial;
        return null;
      }
      case Mode.CopyRestOfLine: {
        const end = buf.indexOf('\n', pos);
        const rest = buf.slice(pos, end < 0 ? buf.length : end);
        if (this.deferredRest !== null && this.deferredRest.length + rest.length <= this.maxBytes) this.deferredRest += rest;
        else this.deferredRest = null;
        if (end < 0) { this.pos = buf.length; return this.eof ? null : WAIT; }
        this.advanceTo(end + 1);
        this.segStart = this.pos;
        this.mode = this.copyFormat === 'binary' ? Mode.CopyBinary : Mode.CopyData;
        this.copyAtLineStart = true;
        return null;
      }
      default: return this.stepInitial();
    }
  }

  private need(count: number): boolean {
    return this.pos + count <= this.buf.length || this.eof;
  }

  private stepInitial(): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    const pos = this.pos;
    const c = buf.charCodeAt(pos);
    if (isSpace(c)) {
      if (c === 10) {
        this.countNewlines(pos, pos + 1);
        if (this.parenDepth === 0 && this.beginDepth === 0 && this.size + (pos - this.segStart) > 0 && this.variables.isOn('SINGLELINE')) {
          this.pos = pos + 1;
          return this.endStatement(false);
        }
      }
      if (this.size === 0 && this.segStart === pos) this.segStart = pos + 1; // psql drops leading whitespace
      this.pos = pos + 1;
      return null;
    }
    const next = buf.charCodeAt(pos + 1);
    if ((c === 45 /* - */ || c === 47 /* / */) && !this.need(2)) return WAIT;
    if (c === 45 && next === 45) {
      this.flushSegment(pos);
      this.mode = Mode.LineComment;
      return null;
    }
    if (c === 47 && next === 42) {
      this.mode = Mode.BlockComment;
      this.commentDepth = 0;
      this.pos = pos + 2;
      return null;
    }
    if (!(c === 92 && next !== 59 && next !== 58) && this.statementLine === 0) this.statementLine = this.line;
    if (c === 39) { this.mode = Mode.Quote; this.pos = pos + 1; return null; }
    if (c === 34) return this.scanDoubleQuoted();
    if (c === 36 /* $ */) return this.scanDollar();
    if (isIdentStart(c)) return this.scanIdentifier();
    if (c === 40) this.parenDepth++;
    else if (c === 41) { if (this.parenDepth > 0) this.parenDepth--; }
    else if (c === 59 /* ; */ && this.parenDepth === 0 && this.beginDepth === 0) {
      this.pos = pos + 1;
      return this.endStatement(false);
    } else if (c === 92 /* \ */) {
      if (!this.need(2)) return WAIT;
      if (next === 59 || next === 58) {
        this.flushSegment(pos);
        this.append(buf[pos + 1]!);
        if (next === 59) this.identifierCount = 0;
        this.pos = pos + 2;
        this.segStart = this.pos;
        return null;
      }
      return this.scanMeta();
    } else if (c === 58 /* : */) return this.scanVariable();
    this.pos = pos + 1;
    return null;
  }

  private stepBlockComment(): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    let at = this.pos;
    while (at < buf.length) {
      const c = buf.charCodeAt(at);
      if (c === 42 || c === 47) {
        if (at + 1 >= buf.length && !this.eof) {
          const progressed = at > this.pos;
          this.pos = at;
          return progressed ? null : WAIT;
        }
        const next = buf.charCodeAt(at + 1);
        if (c === 47 && next === 42) { this.commentDepth++; at += 2; continue; }
        if (c === 42 && next === 47) {
          at += 2;
          if (this.commentDepth-- <= 0) { this.mode = Mode.Initial; break; }
          continue;
        }
      } else if (c === 10) this.countNewlines(at, at + 1);
      at++;
    }
    this.pos = Math.min(at, buf.length);
    return null;
  }

  private stepQuote(escapes: boolean): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    let at = this.pos;
    for (;;) {
      const quote = buf.indexOf("'", at);
      const backslash = escapes ? buf.indexOf('\\', at) : -1;
      if (backslash >= 0 && (quote < 0 || backslash < quote)) {
        if (backslash + 1 >= buf.length && !this.eof) { this.advanceTo(backslash); return WAIT; }
        at = backslash + 2;
        continue;
      }
      if (quote < 0) { this.advanceTo(buf.length); return this.eof ? null : WAIT; }
      if (quote + 1 >= buf.length && !this.eof) { this.advanceTo(quote); return WAIT; }
      if (buf.charCodeAt(quote + 1) === 39) { at = quote + 2; continue; }
      this.advanceTo(quote + 1);
      this.mode = escapes ? Mode.AfterEscapeQuote : Mode.Initial;
      this.sawNewline = false;
      return null;
    }
  }

  private advanceTo(to: number): void {
    this.countNewlines(this.pos, to);
    this.pos = Math.min(to, this.buf.length);
  }

  /** After E'…': whitespace with a newline and then a quote continues the same E'' string. */
  private stepAfterEscapeQuote(): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    const c = buf.charCodeAt(this.pos);
    if (c === 10 || c === 13) { this.sawNewline = true; this.advanceTo(this.pos + 1); return null; }
    if (c === 32 || c === 9 || c === 12) { this.pos++; return null; }
    if (c === 45) {
      if (!this.need(2)) return WAIT;
      if (buf.charCodeAt(this.pos + 1) === 45) {
        const end = buf.indexOf('\n', this.pos);
        if (end < 0 && !this.eof) return WAIT;
        this.flushSegment(this.pos);
        this.pos = end < 0 ? buf.length : end;
        this.segStart = this.pos;
        return null;
      }
    }
    if (c === 39 && this.sawNewline) { this.mode = Mode.EscapeQuote; this.pos++; return null; }
    this.mode = Mode.Initial;
    return null;
  }

  private scanDoubleQuoted(): ScriptItem | null | typeof WAIT {
    let at = this.pos + 1;
    for (;;) {
      const close = this.buf.indexOf('"', at);
      if (close < 0 || (close + 1 >= this.buf.length && !this.eof)) {
        if (!this.eof) return this.bounded(WAIT);
        this.advanceTo(this.buf.length);
        return null;
      }
      if (this.buf.charCodeAt(close + 1) === 34) { at = close + 2; continue; }
      this.advanceTo(close + 1);
      return null;
    }
  }

  /** A token that needs more lookahead than the limit is taken as far as it goes. */
  private bounded(result: typeof WAIT): ScriptItem | null | typeof WAIT {
    if (this.buf.length - this.pos > this.maxBytes) {
      this.advanceTo(this.buf.length);
      this.tooLarge = true;
      this.parts = [];
      return null;
    }
    return result;
  }

  private scanDollar(): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    const start = this.pos;
    let at = start + 1;
    if (at >= buf.length && !this.eof) return WAIT;
    const first = buf.charCodeAt(at);
    if (first >= 48 && first <= 57) { // $1: a parameter
      while (at < buf.length && buf.charCodeAt(at) >= 48 && buf.charCodeAt(at) <= 57) at++;
      this.pos = at;
      return null;
    }
    if (first !== 36 && !isIdentStart(first)) { this.pos = at; return null; }
    while (at < buf.length && isDollarCont(buf.charCodeAt(at))) at++;
    if (at >= buf.length && !this.eof) return this.bounded(WAIT);
    if (buf.charCodeAt(at) === 36) {
      this.dollarTag = buf.slice(start, at + 1);
      this.mode = Mode.Dollar;
      this.pos = at + 1;
      return null;
    }
    this.pos = start + 1; // not a delimiter: only the $ is consumed
    return null;
  }

  private scanIdentifier(): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    const start = this.pos;
    let at = start + 1;
    while (at < buf.length && isIdentCont(buf.charCodeAt(at))) at++;
    if (at >= buf.length && !this.eof) return this.bounded(WAIT);
    const length = at - start;
    const next = buf.charCodeAt(at);
    if (length === 1) {
      const letter = buf[start]!.toLowerCase();
      if (next === 39 && 'ebxn'.includes(letter)) {
        this.mode = letter === 'e' ? Mode.EscapeQuote : Mode.Quote;
        this.pos = at + 1;
        return null;
      }
      if (letter === 'u' && next === 38 /* & */) {
        if (at + 1 >= buf.length && !this.eof) return WAIT;
        const after = buf.charCodeAt(at + 1);
        if (after === 39) { this.mode = Mode.Quote; this.pos = at + 2; return null; }
        if (after === 34) { this.pos = at + 1; return this.scanDoubleQuoted(); }
      }
    }
    this.pos = at;
    this.trackKeyword(buf.slice(start, Math.min(at, start + 10)).toLowerCase());
    return null;
  }

  /** psql's heuristic: inside CREATE [OR REPLACE] FUNCTION|PROCEDURE, BEGIN…END hides semicolons. */
  private trackKeyword(word: string): void {
    if (this.identifierCount === 0) this.identifiers.length = 0;
    if (this.firstWord === '') this.firstWord = word;
    if (['create', 'function', 'procedure', 'or', 'replace'].includes(word) && this.identifierCount < 4) {
      this.identifiers[this.identifierCount] = word[0]!;
    }
    this.identifierCount++;
    const ids = this.identifiers;
    const inFunction = ids[0] === 'c' && (ids[1] === 'f' || ids[1] === 'p' || (ids[1] === 'o' && ids[2] === 'r' && (ids[3] === 'f' || ids[3] === 'p')));
    if (!inFunction || this.parenDepth !== 0) return;
    if (word === 'begin') this.beginDepth++;
    else if (word === 'case') { if (this.beginDepth >= 1) this.beginDepth++; }
    else if (word === 'end' && this.beginDepth > 0) this.beginDepth--;
  }

  private scanVariable(): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    const start = this.pos;
    if (!this.need(2)) return WAIT;
    const next = buf.charCodeAt(start + 1);
    if (next === 58) { this.pos = start + 2; return null; } // :: cast
    let quote = 0;
    let nameStart = start + 1;
    if (next === 39 || next === 34) { quote = next; nameStart = start + 2; }
    else if (next === 123 /* { */) {
      if (!this.need(3)) return WAIT;
      if (buf[start + 2] !== '?') { this.pos = start + 1; return null; }
      quote = 125; nameStart = start + 3;
    }
    let at = nameStart;
    while (at < buf.length && isVariableChar(buf.charCodeAt(at))) at++;
    if (at >= buf.length && !this.eof) return this.bounded(WAIT);
    if (at === nameStart || (quote !== 0 && buf.charCodeAt(at) !== (quote === 125 ? 125 : quote))) {
      this.pos = start + 1;
      return null;
    }
    const name = buf.slice(nameStart, at);
    const end = quote === 0 ? at : at + 1;
    const value = this.variables.get(name);
    this.flushSegment(start);
    this.pos = end;
    this.segStart = end;
    if (quote === 125) {
      if (value === UNKNOWN_VALUE) this.unresolved.push(name);
      this.append(value === undefined ? 'FALSE' : 'TRUE');
      return null;
    }
    if (typeof value !== 'string' || (quote === 0 && this.expansions.some((e) => e.name === name))) {
      if (typeof value !== 'string') this.unresolved.push(name);
      // Left as written (what psql sends for an unset variable); quoted forms get a stand-in so the
      // rest of the statement can still be classified.
      this.append(quote === 34 ? `":${name}"` : quote === 39 ? `':${name}'` : buf.slice(start, end));
      return null;
    }
    const valueBytes = Buffer.from(value, 'utf8').toString('latin1');
    if (quote === 39) this.append(`'${valueBytes.split("'").join("''")}'`);
    else if (quote === 34) this.append(`"${valueBytes.split('"').join('""')}"`);
    else {
      // A plain :var is lexed again, like psqlscan_push_new_buffer: its text can end statements.
      this.buf = buf.slice(0, end) + valueBytes + buf.slice(end);
      for (const expansion of this.expansions) expansion.end += valueBytes.length;
      this.expansions.push({ name, end: end + valueBytes.length });
    }
    return null;
  }

  private scanMeta(): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    const start = this.pos;
    let lineEnd = buf.indexOf('\n', start);
    if (lineEnd < 0) {
      if (!this.eof) return this.bounded(WAIT);
      lineEnd = buf.length;
    }
    this.flushSegment(start);
    const lineText = buf.slice(start, buf.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd);
    const { name, end: nameEnd } = scanMetaCommandName(lineText, 1);
    const scanned = scanMetaArguments(name, lineText, nameEnd, this.variables);
    const line = this.line;
    this.pos = start + scanned.end;
    this.segStart = this.pos;
    const rawArgs = lineText.slice(nameEnd, scanned.end).trim();
    const decode = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');
    const meta: ScriptItem = {
      kind: 'meta', command: decode(name), args: decode(rawArgs), argv: scanned.argv.map(decode),
      line, backtick: scanned.backtick, unresolved: scanned.unresolved.map(decode),
    };
    this.applyToVariables(meta.command, meta.argv, scanned.backtick || scanned.unresolved.length > 0);
    if (SENDING_COMMANDS.has(name)) {
      const statement = this.endStatement(true);
      if (statement) { this.pendingMeta = meta; return statement; }
    } else if (name === 'r' || name === 'reset' || name === 'gdesc') {
      // \r discards the buffer; \gdesc only describes it: neither runs it.
      this.resetStatement();
    }
    return meta;
  }

  private pendingMeta: ScriptItem | null = null;

  private applyToVariables(command: string, argv: readonly string[], uncertain: boolean): void {
    const vars = this.variables;
    if (command === 'set' && argv.length > 0) vars.set(argv[0]!, uncertain ? UNKNOWN_VALUE : argv.slice(1).join(''));
    else if (command === 'unset' && argv[0] !== undefined) vars.unset(argv[0]);
    else if (command === 'gset') vars.taintPrefix(argv[0] ?? '');
    else if (command === 'prompt' && argv.length > 0) vars.set(argv[argv.length - 1]!, UNKNOWN_VALUE);
    else if (command === 'getenv' && argv[0] !== undefined) vars.set(argv[0], UNKNOWN_VALUE);
  }

  private stepCopyData(): ScriptItem | null | typeof WAIT {
    const buf = this.buf;
    if (this.copyAtLineStart) {
      if (!this.need(4)) return WAIT;
      if (buf.startsWith('\\.', this.pos)) {
        const after = buf.charCodeAt(this.pos + 2);
        const afterAfter = buf.charCodeAt(this.pos + 3);
        if (this.pos + 2 >= buf.length || after === 10 || (after === 13 && (afterAfter === 10 || this.pos + 3 >= buf.length))) {
          const end = buf.indexOf('\n', this.pos);
          this.advanceTo(end < 0 ? buf.length : end + 1);
          this.mode = Mode.Initial;
          this.segStart = this.pos;
          if (this.deferredRest) {
            this.buf = buf.slice(0, this.pos) + this.deferredRest + '\n' + buf.slice(this.pos);
            this.expansions.push({ name: '', end: this.pos + this.deferredRest.length + 1 }); // its lines are counted already
          }
          this.deferredRest = null;
          return null;
        }
      }
    }
    const newline = buf.indexOf('\n', this.pos);
    this.copyAtLineStart = newline >= 0;
    this.advanceTo(newline < 0 ? buf.length : newline + 1);
    this.segStart = this.pos;
    return null;
  }

  /** Yields a meta-command that had to wait until the statement it sends was yielded. */
  takePendingMeta(): ScriptItem | null {
    const meta = this.pendingMeta;
    this.pendingMeta = null;
    return meta;
  }
}

const WAIT: unique symbol = Symbol('wait for more input');

/** Splits a string (a function body, a -c text) into statements; meta-commands come back as their text. */
export function splitSqlTextSync(text: string): string[] {
  const lexer = new PsqlLexer({});
  lexer.feed(Buffer.from(text, 'utf8').toString('latin1'));
  const pieces: string[] = [];
  for (const item of lexer.drain(true)) {
    if (item.kind === 'sql') pieces.push(item.text);
    else if (item.kind === 'meta') pieces.push(`\\${item.command} ${item.args}`);
  }
  return pieces;
}
