// Seams for families that land in parallel: MySQL's statement classifier. Until it lands, MySQL SQL in code is unknown.
import type { SqlFinding } from '../postgres/model.js';

/**
 * The mysql family's classifier of statement text, in psql's finding shape; null means "not
 * classified" (the caller reports it unknown). Replace the body when src/tools/mysql lands.
 */
export function mysqlStatementsSeam(_sql: string): readonly SqlFinding[] | null {
  return null;
}
