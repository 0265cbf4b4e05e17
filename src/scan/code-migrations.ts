// Code migrations as scan findings: the migrations family's tree-sitter readers, statements on their lines.
import type { Context } from '../core/context.js';
import { decide } from '../core/decide.js';
import type { Analysis, Rule } from '../core/types.js';
import type { CodeMigrationKind, Finding } from './model.js';

/** Which tool's rules a finding names: the framework the file's layout and calls belong to. */
async function rulesFor(kind: CodeMigrationKind, text: string): Promise<{ destructive: Rule; unknown: Rule; language: 'ruby' | 'python-django' | 'python-alembic' | 'javascript' | 'typescript'; context: string }> {
  if (kind === 'rails-migration') {
    const { railsRules } = await import('../tools/migrations/rails.js');
    const rules = railsRules('rails');
    return { destructive: rules['pending-destructive'] as Rule, unknown: rules['pending-unknown'] as Rule, language: 'ruby', context: 'Rails migration' };
  }
  if (kind === 'python-migration') {
    const alembic = text.includes('def upgrade');
    if (alembic) {
      const { alembicRules } = await import('../tools/migrations/django.js');
      return { destructive: alembicRules['pending-destructive'] as Rule, unknown: alembicRules['pending-unknown'] as Rule, language: 'python-alembic', context: 'Alembic migration' };
    }
    const { djangoRules } = await import('../tools/migrations/django.js');
    const rules = djangoRules('manage.py');
    return { destructive: rules['pending-destructive'] as Rule, unknown: rules['pending-unknown'] as Rule, language: 'python-django', context: 'Django migration' };
  }
  const { knexRules, sequelizeRules, typeormRules } = await import('../tools/migrations/node-tools.js');
  const rules = text.includes('queryRunner') ? typeormRules : text.includes('queryInterface') ? sequelizeRules('sequelize') : knexRules;
  return { destructive: rules['pending-destructive'] as Rule, unknown: rules['pending-unknown'] as Rule, language: /\bqueryRunner\b|:\s*Promise</.test(text) ? 'typescript' : 'javascript', context: 'JS migration' };
}

/** Like an SQL migration, the file runs against a database it does not name: decided as unresolved (protected). */
export async function scanCodeMigration(file: string, text: string, kind: CodeMigrationKind, ctx: Context): Promise<Finding[]> {
  const { readCodeMigration } = await import('../tools/migrations/code-migrations.js');
  const { classifyMigrationSql } = await import('../tools/migrations/sql.js');
  const { destructive, unknown, language, context } = await rulesFor(kind, text);
  const found = await readCodeMigration(text, file.endsWith('.ts') ? (language === 'javascript' ? 'typescript' : language) : language, 'up');
  const findings: Finding[] = [];
  for (const finding of found) {
    const statements = finding.sql !== undefined ? (await classifyMigrationSql(finding.sql, 'postgres', `${file}:${finding.line}`)).map((sql) => ({ ...sql, line: finding.line })) : [finding];
    for (const statement of statements) {
      if (statement.risk !== 'destructive' && statement.risk !== 'unknown') continue;
      const rule = statement.risk === 'destructive' ? destructive : unknown;
      const facts: Analysis = { tool: rule.id.split('/')[0] ?? null, risk: rule.risk, hits: [{ rule, summary: statement.summary, objects: statement.objects }], environment: null, targets: [], blastRadius: [], credential: null, recovery: rule.recovery ?? null, unverified: ['the database this migration runs against'], notes: [] };
      const verdict = decide({ analysis: facts, agent: ctx.agent, policy: ctx.config.policy });
      findings.push({ kind: 'command', file, line: statement.line, column: 1, command: statement.summary, rules: [{ id: rule.id, risk: rule.risk, summary: statement.summary }], risk: rule.risk, environment: null, decision: verdict.decision, context, reasons: verdict.reasons });
    }
  }
  return findings;
}
