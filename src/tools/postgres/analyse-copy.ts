// What COPY data would do if psql ran it as script, which it does when the COPY itself fails.
import { interpretMeta } from './analyse-meta.js';
import type { PsqlVariables } from './script-meta.js';
import { splitScriptSync } from './script.js';
import { classifyParsed, newSqlSession, parseSql, type SqlClassification } from './sql.js';

const IF_COPY_FAILS = 'in COPY data: runs only if the COPY fails';

// A meta-command guard does not know, or text it cannot parse, is data to psql's server-side
// COPY and an error to psql's own lexer: neither changes anything, so neither is a finding here.
const IGNORED_IN_DATA = new Set(['unrecognised-statement', 'unresolved-variable', 'unparseable']);

/**
 * Whether text can be a statement at all: every SQL statement starts with a keyword or `(`, after
 * whitespace and comments. Rows of data mostly start with a number or a tab, and skipping the
 * parser for them keeps COPY data with many `;` cheap (the parser costs ~30 µs per call).
 */
export function canStartStatement(text: string): boolean {
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\r\n\f'.includes(text[i]!)) i++;
    if (text.startsWith('/*', i)) {
      // Postgres comments nest.
      let depth = 0;
      for (; i < text.length; i++) {
        if (text.startsWith('/*', i)) { depth++; i++; } else if (text.startsWith('*/', i) && --depth === 0) { i += 2; break; } else if (text.startsWith('*/', i)) i++;
      }
      if (depth > 0) return false;
      continue;
    }
    const c = text.charCodeAt(i);
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 40;
  }
}

/**
 * Classifies candidate COPY data (lines with the data psql would have buffered before them) as
 * psql would run it: statement by statement. Statements that do not parse are data and ignored;
 * those that parse are findings, with a summary saying they run only if the COPY fails.
 */
export function classifyCopyCandidate(text: string, variables: PsqlVariables): SqlClassification[] {
  const out: SqlClassification[] = [];
  const session = newSqlSession();
  const note = (found: { rule: SqlClassification['rule']; summary: string; objects?: SqlClassification['objects'] }): void => {
    out.push({ rule: found.rule, summary: `${found.summary} (${IF_COPY_FAILS})`, objects: found.objects ?? [] });
  };
  const classifySql = (sql: string): void => {
    if (!canStartStatement(sql)) return;
    const parsed = parseSql(sql);
    if (!parsed.ok) return;
    for (const statement of parsed.statements) for (const found of classifyParsed(statement, session)) note(found);
  };
  for (const item of splitScriptSync(text, { variables: variables.fork() })) {
    if (item.kind === 'sql') {
      if (!item.invalidUtf8 && item.unresolved.length === 0) classifySql(item.text);
    } else if (item.kind === 'meta') {
      const { findings, effect } = interpretMeta(item);
      for (const found of findings) if (!IGNORED_IN_DATA.has(found.rule)) note(found);
      if (effect.kind === 'copy') classifySql(effect.sql);
      else if (effect.kind === 'include') note({ rule: 'unreadable-input', summary: `\\${item.command} ${effect.path} (guard does not follow includes there)` });
      else if (effect.kind === 'reconnect') note({ rule: 'unrecognised-statement', summary: `\\${item.command} (guard does not follow connection changes there)` });
    }
  }
  return out;
}
