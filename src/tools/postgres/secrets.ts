// Finds secrets that psql's argv carries inside SQL (ALTER ROLE … PASSWORD '…') or -v values.
import { loadSqlParser, parseSql } from './sql.js';
import type { ParsedPostgresArgs } from './model.js';

const SECRET_OPTION_NAMES = new Set(['password', 'passfile', 'sslpassword', 'sslkey', 'secret', 'token']);
const SECRET_WORDS = ['pass', 'secret', 'token', 'key'];

/** True when the parse tree has an option (DefElem) that carries a secret: role passwords, user mappings. */
function treeCarriesSecret(node: unknown, depth = 0): boolean {
  if (depth > 200 || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((child) => treeCarriesSecret(child, depth + 1));
  const record = node as Record<string, unknown>;
  const defElem = record.DefElem as { defname?: string } | undefined;
  if (defElem?.defname && SECRET_OPTION_NAMES.has(defElem.defname.toLowerCase())) return true;
  return Object.values(record).some((child) => treeCarriesSecret(child, depth + 1));
}

/** Fail safe: SQL that does not parse is treated as secret-bearing when it mentions one. */
export async function sqlCarriesSecret(sql: string): Promise<boolean> {
  await loadSqlParser();
  const parsed = parseSql(sql);
  if (!parsed.ok) return SECRET_WORDS.some((word) => sql.toLowerCase().includes(word));
  return parsed.statements.some((statement) => treeCarriesSecret(statement.node));
}

/**
 * psql's argv for reports and the audit log: each -c whose SQL carries a secret, and each
 * -v whose name says it is one, is replaced; everything else stays as typed.
 */
export async function redactPsqlArgs(argv: readonly string[], parsed: ParsedPostgresArgs): Promise<string[] | null> {
  const secrets = new Set<string>();
  for (const option of parsed.options) {
    if (option.name === 'command' && (await sqlCarriesSecret(option.value))) secrets.add(option.value);
    if (option.name === 'set') {
      const eq = option.value.indexOf('=');
      const name = (eq < 0 ? option.value : option.value.slice(0, eq)).toLowerCase();
      if (eq >= 0 && SECRET_WORDS.some((word) => name.includes(word))) secrets.add(option.value.slice(eq + 1));
    }
  }
  if (secrets.size === 0) return null;
  return argv.map((arg) => {
    let out = arg;
    for (const secret of secrets) if (secret !== '' && out.includes(secret)) out = out.split(secret).join(secret.length > 40 || secret.includes(' ') ? '<SQL with a secret, redacted>' : '***');
    return out;
  });
}
