// Builds a Tool from a migration CLI's plan function: shared classify, environment and live blast radius.
import type { Context } from '../../core/context.js';
import { unknownEnvironment } from '../../core/environment.js';
import { redactArgv } from '../../core/redact.js';
import { isDangerous, maxRisk, type Risk } from '../../core/risk.js';
import type { ObjectRef, RuleHit, RuleTable } from '../../core/types.js';
import type { InspectRequest } from '../postgres/model.js';
import { LOOKUP_TIMEOUT_MS, resolvePostgres, type PostgresSubject } from '../postgres/resolve.js';
import type { Classification, ParsedInvocation, Reclassification, Resolution, Tool, ToolSource } from '../tool.js';
import { databaseEnvironment, databaseName, describeDatabase, type DatabaseTarget, type FrameworkEnvironment } from './database.js';
import type { PendingMigrations } from './pending.js';

export interface PlannedHit {
  /** Key into the tool's rule table. */
  readonly rule: string;
  readonly summary: string;
  readonly objects?: readonly ObjectRef[];
}

/** What a migration command will do, worked out during parse (which may read the project's files). */
export interface MigrationPlan {
  readonly hits: readonly PlannedHit[];
  /** The database it connects to; null when it touches none (help, generating files). */
  readonly database: DatabaseTarget | null;
  readonly framework?: FrameworkEnvironment | null;
  /** Migration files this run executes (forward) or reverts (rollback), read and classified. */
  readonly migrations?: PendingMigrations;
  /** The whole database goes (reset, drop, clean): the live report lists what it holds. */
  readonly wholeDatabase?: boolean;
  readonly unverified?: readonly string[];
  readonly notes?: readonly string[];
  /** Where the tool records applied migrations: live, only files not listed there are pending. */
  readonly history?: MigrationHistory;
}

/** A migration tool's history table; `table`, `column` and `condition` are constants of the tool file. */
export interface MigrationHistory {
  readonly table: string;
  readonly column: string;
  readonly condition?: string;
  /** The id the table records for a migration file (path relative to the working directory). */
  idOf(file: string): string;
}

export interface ParsedMigration extends ParsedInvocation {
  readonly plan: MigrationPlan;
}

export interface MigrationToolSpec {
  readonly name: string;
  readonly summary: string;
  readonly rules: RuleTable;
  readonly checkedAgainst: ToolSource;
  plan(args: readonly string[], ctx: Context): Promise<MigrationPlan>;
}

const MAX_MIGRATION_HITS = 20;

function ruleOf(rules: RuleTable, key: string, program: string) {
  const rule = rules[key];
  if (!rule) throw new Error(`${program}: rule table has no ${key}`);
  return rule;
}

export function makeMigrationTool(spec: MigrationToolSpec): Tool<ParsedMigration> {
  return {
    name: spec.name,
    family: 'migrations',
    summary: spec.summary,
    rules: spec.rules,
    checkedAgainst: spec.checkedAgainst,
    async parse(args, ctx) {
      const plan = await spec.plan(args, ctx);
      return { plan, displayArgv: redactArgv([spec.name, ...args]) };
    },
    classify(parsed): Classification {
      return classifyPlan(spec, parsed.plan);
    },
    async resolve(parsed, classification, ctx): Promise<Resolution> {
      return resolveMigration(spec, parsed.plan, classification, ctx);
    },
  };
}

function classifyPlan(spec: MigrationToolSpec, plan: MigrationPlan): Classification {
  const hits: RuleHit[] = plan.hits.map((hit) => ({ rule: ruleOf(spec.rules, hit.rule, spec.name), summary: hit.summary, objects: hit.objects ?? [] }));
  const migrations = plan.migrations;
  if (migrations) {
    let shown = 0;
    for (const finding of migrations.findings) {
      if (finding.risk !== 'destructive' && finding.risk !== 'unknown') continue;
      if (shown++ >= MAX_MIGRATION_HITS) break;
      const key = finding.risk === 'destructive' ? 'pending-destructive' : 'pending-unknown';
      hits.push({ rule: ruleOf(spec.rules, key, spec.name), summary: `${finding.file}:${finding.line}: ${finding.summary}`, objects: finding.objects });
    }
  }
  let risk: Risk = 'read';
  for (const hit of hits) risk = maxRisk(risk, hit.rule.risk);
  return { risk, hits, unverified: [...(plan.unverified ?? []), ...(migrations?.unverified ?? [])] };
}

/**
 * Live, the tool's own history table says which files are applied: those are dropped from the
 * plan and the command is classified again (Resolution.reclassified). Offline or unreachable,
 * every file stays pending.
 */
async function withoutApplied(spec: MigrationToolSpec, plan: MigrationPlan, ctx: Context): Promise<{ plan: MigrationPlan; reason: string } | { unverified: string } | null> {
  const history = plan.history;
  const migrations = plan.migrations;
  if (!history || !migrations || migrations.files.length === 0 || ctx.offline || plan.database?.engine !== 'postgres') return null;
  const result = await ctx.postgres.inspect(plan.database.connection, [{ kind: 'migration-history', name: history.table, column: history.column, ...(history.condition ? { condition: history.condition } : {}) }], { timeoutMs: LOOKUP_TIMEOUT_MS });
  const found = result.objects[0];
  if (!found) return { unverified: `which migrations are applied (${history.table}): ${result.unverified.join('; ') || 'no answer'}` };
  const applied = new Set(found.values ?? []);
  const pendingFiles = migrations.files.filter((file) => !applied.has(history.idOf(file)));
  const pending = new Set(pendingFiles);
  const kept = { ...migrations, files: pendingFiles, findings: migrations.findings.filter((finding) => pending.has(finding.file) || !migrations.files.includes(finding.file)) };
  const skipped = migrations.files.length - pendingFiles.length;
  const hits = plan.hits.map((hit) => (hit.rule === 'write' ? { ...hit, summary: hit.summary.replace(/\(\d+ migration[^)]*\)/, `(${pendingFiles.length} pending)`) } : hit));
  return { plan: { ...plan, hits, migrations: kept }, reason: `${history.table} lists ${skipped} of the ${migrations.files.length} migration files as applied; only the ${pendingFiles.length} pending ${pendingFiles.length === 1 ? 'one counts' : 'ones count'}.` };
}

function tableRequests(plan: MigrationPlan): { request: InspectRequest; object: ObjectRef }[] {
  const out: { request: InspectRequest; object: ObjectRef }[] = [];
  for (const finding of plan.migrations?.findings ?? []) {
    if (finding.risk !== 'destructive') continue;
    for (const object of finding.objects) {
      if (object.kind === 'table') out.push({ request: { kind: 'table', name: object.name, cascade: false }, object });
      else if (object.kind === 'column') {
        const dot = object.name.lastIndexOf('.');
        if (dot > 0) out.push({ request: { kind: 'column', table: object.name.slice(0, dot), column: object.name.slice(dot + 1) }, object });
      }
    }
  }
  return out.slice(0, MAX_MIGRATION_HITS);
}

async function resolveMigration(spec: MigrationToolSpec, original: MigrationPlan, offlineClassification: Classification, ctx: Context): Promise<Resolution> {
  let plan = original;
  let classification = offlineClassification;
  let reclassified: Reclassification | undefined;
  const historyUnverified: string[] = [];
  const live = await withoutApplied(spec, original, ctx);
  if (live && 'plan' in live) {
    plan = live.plan;
    classification = classifyPlan(spec, plan);
    reclassified = { risk: classification.risk, hits: classification.hits, unverified: classification.unverified, reasons: [live.reason] };
  } else if (live) historyUnverified.push(live.unverified);
  const notes = [...(plan.notes ?? [])];
  if (plan.migrations && plan.migrations.files.length > 0 && !reclassified) {
    notes.push(`${plan.migrations.files.length} migration file${plan.migrations.files.length === 1 ? '' : 's'} read; every file not known to be applied counts as pending.`);
  }
  const db = plan.database;
  if (db === null) {
    return { environment: null, targets: [], blastRadius: [], credential: null, recovery: null, unverified: [], notes };
  }
  const environment = databaseEnvironment(db, plan.framework ?? null, ctx);
  const dangerous = isDangerous(classification.risk);
  const recovery = classification.hits.find((hit) => hit.rule.risk === classification.risk && hit.rule.recovery)?.rule.recovery ?? null;
  const fallback = { kind: 'database', id: databaseName(db), name: databaseName(db), environment: environment.name };
  if (db.engine !== 'postgres') {
    const unverified = db.engine === 'unresolved' ? [`the database: ${db.why}`] : db.engine === 'mysql' && dangerous ? ['the MySQL server was not inspected (guard has no MySQL inspector yet)'] : [];
    return {
      environment: db.engine === 'unresolved' ? unknownEnvironment(`could not resolve the database: ${db.why}`) : environment,
      targets: dangerous ? [fallback] : [],
      blastRadius: classification.risk === 'read' ? [] : [`connects to ${describeDatabase(db)} (${db.engine === 'unresolved' ? db.why : db.source})`],
      credential: null,
      recovery,
      unverified,
      notes,
      ...(reclassified ? { reclassified } : {}),
    };
  }
  const requests: { connection: number; request: InspectRequest; object?: ObjectRef }[] = [];
  if (dangerous && plan.wholeDatabase) requests.push({ connection: 0, request: { kind: 'database', name: db.connection.dbname }, object: { kind: 'database', name: db.connection.dbname } });
  if (dangerous) for (const { request, object } of tableRequests(plan)) requests.push({ connection: 0, request, object });
  const subject: PostgresSubject = {
    connections: [{ connection: db.connection }],
    requests,
    fallbackTarget: () => fallback,
  };
  const resolution = await resolvePostgres(subject, classification, ctx);
  return {
    ...resolution,
    // The framework's own environment (RAILS_ENV=production) may protect more than the host does.
    environment,
    targets: resolution.targets.map((target) => ({ ...target, environment: environment.name })),
    blastRadius: [`database from ${db.source}`, ...resolution.blastRadius],
    recovery: recovery ?? resolution.recovery,
    unverified: [...historyUnverified, ...resolution.unverified],
    notes: [...notes, ...resolution.notes],
    ...(reclassified ? { reclassified } : {}),
  };
}
