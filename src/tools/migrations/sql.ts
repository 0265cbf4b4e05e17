// SQL inside migrations: the Postgres family's libpg-query analysis, or the mysql family's classifier for MySQL.
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

/** MySQL migrations through the mysql family's classifier (node-sql-parser's MariaDB grammar, version comments executed). */
export async function classifyMysqlSql(text: string): Promise<SqlMigrationFinding[] | null> {
  const [{ classifyMysqlSql: classify }, { SQL_RULE_ROWS }] = await Promise.all([import('../mysql/sql.js'), import('../mysql/rules.js')]);
  const verdict = await classify(text);
  return verdict.findings.map((finding) => ({ line: finding.line ?? 1, risk: SQL_RULE_ROWS[finding.rule].risk, summary: finding.summary, objects: finding.objects }));
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
    return [{ line: 1, risk: 'unknown', summary: `${origin}: guard could not read this MySQL SQL, so it counts as unknown`, objects: [] }];
  }
  const { classifySqlText } = await import('../postgres/analyse.js');
  const findings = await classifySqlText(text);
  return findings.map((finding) => {
    const rule = psqlRules[(finding.rule in psqlRules ? finding.rule : 'unparseable') as PsqlRuleKey];
    return { line: lineOf(finding.origin), risk: rule.risk, summary: finding.summary, objects: finding.objects };
  });
}
