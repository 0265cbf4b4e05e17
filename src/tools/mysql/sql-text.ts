// Lexical steps the MySQL server takes before parsing: version comments become code.

/**
 * `/*!50001 DROP TABLE t *\/` and MariaDB's `/*M!100100 … *\/` are executed by the server
 * (when its version is at least the number, which guard assumes: fail closed). They are
 * unwrapped into plain SQL; quoted text and ordinary comments are left as they are.
 */
export function unwrapVersionComments(sql: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  let versionCommentOpen = false;
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    if (quote !== null) {
      out += ch;
      if (ch === '\\' && quote !== '`' && i + 1 < sql.length) {
        out += sql[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (ch === quote) quote = null;
      i++;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      out += ch;
      i++;
      continue;
    }
    const opener = sql.startsWith('/*!', i) ? 3 : sql.startsWith('/*M!', i) ? 4 : 0;
    if (opener > 0 && !versionCommentOpen) {
      i += opener;
      while (i < sql.length && /[0-9]/.test(sql[i] ?? '')) i++;
      out += ' ';
      versionCommentOpen = true;
      continue;
    }
    if (versionCommentOpen && sql.startsWith('*/', i)) {
      out += ' ';
      versionCommentOpen = false;
      i += 2;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '#' || (sql.startsWith('--', i) && /\s/.test(sql[i + 2] ?? ' '))) {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * Masks the password literals of `IDENTIFIED BY '…'`, `IDENTIFIED WITH plugin AS '…'`,
 * `PASSWORD = '…'`, `PASSWORD('…')` and `SET PASSWORD … = '…'`, reading quotes as the server does.
 */
export function redactSqlSecrets(sql: string): string {
  let out = '';
  let i = 0;
  const recent: string[] = [];
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      // A backslash escapes the next character; a doubled quote is a quote inside the literal.
      while (j < sql.length && (sql[j] !== ch || sql[j + 1] === ch)) j += sql[j] === '\\' || sql[j] === ch ? 2 : 1;
      const literal = sql.slice(i, j + 1);
      const [a, b, c] = [recent[recent.length - 3], recent[recent.length - 2], recent[recent.length - 1]];
      const secret = (b === 'IDENTIFIED' && c === 'BY') || c === 'PASSWORD' || (b === 'PASSWORD' && (c === '=' || c === '(')) || (a === 'IDENTIFIED' && c === 'AS') || (a === 'WITH' && c === 'AS') || (c === '=' && recent.includes('PASSWORD'));
      out += secret ? `${ch}***${ch}` : literal;
      recent.push('<string>');
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))?.[0];
    if (word) {
      recent.push(word.toUpperCase());
      out += word;
      i += word.length;
      continue;
    }
    if (ch === '=' || ch === '(' || ch === ';') recent.push(ch === ';' ? '' : ch);
    if (ch === ';') recent.length = 0;
    out += ch;
    i++;
  }
  return out;
}
