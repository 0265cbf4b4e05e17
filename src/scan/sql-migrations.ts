// SQL files as migrations: the psql analysis of a `-f file` input (or the mysql client's, for MySQL files), on the statements' lines.
import { createReadStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Context } from '../core/context.js';
import { decide } from '../core/decide.js';
import type { Analysis } from '../core/types.js';
import { psqlRules, type PsqlRuleKey } from '../tools/postgres/rules.js';
import type { Rule } from '../core/types.js';
import type { ObjectRef } from '../core/types.js';
import type { Finding } from './model.js';

async function* nothing(): AsyncGenerator<Buffer> {}

/** Where a finding's origin (`file.sql:12`, or an `\i` include's label) points, as file and line. */
function locate(origin: string, file: string, absolute: string): { file: string; line: number } {
  const colon = origin.lastIndexOf(':');
  const label = colon < 0 ? origin : origin.slice(0, colon);
  const line = colon < 0 ? 1 : Number.parseInt(origin.slice(colon + 1), 10);
  const shownFile = label === absolute ? file : resolve(dirname(absolute), label);
  return { file: shownFile, line: Number.isFinite(line) && line > 0 ? line : 1 };
}

/**
 * A migration runs against a database the file does not name: its environment cannot be told,
 * so dangerous statements are decided as in an unresolved (protected) environment.
 */
interface SqlFileFinding {
  readonly rule: Rule;
  readonly summary: string;
  readonly objects: readonly ObjectRef[];
  readonly origin: string;
}

async function postgresFindings(absolute: string, ctx: Context): Promise<SqlFileFinding[]> {
  const { analysePsqlInputs } = await import('../tools/postgres/analyse.js');
  const analysis = await analysePsqlInputs([{ kind: 'file', path: absolute }], {
    variables: {},
    cwd: dirname(absolute),
    homeDir: ctx.home,
    openFile: (path) => createReadStream(path, { highWaterMark: 1 << 20 }),
    openStdin: nothing,
  });
  return analysis.findings.map((finding) => ({
    rule: psqlRules[(finding.rule in psqlRules ? finding.rule : 'unparseable') as PsqlRuleKey],
    summary: finding.summary,
    objects: finding.objects,
    origin: finding.origin,
  }));
}

async function mysqlFindings(absolute: string, text: string, ctx: Context): Promise<SqlFileFinding[]> {
  const { analyseClientInputs } = await import('../tools/mysql/analyse.js');
  const { mysqlRules } = await import('../tools/mysql/rules.js');
  const analysis = await analyseClientInputs([{ origin: absolute, text }], null, { cwd: dirname(absolute), readFile: (path) => ctx.readFile(path), fileExists: (path) => ctx.fileExists(path) });
  return analysis.findings.map((finding) => ({ rule: mysqlRules[finding.rule], summary: finding.summary, objects: finding.objects, origin: finding.origin }));
}

const unreadable = (findings: readonly SqlFileFinding[]) => findings.filter((f) => f.rule.risk === 'unknown').length;

/**
 * Which client the file is written for: Postgres unless MySQL reads it with fewer statements it
 * cannot follow, or the file carries MySQL's executable comments (which Postgres takes for plain
 * comments: reading such a file as Postgres would hide a `/*! DROP TABLE t *\/`).
 */
async function sqlFileFindings(absolute: string, ctx: Context): Promise<SqlFileFinding[]> {
  const postgres = await postgresFindings(absolute, ctx);
  const text = (await ctx.readFile(absolute)).toString('utf8');
  const { unwrapVersionComments } = await import('../tools/mysql/sql-text.js');
  const executableComments = unwrapVersionComments(text) !== text;
  if (!executableComments && unreadable(postgres) === 0) return postgres;
  const mysql = await mysqlFindings(absolute, text, ctx);
  if (executableComments) return unreadable(mysql) <= unreadable(postgres) ? mysql : [...mysql, ...postgres];
  return unreadable(mysql) < unreadable(postgres) ? mysql : postgres;
}

/**
 * A migration runs against a database the file does not name: its environment cannot be told,
 * so dangerous statements are decided as in an unresolved (protected) environment.
 */
export async function scanSqlFile(file: string, absolute: string, ctx: Context): Promise<Finding[]> {
  const findings = await sqlFileFindings(absolute, ctx);
  return findings.map((finding) => {
    const rule = finding.rule;
    const where = locate(finding.origin, file, absolute);
    const facts: Analysis = {
      tool: rule.id.slice(0, rule.id.indexOf('/')),
      risk: rule.risk,
      hits: [{ rule, summary: finding.summary, objects: finding.objects }],
      environment: null,
      targets: [],
      blastRadius: [],
      credential: null,
      recovery: rule.recovery ?? null,
      unverified: ['the database this migration runs against'],
      notes: [],
    };
    const verdict = decide({ analysis: facts, agent: ctx.agent, policy: ctx.config.policy });
    return {
      kind: 'command',
      file: where.file,
      line: where.line,
      column: 1,
      command: finding.summary,
      rules: [{ id: rule.id, risk: rule.risk, summary: finding.summary }],
      risk: rule.risk,
      environment: null,
      decision: verdict.decision,
      context: 'SQL migration',
      reasons: verdict.reasons,
    } satisfies Finding;
  });
}
