// Seams between the code readers and other families: MySQL statements in code through the mysql family's classifier.
import type { SqlFinding } from '../postgres/model.js';

/** The prefix that marks a finding's rule as a key of the mysql family's SQL rules (not psql's). */
export const MYSQL_RULE_PREFIX = 'mysql/';

/**
 * MySQL statement text (a driver's query, a knex raw) classified by the mysql family, in psql's
 * finding shape with rules `mysql/<key>`; null when the text could not be read at all.
 */
export async function mysqlStatementsSeam(sql: string): Promise<readonly SqlFinding[] | null> {
  const { classifyMysqlSql } = await import('../mysql/sql.js');
  const verdict = await classifyMysqlSql(sql);
  return verdict.findings.map((finding) => ({
    rule: `${MYSQL_RULE_PREFIX}${finding.rule}`,
    summary: finding.summary,
    objects: finding.objects,
    connection: 0,
    origin: `sql:${finding.line ?? 1}`,
  }));
}
