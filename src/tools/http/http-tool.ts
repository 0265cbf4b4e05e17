// The shape every raw HTTP client shares: classify planned requests, resolve Railway's or the URL's environment.
import type { Context } from '../../core/context.js';
import { environmentFacts, isProtectedName, unknownEnvironment } from '../../core/environment.js';
import { maxRisk, riskRank, type Risk } from '../../core/risk.js';
import type { EnvironmentFacts, ObjectRef, RuleHit, Target } from '../../core/types.js';
import type { RailwayOperation, RailwayRequest } from '../railway/model.js';
import type { Classification, Resolution, Tool, ToolSource } from '../tool.js';
import type { HttpRuleKey, HttpRuleTable } from './rules.js';
import { analyseRequest, BodyReader, parseUrl, type AnalysedRequest, type ParsedHttp, type PlannedRequest } from './request.js';

/** What a program's argv grammar yields before guard reads bodies. */
export interface PlannedInvocation {
  readonly info: boolean;
  readonly problems: readonly string[];
  readonly unseen: readonly string[];
  readonly requests: readonly PlannedRequest[];
}

export interface HttpProgram {
  readonly name: string;
  readonly summary: string;
  readonly rules: HttpRuleTable;
  readonly checkedAgainst: ToolSource;
  readonly defaultScheme: string;
  /** Parses argv; may read files and stdin (through `reader`, which keeps stdin for exec). */
  plan(args: readonly string[], ctx: Context, reader: BodyReader): Promise<PlannedInvocation>;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const RISK_RULE: Record<Risk, HttpRuleKey> = {
  none: 'railway-read',
  read: 'railway-read',
  write: 'railway-write',
  destructive: 'railway-destructive',
  unknown: 'railway-unknown',
};


function methodRule(request: AnalysedRequest): HttpRuleKey {
  if (request.method === 'DELETE') return 'http-delete';
  if (WRITE_METHODS.has(request.method) || request.hasBody) return 'http-write';
  if (READ_METHODS.has(request.method)) return 'http-read';
  return 'http-unknown-method';
}

function objectsOf(operation: RailwayOperation): ObjectRef[] {
  switch (operation.kind) {
    case 'volume-delete':
      return [{ kind: 'volume', name: operation.volume }];
    case 'environment-delete':
      return [{ kind: 'environment', name: operation.environment }];
    case 'service-delete':
      return [{ kind: 'service', name: operation.service }];
    case 'project-delete':
      return operation.project ? [{ kind: 'project', name: operation.project }] : [];
    case 'deployment-remove':
      return operation.deployment ? [{ kind: 'deployment', name: operation.deployment }] : [];
    default:
      return operation.target ? [{ kind: operation.name, name: operation.target }] : [];
  }
}

export function classifyHttp(parsed: ParsedHttp, rules: HttpRuleTable): Classification {
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  const hit = (key: HttpRuleKey, summary: string, objects?: ObjectRef[]) => hits.push({ rule: rules[key], summary, ...(objects && objects.length > 0 ? { objects } : {}) });
  for (const problem of parsed.problems) {
    hit('bad-arguments', problem);
    unverified.push(`${parsed.program} arguments: ${problem}`);
  }
  for (const input of parsed.unseen) {
    hit('unseen-input', input);
    unverified.push(input);
  }
  if (parsed.info) hit('info', `${parsed.program} prints information and exits`);
  else {
    parsed.requests.forEach((request, index) => {
      const scope = parsed.requests.length > 1 ? ` (request ${index + 1})` : '';
      if (!request.railway) {
        hit(methodRule(request), `${request.method} ${request.url ?? '(no URL)'}${scope}`);
        return;
      }
      const objects = request.railway.operations.flatMap(objectsOf);
      for (const field of request.railway.fields) hit(RISK_RULE[field.risk], `${field.summary}${scope}`, field.risk === 'destructive' ? objects : undefined);
      for (const problem of request.railway.problems) {
        hit('railway-unknown', `${problem}${scope}`);
        unverified.push(`${request.host}: ${problem}`);
      }
      if (request.railway.fields.length === 0 && request.railway.problems.length === 0) hit('railway-read', `${request.method} ${request.url}${scope}`);
    });
    if (parsed.requests.length === 0 && parsed.problems.length === 0 && parsed.unseen.length === 0) hit('bad-arguments', 'no URL: the program would refuse to run');
  }
  return { risk: maxRisk(...hits.map((h) => h.rule.risk)), hits, unverified };
}

/** `https://api.prod.example.com/...` → prod; `…/namespaces/prod` → prod; loopback → local; else unknown. */
export function environmentOfUrl(raw: string | null, defaultScheme: string, ctx: Context): EnvironmentFacts {
  const url = raw === null ? null : parseUrl(raw, defaultScheme);
  if (!url) return unknownEnvironment(`no host in ${raw ?? 'the command'}`);
  const hostname = url.hostname.toLowerCase();
  const words = [...hostname.split('.'), ...url.pathname.split('/').map((segment) => safeDecode(segment))].filter((w) => w !== '');
  const named = words.find((word) => isProtectedName(word));
  if (named) return environmentFacts(named, `default: the URL names "${named}"`, ctx.config);
  if (hostname === 'localhost' || hostname.startsWith('127.') || hostname === '[::1]') return environmentFacts('local', `default: ${hostname} is this machine`, ctx.config);
  return unknownEnvironment(`no environment is known for ${url.host}`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function resolveOtherHosts(parsed: ParsedHttp, classification: Classification, program: HttpProgram, ctx: Context): Resolution {
  const risky = parsed.requests.filter((r) => !r.railway && methodRule(r) !== 'http-read');
  const first = risky[0] ?? parsed.requests[0];
  if (!first) return { environment: null, targets: [], blastRadius: [], credential: null, recovery: null, unverified: [], notes: [] };
  const environment = environmentOfUrl(first.url, program.defaultScheme, ctx);
  const targets: Target[] = risky.map((request) => {
    const url = request.url === null ? null : parseUrl(request.url, program.defaultScheme);
    const segments = url?.pathname.split('/').filter((s) => s !== '') ?? [];
    const name = safeDecode(segments[segments.length - 1] ?? url?.hostname ?? 'request');
    return { kind: 'url', id: url ? `${url.origin}${url.pathname}` : (request.url ?? '(no URL)'), name, environment: environment.name, method: request.method };
  });
  const blastRadius = risky
    .filter((request) => methodRule(request) !== 'http-write')
    .map((request) => `${request.method} ${request.url}: the server removes or changes whatever this URL names; guard cannot measure it`);
  const worst = [...classification.hits].sort((a, b) => riskRank(b.rule.risk) - riskRank(a.rule.risk))[0];
  return { environment, targets, blastRadius, credential: null, recovery: worst?.rule.recovery ?? null, unverified: [], notes: [] };
}

export function makeHttpTool(program: HttpProgram): Tool<ParsedHttp> {
  return {
    name: program.name,
    family: 'http',
    summary: program.summary,
    rules: program.rules,
    checkedAgainst: program.checkedAgainst,
    async parse(args, ctx) {
      const reader = new BodyReader(ctx);
      const planned = await program.plan(args, ctx, reader);
      const requests: AnalysedRequest[] = [];
      if (!planned.info) for (const plan of planned.requests) requests.push(await analyseRequest(plan, reader, ctx, program.name, program.defaultScheme));
      const stdin = reader.stdin;
      return { program: program.name, info: planned.info, problems: planned.problems, unseen: planned.unseen, requests, ...(stdin ? { stdin } : {}) };
    },
    classify: (parsed) => classifyHttp(parsed, program.rules),
    async resolve(parsed, classification, ctx) {
      const railway = parsed.requests.filter((request) => request.railway);
      if (railway.length === 0) return resolveOtherHosts(parsed, classification, program, ctx);
      const credential = railway.find((request) => request.credential)?.credential;
      const request: RailwayRequest = {
        operations: railway.flatMap((r) => r.railway?.operations ?? []),
        flags: {},
        ...(credential ? { explicitCredential: credential } : {}),
      };
      // Loaded only when a request goes to Railway: the same resolver as the railway CLI's.
      const { resolveRailway } = await import('../railway/resolve.js');
      const resolution = await resolveRailway(request, classification, ctx);
      const others = parsed.requests.length > railway.length ? resolveOtherHosts({ ...parsed, requests: parsed.requests.filter((r) => !r.railway) }, classification, program, ctx) : null;
      return others ? { ...resolution, targets: [...resolution.targets, ...others.targets], blastRadius: [...resolution.blastRadius, ...others.blastRadius] } : resolution;
    },
    async dispose(parsed) {
      parsed.stdin?.remove();
    },
  };
}
