// A small tokenizer for the MySQL/MariaDB dialect: words, quoted names, strings, numbers, variables, punctuation.

export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'number' | 'variable' | 'punct';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** The token as written (for `quoted`, the name without its backticks; for `string`, without its quotes). */
  readonly text: string;
  /** Upper-cased text of a word (keywords compare on this); the text otherwise. */
  readonly upper: string;
  /** Offsets of the token in the input. */
  readonly start: number;
  readonly end: number;
}

const WORD_START = /[A-Za-z_$\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;

/** The end of a quoted run starting at `start` (the quote character there); doubled quotes and, outside backticks, backslashes escape. */
function quotedEnd(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '\\' && quote !== '`') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

function unquote(body: string, quote: string): string {
  const doubled = body.split(quote + quote).join(quote);
  return quote === '`' ? doubled : doubled.replace(/\\(.)/gs, '$1');
}

/**
 * Tokens as the server's lexer reads them. Comments are skipped (version comments must be
 * unwrapped first: see unwrapVersionComments); an unterminated quote runs to the end.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const push = (kind: SqlTokenKind, text: string, start: number, end: number) =>
    tokens.push({ kind, text, upper: kind === 'word' ? text.toUpperCase() : text, start, end });
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#' || (ch === '-' && sql[i + 1] === '-' && /\s/.test(sql[i + 2] ?? ' '))) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = quotedEnd(sql, i);
      const closed = sql[end - 1] === ch && end - 1 > i;
      const body = sql.slice(i + 1, closed ? end - 1 : end);
      push(ch === '`' ? 'quoted' : 'string', unquote(body, ch), i, end);
      i = end;
      continue;
    }
    if (ch === '@') {
      let j = i + 1;
      if (sql[j] === '@') j++;
      if (sql[j] === "'" || sql[j] === '"' || sql[j] === '`') j = quotedEnd(sql, j);
      else while (j < sql.length && (WORD_PART.test(sql[j] ?? '') || sql[j] === '.')) j++;
      push('variable', sql.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(sql[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < sql.length && (WORD_PART.test(sql[j] ?? '') || sql[j] === '.')) j++;
      // 1abc is a name in MySQL (identifiers may start with digits).
      const text = sql.slice(i, j);
      push(/^[0-9.]+(e[0-9]+)?$/i.test(text) || /^0x[0-9a-f]+$/i.test(text) ? 'number' : 'word', text, i, j);
      i = j;
      continue;
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j] ?? '')) j++;
      push('word', sql.slice(i, j), i, j);
      i = j;
      continue;
    }
    const two = sql.slice(i, i + 2);
    const op = [':=', '<=', '>=', '<>', '!=', '||', '&&', '<<', '>>'].includes(two) ? two : ch;
    push('punct', op, i, i + op.length);
    i += op.length;
  }
  return tokens;
}

/** The statement's leading keywords, upper-cased (for statements the parser lacks). */
export function leadingWords(sql: string, count: number): string[] {
  return tokenizeSql(sql).slice(0, count).map((t) => t.upper);
}

/** Splits tokens at top-level `;` (outside parentheses), dropping empty pieces. */
export function splitTokens(tokens: readonly SqlToken[]): SqlToken[][] {
  const pieces: SqlToken[][] = [];
  let current: SqlToken[] = [];
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') {
      if (current.length > 0) pieces.push(current);
      current = [];
      continue;
    }
    current.push(token);
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

/** A name as a token list writes it: `a`, `a.b`, `` `a`.`b` `` → ['a', 'b']; null when the tokens are not a name. */
export function dottedName(tokens: readonly SqlToken[]): string[] | null {
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (i % 2 === 1) {
      if (token.kind !== 'punct' || token.text !== '.') return null;
      continue;
    }
    if (token.kind !== 'word' && token.kind !== 'quoted') return null;
    parts.push(token.text);
  }
  return parts.length > 0 && tokens.length % 2 === 1 ? parts : null;
}
