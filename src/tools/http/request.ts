// What a raw HTTP client will send, and what guard makes of it: Railway GraphQL, or a plain method on a URL.
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import type { SpooledInput } from '../../core/stdin.js';
import type { ParsedInvocation } from '../tool.js';
import type { RailwayDocumentClassification } from '../railway/graphql.js';
import { RAILWAY_API_HOSTS, type RailwayCredential } from '../railway/model.js';

/** Bodies larger than this are not read into memory; a Railway request that big is unknown. */
export const MAX_BODY_BYTES = 4 << 20;

export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

/** One piece of a body as the command line gives it; read during parse. */
export type BodySource =
  | { readonly kind: 'inline'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdin' };

/** How the body is encoded on the wire, which decides how guard reads a GraphQL request from it. */
export type BodyFormat = 'json' | 'urlencoded' | 'multipart' | 'raw';

/** What the program will send to one URL, before guard reads files or stdin. */
export interface PlannedRequest {
  readonly url: string | null;
  readonly method: string;
  readonly headers: readonly HttpHeader[];
  /** Pieces joined with `joiner` (curl joins several -d with `&`). */
  readonly body: readonly { readonly source: BodySource; readonly transform?: (text: string) => string }[];
  readonly joiner: string;
  readonly format: BodyFormat;
  /** curl -G: the data goes into the URL's query string, the method stays GET. */
  readonly dataInQuery?: boolean;
  /** Inputs the program reads that guard cannot see (an unreadable -K, `--expand-data`). */
  readonly hidden?: readonly string[];
}

export type Body = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly why: string };

export interface AnalysedRequest {
  readonly url: string | null;
  readonly host: string | null;
  readonly method: string;
  readonly hasBody: boolean;
  readonly railway: RailwayDocumentClassification | null;
  readonly credential?: RailwayCredential;
  /** Things guard could not read about this request (fail closed when it goes to Railway). */
  readonly problems: readonly string[];
}

export interface ParsedHttp extends ParsedInvocation {
  readonly program: string;
  readonly info: boolean;
  /** Arguments the program does not document, or missing values. */
  readonly problems: readonly string[];
  /** Inputs the program reads that guard cannot (URL lists, unreadable config files). */
  readonly unseen: readonly string[];
  readonly requests: readonly AnalysedRequest[];
}

/** Reads files and stdin at most once per invocation, and keeps the spooled stdin for exec. */
export class BodyReader {
  private spooled: SpooledInput | undefined;
  constructor(private readonly ctx: Context) {}

  get stdin(): SpooledInput | undefined {
    return this.spooled;
  }

  async read(source: BodySource): Promise<Body> {
    if (source.kind === 'inline') return { ok: true, text: source.text };
    if (source.kind === 'stdin') {
      if (this.ctx.stdin.isTTY) return { ok: false, why: 'the body is typed at the terminal' };
      this.spooled ??= await this.ctx.stdin.spool();
      if (this.spooled.size > MAX_BODY_BYTES) return { ok: false, why: `stdin is larger than ${MAX_BODY_BYTES} bytes` };
      const chunks: Buffer[] = [];
      for await (const chunk of this.spooled.open()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
    }
    const path = isAbsolute(source.path) ? source.path : resolvePath(this.ctx.cwd, source.path);
    try {
      const bytes = await this.ctx.readFile(path);
      if (bytes.length > MAX_BODY_BYTES) return { ok: false, why: `${source.path} is larger than ${MAX_BODY_BYTES} bytes` };
      return { ok: true, text: bytes.toString('utf8') };
    } catch (error) {
      return { ok: false, why: `cannot read ${source.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
  }
}

/** The URL as the program would resolve it (curl and wget default to http://, httpie to its program's scheme). */
export function parseUrl(raw: string, defaultScheme: string): URL | null {
  const hasScheme = raw.includes('://');
  try {
    return new URL(hasScheme ? raw : `${defaultScheme}://${raw}`);
  } catch {
    return null;
  }
}

/** Railway's public API hosts, plus the host of GUARD_RAILWAY_API_URL (tests, proxies). */
export function isRailwayApi(url: URL, env: Readonly<Record<string, string | undefined>>): boolean {
  const lower = url.hostname.toLowerCase();
  const hostname = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  if (RAILWAY_API_HOSTS.includes(hostname)) return true;
  const override = env.GUARD_RAILWAY_API_URL;
  if (!override) return false;
  try {
    return new URL(override).host.toLowerCase() === url.host.toLowerCase();
  } catch {
    return false;
  }
}

/** The credential a request carries itself: Railway reads `Project-Access-Token` first, then a bearer. */
export function credentialFromHeaders(headers: readonly HttpHeader[], program: string): RailwayCredential | undefined {
  const find = (name: string) => [...headers].reverse().find((header) => header.name.toLowerCase() === name);
  const project = find('project-access-token');
  if (project && project.value.trim() !== '') {
    return { kind: 'project', source: `${program} header Project-Access-Token`, token: project.value.trim() };
  }
  const authorization = find('authorization');
  if (authorization) {
    const [scheme, ...rest] = authorization.value.trim().split(' ');
    const token = rest.join(' ').trim();
    if (scheme?.toLowerCase() === 'bearer' && token !== '') return { kind: 'api', source: `${program} header Authorization`, token };
  }
  return undefined;
}

/** `Name: value` as curl, wget and httpie header arguments write it. */
export function splitHeader(raw: string): HttpHeader | null {
  const colon = raw.indexOf(':');
  if (colon <= 0) return null;
  return { name: raw.slice(0, colon).trim(), value: raw.slice(colon + 1).trim() };
}

/** Reads the body, decides where the request goes, and classifies GraphQL sent to Railway. */
export async function analyseRequest(plan: PlannedRequest, reader: BodyReader, ctx: Context, program: string, defaultScheme = 'http'): Promise<AnalysedRequest> {
  const problems: string[] = [...(plan.hidden ?? [])];
  const url = plan.url === null ? null : parseUrl(plan.url, defaultScheme);
  if (plan.url !== null && url === null) problems.push(`cannot parse the URL ${plan.url}`);
  const base = { url: plan.url, host: url?.host ?? null, method: plan.method, hasBody: plan.body.length > 0 };
  if (!url || !isRailwayApi(url, ctx.env)) return { ...base, railway: null, problems };

  const credential = credentialFromHeaders(plan.headers, program);
  const texts: string[] = [];
  for (const piece of plan.body) {
    const body = await reader.read(piece.source);
    if (!body.ok) problems.push(body.why);
    else texts.push(piece.transform ? piece.transform(body.text) : body.text);
  }
  const { classifyRailwayBody } = await import('../railway/graphql.js');
  const unknown = (why: string): RailwayDocumentClassification => ({ risk: 'unknown', operations: [], fields: [], problems: [why] });
  let railway: RailwayDocumentClassification;
  if (problems.length > 0) railway = unknown(`guard cannot read the request to ${url.host}: ${problems.join('; ')}`);
  else if (plan.body.length === 0 && url.search === '') railway = { risk: 'read', operations: [], fields: [], problems: [] };
  else if (plan.format === 'multipart') railway = unknown('a multipart body (GraphQL file upload) guard does not read');
  else {
    const text = texts.join(plan.joiner);
    const inQuery = plan.dataInQuery === true || plan.body.length === 0;
    const json = inQuery ? ({ ok: false } as const) : parseJson(text);
    if (json.ok) railway = await classifyRailwayBody(json.value);
    else if (inQuery || plan.format === 'urlencoded') {
      // GraphQL over GET, or a form body: `query`, `variables` and `operationName` parameters.
      const request = queryRequest(inQuery ? `${url.search.slice(1)}&${text}` : text);
      railway = typeof request === 'string' ? unknown(`${request} to ${url.host}`) : await classifyRailwayBody(request);
    } else railway = unknown(`the body sent to ${url.host} is not JSON`);
  }
  return { ...base, railway, ...(credential ? { credential } : {}), problems };
}

function queryRequest(encoded: string): Record<string, string> | string {
  const params = new URLSearchParams(encoded);
  const query = params.get('query');
  if (query === null) return 'no GraphQL query in the request';
  const variables = params.get('variables');
  const operationName = params.get('operationName');
  return { query, ...(variables !== null ? { variables } : {}), ...(operationName !== null ? { operationName } : {}) };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
