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
// Its layers: script-buffer.ts (input and the statement being collected), script-lexer.ts (SQL
// tokens), script-copy.ts (COPY data), and this file (meta-commands and the driving loop).
import { scanMetaArguments, scanMetaCommandName, UNKNOWN_VALUE, type PsqlVariables } from './script-meta.js';
import { Mode, WAIT, type ScriptItem, type SplitOptions, type StepResult } from './script-buffer.js';
import { CopyLexer } from './script-copy.js';

export { DEFAULT_MAX_STATEMENT_BYTES, type CopyDataFormat, type ScriptItem, type SplitOptions } from './script-buffer.js';

/** Commands that send the query buffer (or, when it is empty, the previous query) to the server. */
const SENDING_COMMANDS = new Set(['g', 'gx', 'gset', 'gexec', 'crosstabview', 'watch', 'sendpipeline', 'parse']);

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

class PsqlLexer extends CopyLexer {
  private reportedBinary = false;
  private pendingMeta: ScriptItem | null = null;

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

  /** Advances by one token. Returns an item, nothing, or WAIT when more input is needed. */
  private step(): StepResult {
    while (this.expansions.length > 0 && this.pos >= this.expansions[this.expansions.length - 1]!.end) this.expansions.pop();
    switch (this.mode) {
      case Mode.CopyData: return this.stepCopyData();
      case Mode.CopyBinary: return this.stepCopyBinary();
      case Mode.LineComment: return this.stepLineComment();
      case Mode.BlockComment: return this.stepBlockComment();
      case Mode.Quote: return this.stepQuote(false);
      case Mode.EscapeQuote: return this.stepQuote(true);
      case Mode.AfterEscapeQuote: return this.stepAfterEscapeQuote();
      case Mode.Dollar: return this.stepDollarBody();
      case Mode.CopyRestOfLine: return this.stepCopyRestOfLine();
      default: return this.stepInitial();
    }
  }

  protected scanMeta(): StepResult {
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
    applyToVariables(this.variables, meta.command, meta.argv, scanned.backtick || scanned.unresolved.length > 0);
    if (SENDING_COMMANDS.has(name)) {
      const statement = this.endStatement(true);
      if (statement) { this.pendingMeta = meta; return statement; }
    } else if (name === 'r' || name === 'reset' || name === 'gdesc') {
      // \r discards the buffer; \gdesc only describes it: neither runs it.
      this.resetStatement();
    }
    return meta;
  }

  /** Yields a meta-command that had to wait until the statement it sends was yielded. */
  private takePendingMeta(): ScriptItem | null {
    const meta = this.pendingMeta;
    this.pendingMeta = null;
    return meta;
  }
}

function applyToVariables(vars: PsqlVariables, command: string, argv: readonly string[], uncertain: boolean): void {
  if (command === 'set' && argv.length > 0) vars.set(argv[0]!, uncertain ? UNKNOWN_VALUE : argv.slice(1).join(''));
  else if (command === 'unset' && argv[0] !== undefined) vars.unset(argv[0]);
  else if (command === 'gset') vars.taintPrefix(argv[0] ?? '');
  else if (command === 'prompt' && argv.length > 0) vars.set(argv[argv.length - 1]!, UNKNOWN_VALUE);
  else if (command === 'getenv' && argv[0] !== undefined) vars.set(argv[0], UNKNOWN_VALUE);
}

/** Splits a whole text (COPY data psql might run as script) into items, synchronously. */
export function splitScriptSync(text: string, options: SplitOptions = {}): ScriptItem[] {
  const lexer = new PsqlLexer(options);
  lexer.feed(Buffer.from(text, 'utf8').toString('latin1'));
  return [...lexer.drain(true)];
}

/** Splits a string (a function body, a -c text) into statements; meta-commands come back as their text. */
export function splitSqlTextSync(text: string): string[] {
  const pieces: string[] = [];
  for (const item of splitScriptSync(text)) {
    if (item.kind === 'sql') pieces.push(item.text);
    else if (item.kind === 'meta') pieces.push(`\\${item.command} ${item.args}`);
  }
  return pieces;
}
