// Label and field selectors as the API server reads them (`app=db,tier!=web`, `env in (a,b)`, `!key`, `metadata.name=x`).

type Requirement =
  | { readonly op: 'eq' | 'ne'; readonly key: string; readonly value: string }
  | { readonly op: 'in' | 'notin'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'exists' | 'absent'; readonly key: string };

/** Splits on commas outside parentheses (`a in (x,y),b=c`). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function parseRequirement(text: string): Requirement {
  if (text.startsWith('!')) return { op: 'absent', key: text.slice(1).trim() };
  for (const [token, op] of [['!=', 'ne'], ['==', 'eq'], ['=', 'eq']] as const) {
    const at = text.indexOf(token);
    if (at > 0) return { op, key: text.slice(0, at).trim(), value: text.slice(at + token.length).trim() };
  }
  const words = text.split(' ').filter(Boolean);
  const [key, op] = words;
  if (key && (op === 'in' || op === 'notin')) {
    const rest = text.slice(text.indexOf(op) + op.length).trim();
    if (!rest.startsWith('(') || !rest.endsWith(')')) throw new Error(`bad selector: ${text}`);
    return { op, key, values: rest.slice(1, -1).split(',').map((v) => v.trim()) };
  }
  if (words.length === 1 && key) return { op: 'exists', key };
  throw new Error(`bad selector: ${text}`);
}

export type Selector = (fields: Readonly<Record<string, string>>) => boolean;

/** Throws on a selector the double cannot read (the server answers 400, as the real one does). */
export function parseSelector(text: string | null): Selector {
  if (!text) return () => true;
  const requirements = splitTopLevel(text).map(parseRequirement);
  return (fields) =>
    requirements.every((r) => {
      const value = fields[r.key];
      switch (r.op) {
        case 'eq':
          return value === r.value;
        case 'ne':
          return value !== r.value;
        case 'in':
          return value !== undefined && r.values.includes(value);
        case 'notin':
          return value === undefined || !r.values.includes(value);
        case 'exists':
          return value !== undefined;
        case 'absent':
          return value === undefined;
      }
    });
}
