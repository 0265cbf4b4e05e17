// `env -S STRING`: how env itself splits the string into words, as a pure function.

/** env -S's own splitting: whitespace, single and double quotes, backslash escapes; `${VAR}` is not evaluated. */
export function splitEnvString(text: string): string[] | null {
  const out: string[] = [];
  let current = '';
  let started = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      started = true;
    } else if (char === ' ' || char === '\t' || char === '\n') {
      if (started) out.push(current);
      current = '';
      started = false;
    } else if (char === '#' && !started) break;
    else if (char === '$') return null; // env -S expands ${VAR} from its own environment: not static
    else if (char === '\\' && i + 1 < text.length) {
      const next = text[++i] as string;
      current += next === 'n' ? '\n' : next === 't' ? '\t' : next === '_' ? ' ' : next;
      started = true;
    } else {
      current += char;
      started = true;
    }
  }
  if (quote) return null;
  if (started) out.push(current);
  return out;
}
