// Pure: one effect of the code to rule hits, by the family that owns it (http, aws, psql, mongosh) or the runners' own rows.
import type { RuleHit, Rule } from '../../core/types.js';
import { literalText, member, textOf } from '../../code/model.js';
import { classifyHttp } from '../http/http-tool.js';
import { awsOperationRisk } from '../aws/operations.js';
import { psqlRules, type PsqlRuleKey } from '../postgres/rules.js';
import { mysqlRules, type ClientRuleKey } from '../mysql/rules.js';
import { MYSQL_RULE_PREFIX } from './seams.js';
import { classifyMongoOperation } from '../mongosh/operations.js';
import { mongoshRules } from '../mongosh/rules.js';
import type { EffectFacts } from './prepare.js';
import type { CodeRuleTable } from './rules.js';

export type { EffectFacts };

const REDIS_DESTRUCTIVE = new Set(['flushall', 'flushdb', 'del', 'unlink', 'swapdb', 'getdel', 'hdel', 'srem', 'zrem', 'lrem', 'ltrim', 'zremrangebyscore', 'zremrangebyrank', 'xtrim', 'xdel', 'expire', 'pexpire', 'shutdown', 'restore', 'migrate', 'rename']);
const REDIS_READS = new Set(['get', 'mget', 'hget', 'hgetall', 'hmget', 'hkeys', 'hvals', 'hlen', 'exists', 'ttl', 'pttl', 'type', 'scan', 'sscan', 'hscan', 'zscan', 'keys', 'smembers', 'sismember', 'scard', 'lrange', 'llen', 'lindex', 'zrange', 'zscore', 'zcard', 'strlen', 'ping', 'info', 'dbsize', 'echo', 'time', 'xrange', 'xlen']);

/** The runners' summary of a call: `cleanup.js:2: …`. */
function at(facts: EffectFacts, summary: string): string {
  return `${facts.where}: ${summary}`;
}

export function classifyEffect(facts: EffectFacts, rules: CodeRuleTable): { hits: RuleHit[]; unverified: string[] } {
  const { effect } = facts;
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  const unknown = (rule: Rule, summary: string) => {
    hits.push({ rule, summary: at(facts, summary) });
    unverified.push(at(facts, summary));
  };
  switch (effect.kind) {
    case 'http': {
      if (!facts.request) {
        // A GET without a body reads, wherever it goes (GraphQL servers refuse mutations over GET).
        const method = textOf(effect.method);
        if (method.ok && ['GET', 'HEAD', 'OPTIONS'].includes(method.text.toUpperCase()) && (!effect.body || effect.body.kind === 'null')) {
          hits.push({ rule: rules['http-read'], summary: at(facts, `${method.text.toUpperCase()} to a URL guard cannot resolve (${facts.requestUnknown ?? 'computed'})`) });
          break;
        }
        unknown(rules['unseen-input'], `${effect.call.snippet}: ${facts.requestUnknown ?? 'guard cannot build the request'}`);
        break;
      }
      const classified = classifyHttp({ program: facts.where, info: false, problems: [], unseen: [], requests: [facts.request] }, rules);
      for (const hit of classified.hits) hits.push({ ...hit, summary: at(facts, hit.summary) });
      unverified.push(...classified.unverified.map((line) => at(facts, line)));
      break;
    }
    case 'shell':
    case 'argv': {
      // Resolved through the shell engine and the argv pipeline in resolve; here only what guard cannot build.
      const problem = effect.kind === 'shell' ? commandProblem([effect.command]) : effect.open ?? commandProblem(effect.argv);
      if (problem) unknown(rules['process-unknown'], `${effect.call.snippet}: the command ${problem}`);
      break;
    }
    case 'aws': {
      const found = effect.service && effect.operation ? awsOperationRisk(effect.service, effect.operation) : null;
      if (!found) {
        unknown(rules['aws-unknown'], `${effect.call.snippet}: ${effect.service ?? '?'} ${effect.operation ?? '?'} is not an operation guard knows`);
        break;
      }
      const rule: Rule = { id: found.ruleId, risk: found.risk, description: `AWS ${effect.service} ${effect.operation}`, reason: found.reason, ...(found.risk === 'destructive' || found.risk === 'unknown' ? { recovery: 'See the aws family\'s recovery notes for this operation (guard explain).' } : {}) };
      hits.push({ rule, summary: at(facts, `${effect.service} ${effect.operation}`), objects: awsObjects(effect.call.args[0] ?? effect.call.keywords.get('Bucket')) });
      break;
    }
    case 'sql':
      sqlHits(facts, rules, hits, unverified);
      break;
    case 'mongo': {
      const verdict = classifyMongoOperation(effect);
      hits.push({ rule: mongoshRules[verdict.rule], summary: at(facts, verdict.summary), ...(verdict.object ? { objects: [verdict.object] } : {}) });
      if (verdict.rule === 'unknown') unverified.push(at(facts, verdict.summary));
      break;
    }
    case 'redis': {
      const rule = REDIS_DESTRUCTIVE.has(effect.command) ? rules['redis-destructive'] : REDIS_READS.has(effect.command) ? rules['redis-read'] : rules['redis-call'];
      hits.push({ rule, summary: at(facts, `redis ${effect.command.toUpperCase()}`) });
      break;
    }
    case 'prisma': {
      if (facts.sql || facts.sqlUnknown) {
        sqlHits(facts, rules, hits, unverified, rules['prisma-unknown']);
        break;
      }
      const method = effect.method;
      const filter = effect.call.keywords.get('where') ?? (effect.args[0] ? member(effect.args[0], 'where') : 'missing');
      const unfiltered = filter === 'missing' || (filter.kind === 'object' && filter.entries.size === 0 && !filter.open);
      if (method === 'deleteMany' || method === 'updateMany') {
        hits.push({ rule: unfiltered ? (method === 'deleteMany' ? rules['prisma-destructive'] : rules['prisma-write']) : rules['prisma-write'], summary: at(facts, `${effect.model ?? 'prisma'}.${method}(${unfiltered ? '' : '{where…}'})`), ...(unfiltered && effect.model ? { objects: [{ kind: 'table', name: effect.model }] } : {}) });
      } else if (/^(find|count|aggregate|groupBy)/.test(method)) hits.push({ rule: rules['prisma-read'], summary: at(facts, `${effect.model}.${method}`) });
      else if (/^(create|update|upsert|delete)/.test(method)) hits.push({ rule: rules['prisma-write'], summary: at(facts, `${effect.model}.${method}`) });
      else unknown(rules['prisma-unknown'], `${effect.call.snippet}: a Prisma method guard does not know`);
      break;
    }
    case 'dynamic':
      unknown(rules['code-unknown'], `${effect.call.snippet}: ${effect.why}`);
      break;
  }
  return { hits, unverified };
}

function sqlHits(facts: EffectFacts, rules: CodeRuleTable, hits: RuleHit[], unverified: string[], unknownRule: Rule = rules['sql-unknown']): void {
  if (!facts.sql) {
    const why = `${facts.effect.call.snippet}: ${facts.sqlUnknown ?? 'guard cannot read the SQL'}`;
    hits.push({ rule: unknownRule, summary: at(facts, why) });
    unverified.push(at(facts, why));
    return;
  }
  for (const finding of facts.sql) {
    const rule = finding.rule.startsWith(MYSQL_RULE_PREFIX) ? mysqlSqlRule(finding.rule.slice(MYSQL_RULE_PREFIX.length)) : psqlRules[(finding.rule in psqlRules ? finding.rule : 'unparseable') as PsqlRuleKey];
    hits.push({ rule, summary: at(facts, finding.summary), objects: finding.objects });
    if (rule.risk === 'unknown') unverified.push(at(facts, finding.summary));
  }
}

/** The mysql client's rule for a key of its SQL rules; a key it does not have is unparseable. */
function mysqlSqlRule(key: string): Rule {
  return key in mysqlRules ? mysqlRules[key as ClientRuleKey] : mysqlRules.unparseable;
}

function awsObjects(input: Parameters<typeof member>[0] | undefined): { kind: string; name: string }[] {
  if (!input) return [];
  for (const key of ['Bucket', 'DBInstanceIdentifier', 'TableName', 'FunctionName', 'StackName', 'ClusterIdentifier']) {
    const value = input.kind === 'object' ? member(input, key) : 'missing';
    const text = value === 'missing' ? null : literalText(value);
    if (text) return [{ kind: key === 'Bucket' ? 'bucket' : key.replace(/Identifier|Name$/, '').toLowerCase() || 'resource', name: text }];
  }
  const direct = literalText(input);
  return direct ? [{ kind: 'bucket', name: direct }] : [];
}

function commandProblem(words: readonly Parameters<typeof textOf>[0][]): string | null {
  if (words.length === 0) return 'is empty';
  for (const word of words) {
    const text = textOf(word);
    if (!text.ok) return text.why;
  }
  return null;
}
