// sed scripts read for the two ways GNU sed runs a shell: the `e` command and the `e` flag of `s`.
import type { Word } from './expand.js';
import { scanOptions } from './options.js';

export interface SedCommands {
  /** Shell text `e COMMAND` runs. */
  readonly scripts: readonly string[];
  readonly unknowns: readonly string[];
}

const SINGLE = new Set(['=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F', 'l', 'L', 'q', 'Q']);

/** Pure: the commands `e` runs in one sed script, or why guard cannot tell. */
export function sedScriptCommands(script: string): SedCommands {
  const scripts: string[] = [];
  const unknowns: string[] = [];
  let i = 0;
  const toLineEnd = (): string => {
    let end = script.indexOf('\n', i);
    if (end < 0) end = script.length;
    const text = script.slice(i, end);
    i = end;
    return text;
  };
  const delimited = (delimiter: string): boolean => {
    // A part ends at the next unescaped delimiter; a newline may not appear unescaped.
    while (i < script.length && script[i] !== delimiter) {
      if (script[i] === '\\') i++;
      i++;
    }
    if (i >= script.length) return false;
    i++;
    return true;
  };
  const address = (): boolean => {
    const c = script[i];
    if (c === '/' || c === '\\') {
      const delimiter = c === '\\' ? script[++i] : '/';
      i++;
      if (delimiter === undefined || !delimited(delimiter)) return false;
      while (script[i] === 'I' || script[i] === 'M') i++;
      return true;
    }
    if (c === '$') return void i++, true;
    if (c !== undefined && ((c >= '0' && c <= '9') || c === '+' || c === '~')) {
      i++;
      while (script[i] !== undefined && ((script[i]! >= '0' && script[i]! <= '9') || script[i] === '~')) i++;
      return true;
    }
    return true;
  };
  while (i < script.length) {
    const c = script[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '{' || c === '}') { i++; continue; }
    if (c === '#') { toLineEnd(); continue; }
    if (!address()) return { scripts, unknowns: [...unknowns, 'guard could not read the sed script'] };
    if (script[i] === ',') { i++; if (!address()) return { scripts, unknowns: [...unknowns, 'guard could not read the sed script'] }; }
    while (script[i] === ' ' || script[i] === '!') i++;
    const command = script[i++];
    if (command === undefined) break;
    if (command === '{' || command === '}') continue;
    if (command === 'e') {
      const text = toLineEnd().trim();
      if (text === '') unknowns.push('sed e runs each line of its input as a command, which guard cannot see');
      else scripts.push(text);
    } else if ('aicrRwW:'.includes(command)) {
      toLineEnd();
    } else if (command === 'b' || command === 't' || command === 'T') {
      while (i < script.length && script[i] !== ';' && script[i] !== '\n' && script[i] !== '}') i++;
    } else if (command === 's' || command === 'y') {
      const delimiter = script[i++];
      if (delimiter === undefined || !delimited(delimiter) || !delimited(delimiter)) return { scripts, unknowns: [...unknowns, 'guard could not read the sed script'] };
      if (command === 's') {
        while (i < script.length && !';\n}'.includes(script[i]!)) {
          const flag = script[i++]!;
          if (flag === 'e') unknowns.push('sed s///e runs each substituted line as a command, which guard cannot see');
          if (flag === 'w') { toLineEnd(); break; }
        }
      }
    } else if (SINGLE.has(command)) {
      while (script[i] !== undefined && script[i]! >= '0' && script[i]! <= '9') i++;
    } else {
      return { scripts, unknowns: [...unknowns, `guard could not read the sed script (command ${command})`] };
    }
  }
  return { scripts, unknowns };
}

/** The sed invocation's scripts (-e, -f, or the first operand), read for `e`. */
export async function sedRunsCommands(given: readonly Word[], readText: (path: string) => Promise<string | null>): Promise<SedCommands> {
  // -i takes an optional suffix glued to it (-i.bak, -i~): the suffix is no option.
  const words = given.map((w) => (w.known && w.text.startsWith('-i') && !w.text.startsWith('--') && w.text.length > 2 ? { ...w, text: '-i' } : w));
  const scanned = scanOptions('sed', words, 1, {
    shortValue: 'efl',
    shortFlags: 'nEsrzuib',
    longValue: ['expression', 'file', 'line-length'],
    longFlags: ['quiet', 'silent', 'debug', 'in-place', 'follow-symlinks', 'posix', 'regexp-extended', 'separate', 'sandbox', 'unbuffered', 'null-data', 'zero-terminated', 'help', 'version', 'binary'],
  });
  if (!scanned.ok) return { scripts: [], unknowns: containsE(words) ? [scanned.why] : [] };
  if (scanned.options.some((o) => o.name === 'sandbox')) return { scripts: [], unknowns: [] };
  const texts: (Word | null)[] = [];
  for (const option of scanned.options) {
    if (option.name === 'e' || option.name === 'expression') texts.push(option.value ?? null);
    if (option.name === 'f' || option.name === 'file') {
      const path = option.value;
      const text = path?.known ? await readText(path.text) : null;
      if (text === null) return { scripts: [], unknowns: [`sed -f ${path?.text ?? ''}: a script guard cannot read`] };
      texts.push({ text, known: true, glob: false });
    }
  }
  if (texts.length === 0 && words[scanned.next]) texts.push(words[scanned.next] as Word);
  const scripts: string[] = [];
  const unknowns: string[] = [];
  for (const text of texts) {
    if (text === null) continue;
    if (!text.known) {
      if (text.text.includes('e')) unknowns.push(`the sed script comes from ${text.why ?? 'an expansion'}`);
      continue;
    }
    const found = sedScriptCommands(text.text);
    scripts.push(...found.scripts);
    // A script guard could not read matters only if it could hold an `e`.
    unknowns.push(...found.unknowns.filter((u) => !u.startsWith('guard could not read') || text.text.includes('e')));
  }
  return { scripts, unknowns };
}

function containsE(words: readonly Word[]): boolean {
  return words.slice(1).some((w) => !w.known || w.text.includes('e'));
}
