// SQL another tool runs (heroku pg:psql -c, supabase db push/query): psql's own analysis, as rule hits.
import type { Context } from '../../core/context.js';
import { maxRisk, type Risk } from '../../core/risk.js';
import type { RuleHit } from '../../core/types.js';
import type { PsqlInput } from './model.js';
import { psqlRules, type PsqlRuleKey } from './rules.js';

export interface EmbeddedSql {
  readonly risk: Risk;
  /** One hit per finding, with psql's rule ids (`psql/drop-table`) and the statements' objects. */
  readonly hits: readonly RuleHit[];
  readonly statementCount: number;
  readonly unverified: readonly string[];
}

async function* nothing(): AsyncGenerator<Buffer> {}

/**
 * Classifies SQL inputs (`-c` text or files, read through ctx) exactly as psql's are: the same
 * script splitter, meta-commands and statement rules. Files that cannot be read are unknown.
 */
export async function analyseEmbeddedSql(inputs: readonly PsqlInput[], ctx: Context, cwd = ctx.cwd): Promise<EmbeddedSql> {
  const { analysePsqlInputs } = await import('./analyse.js');
  const analysis = await analysePsqlInputs(inputs, {
    variables: {},
    cwd,
    homeDir: ctx.home,
    async *openFile(path: string) {
      yield await ctx.readFile(path);
    },
    openStdin: nothing,
  });
  const hits: RuleHit[] = [];
  let risk: Risk = 'read';
  for (const finding of analysis.findings) {
    const rule = psqlRules[(finding.rule in psqlRules ? finding.rule : 'unparseable') as PsqlRuleKey];
    risk = maxRisk(risk, rule.risk);
    hits.push({ rule, summary: `${finding.summary} (${finding.origin})`, objects: finding.objects });
  }
  const unverified = hits.filter((h) => h.rule.risk === 'unknown').map((h) => `SQL guard could not read: ${h.summary}`);
  if (analysis.truncatedFindings > 0) unverified.push(`${analysis.truncatedFindings} more SQL findings were not listed`);
  return { risk, hits, statementCount: analysis.statementCount, unverified };
}
