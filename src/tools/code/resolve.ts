// Resolve stage of the script runners: each process through the shell engine or the argv pipeline, Railway requests through its resolver.
import type { Context } from '../../core/context.js';
import { mostProtected, unknownEnvironment } from '../../core/environment.js';
import { isDangerous, maxRisk, riskRank } from '../../core/risk.js';
import type { Analysis, EnvironmentFacts, RuleHit, Target } from '../../core/types.js';
import { textOf } from '../../code/model.js';
import type { RailwayRequest } from '../railway/model.js';
import type { Classification, Resolution } from '../tool.js';
import type { ParsedCode } from './code-tool.js';
import type { EffectFacts } from './prepare.js';
import type { CodeRuleTable } from './rules.js';

const EMPTY: Resolution = { environment: null, targets: [], blastRadius: [], credential: null, recovery: null, unverified: [], notes: [] };

/** A command a script starts, assessed as the shell would run it (`execSync('…')`) or as an argv (`spawn(…)`). */
async function assessProcess(facts: EffectFacts, ctx: Context): Promise<Analysis | null> {
  const { effect } = facts;
  // Fresh text for the engine: the command runs in a new process, not in an unwrapped line.
  const fresh = ctx.unwrapped ? (Object.create(ctx, { unwrapped: { value: false } }) as Context) : ctx;
  if (effect.kind === 'shell') {
    const text = textOf(effect.command);
    if (!text.ok) return null;
    const { assessWrapperArgv } = await import('../../shell/prefix.js');
    return assessWrapperArgv(['sh', '-c', text.text], fresh);
  }
  if (effect.kind === 'argv' && !effect.open) {
    const argv: string[] = [];
    for (const word of effect.argv) {
      const text = textOf(word);
      if (!text.ok) return null;
      argv.push(text.text);
    }
    const { assess } = await import('../../core/pipeline.js');
    return (await assess(argv, fresh, 1)).analysis;
  }
  return null;
}

export async function resolveCode(parsed: ParsedCode, classification: Classification, rules: CodeRuleTable, ctx: Context): Promise<Resolution> {
  if (parsed.effects.length === 0 && !isDangerous(classification.risk)) return EMPTY;
  const environments: EnvironmentFacts[] = [];
  const targets: Target[] = [];
  const blastRadius: string[] = [];
  const unverified: string[] = [];
  const notes: string[] = [];
  const nestedHits: RuleHit[] = [];
  let credential: Resolution['credential'] = null;
  let recovery: string | null = null;
  let nestedRisk = classification.risk;

  for (const facts of parsed.effects) {
    if (facts.effect.kind !== 'shell' && facts.effect.kind !== 'argv') continue;
    const found = await assessProcess(facts, ctx);
    if (!found || found.tool === null) continue;
    nestedRisk = maxRisk(nestedRisk, found.risk);
    nestedHits.push(...found.hits.map((hit) => ({ ...hit, summary: `${facts.where}: ${hit.summary}` })));
    if (found.environment) environments.push(found.environment);
    targets.push(...found.targets);
    blastRadius.push(...found.blastRadius.map((line) => `${facts.where}: ${line}`));
    unverified.push(...found.unverified.map((line) => `${facts.where}: ${line}`));
    credential ??= found.credential;
    if (found.risk === nestedRisk && found.recovery) recovery = found.recovery;
    notes.push(`${facts.where} runs ${found.tool} (${found.risk}).`);
  }

  const railway = parsed.effects.filter((facts) => facts.request?.railway);
  if (railway.length > 0) {
    const explicit = railway.find((facts) => facts.request?.credential)?.request?.credential;
    const request: RailwayRequest = { operations: railway.flatMap((facts) => facts.request?.railway?.operations ?? []), flags: {}, ...(explicit ? { explicitCredential: explicit } : {}) };
    // The same resolver as the railway CLI's and curl's: link file, token, live volume look-up.
    const { resolveRailway } = await import('../railway/resolve.js');
    const resolved = await resolveRailway(request, classification, ctx);
    if (resolved.environment) environments.push(resolved.environment);
    targets.push(...resolved.targets);
    blastRadius.push(...resolved.blastRadius);
    unverified.push(...resolved.unverified);
    notes.push(...resolved.notes);
    credential = resolved.credential ?? credential;
    recovery = resolved.recovery ?? recovery;
  }

  const { environmentOfUrl } = await import('../http/http-tool.js');
  for (const facts of parsed.effects) {
    const request = facts.request;
    if (request && !request.railway && request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') {
      const environment = environmentOfUrl(request.url, 'https', ctx);
      environments.push(environment);
      targets.push({ kind: 'url', id: request.url ?? '(no URL)', name: request.host ?? 'request', environment: environment.name, method: request.method });
      if (request.method === 'DELETE') blastRadius.push(`${facts.where}: DELETE ${request.url}: the server removes whatever this URL names; guard cannot measure it`);
    }
  }

  // Databases, AWS accounts and URLs guard could not build: a script names no environment guard can verify.
  const unresolved = classification.hits.filter((hit) => isDangerous(hit.rule.risk) && !hit.rule.id.includes('railway'));
  for (const hit of unresolved) {
    const name = hit.objects?.[0]?.name;
    environments.push(unknownEnvironment(`${hit.summary.slice(0, hit.summary.indexOf(': ')) || parsed.program}: guard does not resolve the database or account a script connects to`));
    if (name) targets.push({ kind: hit.objects?.[0]?.kind ?? 'object', id: name, name: name.slice(name.lastIndexOf('.') + 1), environment: 'unknown' });
  }
  if (!recovery) recovery = [...classification.hits].sort((a, b) => riskRank(b.rule.risk) - riskRank(a.rule.risk))[0]?.rule.recovery ?? null;

  const environment = mostProtected(environments);
  const hits = nestedHits.length > 0 ? [...classification.hits.filter((hit) => hit.rule !== rules['runs-nothing-guarded']), ...nestedHits] : classification.hits;
  const risk = maxRisk(nestedRisk, ...hits.map((hit) => hit.rule.risk));
  return {
    environment: isDangerous(risk) || risk === 'write' ? environment : null,
    targets,
    blastRadius,
    credential,
    recovery: isDangerous(risk) ? recovery : null,
    unverified,
    notes,
    ...(nestedHits.length > 0 ? { reclassified: { risk, hits, unverified: classification.unverified, reasons: [] } } : {}),
  };
}
