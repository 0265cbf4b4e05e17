// The language-neutral model of code guard reads: values it can follow, and the calls that reach libraries.
import type { SyntaxNode } from '../parsers/tree-sitter.js';

/** The languages guard reads scripts in; TypeScript covers .ts/.mts/.cts, TSX covers .tsx/.jsx. */
export type CodeLanguage = 'javascript' | 'typescript' | 'tsx' | 'python';

/**
 * A value as far as guard can follow it without running the code. `api` is a module, function or
 * object of a library (`child_process.execSync`, `requests.Session().post`); `origin` is the call
 * that made the object, so that a method call can read its constructor's arguments
 * (`boto3.client('s3').delete_bucket` knows the service). Anything else is `unknown`, with why.
 */
export type Value =
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'object'; readonly entries: ReadonlyMap<string, Value>; /** Spread or computed keys guard cannot list. */ readonly open: string | null }
  | { readonly kind: 'array'; readonly items: readonly Value[]; readonly open: string | null }
  | { readonly kind: 'api'; readonly path: readonly string[]; readonly origin?: CodeCall }
  | { readonly kind: 'function'; readonly name: string; readonly invoke: (args: readonly Value[], keywords: ReadonlyMap<string, Value>, at: SyntaxNode) => Value }
  | { readonly kind: 'unknown'; readonly why: string };

/** `api` path segment for "the result of calling it": `['boto3', 'client', '()']`. */
export const CALL_RESULT = '()';
/** `api` path segment for a member guard cannot name: `cp[name]`. */
export const DYNAMIC_MEMBER = '?';

/** One call (or `new`, or tagged template) of a library function, with its arguments as followed. */
export interface CodeCall {
  /** The callee: `['child_process', 'execSync']`, `['fetch']`, `['requests', 'Session', '()', 'post']`. */
  readonly api: readonly string[];
  /** The call that made the receiver (`requests.Session()` for `session.post(…)`), if any. */
  readonly receiver?: CodeCall;
  readonly args: readonly Value[];
  /** Python keyword arguments (`json=…`); empty in JavaScript. */
  readonly keywords: ReadonlyMap<string, Value>;
  /** `new X(…)` (JavaScript) rather than a plain call. */
  readonly constructs: boolean;
  /** A tagged template (`$\`ls\``, postgres.js `sql\`…\``): args[0] is the template with its substitutions. */
  readonly tagged: boolean;
  /** Where: the file as shown (relative to the working directory) and the 1-based line. */
  readonly file: string;
  readonly line: number;
  /** The call's source text, shortened, for reports. */
  readonly snippet: string;
}

/** What reading one program (a file and the local modules it imports, or inline code) found. */
export interface CodeReading {
  readonly calls: readonly CodeCall[];
  /** Code guard could not follow: dynamic evaluation, unparseable or oversized files, imports too deep. */
  readonly problems: readonly { readonly file: string; readonly line: number; readonly what: string }[];
  /** Every file read, as shown. */
  readonly files: readonly string[];
}

export function unknownValue(why: string): Value {
  return { kind: 'unknown', why };
}

export function stringValue(text: string): Value {
  return { kind: 'string', text };
}

/** The text a value has when used as a string (a URL, a command), or null with the reason in `why`. */
export function textOf(value: Value): { ok: true; text: string } | { ok: false; why: string } {
  switch (value.kind) {
    case 'string':
      return { ok: true, text: value.text };
    case 'number':
      return { ok: true, text: String(value.value) };
    case 'boolean':
      return { ok: true, text: String(value.value) };
    case 'null':
      return { ok: true, text: 'null' };
    case 'unknown':
      return { ok: false, why: value.why };
    case 'api':
      return { ok: false, why: `it is computed by ${value.path.filter((p) => p !== CALL_RESULT).join('.')}` };
    default:
      return { ok: false, why: `it is ${value.kind === 'function' ? 'a function' : `an ${value.kind}`}, not a string` };
  }
}

/** JSON text of a value whose every leaf is known (JSON.stringify, json.dumps, a `json=` body). */
export function jsonOf(value: Value): { ok: true; text: string } | { ok: false; why: string } {
  const plain = plainOf(value);
  return plain.ok ? { ok: true, text: JSON.stringify(plain.value) } : plain;
}

/** A value as plain data, when every leaf is known. */
export function plainOf(value: Value): { ok: true; value: unknown } | { ok: false; why: string } {
  switch (value.kind) {
    case 'string':
      return { ok: true, value: value.text };
    case 'number':
    case 'boolean':
      return { ok: true, value: value.value };
    case 'null':
      return { ok: true, value: null };
    case 'object': {
      if (value.open) return { ok: false, why: value.open };
      const out: Record<string, unknown> = {};
      for (const [key, entry] of value.entries) {
        const plain = plainOf(entry);
        if (!plain.ok) return plain;
        out[key] = plain.value;
      }
      return { ok: true, value: out };
    }
    case 'array': {
      if (value.open) return { ok: false, why: value.open };
      const out: unknown[] = [];
      for (const item of value.items) {
        const plain = plainOf(item);
        if (!plain.ok) return plain;
        out.push(plain.value);
      }
      return { ok: true, value: out };
    }
    default: {
      const text = textOf(value);
      return text.ok ? { ok: true, value: text.text } : text;
    }
  }
}

/** An entry of an object value: the value, `missing` when the object surely lacks it, or unknown. */
export function member(value: Value, key: string): Value | 'missing' {
  if (value.kind === 'object') return value.entries.get(key) ?? (value.open ? unknownValue(value.open) : 'missing');
  if (value.kind === 'unknown') return value;
  return 'missing';
}

/** A string argument's text, or null (for names: a service, a method). */
export function literalText(value: Value | undefined): string | null {
  if (!value) return null;
  const text = textOf(value);
  return text.ok ? text.text : null;
}

/** A short form of a call's source for reports: one line, at most 120 characters. */
export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

/**
 * A short key for a list of values: a local function called again with the same arguments is
 * not walked again (real libraries call their helpers thousands of times).
 */
export function signatureOf(values: readonly Value[]): string {
  const one = (value: Value, depth: number): string => {
    if (depth > 3) return '…';
    switch (value.kind) {
      case 'string':
        return `s${JSON.stringify(value.text.slice(0, 200))}`;
      case 'number':
      case 'boolean':
        return `${value.kind[0]}${String(value.value)}`;
      case 'null':
        return 'z';
      case 'unknown':
        return 'u';
      case 'api':
        return `a${value.path.join('.')}`;
      case 'function':
        return `f${value.name}`;
      case 'array':
        return `[${value.items.slice(0, 8).map((item) => one(item, depth + 1)).join(',')}${value.open ? '…' : ''}]`;
      case 'object':
        return `{${[...value.entries].slice(0, 8).map(([key, entry]) => `${key}:${one(entry, depth + 1)}`).join(',')}${value.open ? '…' : ''}}`;
    }
  };
  return values.map((value) => one(value, 0)).join('|');
}
