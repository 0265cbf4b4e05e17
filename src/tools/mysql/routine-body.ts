// A stored routine's body as the statements it runs: compound-statement syntax (BEGIN, IF, LOOP, DECLARE…) peeled off.
import { tokenizeSql, splitTokens, type SqlToken } from './sql-tokens.js';

export interface RoutineBody {
  /** SQL statements the body runs, each parseable on its own (conditions and RETURN become SELECTs). */
  readonly statements: readonly string[];
  /** Why part of the body could not be followed (a CASE statement, a handler guard cannot delimit…); empty when all was read. */
  readonly problems: readonly string[];
}

/** Words that only open or close blocks and loops. */
const BLOCK_WORDS = new Set(['BEGIN', 'ELSE', 'LOOP', 'REPEAT']);
const END_FOLLOWERS = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT', 'CASE', 'FOR']);
/** Statements of the compound syntax that run no SQL of their own. */
const QUIET_STATEMENTS = new Set(['LEAVE', 'ITERATE', 'OPEN', 'CLOSE', 'FETCH', 'SIGNAL', 'RESIGNAL', 'GET']);
const CONDITION_WORDS = new Set(['SQLEXCEPTION', 'SQLWARNING', 'NOT', 'FOUND', 'SQLSTATE', 'VALUE']);

const isWord = (token: SqlToken | undefined, ...words: string[]) => token !== undefined && token.kind === 'word' && words.includes(token.upper);

/** The index of the first `word` at parenthesis depth 0 from `start`, or -1. */
function findTopLevel(tokens: readonly SqlToken[], start: number, word: string): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'punct' && token.text === '(') depth++;
    else if (token.kind === 'punct' && token.text === ')') depth--;
    else if (depth === 0 && isWord(token, word)) return i;
  }
  return -1;
}

function textOf(body: string, tokens: readonly SqlToken[], from: number, to = tokens.length): string {
  const first = tokens[from];
  const last = tokens[to - 1];
  return first && last && to > from ? body.slice(first.start, last.end) : '';
}

/**
 * Splits a routine body (information_schema.ROUTINES.ROUTINE_DEFINITION) into the statements it
 * runs. Control flow is read as "every branch may run": the statements of all branches are kept,
 * and the conditions are kept as SELECTs (they can call functions too).
 */
export function routineStatements(body: string): RoutineBody {
  const statements: string[] = [];
  const problems: string[] = [];
  for (const piece of splitTokens(tokenizeSql(body))) peel(body, piece, 0, statements, problems);
  return { statements, problems };
}

function peel(body: string, tokens: readonly SqlToken[], start: number, statements: string[], problems: string[]): void {
  let i = start;
  for (;;) {
    const token = tokens[i];
    if (token === undefined) return;
    // A label: `name:` (not `name :=`).
    if ((token.kind === 'word' || token.kind === 'quoted') && tokens[i + 1]?.kind === 'punct' && tokens[i + 1]?.text === ':') {
      i += 2;
      continue;
    }
    if (isWord(token, ...BLOCK_WORDS)) {
      i += token.upper === 'BEGIN' && isWord(tokens[i + 1], 'NOT') && isWord(tokens[i + 2], 'ATOMIC') ? 3 : 1;
      continue;
    }
    if (isWord(token, 'END')) {
      // END, END IF, END WHILE label, END label…: closes a block.
      i++;
      if (isWord(tokens[i], ...END_FOLLOWERS)) i++;
      if (tokens[i]?.kind === 'word' || tokens[i]?.kind === 'quoted') i++;
      continue;
    }
    if (isWord(token, 'IF', 'ELSEIF', 'WHEN', 'WHILE', 'UNTIL')) {
      const closer = token.upper === 'WHILE' ? 'DO' : token.upper === 'UNTIL' ? 'END' : 'THEN';
      const at = findTopLevel(tokens, i + 1, closer);
      if (at < 0) {
        problems.push(`${token.upper} without ${closer}`);
        return;
      }
      statements.push(`SELECT ${textOf(body, tokens, i + 1, at)}`);
      i = token.upper === 'UNTIL' ? at : at + 1;
      continue;
    }
    break;
  }
  const lead = tokens[i]!;
  if (isWord(lead, 'RETURN')) {
    statements.push(`SELECT ${textOf(body, tokens, i + 1)}`);
    return;
  }
  if (isWord(lead, 'CASE')) {
    // CASE [expr] WHEN …: the expression before the first WHEN is a condition, the rest peels on.
    const when = findTopLevel(tokens, i + 1, 'WHEN');
    if (when < 0) {
      problems.push('CASE statement without WHEN');
      return;
    }
    if (when > i + 1) statements.push(`SELECT ${textOf(body, tokens, i + 1, when)}`);
    peel(body, tokens, when, statements, problems);
    return;
  }
  if (isWord(lead, 'DECLARE')) {
    declare(body, tokens, i, statements, problems);
    return;
  }
  if (isWord(lead, ...QUIET_STATEMENTS)) return;
  statements.push(textOf(body, tokens, i));
}

/** DECLARE v… type [DEFAULT expr] | c CURSOR FOR select | x CONDITION FOR … | CONTINUE|EXIT HANDLER FOR conditions statement. */
function declare(body: string, tokens: readonly SqlToken[], i: number, statements: string[], problems: string[]): void {
  const handler = findTopLevel(tokens, i + 1, 'HANDLER');
  if (handler > 0 && handler <= i + 2) {
    let j = handler + 1;
    if (!isWord(tokens[j], 'FOR')) {
      problems.push('DECLARE HANDLER without FOR');
      return;
    }
    j++;
    // The condition list: SQLSTATE [VALUE] 'x', SQLWARNING, NOT FOUND, SQLEXCEPTION, error numbers, condition names, comma-separated.
    for (;;) {
      const start = j;
      while (isWord(tokens[j], ...CONDITION_WORDS) || tokens[j]?.kind === 'string' || tokens[j]?.kind === 'number') j++;
      if (j === start && (tokens[j]?.kind === 'word' || tokens[j]?.kind === 'quoted')) j++;
      if (tokens[j]?.kind === 'punct' && tokens[j]?.text === ',') {
        j++;
        continue;
      }
      break;
    }
    if (j >= tokens.length) return;
    peel(body, tokens, j, statements, problems);
    return;
  }
  const cursor = findTopLevel(tokens, i + 1, 'CURSOR');
  if (cursor > 0) {
    const forAt = findTopLevel(tokens, cursor + 1, 'FOR');
    if (forAt > 0) statements.push(textOf(body, tokens, forAt + 1));
    else problems.push('DECLARE CURSOR without FOR');
    return;
  }
  if (findTopLevel(tokens, i + 1, 'CONDITION') > 0) return;
  const defaultAt = findTopLevel(tokens, i + 1, 'DEFAULT');
  if (defaultAt > 0) statements.push(`SELECT ${textOf(body, tokens, defaultAt + 1)}`);
}
