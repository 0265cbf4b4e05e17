// Best-effort reading of PL/pgSQL bodies (DO blocks, functions): the SQL they embed and EXECUTE 'literal'.
import { splitSqlTextSync } from './script.js';

/** A classifier for plain SQL text: its findings, or null when the text is not SQL it can parse. */
export type TextClassifier<F> = (sql: string) => F[] | null;

export interface PlpgsqlReading<F> {
  readonly findings: F[];
  /** Statements guard could not read: dynamic SQL built at run time, or syntax it does not know. */
  readonly opaque: string[];
}

// Words after which a new statement starts inside the same `;`-piece (IF … THEN stmt).
const BLOCK_WORDS = new Set(['begin', 'then', 'else', 'loop', 'declare', 'exception']);
// PL/pgSQL statements that run no SQL of their own (their expressions are not analysed).
const CONTROL_WORDS = new Set(['end', 'null', 'return', 'raise', 'exit', 'continue', 'get', 'open', 'close', 'fetch', 'move', 'assert', 'commit', 'rollback']);

interface Token { readonly word: string; readonly start: number; readonly end: number; readonly literal?: string }

/** Words and string literals of a piece, skipping comments and quoted identifiers. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && text[i + 1] === '-') { const nl = text.indexOf('\n', i); i = nl < 0 ? text.length : nl; continue; }
    if (c === '/' && text[i + 1] === '*') { const close = text.indexOf('*/', i + 2); i = close < 0 ? text.length : close + 2; continue; }
    if (c === "'" || ((c === 'e' || c === 'E') && text[i + 1] === "'" && !/[\w$]/.test(text[i - 1] ?? ' '))) {
      const escapes = c !== "'";
      let j = escapes ? i + 2 : i + 1;
      let value = '';
      while (j < text.length) {
        const d = text[j]!;
        if (escapes && d === '\\' && j + 1 < text.length) {
          const e = text[j + 1]!;
          value += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
          j += 2; continue;
        }
        if (d === "'") { if (text[j + 1] === "'") { value += "'"; j += 2; continue; } j++; break; }
        value += d; j++;
      }
      tokens.push({ word: "'", start: i, end: j, literal: value });
      i = j; continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(text.slice(i, i + 64))?.[0];
      if (tag) {
        const close = text.indexOf(tag, i + tag.length);
        const end = close < 0 ? text.length : close + tag.length;
        tokens.push({ word: "'", start: i, end, literal: text.slice(i + tag.length, close < 0 ? text.length : close) });
        i = end; continue;
      }
    }
    if (c === '"') { const close = text.indexOf('"', i + 1); const end = close < 0 ? text.length : close + 1; tokens.push({ word: '"', start: i, end }); i = end; continue; }
    const word = /^[A-Za-z_][A-Za-z_0-9$]*/.exec(text.slice(i, i + 256))?.[0];
    if (word) { tokens.push({ word: word.toLowerCase(), start: i, end: i + word.length }); i += word.length; continue; }
    tokens.push({ word: c, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

/**
 * Reads the statements of a PL/pgSQL body. Each `;`-piece is tried whole, then after each block
 * word (`IF x THEN DELETE …`); what none of the readings understands is reported as opaque.
 */
export function readPlpgsqlBody<F>(body: string, classify: TextClassifier<F>, depth = 0): PlpgsqlReading<F> {
  const findings: F[] = [];
  const opaque: string[] = [];
  let inDeclarations = false;
  for (const rawPiece of splitSqlTextSync(body)) {
    const piece = rawPiece.replace(/;\s*$/, '');
    const tokens = tokenize(piece);
    if (tokens.length === 0) continue;
    const hasBegin = tokens.some((t) => t.word === 'begin');
    if (tokens[0]!.word === 'declare') inDeclarations = true;
    if (inDeclarations && !hasBegin) continue; // variable declarations
    if (hasBegin) inDeclarations = false;
    const starts = [0, ...tokens.flatMap((t, index) => (BLOCK_WORDS.has(t.word) ? [index + 1] : []))];
    let understood = false;
    for (const from of starts) {
      const result = readStatement(piece, tokens.slice(from), classify, depth);
      if (!result) continue;
      findings.push(...result.findings);
      opaque.push(...result.opaque);
      understood = true;
      // Dynamic SQL elsewhere in the piece (FOR r IN EXECUTE …, OPEN c FOR EXECUTE …) counts too.
      tokens.forEach((token, index) => {
        if (token.word !== 'execute' || index === from) return;
        const dynamic = readStatement(piece, tokens.slice(index), classify, depth);
        if (dynamic) { findings.push(...dynamic.findings); opaque.push(...dynamic.opaque); }
      });
      break;
    }
    if (!understood) opaque.push(piece.trim().slice(0, 80));
  }
  return { findings, opaque };
}

function readStatement<F>(piece: string, tokens: Token[], classify: TextClassifier<F>, depth: number): PlpgsqlReading<F> | null {
  if (tokens.length === 0) return { findings: [], opaque: [] };
  const first = tokens[0]!;
  const rest = piece.slice(first.end);
  if (first.word === 'execute') {
    const literal = tokens[1]?.literal;
    const endsThere = tokens.length === 2 || ['into', 'using'].includes(tokens[2]?.word ?? '');
    if (literal === undefined || !endsThere || depth > 4) return { findings: [], opaque: [piece.trim().slice(0, 80)] };
    const inner = classify(literal);
    return inner ? { findings: inner, opaque: [] } : { findings: [], opaque: [literal.slice(0, 80)] };
  }
  if (first.word === 'perform') {
    const inner = classify(`SELECT ${rest}`);
    return inner ? { findings: inner, opaque: [] } : null;
  }
  if (first.word === 'return' && tokens[1]?.word === 'query') {
    if (tokens[2]?.word === 'execute') return readStatement(piece, tokens.slice(2), classify, depth);
    const inner = classify(piece.slice(tokens[1]!.end));
    return inner ? { findings: inner, opaque: [] } : null;
  }
  if (CONTROL_WORDS.has(first.word)) return { findings: [], opaque: [] };
  const assignment = tokens.findIndex((t, index) => index <= 3 && (t.word === ':' && tokens[index + 1]?.word === '='));
  if (assignment > 0) {
    const inner = classify(`SELECT ${piece.slice(tokens[assignment + 1]!.end)}`);
    return inner ? { findings: inner, opaque: [] } : null;
  }
  const inner = classify(piece.slice(first.start));
  return inner ? { findings: inner, opaque: [] } : null;
}
