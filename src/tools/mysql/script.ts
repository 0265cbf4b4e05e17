// The mysql client's own reading of its input: statements split at the delimiter, and its client commands.

/** What the client does with a piece of input: send SQL to the server, or run one of its commands. */
export type ClientItem =
  | { readonly kind: 'sql'; readonly text: string; readonly line: number }
  | { readonly kind: 'command'; readonly name: ClientCommand; readonly argument: string; readonly line: number };

export type ClientCommand =
  | 'source' | 'use' | 'connect' | 'system' | 'delimiter' | 'pager' | 'tee' | 'edit' | 'quit'
  | 'harmless' | 'unknown';

/** Long command names, recognised at the start of a line when no statement is pending (mysql.cc `commands[]`). */
const NAMED_COMMANDS: Readonly<Record<string, ClientCommand>> = {
  '?': 'harmless', help: 'harmless', charset: 'harmless', clear: 'harmless', connect: 'connect', delimiter: 'delimiter', edit: 'edit', ego: 'harmless',
  exit: 'quit', go: 'harmless', nopager: 'harmless', notee: 'harmless', nowarning: 'harmless', pager: 'pager', print: 'harmless', prompt: 'harmless',
  quit: 'quit', rehash: 'harmless', resetconnection: 'harmless', source: 'source', status: 'harmless', system: 'system', tee: 'tee', use: 'use',
  warnings: 'harmless',
};

/** `\x` letters and what they do; those marked `line` take the rest of the line as their argument. */
const BACKSLASH_COMMANDS: Readonly<Record<string, { readonly name: ClientCommand; readonly line: boolean; readonly ends?: boolean; readonly clears?: boolean }>> = {
  '?': { name: 'harmless', line: false }, h: { name: 'harmless', line: false }, C: { name: 'harmless', line: true },
  c: { name: 'harmless', line: false, clears: true }, r: { name: 'connect', line: true }, d: { name: 'delimiter', line: true },
  e: { name: 'edit', line: false }, G: { name: 'harmless', line: false, ends: true }, g: { name: 'harmless', line: false, ends: true },
  n: { name: 'harmless', line: false }, t: { name: 'harmless', line: false }, w: { name: 'harmless', line: false },
  P: { name: 'pager', line: true }, p: { name: 'harmless', line: false }, R: { name: 'harmless', line: true },
  q: { name: 'quit', line: false }, '#': { name: 'harmless', line: false }, '.': { name: 'source', line: true },
  s: { name: 'harmless', line: false }, '!': { name: 'system', line: true }, T: { name: 'tee', line: true },
  u: { name: 'use', line: true }, W: { name: 'harmless', line: false }, x: { name: 'harmless', line: false },
};

export interface LexResult {
  readonly items: readonly ClientItem[];
  /** The delimiter in force at the end (a sourced file keeps the caller's changes). */
  readonly delimiter: string;
}

function stripDelimiter(argument: string, delimiter: string): string {
  const trimmed = argument.trim();
  return trimmed.endsWith(delimiter) ? trimmed.slice(0, -delimiter.length).trim() : trimmed;
}

/**
 * Splits input as mysql.cc's add_line() does: quotes and comments hide delimiters and
 * backslash commands, but `/*! … *\/` is code (the server runs it), so a delimiter in it splits.
 * A statement left without a delimiter at the end still runs (batch mode sends it).
 */
export function lexClientScript(text: string, startDelimiter = ';'): LexResult {
  const items: ClientItem[] = [];
  let delimiter = startDelimiter;
  let buffer = '';
  let bufferLine = 1;
  let quote: string | null = null;
  let blockComment = false;
  const lines = text.split('\n');
  const flush = (line: number) => {
    if (buffer.trim() !== '') items.push({ kind: 'sql', text: buffer.trim(), line: bufferLine });
    buffer = '';
    bufferLine = line;
  };
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const lineNumber = lineIndex + 1;
    const line = (lines[lineIndex] ?? '').replace(/\r$/, '');
    let i = 0;
    while (i < line.length) {
      const ch = line[i] ?? '';
      if (quote !== null) {
        buffer += ch;
        if (ch === '\\' && quote !== '`' && i + 1 < line.length) {
          buffer += line[i + 1] ?? '';
          i += 2;
          continue;
        }
        if (ch === quote) quote = null;
        i++;
        continue;
      }
      if (blockComment) {
        if (line.startsWith('*/', i)) {
          buffer += '*/';
          blockComment = false;
          i += 2;
          continue;
        }
        buffer += ch;
        i++;
        continue;
      }
      if (buffer === '') {
        // A named command at the start of a statement takes the text up to the delimiter (mysql
        // runs `use shop; select database()` as USE then SELECT); `delimiter` takes the whole line.
        const word = /^([A-Za-z?]+)(?=\s|$|;)/.exec(line.slice(i))?.[1];
        const named = word === undefined ? undefined : NAMED_COMMANDS[word.toLowerCase()];
        if (named !== undefined && word !== undefined) {
          const rest = line.slice(i + word.length);
          const end = named === 'delimiter' ? -1 : rest.indexOf(delimiter);
          const argument = (end < 0 ? rest : rest.slice(0, end)).trim();
          if (named === 'delimiter') {
            const next = argument.split(/\s+/)[0] ?? '';
            if (next === '') items.push({ kind: 'command', name: 'unknown', argument: 'DELIMITER without a delimiter', line: lineNumber });
            else delimiter = next;
          }
          items.push({ kind: 'command', name: named, argument, line: lineNumber });
          if (named === 'quit') return { items, delimiter };
          i = end < 0 ? line.length : i + word.length + end + delimiter.length;
          continue;
        }
      }
      if (line.startsWith(delimiter, i)) {
        flush(lineNumber);
        i += delimiter.length;
        continue;
      }
      if (ch === "'" || ch === '"' || ch === '`') {
        quote = ch;
        buffer += ch;
        i++;
        continue;
      }
      if (line.startsWith('/*', i) && line[i + 2] !== '!' && !line.startsWith('/*M!', i)) {
        blockComment = true;
        buffer += '/*';
        i += 2;
        continue;
      }
      if (ch === '#' || (line.startsWith('--', i) && (i + 2 >= line.length || /\s/.test(line[i + 2] ?? '')))) {
        buffer += line.slice(i);
        break;
      }
      if (ch === '\\' && i + 1 < line.length) {
        const letter = line[i + 1] ?? '';
        const command = BACKSLASH_COMMANDS[letter];
        if (command === undefined) {
          items.push({ kind: 'command', name: 'unknown', argument: `\\${letter}`, line: lineNumber });
          i += 2;
          continue;
        }
        if (command.clears) {
          buffer = '';
          i += 2;
          continue;
        }
        if (command.ends) {
          flush(lineNumber);
          i += 2;
          continue;
        }
        if (command.line) {
          const argument = stripDelimiter(line.slice(i + 2), delimiter);
          if (command.name === 'delimiter') {
            const next = argument.split(/\s+/)[0] ?? '';
            if (next !== '') delimiter = next;
          }
          items.push({ kind: 'command', name: command.name, argument, line: lineNumber });
          i = line.length;
          continue;
        }
        items.push({ kind: 'command', name: command.name, argument: '', line: lineNumber });
        if (command.name === 'quit') return { items, delimiter };
        i += 2;
        continue;
      }
      if (buffer === '' && /\s/.test(ch)) {
        i++;
        continue;
      }
      if (buffer === '') bufferLine = lineNumber;
      buffer += ch;
      i++;
    }
    if (buffer !== '') buffer += '\n';
  }
  flush(lines.length);
  return { items, delimiter };
}
