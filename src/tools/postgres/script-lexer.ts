// The SQL half of psql's lexer (psqlscan.l): quotes, comments, dollar quotes, identifiers, :variables.
import { UNKNOWN_VALUE } from './script-meta.js';
import { LexerBuffer, Mode, WAIT, type StepResult } from './script-buffer.js';

const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isIdentCont = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDollarCont = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);
const isVariableChar = (c: number): boolean => isDollarCont(c);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

export abstract class SqlLexer extends LexerBuffer {
  private commentDepth = 0;
  private dollarTag = '';
  private sawNewline = false; // after an E'' string: whether a newline came before a possible continuation
  private readonly identifiers: string[] = [];

  /** A backslash outside quotes: psql's meta-command lexer takes over (psqlscanslash.l). */
  protected abstract scanMeta(): StepResult;

  protected stepLineComment(): StepResult {
    const end = this.buf.indexOf('\n', this.pos);
    this.pos = end < 0 ? this.buf.length : end;
    this.segStart = this.pos;
    if (end >= 0) this.mode = Mode.Initial;
    return null;
  }

  protected stepDollarBody(): StepResult {
    const buf = this.buf;
    const tag = this.dollarTag;
    let at = buf.indexOf('$', this.pos);
    while (at >= 0 && !buf.startsWith(tag, at)) {
      if (at + tag.length > buf.length && !this.eof) { this.advanceTo(at); return WAIT; }
      at = buf.indexOf('$', at + 1);
    }
    if (at < 0) { this.advanceTo(buf.length); return this.eof ? null : WAIT; }
    this.advanceTo(at + tag.length);
    this.mode = Mode.Initial;
    return null;
  }

  protected stepInitial(): StepResult {
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

  protected stepBlockComment(): StepResult {
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

  protected stepQuote(escapes: boolean): StepResult {
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

  /** After E'…': whitespace with a newline and then a quote continues the same E'' string. */
  protected stepAfterEscapeQuote(): StepResult {
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

  protected scanDoubleQuoted(): StepResult {
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

  protected scanDollar(): StepResult {
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

  protected scanIdentifier(): StepResult {
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
  protected trackKeyword(word: string): void {
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

  protected scanVariable(): StepResult {
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
}
