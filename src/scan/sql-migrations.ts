// SQL files as migrations: the psql analysis of a `-f file` input, findings on the statements' lines.
import { createReadStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Context } from '../core/context.js';
import { decide } from '../core/decide.js';
import type { Analysis } from '../core/types.js';
import { psqlRules, type PsqlRuleKey } from '../tools/postgres/rules.js';
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
export async function scanSqlFile(file: string, absolute: string, ctx: Context): Promise<Finding[]> {
  const { analysePsqlInputs } = await import('../tools/postgres/analyse.js');
  const analysis = await analysePsqlInputs([{ kind: 'file', path: absolute }], {
    variables: {},
    cwd: dirname(absolute),
    homeDir: ctx.home,
    openFile: (path) => createReadStream(path, { highWaterMark: 1 << 20 }),
    openStdin: nothing,
  });
  return analysis.findings.map((finding) => {
    const rule = psqlRules[(finding.rule in psqlRules ? finding.rule : 'unparseable') as PsqlRuleKey];
    const where = locate(finding.origin, file, absolute);
    const facts: Analysis = {
      tool: 'psql',
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
