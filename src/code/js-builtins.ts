// The few JavaScript built-ins that compute values guard follows (JSON.stringify, env reads, URL), and library members.
import { CALL_RESULT, DYNAMIC_MEMBER, jsonOf, textOf, unknownValue, type CodeCall, type Value } from './model.js';

type Env = Readonly<Record<string, string | undefined>>;

/** An environment variable as the script would read it: the value guard sees, or undefined. */
export function envValue(env: Env, name: string): Value {
  if (name === DYNAMIC_MEMBER) return unknownValue('an environment variable whose name is computed');
  const value = env[name];
  return value === undefined ? { kind: 'null' } : { kind: 'string', text: value };
}

/** `process.env.X`, `globalThis.fetch`, `cp.execSync`: a member of a library object. */
export function memberOfApi(base: Extract<Value, { kind: 'api' }>, key: string, env: Env, global: (name: string) => Value): Value {
  const path = base.path.join('.');
  if (path === 'process.env' || path === 'Bun.env' || path === 'import.meta.env') return envValue(env, key);
  if (path === 'globalThis') return key === DYNAMIC_MEMBER ? unknownValue('a global whose name is computed') : global(key);
  return { kind: 'api', path: [...base.path, key], ...(base.origin ? { origin: base.origin } : {}) };
}

/** A built-in's result, or null when the call is a library call whose result is an opaque object. */
export function callBuiltin(path: readonly string[], args: readonly Value[], _call: CodeCall): Value | null {
  const name = path.join('.');
  const first = args[0];
  switch (name) {
    case 'JSON.stringify': {
      if (!first) return { kind: 'null' };
      const json = jsonOf(first);
      return json.ok ? { kind: 'string', text: json.text } : unknownValue(`JSON.stringify of a value guard cannot follow: ${json.why}`);
    }
    case 'String':
    case 'Buffer.from': {
      const text = first ? textOf(first) : ({ ok: true, text: '' } as const);
      return text.ok ? { kind: 'string', text: text.text } : unknownValue(text.why);
    }
    case 'encodeURIComponent':
    case 'encodeURI': {
      const text = first ? textOf(first) : null;
      if (!text?.ok) return unknownValue(text ? text.why : 'no argument');
      return { kind: 'string', text: name === 'encodeURI' ? encodeURI(text.text) : encodeURIComponent(text.text) };
    }
    case 'URL': {
      const href = first ? textOf(first) : null;
      const base = args[1] ? textOf(args[1]) : null;
      if (!href?.ok) return unknownValue(href ? href.why : 'no URL');
      if (base && !base.ok) return unknownValue(base.why);
      try {
        return { kind: 'string', text: new URL(href.text, base?.ok ? base.text : undefined).href };
      } catch {
        return unknownValue(`${href.text} is not a URL`);
      }
    }
    case 'Headers':
      return first ?? { kind: 'object', entries: new Map(), open: null };
    case 'Deno.env.get':
      return first && first.kind === 'string' ? { kind: 'null' } : unknownValue('an environment variable whose name is computed');
    default:
      return null;
  }
}

/** String and array methods whose result guard can compute; null for anything else. */
export function stringMethod(value: Value, method: string, args: readonly Value[]): Value | null {
  if (value.kind === 'string') {
    switch (method) {
      case 'toString':
      case 'valueOf':
        return value;
      case 'trim':
        return { kind: 'string', text: value.text.trim() };
      case 'toLowerCase':
        return { kind: 'string', text: value.text.toLowerCase() };
      case 'toUpperCase':
        return { kind: 'string', text: value.text.toUpperCase() };
      case 'concat': {
        let text = value.text;
        for (const arg of args) {
          const piece = textOf(arg);
          if (!piece.ok) return unknownValue(piece.why);
          text += piece.text;
        }
        return { kind: 'string', text };
      }
      default:
        return null;
    }
  }
  if (value.kind === 'array' && method === 'join' && !value.open) {
    const separator = args[0] ? textOf(args[0]) : ({ ok: true, text: ',' } as const);
    if (!separator.ok) return unknownValue(separator.why);
    const parts: string[] = [];
    for (const item of value.items) {
      const piece = textOf(item);
      if (!piece.ok) return unknownValue(piece.why);
      parts.push(piece.text);
    }
    return { kind: 'string', text: parts.join(separator.text) };
  }
  return null;
}

export { CALL_RESULT };
