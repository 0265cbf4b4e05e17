// Statements node-sql-parser's grammar lacks, classified from their tokens (DROP USER, KILL, PURGE, GRANT…).
import type { ObjectRef } from '../../core/types.js';
import type { SqlRuleKey } from './rules.js';
import { dottedName, tokenizeSql, type SqlToken } from './sql-tokens.js';

export interface KeywordVerdict {
  readonly rule: SqlRuleKey;
  readonly objects: readonly ObjectRef[];
  /** `DO expr` is evaluated like `SELECT expr`: this is the SELECT to classify instead. */
  readonly rewritten?: string;
}

const STORED_PROGRAMS = new Set(['PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT', 'PACKAGE', 'AGGREGATE']);

/** DROP <kind> guard names as objects; DROP TABLE/VIEW/INDEX/TRIGGER/DATABASE go through the parser. */
const DROP_KINDS: Readonly<Record<string, string>> = {
  USER: 'user', ROLE: 'role', PROCEDURE: 'procedure', FUNCTION: 'function', EVENT: 'event', SERVER: 'server', SEQUENCE: 'sequence', PACKAGE: 'package',
};

/** The comma-separated names after `start` (user names keep their `@host`), up to a word in `stop`. */
function namesFrom(tokens: readonly SqlToken[], start: number, stop: ReadonlySet<string> = new Set()): string[] {
  const names: string[] = [];
  let current: SqlToken[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const at = current.findIndex((t) => t.kind === 'variable' || (t.kind === 'punct' && t.text === '@'));
    const nameTokens = at >= 0 ? current.slice(0, at) : current;
    const head = dottedName(nameTokens) ?? [nameTokens.map((t) => t.text).join('')];
    const host = at >= 0 ? current.slice(at).map((t) => t.text).join('') : '';
    names.push(`${head.join('.')}${host}`);
    current = [];
  };
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'word' && stop.has(token.upper)) break;
    if (token.kind === 'punct' && token.text === ',') flush();
    else current.push(token);
  }
  flush();
  return names;
}

function qualify(name: string, current: string | null, kind: string): string {
  if (kind === 'user' || kind === 'role' || kind === 'server' || name.includes('.')) return name;
  return current ? `${current}.${name}` : name;
}

/** DROP [TEMPORARY] <kind> [IF EXISTS] names… for the kinds the parser does not know. */
function classifyDrop(tokens: readonly SqlToken[], current: string | null): KeywordVerdict | null {
  let i = 1;
  if (tokens[i]?.upper === 'AGGREGATE') i++;
  const kindWord = tokens[i]?.upper ?? '';
  const kind = DROP_KINDS[kindWord];
  if (kind === undefined) return null;
  i++;
  if (kindWord === 'PACKAGE' && tokens[i]?.upper === 'BODY') i++;
  if (tokens[i]?.upper === 'IF' && tokens[i + 1]?.upper === 'EXISTS') i += 2;
  const objects = namesFrom(tokens, i).map((name) => ({ kind, name: qualify(name, current, kind) }));
  return { rule: 'drop-object', objects };
}

/**
 * A verdict for statements whose meaning is plain from their leading words, or null to leave the
 * statement to the parser. `statement` has its version comments unwrapped.
 */
export function classifyByTokens(statement: string, current: string | null): KeywordVerdict | null {
  const tokens = tokenizeSql(statement);
  const words = tokens.map((t) => (t.kind === 'word' ? t.upper : ''));
  const [first = '', second = '', third = ''] = words;
  const none: readonly ObjectRef[] = [];
  switch (first) {
    case 'CREATE': {
      // CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] PROCEDURE|FUNCTION|TRIGGER|EVENT: code that runs later.
      if (words.slice(1, 12).some((w) => STORED_PROGRAMS.has(w)) && !words.slice(1, 3).some((w) => w === 'TABLE' || w === 'VIEW' || w === 'INDEX')) return { rule: 'stored-program', objects: none };
      if (second === 'USER' || second === 'ROLE' || (second === 'OR' && (words[3] === 'USER' || words[3] === 'ROLE'))) return { rule: 'privileges', objects: none };
      return null;
    }
    case 'PREPARE':
    case 'EXECUTE':
      return { rule: 'stored-program', objects: none };
    case 'DROP':
      return classifyDrop(tokens, current);
    case 'SHUTDOWN':
      return { rule: 'shutdown', objects: [{ kind: 'server', name: 'server' }] };
    case 'KILL': {
      // KILL [HARD | SOFT] [CONNECTION | QUERY [ID]] id | USER name
      const modifiers = words.slice(1, 4);
      return modifiers.includes('QUERY') ? { rule: 'kill-query', objects: none } : { rule: 'shutdown', objects: none };
    }
    case 'FLUSH':
      return { rule: 'kill-query', objects: none };
    case 'PURGE':
      return second === 'BINARY' || second === 'MASTER' ? { rule: 'purge-logs', objects: none } : null;
    case 'RESET': {
      if (second === 'MASTER' || second === 'BINARY' || second === 'SLAVE' || second === 'REPLICA') return { rule: 'purge-logs', objects: none };
      if (second === 'QUERY' && third === 'CACHE') return { rule: 'kill-query', objects: none };
      return null;
    }
    case 'GRANT':
    case 'REVOKE':
      return { rule: 'privileges', objects: none };
    case 'ALTER':
      return second === 'USER' || second === 'ROLE' ? { rule: 'privileges', objects: none } : mysqldumpKeys(words);
    case 'RENAME':
      return second === 'USER' ? { rule: 'privileges', objects: none } : null;
    case 'SET': {
      if (second === 'DEFAULT' && third === 'ROLE') return { rule: 'privileges', objects: none };
      // SET NAMES / SET CHARACTER SET only choose the session's character set (every mysqldump file starts with them).
      const plain = tokens.every((t) => t.kind === 'word' || t.kind === 'string' || t.kind === 'quoted' || (t.kind === 'punct' && (t.text === '=' || t.text === ',')));
      if ((second === 'NAMES' || (second === 'CHARACTER' && third === 'SET')) && plain) return { rule: 'read', objects: none };
      return null;
    }
    case 'DO': {
      // DO evaluates its expressions and discards the results: the same calls as SELECT of them.
      const from = tokens[1]?.start;
      return from === undefined ? null : { rule: 'read', objects: none, rewritten: `SELECT ${statement.slice(from)}` };
    }
    default:
      return null;
  }
}

/** mysqldump's ALTER TABLE t DISABLE KEYS / ENABLE KEYS: index maintenance, no data lost. */
function mysqldumpKeys(words: readonly string[]): KeywordVerdict | null {
  if (words[1] === 'TABLE' && words.length === 5 && (words[3] === 'DISABLE' || words[3] === 'ENABLE') && words[4] === 'KEYS') return { rule: 'write', objects: [] };
  return null;
}
