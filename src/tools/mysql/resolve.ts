// Resolve stage of the MySQL family: the connection's environment, targets, and the live blast radius.
import { offlineCause, type Context } from '../../core/context.js';
import { connectionEnvironment, type MatchFamily } from '../../core/connection-environment.js';
import { formatBytes, formatCount } from '../../core/report.js';
import { isDangerous } from '../../core/risk.js';
import type { MysqlMatch } from '../../config/types.js';
import type { EnvironmentFacts, RuleHit, Target } from '../../core/types.js';
import type { Classification, Resolution } from '../tool.js';
import { describeMysqlConnection, type MysqlConnection } from './connection.js';
import { globMatches } from '../../config/glob.js';

export interface MysqlSubject {
  readonly connection: MysqlConnection;
  readonly hits: readonly RuleHit[];
  readonly notes: readonly string[];
}

export function mysqlEnvironment(connection: MysqlConnection, config: Context['config']): EnvironmentFacts {
  const family: MatchFamily<MysqlMatch> = {
    key: 'mysql',
    matches: (rule) =>
      (rule.host === undefined || globMatches(rule.host, connection.host)) &&
      (rule.port === undefined || (!connection.isSocket && rule.port === connection.port)) &&
      (rule.database === undefined || globMatches(rule.database, connection.database ?? '')) &&
      (rule.user === undefined || globMatches(rule.user, connection.user)),
  };
  return connectionEnvironment({ host: connection.host, isSocket: connection.isSocket, database: connection.database }, family, config);
}

const shortName = (name: string) => name.slice(name.lastIndexOf('.') + 1).replace(/`/g, '');

export async function resolveMysql(subject: MysqlSubject, classification: Classification, ctx: Context): Promise<Resolution> {
  const { connection } = subject;
  const environment = mysqlEnvironment(connection, ctx.config);
  const dangerous = isDangerous(classification.risk);
  const notes = [...subject.notes];
  const unverified: string[] = [];
  const blastRadius: string[] = [];
  const targets: Target[] = [];
  const tables = new Set<string>();
  const databases = new Set<string>();
  const ranked = [...subject.hits].sort((a, b) => (b.rule.risk === 'destructive' ? 1 : 0) - (a.rule.risk === 'destructive' ? 1 : 0));
  for (const hit of ranked) {
    if (hit.rule.risk !== 'destructive' && hit.rule.risk !== 'unknown') continue;
    for (const object of hit.objects ?? []) {
      if (!targets.some((t) => t.id === object.name && t.kind === object.kind)) targets.push({ kind: object.kind, id: object.name, name: shortName(object.name), environment: environment.name });
      if (object.kind === 'table') tables.add(object.name);
      if (object.kind === 'database') databases.add(object.name);
      if (object.kind === 'column') tables.add(object.name.slice(0, object.name.lastIndexOf('.')));
    }
  }
  if (classification.risk !== 'read' && classification.risk !== 'none') blastRadius.push(`connects to ${describeMysqlConnection(connection)}`);
  if (connection.passwordSource) notes.push(`password: ${connection.passwordSource} (never shown)`);

  if (dangerous && (tables.size > 0 || databases.size > 0)) {
    if (ctx.offline) blastRadius.push(`not measured: ${offlineCause(ctx)} skips the live look-ups`);
    else {
      const spinner = ctx.spinner('guard: measuring the blast radius…');
      try {
        const { inspectMysql } = await import('./live.js');
        const live = await inspectMysql(connection, { tables: [...tables], databases: [...databases] }, ctx);
        unverified.push(...live.unverified);
        for (const table of live.tables) {
          const id = `${table.schema}.${table.name}`;
          const index = targets.findIndex((t) => t.kind === 'table' && (t.id === id || `${connection.database}.${t.id}` === id));
          const measured: Target = { kind: 'table', id, name: table.name, environment: environment.name, rows: table.rows, rowsEstimated: table.rowsEstimated, bytes: table.dataBytes + table.indexBytes };
          if (index >= 0) targets[index] = measured;
          else targets.push(measured);
          blastRadius.push(
            `${table.rowsEstimated ? '~' : ''}${formatCount(table.rows)} rows (${table.rowsEstimated ? `estimate from information_schema, ${table.engine}` : 'exact count'}) and ${formatBytes(table.dataBytes)} data + ${formatBytes(table.indexBytes)} indexes in ${id}`,
          );
          if (table.referencedBy.length > 0) blastRadius.push(`${table.referencedBy.length} foreign key${table.referencedBy.length === 1 ? ' references' : 's reference'} ${id}: ${table.referencedBy.join(', ')}`);
          if (table.views.length > 0) blastRadius.push(`views that use ${id}: ${table.views.join(', ')}`);
          if (table.triggers.length > 0) blastRadius.push(`triggers on ${id} go with it: ${table.triggers.join(', ')}`);
        }
        for (const missing of live.missingTables) blastRadius.push(`${missing}: no such table on the server now`);
        for (const db of live.databases) {
          if (!db.exists) {
            blastRadius.push(`database ${db.name}: does not exist on the server now`);
            continue;
          }
          const index = targets.findIndex((t) => t.kind === 'database' && t.id === db.name);
          const measured: Target = { kind: 'database', id: db.name, name: db.name, environment: environment.name, rows: db.rows, rowsEstimated: true, bytes: db.bytes };
          if (index >= 0) targets[index] = measured;
          blastRadius.push(
            `DROP DATABASE ${db.name} removes ${db.tables} table${db.tables === 1 ? '' : 's'} (~${formatCount(db.rows)} rows, estimate; ${formatBytes(db.bytes)}), ${db.views} view${db.views === 1 ? '' : 's'}, ${db.routines} routine${db.routines === 1 ? '' : 's'}, ${db.triggers} trigger${db.triggers === 1 ? '' : 's'}, ${db.events} event${db.events === 1 ? '' : 's'}`,
          );
          if (db.referencedFromOutside.length > 0) blastRadius.push(`foreign keys from other databases point into ${db.name}: ${db.referencedFromOutside.join(', ')}`);
        }
      } catch (error) {
        unverified.push(`live look-up on ${describeMysqlConnection(connection)}: ${(error as Error).message}`);
      } finally {
        spinner.stop();
      }
    }
  }
  if (targets.length === 0 && dangerous) {
    const name = connection.database ?? connection.host;
    targets.push({ kind: connection.database ? 'database' : 'server', id: name, name: shortName(name), environment: environment.name });
  }
  const recovery = classification.hits.find((h) => h.rule.risk === classification.risk && h.rule.recovery)?.rule.recovery ?? null;
  return { environment, targets, blastRadius, credential: null, recovery, unverified, notes };
}
