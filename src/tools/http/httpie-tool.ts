// httpie (`http`, `https`): `[METHOD] URL [ITEM…]` with its request-item syntax, turned into the request it sends.
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { scanArgs } from './argv.js';
import { HTTPIE } from './grammars.js';
import { makeHttpTool, type PlannedInvocation } from './http-tool.js';
import type { BodyReader, BodySource, HttpHeader, PlannedRequest } from './request.js';
import { httpieRules, httpieTlsRules } from './rules.js';
import type { HttpRuleTable } from './rules.js';

/** httpie's item separators (httpie/cli/constants.py); at one position the longest wins. */
const SEPARATORS = [':=@', '==@', '=@', ':@', ':=', '==', '=', ':', ';', '@'] as const;
type Separator = (typeof SEPARATORS)[number];

export interface RequestItem {
  readonly key: string;
  readonly separator: Separator;
  readonly value: string;
}

/** Splits `key<sep>value` at the first unescaped separator (backslash escapes one character). */
export function parseRequestItem(arg: string): RequestItem | null {
  let key = '';
  for (let at = 0; at < arg.length; at += 1) {
    const char = arg[at] as string;
    if (char === '\\' && at + 1 < arg.length) {
      key += arg[at + 1];
      at += 1;
      continue;
    }
    const separator = SEPARATORS.find((candidate) => arg.startsWith(candidate, at));
    if (separator) return { key, separator, value: unescape(arg.slice(at + separator.length)) };
    key += char;
  }
  return null;
}

function unescape(text: string): string {
  let out = '';
  for (let at = 0; at < text.length; at += 1) {
    if (text[at] === '\\' && at + 1 < text.length) at += 1;
    out += text[at];
  }
  return out;
}

/** httpie 3 nested keys: `variables[id]` → ['variables', 'id']; null when malformed. */
function keyPath(key: string): string[] | null {
  const open = key.indexOf('[');
  if (open < 0) return [key];
  const path = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return null;
    path.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  return rest === '' ? path : null;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): boolean {
  let node: Record<string, unknown> = target;
  for (const [index, segment] of path.entries()) {
    if (index === path.length - 1) {
      node[segment] = value;
      return true;
    }
    const next = node[segment];
    if (next === undefined) node[segment] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) return false;
    node = node[segment] as Record<string, unknown>;
  }
  return false;
}

const isMethodWord = (word: string) => word.length > 0 && [...word].every((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

function planHttpie(program: 'http' | 'https') {
  return async (args: readonly string[], ctx: Context, reader: BodyReader): Promise<PlannedInvocation> => {
    const scanned = scanArgs(HTTPIE, { equalsForm: true, negatedBooleans: false }, args);
    const problems = [...scanned.problems];
    const hidden: string[] = [];
    const unseen: string[] = [];
    const options = scanned.groups.flatMap((g) => g.options);
    const positionals = scanned.groups.flatMap((g) => g.positionals);
    const has = (name: string) => options.some((o) => o.name === name);
    const last = (name: string) => [...options].reverse().find((o) => o.name === name)?.value;
    if (scanned.info) return { info: true, problems, unseen: [], requests: [] };
    if (has('offline')) return { info: true, problems, unseen: [], requests: [] };

    let method: string | null = null;
    let rest = positionals;
    if (positionals.length >= 2 && isMethodWord(positionals[0] as string)) {
      method = (positionals[0] as string).toUpperCase();
      rest = positionals.slice(1);
    }
    const rawUrl = rest[0];
    if (rawUrl === undefined) return { info: false, problems: [...problems, 'no URL'], unseen: [], requests: [] };
    let url = rawUrl.startsWith(':') ? `localhost${rawUrl.slice(1).startsWith('/') || rawUrl === ':' ? '' : ':'}${rawUrl.slice(1)}` : rawUrl;
    if (!url.includes('://')) url = `${last('default-scheme') ?? program}://${url}`;

    const headers: HttpHeader[] = [];
    const data: Record<string, unknown> = {};
    const query: string[] = [];
    let dataItems = 0;
    let multipart = has('multipart');
    const readItemFile = async (path: string): Promise<string | null> => {
      try {
        return (await ctx.readFile(isAbsolute(path) ? path : resolvePath(ctx.cwd, path))).toString('utf8');
      } catch {
        unseen.push(`http reads ${path}, which guard cannot read`);
        return null;
      }
    };
    for (const arg of rest.slice(1)) {
      const item = parseRequestItem(arg);
      if (!item) {
        problems.push(`'${arg}' is not a request item (httpie refuses it)`);
        continue;
      }
      const { key, separator, value } = item;
      if (separator === ':' || separator === ';') headers.push({ name: key, value: separator === ';' ? '' : value });
      else if (separator === ':@') headers.push({ name: key, value: ((await readItemFile(value)) ?? '').trim() });
      else if (separator === '==' || separator === '==@') query.push(`${encodeURIComponent(key)}=${encodeURIComponent(separator === '==' ? value : ((await readItemFile(value)) ?? ''))}`);
      else if (separator === '@') {
        multipart = true;
        dataItems += 1;
      } else {
        dataItems += 1;
        const text = separator === '=' || separator === ':=' ? value : await readItemFile(value);
        if (text === null) continue;
        let parsed: unknown = text;
        if (separator === ':=' || separator === ':=@') {
          try {
            parsed = JSON.parse(text) as unknown;
          } catch {
            problems.push(`${key}${separator}: not valid JSON (httpie refuses it)`);
            continue;
          }
        }
        const path = keyPath(key);
        if (!path || !setPath(data, path, parsed)) problems.push(`request item ${key}: a malformed or conflicting nested key (httpie refuses it)`);
      }
    }
    const token = last('auth');
    if (token !== undefined && (last('auth-type') ?? '').toLowerCase() === 'bearer') headers.push({ name: 'Authorization', value: `Bearer ${token}` });

    let body: BodySource | null = null;
    const raw = last('raw');
    if (raw !== undefined) body = { kind: 'inline', text: raw };
    else if (dataItems > 0) body = { kind: 'inline', text: has('form') && !multipart ? new URLSearchParams(data as Record<string, string>).toString() : JSON.stringify(data) };
    else if (!has('ignore-stdin') && !ctx.stdin.isTTY && !ctx.stdin.closed) {
      // httpie sends piped stdin as the body (and then defaults to POST); an empty pipe sends nothing.
      const piped = await reader.read({ kind: 'stdin' });
      if (!piped.ok) hidden.push(piped.why);
      else if (piped.text !== '') body = { kind: 'inline', text: piped.text };
    }

    const fullUrl = query.length > 0 ? `${url}${url.includes('?') ? '&' : '?'}${query.join('&')}` : url;
    const request: PlannedRequest = {
      url: fullUrl,
      method: method ?? (body ? 'POST' : 'GET'),
      headers,
      body: body ? [{ source: body }] : [],
      joiner: '',
      format: multipart ? 'multipart' : has('form') ? 'urlencoded' : 'json',
      hidden,
    };
    return { info: false, problems, unseen, requests: [request] };
  };
}

function httpieTool(program: 'http' | 'https', rules: HttpRuleTable) {
  return makeHttpTool({
    name: program,
    summary: `httpie (${program}://): human-friendly HTTP requests`,
    rules,
    defaultScheme: program,
    checkedAgainst: {
      version: 'HTTPie 3.2',
      references: [
        'https://httpie.io/docs/cli (request items, nested JSON, --raw, --offline, stdin bodies, --auth-type bearer)',
        'httpie/cli/constants.py (separators), httpie/cli/argparser.py (method guessing)',
      ],
    },
    plan: planHttpie(program),
  });
}

export const httpieHttpTool = httpieTool('http', httpieRules);
export const httpieHttpsTool = httpieTool('https', httpieTlsRules);
