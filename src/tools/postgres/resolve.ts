// Resolve stage of the Postgres family: environments of each connection, targets, live blast radius.
import { offlineCause, type Context } from '../../core/context.js';
import { mostProtected, unknownEnvironment } from '../../core/environment.js';
import { formatCount } from '../../core/report.js';
import { isDangerous, type Risk } from '../../core/risk.js';
import type { EnvironmentFacts, ObjectRef, RuleHit, Target } from '../../core/types.js';
import type { Classification, Resolution } from '../tool.js';
import { describeConnection } from './connection.js';
import { postgresEnvironment } from './environment.js';
import type { ConnectionFacts, InspectedObject, InspectRequest, InspectResult } from './model.js';

/** Live look-ups are bounded: a slow database must not hold the user's command hostage. */
export const LOOKUP_TIMEOUT_MS = 4000;

/** The share of a table's rows at or above which a bounded DELETE/UPDATE counts as emptying it (policy.allRowsPercent). */
export const DEFAULT_ALL_ROWS_PERCENT = 90;

/** A DELETE/UPDATE … WHERE that the server says touches all or nearly all rows of a non-empty table. */
export interface AllRowsFinding {
  /** The estimate request's label (the finding's summary) and origin: which hit it revises. */
  readonly label: string;
  readonly origin?: string;
  readonly table: string;
  readonly rows: number;
  readonly tableRows: number;
  readonly percent: number;
}

export interface PostgresResolution extends Resolution {
  readonly allRows: readonly AllRowsFinding[];
}

/** A connection a command uses, or why guard could not work it out. */
export type ConnectionOutcome = { readonly connection: ConnectionFacts } | { readonly error: string };

/** What the resolve stage needs from a parsed Postgres command. */
export interface PostgresSubject {
  /** Connections in order; hits refer to them through `scope` = index as a string. */
  readonly connections: readonly ConnectionOutcome[];
  /** Requests for the live inspector that belong to a hit, keyed by connection index. */
  readonly requests: readonly { readonly connection: number; readonly request: InspectRequest; readonly object?: ObjectRef }[];
  /** What to call the target when no object is named (psql reaching a whole database). */
  readonly fallbackTarget: (connection: ConnectionFacts) => Target;
}

function shortName(name: string): string {
  // `public.orders` → `orders`; quoted identifiers keep their case but lose their quotes.
  const last = name.split('.').pop() ?? name;
  return last.replace(/^"|"$/g, '');
}

function targetFromObject(object: ObjectRef, environment: string): Target {
  return { kind: object.kind, id: object.name, name: shortName(object.name), environment };
}

function recoveryOf(hits: readonly RuleHit[], risk: Risk): string | null {
  return hits.find((hit) => hit.rule.risk === risk && hit.rule.recovery)?.rule.recovery ?? null;
}

/** Environments, targets and (unless offline) the measured blast radius of a Postgres command. */
export async function resolvePostgres(subject: PostgresSubject, classification: Classification, ctx: Context): Promise<PostgresResolution> {
  const unverified: string[] = [];
  const allRows: AllRowsFinding[] = [];
  const threshold = ctx.config.policy.allRowsPercent ?? DEFAULT_ALL_ROWS_PERCENT;
  const notes: string[] = [];
  const environments: EnvironmentFacts[] = [];
  const envByConnection = new Map<number, EnvironmentFacts>();
  subject.connections.forEach((outcome, index) => {
    const env = 'error' in outcome ? unknownEnvironment(`could not resolve the connection: ${outcome.error}`) : postgresEnvironment(outcome.connection, ctx.config);
    if ('error' in outcome) unverified.push(`the connection: ${outcome.error}`);
    envByConnection.set(index, env);
    environments.push(env);
  });
  const environment = mostProtected(environments) ?? unknownEnvironment('no connection');

  const blastRadius: string[] = [];
  const targets: Target[] = [];
  const dangerous = isDangerous(classification.risk);
  const wanted = subject.requests.filter(({ request }) => dangerous || request.kind === 'estimate');

  // Targets named by the command itself, most dangerous first (the first names the phrase).
  for (const { connection, object } of wanted) {
    if (object) targets.push(targetFromObject(object, envByConnection.get(connection)?.name ?? environment.name));
  }

  if (classification.risk !== 'read' && classification.risk !== 'none') {
    for (const [index, outcome] of subject.connections.entries()) {
      if ('connection' in outcome) blastRadius.push(`connects to ${describeConnection(outcome.connection)}${subject.connections.length > 1 ? ` (connection ${index + 1})` : ''}`);
    }
  }

  if (wanted.length > 0 && ctx.offline) {
    blastRadius.push(`not measured: ${offlineCause(ctx)} skips the live look-ups`);
    for (const { request } of wanted) {
      if (request.kind === 'estimate') unverified.push(`how many rows ${request.label} touches (not counted with ${offlineCause(ctx)}; a condition true for every row empties the table)`);
    }
  } else if (wanted.length > 0) {
    const spinner = ctx.spinner('guard: measuring the blast radius…');
    try {
      for (const [index, outcome] of subject.connections.entries()) {
        const requests = wanted.filter((w) => w.connection === index);
        if (requests.length === 0 || !('connection' in outcome)) continue;
        const result: InspectResult = await ctx.postgres.inspect(outcome.connection, requests.map((r) => r.request), { timeoutMs: LOOKUP_TIMEOUT_MS });
        unverified.push(...result.unverified);
        for (const object of result.objects) {
          const i = targets.findIndex((t) => t.id === requestName(object.request) && t.kind === requestKind(object.request));
          const measured: Target = {
            kind: requestKind(object.request),
            id: object.exists ? object.id : requestName(object.request),
            name: shortName(object.exists ? object.id : requestName(object.request)),
            environment: envByConnection.get(index)?.name ?? environment.name,
            ...(object.rows !== undefined ? { rows: object.rows, rowsEstimated: object.rowsEstimated ?? false } : {}),
            ...(object.bytes !== undefined ? { bytes: object.bytes } : {}),
          };
          if (object.request.kind === 'estimate') {
            if (object.rows !== undefined) blastRadius.push(`${object.request.label}: ~${formatCount(object.rows)} rows (planner estimate)`);
            const share = allRowsShare(object, threshold);
            if (share) {
              allRows.push(share);
              blastRadius.push(`${share.label} touches ${share.rows >= share.tableRows ? 'every row' : `~${share.percent}% of the rows`} of ${share.table} (${formatCount(share.tableRows)} ${share.tableRows === 1 ? 'row' : 'rows'}): at or above ${threshold}%, it empties the table`);
            } else if (object.tableAnalysed === false) {
              unverified.push(`how many rows ${object.request.label} touches: the planner has no statistics for ${object.id} (never analysed)`);
            }
          } else if (i >= 0) targets[i] = measured;
          else targets.push(measured);
          blastRadius.push(...object.facts);
        }
      }
    } finally {
      spinner.stop();
    }
  }

  if (targets.length === 0 && dangerous) {
    const first = subject.connections.findIndex((o) => 'connection' in o);
    const outcome = subject.connections[first];
    if (outcome && 'connection' in outcome) targets.push(subject.fallbackTarget(outcome.connection));
  }
  return {
    environment,
    targets,
    blastRadius,
    credential: null,
    recovery: recoveryOf(classification.hits, classification.risk),
    unverified,
    notes,
    allRows,
  };
}

/** Pure: the all-rows finding for a measured estimate, when it reaches the policy's share of a non-empty table. */
export function allRowsShare(object: InspectedObject, thresholdPercent: number): AllRowsFinding | null {
  if (object.request.kind !== 'estimate' || object.rows === undefined || object.tableRows === undefined || object.tableRows <= 0) return null;
  const rows = Math.min(object.rows, object.tableRows);
  const percent = Math.floor((rows / object.tableRows) * 100);
  if ((rows / object.tableRows) * 100 < thresholdPercent) return null;
  return { label: object.request.label, ...(object.request.origin ? { origin: object.request.origin } : {}), table: object.id, rows, tableRows: object.tableRows, percent };
}

function requestKind(request: InspectRequest): string {
  return request.kind === 'estimate' ? 'statement' : request.kind;
}

function requestName(request: InspectRequest): string {
  switch (request.kind) {
    case 'column':
      return `${request.table}.${request.column}`;
    case 'estimate':
      return request.label;
    default:
      return request.name;
  }
}
