// curl: what each request of a command line sends (URL, method, headers, body), read with curl's own grammar.
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { scanArgs, type OptionUse } from './argv.js';
import { curlrcPath, tokeniseCurlConfig } from './curl-config.js';
import { CURL } from './grammars.js';
import { makeHttpTool, type PlannedInvocation } from './http-tool.js';
import { isRailwayApi, parseUrl, splitHeader, type BodyFormat, type BodySource, type HttpHeader, type PlannedRequest } from './request.js';
import { curlRules } from './rules.js';

/** How deep -K files may include further -K files before guard gives up. */
const MAX_CONFIG_DEPTH = 4;

interface Piece {
  readonly source: BodySource;
  readonly transform?: (text: string) => string;
}

interface CurlGroup {
  urls: string[];
  method: string | null;
  head: boolean;
  get: boolean;
  upload: boolean;
  headers: HttpHeader[];
  data: Piece[];
  format: BodyFormat;
  urlQuery: string[];
  hidden: string[];
}

const newGroup = (): CurlGroup => ({ urls: [], method: null, head: false, get: false, upload: false, headers: [], data: [], format: 'urlencoded', urlQuery: [], hidden: [] });

/** `@file` and `@-` as -d, --data-binary and --json read them. */
function atSource(value: string): BodySource | null {
  if (!value.startsWith('@')) return null;
  const path = value.slice(1);
  return path === '-' ? { kind: 'stdin' } : { kind: 'file', path };
}

/** -d reads files in text mode: carriage returns and newlines are stripped (curl's manual, --data). */
const stripNewlines = (text: string) => text.split('\r').join('').split('\n').join('');

/** --data-urlencode: `content`, `=content`, `name=content`, `@file`, `name@file`. */
function urlencodePiece(value: string): Piece {
  const equals = value.indexOf('=');
  const at = value.indexOf('@');
  if (equals >= 0 && (at < 0 || equals < at)) {
    const name = value.slice(0, equals);
    const content = value.slice(equals + 1);
    return { source: { kind: 'inline', text: content }, transform: (t) => `${name === '' ? '' : `${name}=`}${encodeURIComponent(t)}` };
  }
  if (at >= 0) {
    const name = value.slice(0, at);
    const path = value.slice(at + 1);
    return { source: path === '-' ? { kind: 'stdin' } : { kind: 'file', path }, transform: (t) => `${name === '' ? '' : `${name}=`}${encodeURIComponent(t)}` };
  }
  return { source: { kind: 'inline', text: value }, transform: (t) => encodeURIComponent(t) };
}

async function planCurl(args: readonly string[], ctx: Context): Promise<PlannedInvocation> {
  const problems: string[] = [];
  const unseen: string[] = [];
  let info = false;
  const groups: CurlGroup[] = [newGroup()];
  const group = () => groups[groups.length - 1] as CurlGroup;

  const apply = async (options: readonly OptionUse[], positionals: readonly string[], depth: number): Promise<void> => {
    for (const option of options) await applyOption(option, depth);
    group().urls.push(...positionals);
  };

  const readConfig = async (path: string, depth: number, origin: string): Promise<void> => {
    if (depth > MAX_CONFIG_DEPTH) {
      unseen.push(`${origin}: config files nest deeper than ${MAX_CONFIG_DEPTH}`);
      return;
    }
    let text: string;
    try {
      // `-K -` reads options from stdin, which the command's own input may also need: not read.
      if (path === '-') throw new Error('stdin');
      text = (await ctx.readFile(isAbsolute(path) ? path : resolvePath(ctx.cwd, path))).toString('utf8');
    } catch {
      unseen.push(`${origin}: curl reads options from ${path === '-' ? 'stdin' : path}, which guard cannot read`);
      return;
    }
    const scanned = scanArgs(CURL, { equalsForm: false, negatedBooleans: true, expandPrefix: true, separators: ['-:', '--next'] }, tokeniseCurlConfig(text));
    problems.push(...scanned.problems.map((p) => `${path}: ${p}`));
    info ||= scanned.info;
    for (const [index, part] of scanned.groups.entries()) {
      if (index > 0) groups.push(newGroup());
      await apply(part.options, part.positionals, depth + 1);
    }
  };

  const applyOption = async (option: OptionUse, depth: number): Promise<void> => {
    const g = group();
    const { name, value } = option;
    if (option.expanded && value.includes('{{')) g.hidden.push(`curl ${option.spelling} expands {{variables}} guard does not resolve`);
    switch (name) {
      case 'url':
        g.urls.push(value);
        break;
      case 'request':
        g.method = value;
        break;
      case 'head':
        g.head = !option.negated;
        break;
      case 'get':
        g.get = !option.negated;
        break;
      case 'upload-file':
        g.upload = true;
        g.format = 'raw';
        g.data = [{ source: value === '-' || value === '.' ? { kind: 'stdin' } : { kind: 'file', path: value } }];
        break;
      case 'header':
      case 'proxy-header': {
        if (name === 'proxy-header') break;
        if (value.startsWith('@')) {
          await readHeaderFile(value.slice(1), g);
          break;
        }
        const header = splitHeader(value);
        if (header) g.headers.push(header);
        break;
      }
      case 'oauth2-bearer':
        g.headers.push({ name: 'Authorization', value: `Bearer ${value}` });
        break;
      case 'data':
      case 'data-ascii':
        g.data.push(atSource(value) ? { source: atSource(value) as BodySource, transform: stripNewlines } : { source: { kind: 'inline', text: value } });
        break;
      case 'data-binary':
        g.data.push({ source: atSource(value) ?? { kind: 'inline', text: value } });
        break;
      case 'data-raw':
        g.data.push({ source: { kind: 'inline', text: value } });
        break;
      case 'data-urlencode':
        g.data.push(urlencodePiece(value));
        break;
      case 'json':
        g.format = 'json';
        g.data.push({ source: atSource(value) ?? { kind: 'inline', text: value } });
        g.headers.push({ name: 'Content-Type', value: 'application/json' });
        break;
      case 'form':
      case 'form-string':
        g.format = 'multipart';
        g.data.push({ source: { kind: 'inline', text: value } });
        break;
      case 'url-query':
        g.urlQuery.push(value.startsWith('+') ? value.slice(1) : value);
        break;
      case 'config':
        await readConfig(value, depth + 1, `curl ${option.spelling} ${value}`);
        break;
      case 'connect-to':
      case 'resolve':
        // Re-routing a harmless-looking URL to Railway's API would hide the target.
        if (value.split(':').some((part) => isRailwayApi(parseUrl(part, 'http') ?? new URL('http://invalid'), ctx.env))) {
          g.hidden.push(`curl ${option.spelling} ${value} sends the request to Railway's API under another name`);
        }
        break;
      default:
        break;
    }
  };

  const readHeaderFile = async (path: string, g: CurlGroup): Promise<void> => {
    try {
      const text = (await ctx.readFile(isAbsolute(path) ? path : resolvePath(ctx.cwd, path))).toString('utf8');
      for (const line of text.split('\n')) {
        const header = splitHeader(line.endsWith('\r') ? line.slice(0, -1) : line);
        if (header) g.headers.push(header);
      }
    } catch {
      g.hidden.push(`curl reads headers from ${path}, which guard cannot read`);
    }
  };

  const scanned = scanArgs(CURL, { equalsForm: false, negatedBooleans: true, expandPrefix: true, separators: ['-:', '--next'] }, args);
  problems.push(...scanned.problems);
  info ||= scanned.info;
  const disabled = args[0] === '-q' || args[0] === '--disable';
  const rc = disabled ? null : curlrcPath(ctx);
  if (rc) await readConfig(rc, 0, `~/.curlrc (${rc})`);
  for (const [index, part] of scanned.groups.entries()) {
    if (index > 0) groups.push(newGroup());
    await apply(part.options, part.positionals, 0);
  }

  const requests: PlannedRequest[] = [];
  for (const g of groups) {
    const hasData = g.data.length > 0 && !g.upload;
    const method = (g.method ?? (g.head ? 'HEAD' : g.upload ? 'PUT' : hasData && !g.get ? 'POST' : 'GET')).toUpperCase();
    for (const raw of g.urls) {
      const url = g.urlQuery.length > 0 ? `${raw}${raw.includes('?') ? '&' : '?'}${g.urlQuery.join('&')}` : raw;
      requests.push({
        url,
        method,
        headers: g.headers,
        body: g.data,
        joiner: g.format === 'json' ? '' : '&',
        format: g.format,
        ...(g.get && hasData ? { dataInQuery: true } : {}),
        hidden: g.hidden,
      });
    }
  }
  return { info, problems, unseen, requests };
}

export const curlTool = makeHttpTool({
  name: 'curl',
  summary: 'transfer a URL (raw HTTP: Railway GraphQL, REST APIs)',
  rules: curlRules,
  defaultScheme: 'http',
  checkedAgainst: {
    version: 'curl 7.88.1 (options to 8.11)',
    references: [
      'curl --help all (curl 7.88.1, Debian 12)',
      'https://curl.se/docs/manpage.html (--data, --data-binary, --data-raw, --data-urlencode, --json, -G, -K, --next, --expand-*)',
      'curl src/tool_parsecfg.c (config file syntax), src/tool_getparam.c (prefix matching, --no-)',
    ],
  },
  plan: planCurl,
});
