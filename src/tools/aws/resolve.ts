// Resolve stage for aws: profile → account, region, endpoint → environment; targets; the live identity and blast radius.
import { offlineCause, type Context } from '../../core/context.js';
import { environmentFacts } from '../../core/environment.js';
import { isDangerous } from '../../core/risk.js';
import type { CredentialFacts, RuleHit, Target } from '../../core/types.js';
import type { Classification, Resolution } from '../tool.js';
import { booleanParameter, type ParsedAwsParts } from './command.js';
import { awsEnvironment, type AwsIdentity } from './environment.js';
import { measureBucket, measureDbInstance, measureInstances, measureStack, measureTable, type LiveFacts, type MeasuredTarget } from './live.js';
import { accountOfArn, readAwsFiles, resolveAwsTarget } from './profile.js';
import { AwsLookup, str } from './lookup.js';
import { s3Url } from './s3-grammar.js';

const MAX_MEASURED = 10;

function targetsOf(hits: readonly RuleHit[]): MeasuredTarget[] {
  const seen = new Set<string>();
  const out: MeasuredTarget[] = [];
  for (const h of hits) {
    if (h.rule.risk !== 'destructive' && h.rule.risk !== 'unknown') continue;
    for (const o of h.objects ?? []) {
      const key = `${o.kind}:${o.name}`;
      if (!seen.has(key)) out.push({ kind: o.kind, name: o.name, facts: {} });
      seen.add(key);
    }
  }
  return out;
}

function credentialOf(source: string, account: string | null, arn: string | null): CredentialFacts {
  const who = arn ? `${arn}` : account ? `an identity in account ${account}` : 'an identity guard could not verify';
  return { kind: 'aws credentials', source, reach: `${who}: whatever its IAM policies allow in that account (AWS credentials are not scoped to an environment)` };
}

async function measure(lookup: AwsLookup, parsed: ParsedAwsParts, hits: readonly RuleHit[], targets: MeasuredTarget[], facts: LiveFacts): Promise<void> {
  const { command } = parsed;
  const jobs: Promise<void>[] = [];
  const ruleIds = new Set(hits.map((h) => h.rule.id));
  for (const target of targets.slice(0, MAX_MEASURED)) {
    if (target.kind === 'bucket' || target.kind === 'prefix' || target.kind === 'object') {
      const url = s3Url(`s3://${target.name}`);
      if (url) jobs.push(measureBucket(lookup, url.bucket, url.key, target, facts));
    } else if (command.kind === 'api') {
      const op = `${command.entry.service}/${command.entry.operation}`;
      if (op === 'rds/DeleteDBInstance' || op === 'rds/DeleteDBCluster') {
        const cluster = op === 'rds/DeleteDBCluster';
        const skip = booleanParameter(command, 'skip-final-snapshot', 'SkipFinalSnapshot');
        const backups = cluster ? booleanParameter(command, 'delete-automated-backups', 'DeleteAutomatedBackups') : !command.options.some((o) => o.name === 'no-delete-automated-backups') && command.input?.DeleteAutomatedBackups !== false;
        jobs.push(measureDbInstance(lookup, target.name, cluster, skip, backups, target, facts));
      } else if (op === 'dynamodb/DeleteTable') jobs.push(measureTable(lookup, target.name, target, facts));
      else if (op === 'cloudformation/DeleteStack') jobs.push(measureStack(lookup, target.name, target, facts));
    }
  }
  if (command.kind === 'api' && command.entry.service === 'ec2' && command.entry.operation === 'TerminateInstances') {
    jobs.push(measureInstances(lookup, targets.map((t) => t.name).slice(0, MAX_MEASURED * 5), targets, facts));
  }
  if (targets.length > MAX_MEASURED && !ruleIds.has('aws/ec2-terminate-instances')) facts.unverified.push(`only the first ${MAX_MEASURED} of ${targets.length} targets were measured`);
  await Promise.all(jobs);
}

export async function resolveAws(parsed: ParsedAwsParts, classification: Classification, ctx: Context, binary: string): Promise<Resolution> {
  const files = await readAwsFiles(ctx);
  const target = resolveAwsTarget(files, parsed.args.globals, parsed.service, ctx.env);
  const identity: AwsIdentity = { profile: target.profile, account: target.account, accountSource: target.accountSource, region: target.region, endpoint: target.endpoint };
  const dangerous = isDangerous(classification.risk);
  const unverified: string[] = [];
  const notes: string[] = [];
  if (!dangerous) return { environment: awsEnvironment(identity, ctx.config), targets: [], blastRadius: [], credential: null, recovery: null, unverified, notes };

  unverified.push(...target.problems);
  const recoveryRule = classification.hits.find((h) => h.rule.risk === classification.risk && h.rule.recovery)?.rule.recovery ?? null;
  const measured = targetsOf(classification.hits);
  const scope = `profile ${target.profile} (${target.profileSource})${target.account ? `, account ${target.account} (${target.accountSource})` : ''}, region ${target.region ?? '(none)'}${target.regionSource ? ` (${target.regionSource})` : ''}${target.endpoint ? `, endpoint ${target.endpoint}` : ''}`;
  const blastRadius: string[] = [scope];
  const facts: LiveFacts = { blastRadius, unverified, protections: [], taggedEnvironments: new Map() };
  let live: { account: string; arn: string } | null = null;
  if (ctx.offline) blastRadius.push(`not measured: ${offlineCause(ctx)}`);
  else {
    const spinner = ctx.spinner('guard: asking AWS what this would delete…');
    try {
      const lookup = new AwsLookup(ctx, binary, parsed.args.globals);
      // Who the credentials are and what the command would take are independent: ask both at once.
      const [caller] = await Promise.all([lookup.call('sts', 'get-caller-identity', []), measure(lookup, parsed, classification.hits, measured, facts)]);
      if (caller.ok && str(caller.value.Account)) {
        live = { account: str(caller.value.Account), arn: str(caller.value.Arn) };
        if (target.account && target.account !== live.account) notes.push(`the profile names account ${target.account}, but the credentials are account ${live.account}'s: guard uses the live one.`);
      } else unverified.push(`who the credentials belong to (sts get-caller-identity): ${caller.ok ? 'no account in the answer' : caller.error}`);
    } finally {
      spinner.stop();
    }
  }
  const resolvedIdentity: AwsIdentity = live ? { ...identity, account: live.account, accountSource: 'sts get-caller-identity' } : identity;
  let environment = awsEnvironment(resolvedIdentity, ctx.config);
  // A target tagged for a protected environment protects the run, whatever the profile suggests.
  for (const [tag, where] of facts.taggedEnvironments) {
    const tagged = environmentFacts(tag, where, ctx.config);
    if (tagged.protected && !environment.protected) environment = tagged;
  }
  const targets: Target[] = measured.map((t) => ({
    kind: t.kind,
    id: t.kind === 'bucket' || t.kind === 'prefix' || t.kind === 'object' ? `s3://${t.name}` : t.name,
    name: t.name,
    environment: environment.name,
    ...(resolvedIdentity.account ? { account: resolvedIdentity.account } : {}),
    ...(target.region ? { region: target.region } : {}),
    ...t.facts,
  }));
  const recovery = [recoveryRule, ...facts.protections].filter(Boolean).join(' ') || null;
  const credential = credentialOf(target.credentialSource, resolvedIdentity.account, live?.arn ?? (target.roleArn && accountOfArn(target.roleArn) ? target.roleArn : null));
  return { environment, targets, blastRadius, credential, recovery, unverified, notes };
}
