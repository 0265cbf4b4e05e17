// SQL inside migrations: the Postgres family's libpg-query analysis, and the seam for MySQL's classifier.
import type { Risk } from '../../core/risk.js';
import type { ObjectRef } from '../../core/types.js';
import { psqlRules, type PsqlRuleKey } from '../postgres/rules.js';

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'unknown';

export interface SqlMigrationFinding {
  readonly line: number;
  readonly risk: Risk;
  readonly summary: string;
  readonly objects: readonly ObjectRef[];
}

/**
 * Where the MySQL family's classifier plugs in: it returns the statements' findings, or null while
 * no MySQL parser exists (then every MySQL migration is unknown, with a note saying why).
 */
export async function classifyMysqlSql(text: string): Promise<SqlMigrationFinding[] | null> {
  void text;
  return null;
}

function lineOf(origin: string): number {
  const colon = origin.lastIndexOf(':');
  const line = colon < 0 ? 1 : Number.parseInt(origin.slice(colon + 1), 10);
  return Number.isFinite(line) && line > 0 ? line : 1;
}

/** The findings of one SQL text; `origin` names it in messages. SQLite and unknown servers are read with the Postgres parser. */
export async function classifyMigrationSql(text: string, dialect: SqlDialect, origin: string): Promise<SqlMigrationFinding[]> {
  if (dialect === 'mysql') {
    const found = await classifyMysqlSql(text);
    if (found) return found;
    return [{ line: 1, risk: 'unknown', summary: `${origin}: MySQL SQL is not classified yet (guard has no MySQL parser), so it counts as unknown`, objects: [] }];
  }
  const { classifySqlText } = await import('../postgres/analyse.js');
  const findings = await classifySqlText(text);
  return findings.map((finding) => {
    const rule = psqlRules[(finding.rule in psqlRules ? finding.rule : 'unparseable') as PsqlRuleKey];
    return { line: lineOf(finding.origin), risk: rule.risk, summary: finding.summary, objects: finding.objects };
  });
}
