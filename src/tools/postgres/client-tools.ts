// dropdb, dropuser, pg_restore and the other client programs: one rule table each, one shared shape.
import type { Context } from '../../core/context.js';
import type { Rule, RuleHit, RuleTable } from '../../core/types.js';
import type { Classification, ParsedInvocation, Tool } from '../tool.js';
import { resolveConnection } from './connection.js';
import type { InspectRequest, ParsedPostgresArgs, PostgresProgram } from './model.js';
import { parsePostgresArgs, programTarget } from './programs.js';
import { resolvePostgres, type ConnectionOutcome, type PostgresSubject } from './resolve.js';
import {
  clusterdbRules,
  createdbRules,
  dropdbRules,
  dropuserRules,
  pgDumpallRules,
  pgDumpRules,
  pgIsreadyRules,
  pgRestoreRules,
  reindexdbRules,
  vacuumdbRules,
} from './rules.js';
import { connectionIo, POSTGRES_CHECKED_AGAINST } from './shared.js';

export interface ParsedClient extends ParsedInvocation {
  readonly args: ParsedPostgresArgs;
  readonly target: ReturnType<typeof programTarget>;
  readonly connection: ConnectionOutcome;
}

/** What the program does to its target, once its arguments are known to be well-formed. */
type Action = (parsed: ParsedClient) => { rule: Rule; summary: string; request?: InspectRequest };

function rule(table: RuleTable, key: string): Rule {
  const found = table[key];
  if (!found) throw new Error(`rule table has no ${key}`);
  return found;
}

function makeClientTool(program: PostgresProgram, summary: string, rules: RuleTable, action: Action): Tool<ParsedClient> {
  return {
    name: program,
    family: 'postgres',
    summary,
    rules,
    checkedAgainst: POSTGRES_CHECKED_AGAINST,
    async parse(args: readonly string[], ctx: Context) {
      const parsed = parsePostgresArgs(program, args);
      const resolved = resolveConnection(parsed, ctx.env, connectionIo(ctx));
      return { args: parsed, target: programTarget(parsed), connection: 'error' in resolved ? { error: resolved.error } : { connection: resolved } };
    },
    classify(parsed): Classification {
      const hits: RuleHit[] = parsed.args.problems.map((problem) => ({ rule: rule(rules, 'bad-arguments'), summary: problem }));
      if (parsed.args.infoOnly) hits.push({ rule: rule(rules, 'info'), summary: `${program} --help/--version` });
      else {
        const done = action(parsed);
        const objects = done.request && done.request.kind !== 'estimate' && done.request.kind !== 'column' ? [{ kind: done.request.kind, name: done.request.name }] : [];
        hits.push({ rule: done.rule, summary: done.summary, objects, scope: '0' });
      }
      const risks = hits.map((h) => h.rule.risk);
      const risk = risks.includes('destructive') ? 'destructive' : risks.includes('unknown') ? 'unknown' : risks.includes('write') ? 'write' : 'read';
      return { risk, hits, unverified: parsed.args.problems.map((p) => `${program} arguments: ${p}`) };
    },
    async resolve(parsed, classification, ctx) {
      const done = parsed.args.infoOnly ? null : action(parsed);
      const subject: PostgresSubject = {
        connections: [parsed.connection],
        requests: done?.request && done.request.kind !== 'estimate' && done.request.kind !== 'column'
          ? [{ connection: 0, request: done.request, object: { kind: done.request.kind, name: done.request.name } }]
          : [],
        fallbackTarget: (connection) => ({ kind: 'database', id: connection.dbname, name: connection.dbname, environment: '' }),
      };
      const resolution = await resolvePostgres(subject, classification, ctx);
      const envName = resolution.environment?.name ?? 'unknown';
      return { ...resolution, targets: resolution.targets.map((t) => (t.environment === '' ? { ...t, environment: envName } : t)) };
    },
  };
}

const dbOf = (parsed: ParsedClient) => parsed.target.database ?? ('connection' in parsed.connection ? parsed.connection.connection.dbname : '(default)');

export const clientTools: readonly Tool<ParsedClient>[] = [
  makeClientTool('dropdb', 'remove a PostgreSQL database', dropdbRules, (p) => ({
    rule: rule(dropdbRules, 'drop-database'),
    summary: `DROP DATABASE ${p.target.database ?? '(missing name)'}`,
    ...(p.target.database ? { request: { kind: 'database', name: p.target.database } as const } : {}),
  })),
  makeClientTool('dropuser', 'remove a PostgreSQL role', dropuserRules, (p) => ({
    rule: rule(dropuserRules, 'drop-role'),
    summary: `DROP ROLE ${p.target.role ?? '(asked interactively)'}`,
    ...(p.target.role ? { request: { kind: 'role', name: p.target.role } as const } : {}),
  })),
  makeClientTool('pg_restore', 'restore a PostgreSQL database from an archive', pgRestoreRules, (p) => {
    const connectsTo = p.target.database;
    const archive = p.target.archive ?? 'stdin';
    if (!connectsTo) return { rule: rule(pgRestoreRules, 'to-script'), summary: `pg_restore ${archive} to a script` };
    const into = p.target.restoreIntoDatabase;
    const request = into ? ({ kind: 'database', name: into } as const) : undefined;
    if (p.target.clean) {
      const where = into ?? "the archive's own database (--create)";
      return { rule: rule(pgRestoreRules, 'clean'), summary: `pg_restore --clean ${archive} into ${where}`, ...(request ? { request } : {}) };
    }
    if (p.target.create) return { rule: rule(pgRestoreRules, 'create'), summary: `pg_restore --create ${archive} (connecting via ${connectsTo})` };
    return { rule: rule(pgRestoreRules, 'into-existing'), summary: `pg_restore ${archive} into existing database ${into ?? connectsTo}`, ...(request ? { request } : {}) };
  }),
  makeClientTool('createdb', 'create a PostgreSQL database', createdbRules, (p) => ({ rule: rule(createdbRules, 'write'), summary: `CREATE DATABASE ${p.target.database ?? '(default name)'}` })),
  makeClientTool('vacuumdb', 'vacuum and analyse a PostgreSQL database', vacuumdbRules, (p) => ({ rule: rule(vacuumdbRules, 'write'), summary: `VACUUM ${dbOf(p)}` })),
  makeClientTool('reindexdb', 'rebuild indexes of a PostgreSQL database', reindexdbRules, (p) => ({ rule: rule(reindexdbRules, 'write'), summary: `REINDEX ${dbOf(p)}` })),
  makeClientTool('clusterdb', 'cluster the tables of a PostgreSQL database', clusterdbRules, (p) => ({ rule: rule(clusterdbRules, 'write'), summary: `CLUSTER ${dbOf(p)}` })),
  makeClientTool('pg_dump', 'dump a PostgreSQL database', pgDumpRules, (p) => ({ rule: rule(pgDumpRules, 'read'), summary: `dump ${dbOf(p)}` })),
  makeClientTool('pg_dumpall', 'dump every database of a PostgreSQL cluster', pgDumpallRules, () => ({ rule: rule(pgDumpallRules, 'read'), summary: 'dump every database' })),
  makeClientTool('pg_isready', 'check a PostgreSQL server', pgIsreadyRules, () => ({ rule: rule(pgIsreadyRules, 'read'), summary: 'check the server' })),
];
