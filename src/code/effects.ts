// What a library call does to the world, language-neutral: runs a process, sends HTTP, calls AWS, runs SQL, changes MongoDB…
import { CALL_RESULT, DYNAMIC_MEMBER, literalText, member, unknownValue, type CodeCall, type Value } from './model.js';

export type HttpBodyFormat = 'json' | 'raw' | 'urlencoded';

export type Effect =
  /** A shell command line (`execSync('…')`, `os.system`, `shell=True`). */
  | { readonly kind: 'shell'; readonly call: CodeCall; readonly command: Value }
  /** An argv run without a shell (`spawn('railway', [...])`, `subprocess.run([...])`). */
  | { readonly kind: 'argv'; readonly call: CodeCall; readonly argv: readonly Value[]; readonly open: string | null }
  | { readonly kind: 'http'; readonly call: CodeCall; readonly method: Value; readonly url: Value; readonly headers: Value; readonly body: Value | null; readonly format: HttpBodyFormat }
  | { readonly kind: 'aws'; readonly call: CodeCall; readonly service: string | null; readonly operation: string | null }
  | { readonly kind: 'sql'; readonly call: CodeCall; readonly dialect: 'postgres' | 'mysql'; readonly text: Value }
  | { readonly kind: 'mongo'; readonly call: CodeCall; readonly method: string; readonly args: readonly Value[]; readonly database: string | null; readonly collection: string | null }
  | { readonly kind: 'redis'; readonly call: CodeCall; readonly command: string }
  | { readonly kind: 'prisma'; readonly call: CodeCall; readonly model: string | null; readonly method: string; readonly args: readonly Value[] }
  /** Code guard cannot follow on a path to one of the APIs above (a computed member of child_process…). */
  | { readonly kind: 'dynamic'; readonly call: CodeCall; readonly why: string };

/** The callee without `()` segments, for matching: `requests.Session.post`. */
function names(call: CodeCall): string[] {
  return call.api.filter((part) => part !== CALL_RESULT);
}

/** The calls along a receiver chain, outermost first: `client.db('x').collection('y').drop()` → [MongoClient, db, collection]. */
function chain(call: CodeCall): CodeCall[] {
  const out: CodeCall[] = [];
  for (let current = call.receiver; current && out.length < 32; current = current.receiver) out.unshift(current);
  return out;
}

const CHILD_PROCESS_SHELL = new Set(['exec', 'execSync']);
const CHILD_PROCESS_ARGV = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const NODE_FETCHES = new Set(['fetch', 'globalThis.fetch', 'undici.fetch', 'node-fetch', 'node-fetch.default', 'cross-fetch', 'cross-fetch.default', 'isomorphic-fetch']);
const REDIS_MODULES = new Set(['redis', 'ioredis']);
const MYSQL_MODULES = new Set(['mysql', 'mysql2', 'mysql2/promise', 'pymysql', 'MySQLdb', 'mysql', 'aiomysql']);
const POSTGRES_MODULES = new Set(['pg', 'psycopg', 'psycopg2', 'asyncpg', 'sqlalchemy', 'pg-promise']);

/** Every call's effect, or null for calls that reach none of the families guard guards. */
export function effectOf(call: CodeCall): Effect | null {
  const parts = names(call);
  const root = parts[0] ?? '';
  const dotted = parts.join('.');
  const last = parts[parts.length - 1] ?? '';
  const dynamic = parts.includes(DYNAMIC_MEMBER);
  const arg = (index: number): Value => call.args[index] ?? { kind: 'null' };
  const keyword = (name: string): Value | null => call.keywords.get(name) ?? (call.keywords.has('**') ? (call.keywords.get('**') as Value) : null);

  // Processes, Node.
  if (root === 'child_process') {
    if (dynamic) return { kind: 'dynamic', call, why: 'a member of child_process whose name is computed' };
    if (CHILD_PROCESS_SHELL.has(last)) return { kind: 'shell', call, command: arg(0) };
    if (CHILD_PROCESS_ARGV.has(last)) {
      const options = last.startsWith('execFile') ? call.args.find((a, i) => i > 0 && a.kind === 'object') : call.args[2] ?? (call.args[1]?.kind === 'object' ? call.args[1] : undefined);
      const list = call.args[1]?.kind === 'array' ? call.args[1] : null;
      const shell = options ? member(options, 'shell') : 'missing';
      const argv = [arg(0), ...(list?.items ?? [])];
      if (shell !== 'missing' && !(shell.kind === 'boolean' && !shell.value) && shell.kind !== 'null') return { kind: 'shell', call, command: joinAsShell(argv) };
      return { kind: 'argv', call, argv, open: list?.open ?? (call.args[1] && !list && call.args[1].kind !== 'object' ? 'the arguments are computed' : null) };
    }
    if (last === 'fork') return { kind: 'argv', call, argv: [{ kind: 'string', text: 'node' }, arg(0)], open: null };
    return null;
  }
  if ((root === 'zx' || root === 'execa' || dotted === 'Bun.$') && call.tagged) return { kind: 'shell', call, command: taggedAsShell(arg(0)) };
  if (root === 'execa') {
    if (['execaCommand', 'execaCommandSync'].includes(last)) return { kind: 'shell', call, command: arg(0) };
    const list = call.args[1]?.kind === 'array' ? call.args[1] : null;
    return { kind: 'argv', call, argv: [arg(0), ...(list?.items ?? [])], open: list?.open ?? null };
  }
  if (dotted === 'Bun.spawn' || dotted === 'Bun.spawnSync') {
    const first = arg(0);
    const list = first.kind === 'array' ? first : first.kind === 'object' ? member(first, 'cmd') : first;
    if (list !== 'missing' && list.kind === 'array') return { kind: 'argv', call, argv: list.items, open: list.open };
    return { kind: 'dynamic', call, why: 'Bun.spawn with a command guard cannot follow' };
  }
  if (dotted === 'Deno.Command' || dotted === 'Deno.run') {
    const options = arg(1);
    const args = member(options, 'args');
    const items = args !== 'missing' && args.kind === 'array' ? args : null;
    return { kind: 'argv', call, argv: [arg(0), ...(items?.items ?? [])], open: items?.open ?? (args !== 'missing' && !items ? 'the arguments are computed' : null) };
  }

  // Processes, Python.
  if (root === 'subprocess' && ['run', 'call', 'check_call', 'check_output', 'Popen'].includes(last)) {
    const first = call.args[0] ?? keyword('args') ?? unknownValue('no command');
    const shell = keyword('shell');
    if (shell && !(shell.kind === 'boolean' && !shell.value)) return { kind: 'shell', call, command: first.kind === 'array' ? joinAsShell(first.items) : first };
    if (first.kind === 'array') return { kind: 'argv', call, argv: first.items, open: first.open };
    return { kind: 'argv', call, argv: [first], open: null };
  }
  if ((root === 'subprocess' && ['getoutput', 'getstatusoutput'].includes(last)) || dotted === 'os.system' || dotted === 'os.popen' || dotted === 'asyncio.create_subprocess_shell' || dotted === 'commands.getoutput') {
    return { kind: 'shell', call, command: arg(0) };
  }
  if (root === 'os' && /^(exec|spawn)[lv]p?e?$/.test(last)) return { kind: 'argv', call, argv: last.includes('v') ? (call.args[1]?.kind === 'array' ? call.args[1].items : [arg(0)]) : call.args.slice(1), open: null };
  if (dotted === 'asyncio.create_subprocess_exec') return { kind: 'argv', call, argv: call.args, open: null };
  if (root === 'subprocess' || (root === 'os' && dynamic)) return dynamic ? { kind: 'dynamic', call, why: `a member of ${root} whose name is computed` } : null;

  // HTTP.
  const http = httpEffect(call, parts, root, last, keyword);
  if (http) return http;

  // AWS.
  if (root.startsWith('@aws-sdk/client-')) {
    const service = root.slice('@aws-sdk/client-'.length).replace(/-/g, '');
    if (call.constructs && last.endsWith('Command') && parts.length === 2) return { kind: 'aws', call, service, operation: last.slice(0, -'Command'.length) };
    // The aggregated client: `new S3({}).deleteBucket({...})`.
    if (parts.length === 3 && !call.constructs && last !== 'send' && last !== 'destroy' && last !== 'middlewareStack') return { kind: 'aws', call, service, operation: last.charAt(0).toUpperCase() + last.slice(1) };
    if (dynamic) return { kind: 'dynamic', call, why: 'an AWS client method whose name is computed' };
    // `client.send(cmd)`: a command made with `new XCommand` was classified where it was made; anything else is unknown.
    if (last === 'send') {
      const command = call.args[0];
      const made = command?.kind === 'api' && command.path[0]?.startsWith('@aws-sdk/client-') && (command.path[command.path.length - 2] ?? '').endsWith('Command');
      return made ? null : { kind: 'aws', call, service, operation: null };
    }
    return null;
  }
  if (root === 'boto3' || root === 'aioboto3') return boto3Effect(call, parts);

  // SQL.
  if (POSTGRES_MODULES.has(root) || root === 'postgres' || MYSQL_MODULES.has(root) || dotted.startsWith('mysql.connector')) {
    const dialect = MYSQL_MODULES.has(root) || dotted.startsWith('mysql.connector') ? 'mysql' : 'postgres';
    if (root === 'postgres' && call.tagged && parts.length === 1) return { kind: 'sql', call, dialect, text: taggedAsSql(arg(0)) };
    if (root === 'postgres' && last === 'unsafe') return { kind: 'sql', call, dialect, text: arg(0) };
    if (['query', 'execute', 'executemany', 'executescript', 'fetch', 'fetchrow', 'fetchval', 'none', 'any', 'one', 'many', 'result', 'exec_driver_sql'].includes(last) && parts.length > 1) {
      const first = arg(0);
      const text = first.kind === 'object' ? (member(first, 'text') === 'missing' ? member(first, 'sql') : member(first, 'text')) : first;
      return { kind: 'sql', call, dialect, text: text === 'missing' ? unknownValue('a query object guard cannot read') : text };
    }
    return null;
  }

  // MongoDB, Redis, Prisma.
  if (root === 'mongodb' || root === 'pymongo' || root === 'motor') return mongoEffect(call, parts);
  if (REDIS_MODULES.has(root) && parts.length > 1 && !['createClient', 'Redis', 'StrictRedis', 'Cluster', 'from_url', 'connect', 'quit', 'disconnect', 'on'].includes(last)) return { kind: 'redis', call, command: last.toLowerCase() };
  // Prisma for Node (`@prisma/client`) and for Python (`prisma`, snake_case methods: delete_many, execute_raw).
  if ((root === '@prisma/client' || root === 'prisma') && parts.length >= 3 && !['$connect', '$disconnect', '$on', '$use', '$extends', 'connect', 'disconnect'].includes(last)) {
    const method = last.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const raw = /^\$?(execute|query)Raw/.test(method);
    const model = raw ? null : parts[parts.length - 2] ?? null;
    return { kind: 'prisma', call, model, method: raw && !method.startsWith('$') ? `$${method}` : method, args: call.args };
  }
  return null;
}

function httpEffect(call: CodeCall, parts: readonly string[], root: string, last: string, keyword: (name: string) => Value | null): Effect | null {
  const dotted = parts.join('.');
  const arg = (index: number): Value => call.args[index] ?? { kind: 'null' };
  const fromObject = (options: Value, key: string): Value | null => {
    const found = member(options, key);
    return found === 'missing' || found.kind === 'null' ? null : found;
  };
  const request = (method: Value, url: Value, headers: Value | null, body: Value | null, format: HttpBodyFormat): Effect => ({ kind: 'http', call, method, url, headers: headers ?? { kind: 'object', entries: new Map(), open: null }, body, format });
  const str = (text: string): Value => ({ kind: 'string', text });

  if (NODE_FETCHES.has(dotted) || (root === 'undici' && last === 'request') || dotted === 'ky' || (root === 'ky' && HTTP_VERBS.includes(last))) {
    // `fetch(new Request(url, init))`: the Request's own arguments.
    const first = arg(0);
    const made = first.kind === 'api' && first.origin && first.path.join('.').startsWith('Request') ? first.origin : null;
    const url = made ? made.args[0] ?? unknownValue('no URL') : first;
    const init = made ? made.args[1] ?? { kind: 'null' } : arg(1);
    const method = root === 'ky' && HTTP_VERBS.includes(last) ? str(last.toUpperCase()) : fromObject(init, 'method') ?? str('GET');
    const json = root === 'ky' ? fromObject(init, 'json') : null;
    return request(method, url, fromObject(init, 'headers'), json ?? fromObject(init, 'body'), json ? 'json' : 'raw');
  }
  if (root === 'axios' || root === 'got') {
    const instance = chain(call).find((made) => made.api.filter((p) => p !== CALL_RESULT).join('.') === `${root}.create` || made.api.filter((p) => p !== CALL_RESULT).join('.') === `${root}.extend`);
    const base = instance?.args[0] ?? null;
    const verb = HTTP_VERBS.includes(last) ? last : null;
    if (!verb && !['axios', 'got', 'request'].includes(last) && !(instance && parts.length === 2)) return null;
    const withBase = (url: Value): Value => {
      const prefix = base ? fromObject(base, root === 'axios' ? 'baseURL' : 'prefixUrl') : null;
      if (!prefix) return url;
      const a = prefix.kind === 'string' ? prefix.text : null;
      const b = url.kind === 'string' ? url.text : null;
      return a !== null && b !== null ? str(/^[a-z]+:\/\//i.test(b) ? b : `${a.replace(/\/$/, '')}/${b.replace(/^\//, '')}`) : unknownValue('the URL is joined with a base guard cannot read');
    };
    const headersOf = (config: Value | null): Value | null => {
      const own = config ? fromObject(config, 'headers') : null;
      const inherited = base ? fromObject(base, 'headers') : null;
      if (own?.kind === 'object' && inherited?.kind === 'object') return { kind: 'object', entries: new Map([...inherited.entries, ...own.entries]), open: own.open ?? inherited.open };
      return own ?? inherited;
    };
    if (root === 'axios') {
      if (verb && ['post', 'put', 'patch'].includes(verb)) return request(str(verb.toUpperCase()), withBase(arg(0)), headersOf(call.args[2] ?? null), call.args[1] ?? null, 'json');
      if (verb) return request(str(verb.toUpperCase()), withBase(arg(0)), headersOf(call.args[1] ?? null), call.args[1] ? fromObject(arg(1), 'data') : null, 'json');
      const config = arg(0).kind === 'object' ? arg(0) : arg(1);
      const url = arg(0).kind === 'object' ? fromObject(arg(0), 'url') ?? unknownValue('no URL') : arg(0);
      return request(fromObject(config, 'method') ?? str('GET'), withBase(url), headersOf(config), fromObject(config, 'data'), 'json');
    }
    const options = arg(0).kind === 'object' ? arg(0) : arg(1);
    const url = arg(0).kind === 'object' ? fromObject(arg(0), 'url') ?? unknownValue('no URL') : arg(0);
    const json = fromObject(options, 'json');
    const form = fromObject(options, 'form');
    return request(verb ? str(verb.toUpperCase()) : fromObject(options, 'method') ?? str('GET'), withBase(url), headersOf(options), json ?? form ?? fromObject(options, 'body'), json ? 'json' : form ? 'urlencoded' : 'raw');
  }
  if ((root === 'http' || root === 'https') && (last === 'request' || last === 'get') && parts.length === 2) {
    const first = arg(0);
    const options = first.kind === 'object' ? first : arg(1);
    const url = first.kind === 'object' ? requestOptionsUrl(first, root) : first;
    const method = last === 'get' ? str('GET') : fromObject(options, 'method') ?? str('GET');
    const isGet = method.kind === 'string' && method.text.toUpperCase() === 'GET';
    return request(method, url, fromObject(options, 'headers'), isGet ? null : unknownValue('the body is written to the request later (req.write)'), 'raw');
  }
  // Python: requests, httpx, aiohttp, urllib.
  if (root === 'requests' || root === 'httpx' || root === 'aiohttp') {
    const session = chain(call).some((made) => ['Session', 'session', 'Client', 'AsyncClient', 'ClientSession'].includes(made.api.filter((p) => p !== CALL_RESULT).slice(-1)[0] ?? ''));
    if (parts.length > 2 && !session) return null;
    const base = session ? chain(call).find((made) => made.keywords.has('base_url'))?.keywords.get('base_url') ?? null : null;
    let method: Value;
    let url: Value;
    if (HTTP_VERBS.includes(last)) {
      method = str(last.toUpperCase());
      url = call.args[0] ?? keyword('url') ?? unknownValue('no URL');
    } else if (last === 'request') {
      method = call.args[0] ?? keyword('method') ?? unknownValue('no method');
      url = call.args[1] ?? keyword('url') ?? unknownValue('no URL');
    } else return null;
    if (base) url = base.kind === 'string' && url.kind === 'string' ? str(/^[a-z]+:\/\//i.test(url.text) ? url.text : `${base.text.replace(/\/$/, '')}/${url.text.replace(/^\//, '')}`) : unknownValue('the URL is joined with a base guard cannot read');
    const json = keyword('json');
    const data = keyword('data') ?? keyword('content');
    const format: HttpBodyFormat = json ? 'json' : data?.kind === 'object' ? 'urlencoded' : 'raw';
    return request(method, url, keyword('headers'), json ?? (data?.kind === 'object' ? formBody(data) : data), format);
  }
  if (dotted === 'urllib.request.urlopen' || dotted === 'urllib2.urlopen') {
    const first = arg(0);
    const made = first.kind === 'api' && first.origin && first.path.filter((p) => p !== CALL_RESULT).slice(-1)[0] === 'Request' ? first.origin : null;
    if (made) {
      const data = made.args[1] ?? made.keywords.get('data') ?? null;
      const method = made.keywords.get('method') ?? str(data && data.kind !== 'null' ? 'POST' : 'GET');
      return request(method, made.args[0] ?? made.keywords.get('url') ?? unknownValue('no URL'), made.args[2] ?? made.keywords.get('headers') ?? null, data, 'raw');
    }
    const data = call.args[1] ?? keyword('data');
    return request(str(data && data.kind !== 'null' ? 'POST' : 'GET'), first, null, data, 'raw');
  }
  return null;
}

function requestOptionsUrl(options: Value, scheme: string): Value {
  const host = member(options, 'hostname') !== 'missing' ? member(options, 'hostname') : member(options, 'host');
  const path = member(options, 'path');
  const hostText = host !== 'missing' ? literalText(host) : null;
  const pathText = path === 'missing' ? '/' : literalText(path);
  return hostText !== null && pathText !== null ? { kind: 'string', text: `${scheme}://${hostText}${pathText}` } : unknownValue('the request options name no host guard can read');
}

/** `data={...}` is form-encoded by requests and httpx. */
function formBody(data: Extract<Value, { kind: 'object' }>): Value {
  if (data.open) return unknownValue(data.open);
  const params = new URLSearchParams();
  for (const [key, value] of data.entries) {
    const text = literalText(value);
    if (text === null) return unknownValue(`the form field ${key} is computed`);
    params.append(key, text);
  }
  return { kind: 'string', text: params.toString() };
}

/** boto3.client('s3').delete_bucket(...), boto3.resource('s3').Bucket('b').objects.all().delete(). */
function boto3Effect(call: CodeCall, parts: readonly string[]): Effect | null {
  const made = chain(call);
  const factory = made.find((c) => ['client', 'resource'].includes(c.api.filter((p) => p !== CALL_RESULT).slice(-1)[0] ?? ''));
  if (!factory) return null;
  const service = literalText(factory.args[0] ?? factory.keywords.get('service_name'));
  const kind = factory.api.filter((p) => p !== CALL_RESULT).slice(-1)[0];
  const last = parts[parts.length - 1] ?? '';
  if (call === factory || last === 'get_paginator' || last === 'get_waiter' || last === 'meta') return null;
  if (parts.includes(DYNAMIC_MEMBER)) return { kind: 'dynamic', call, why: 'a boto3 method whose name is computed' };
  if (kind === 'client') {
    const index = parts.lastIndexOf('client');
    if (parts.length !== index + 2) return null;
    return { kind: 'aws', call, service, operation: pascal(last) };
  }
  // Resources: a sub-resource (`Bucket('b')`) or a collection (`objects.all()`) then an action.
  if (/^[A-Z]/.test(last) || ['all', 'filter', 'limit', 'page_size'].includes(last) || !call.api.length) return null;
  const index = parts.lastIndexOf('resource');
  const nouns = parts.slice(index + 1, -1).filter((part) => !['all', 'filter', 'limit', 'page_size'].includes(part));
  const noun = nouns[nouns.length - 1] ?? '';
  if (noun === '' && ['create_bucket'].includes(last)) return { kind: 'aws', call, service, operation: pascal(last) };
  const subject = /^[a-z]/.test(noun) ? pascal(noun) : `${noun}`;
  return { kind: 'aws', call, service, operation: `${pascal(last)}${subject}` };
}

/** delete_bucket → DeleteBucket (botocore's operation names; acronyms such as DB are not recovered). */
function pascal(snake: string): string {
  return snake.split('_').filter((part) => part !== '').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function mongoEffect(call: CodeCall, parts: readonly string[]): Effect | null {
  const made = chain(call);
  const method = parts[parts.length - 1] ?? '';
  let database: string | null = null;
  let collection: string | null = null;
  for (const step of made) {
    const name = step.api.filter((p) => p !== CALL_RESULT).slice(-1)[0];
    if (name === 'db' || name === 'get_database') database = literalText(step.args[0]) ?? '?';
    if (name === 'collection' || name === 'get_collection') collection = literalText(step.args[0]) ?? '?';
  }
  // pymongo: client.shop.orders.drop(), client['shop']['orders'].drop().
  const afterClient = call.api.slice(call.api.lastIndexOf(CALL_RESULT) + 1);
  if (!made.some((step) => ['db', 'collection', 'get_database', 'get_collection'].includes(step.api.filter((p) => p !== CALL_RESULT).slice(-1)[0] ?? ''))) {
    if (afterClient.length >= 3) {
      database = afterClient[0] ?? null;
      collection = afterClient[1] ?? null;
    } else if (afterClient.length === 2) database = afterClient[0] ?? null;
    else return null;
  }
  if (['MongoClient', 'connect', 'close', 'db', 'collection', 'get_database', 'get_collection'].includes(method)) return null;
  return { kind: 'mongo', call, method, args: call.args, database, collection };
}

/** A command as the shell would read it from argv words (each quoted). */
function joinAsShell(argv: readonly Value[]): Value {
  const words: string[] = [];
  for (const word of argv) {
    const text = literalText(word);
    if (text === null) return word.kind === 'unknown' ? word : unknownValue('a command word is computed');
    words.push(words.length === 0 ? text : shellQuote(text));
  }
  return { kind: 'string', text: words.join(' ') };
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** zx, execa and Bun quote each substitution: the command is the template with quoted values. */
function taggedAsShell(template: Value): Value {
  const strings = member(template, 'strings');
  const values = member(template, 'values');
  if (strings === 'missing' || values === 'missing' || strings.kind !== 'array' || values.kind !== 'array') return unknownValue('a template guard cannot read');
  let text = '';
  for (let i = 0; i < strings.items.length; i++) {
    text += literalText(strings.items[i]) ?? '';
    const value = values.items[i];
    if (!value) continue;
    const piece = value.kind === 'array' ? value.items.map((item) => literalText(item)) : [literalText(value)];
    if (piece.some((p) => p === null)) return unknownValue(value.kind === 'unknown' ? value.why : 'a substitution is computed');
    text += piece.map((p) => shellQuote(p as string)).join(' ');
  }
  return { kind: 'string', text };
}

/** postgres.js binds substitutions as parameters: the statement's shape is the template with $n. */
function taggedAsSql(template: Value): Value {
  const strings = member(template, 'strings');
  if (strings === 'missing' || strings.kind !== 'array') return unknownValue('a template guard cannot read');
  return { kind: 'string', text: strings.items.map((item, i) => `${literalText(item) ?? ''}${i < strings.items.length - 1 ? `$${i + 1}` : ''}`).join('') };
}
