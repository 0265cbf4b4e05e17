// Effects as their families need them before classify: the HTTP request as the http family reads it, SQL through its parser.
import type { Context } from '../../core/context.js';
import type { Effect } from '../../code/effects.js';
import { jsonOf, textOf, type CodeReading, type Value } from '../../code/model.js';
import { analyseRequest, BodyReader, type AnalysedRequest, type HttpHeader, type PlannedRequest } from '../http/request.js';
import type { SqlFinding } from '../postgres/model.js';
import { mysqlStatementsSeam } from './seams.js';

export interface EffectFacts {
  readonly effect: Effect;
  /** `cleanup.js:2`, as reports name it. */
  readonly where: string;
  /** HTTP: what the http family makes of the request, or why guard cannot build it. */
  readonly request?: AnalysedRequest;
  readonly requestUnknown?: string;
  /** SQL (drivers, Prisma raw): the Postgres parser's findings, or why guard cannot read it. */
  readonly sql?: readonly SqlFinding[];
  readonly sqlUnknown?: string;
}

export async function prepareEffects(reading: CodeReading | null, program: string, ctx: Context): Promise<EffectFacts[]> {
  if (!reading) return [];
  const { effectOf } = await import('../../code/effects.js');
  const out: EffectFacts[] = [];
  for (const call of reading.calls) {
    const effect = effectOf(call);
    if (!effect) continue;
    const where = `${call.file}:${call.line}`;
    if (effect.kind === 'http') out.push({ effect, where, ...(await prepareRequest(effect, program, ctx)) });
    else if (effect.kind === 'sql') out.push({ effect, where, ...(await prepareSql(effect.text, effect.dialect)) });
    else if (effect.kind === 'prisma' && effect.method.startsWith('$') && /raw/i.test(effect.method)) out.push({ effect, where, ...(await prepareSql(prismaRawText(effect.args[0]), 'postgres')) });
    else out.push({ effect, where });
  }
  return out;
}

/** `$executeRaw\`…\`` is a tagged template (parameters bound); `$executeRawUnsafe(text)` takes the text. */
function prismaRawText(first: Value | undefined): Value {
  if (first?.kind === 'object' && first.entries.has('strings')) {
    const strings = first.entries.get('strings');
    if (strings?.kind === 'array') return { kind: 'string', text: strings.items.map((item, i) => `${item.kind === 'string' ? item.text : ''}${i < strings.items.length - 1 ? `$${i + 1}` : ''}`).join('') };
  }
  return first ?? { kind: 'unknown', why: 'no SQL' };
}

async function prepareSql(text: Value, dialect: 'postgres' | 'mysql'): Promise<Pick<EffectFacts, 'sql' | 'sqlUnknown'>> {
  const sql = textOf(text);
  if (!sql.ok) return { sqlUnknown: `the SQL ${sql.why}` };
  if (dialect === 'mysql') {
    const findings = await mysqlStatementsSeam(sql.text);
    return findings ? { sql: findings } : { sqlUnknown: `guard could not read these MySQL statements: ${sql.text.slice(0, 80)}` };
  }
  const { classifySqlText } = await import('../postgres/analyse.js');
  return { sql: await classifySqlText(sql.text) };
}

async function prepareRequest(effect: Extract<Effect, { kind: 'http' }>, program: string, ctx: Context): Promise<Pick<EffectFacts, 'request' | 'requestUnknown'>> {
  const url = textOf(effect.url);
  if (!url.ok) return { requestUnknown: `the URL ${url.why}` };
  const method = textOf(effect.method);
  if (!method.ok) return { requestUnknown: `the method ${method.why}` };
  const headers: HttpHeader[] = [];
  const hidden: string[] = [];
  if (effect.headers.kind === 'object') {
    for (const [name, value] of effect.headers.entries) {
      const text = textOf(value);
      if (text.ok) headers.push({ name, value: text.text });
    }
  }
  let body: PlannedRequest['body'] = [];
  if (effect.body && effect.body.kind !== 'null') {
    const text = effect.body.kind === 'object' || effect.body.kind === 'array' ? jsonOf(effect.body) : textOf(effect.body);
    if (text.ok) body = [{ source: { kind: 'inline', text: text.text } }];
    else {
      hidden.push(`the body at ${effect.call.file}:${effect.call.line} ${text.why}`);
      body = [{ source: { kind: 'inline', text: '' } }];
    }
  }
  const plan: PlannedRequest = { url: url.text, method: method.text.toUpperCase(), headers, body, joiner: '', format: effect.format === 'urlencoded' ? 'urlencoded' : effect.format === 'json' ? 'json' : 'raw', ...(hidden.length > 0 ? { hidden } : {}) };
  return { request: await analyseRequest(plan, new BodyReader(ctx), ctx, program, 'https') };
}
