// Resolve stage for heroku: the app → environment; add-ons, database size and tables, backups from the API.
import { plural } from '../../core/report.js';
import { offlineCause, type Context } from '../../core/context.js';
import { isDangerous } from '../../core/risk.js';
import type { Target } from '../../core/types.js';
import type { Classification, Resolution } from '../tool.js';
import { HerokuApi, herokuEndpoints, herokuToken, type HerokuAddon } from './api.js';
import { herokuEnvironment, resolveHerokuApp } from './app.js';
import type { ParsedHerokuInvocation } from './heroku-tool.js';
import { herokuFlag } from './parser.js';

const DATABASE_RULES = new Set(['pg-reset', 'pg-overwrite', 'pg-killall', 'pg-psql-sql', 'pg-psql-interactive', 'pg-backups-delete']);

/** The add-on a database argument names: a config var (`DATABASE_URL`, `HEROKU_POSTGRESQL_RED`), an add-on name, or `APP::DB`. */
function addonFor(name: string, addons: readonly HerokuAddon[]): HerokuAddon | undefined {
  const bare = name.includes('::') ? name.slice(name.indexOf('::') + 2) : name;
  return addons.find((a) => a.name === bare || a.configVars.includes(bare) || a.configVars.includes(`${bare}_URL`));
}

export async function resolveHeroku(parsed: ParsedHerokuInvocation, classification: Classification, ctx: Context): Promise<Resolution> {
  const { command, key } = parsed;
  // apps:destroy takes the app as its argument too.
  const named = key === 'apps-destroy' ? command.args[0] : undefined;
  const resolved = await resolveHerokuApp({ app: herokuFlag(command, 'app') ?? named, remote: herokuFlag(command, 'remote') }, ctx);
  const environment = herokuEnvironment(resolved, ctx.config);
  const unverified = [...resolved.problems];
  const notes: string[] = [];
  if (!isDangerous(classification.risk)) return { environment, targets: [], blastRadius: [], credential: null, recovery: null, unverified, notes };
  if (herokuFlag(command, 'confirm') !== undefined || ctx.env.HEROKU_FORCE) notes.push('--confirm and HEROKU_FORCE answer the heroku CLI\'s own prompt; guard still asks for its phrase.');
  const app = resolved.app ?? 'unknown-app';
  const objects = classification.hits.flatMap((h) => h.objects ?? []).filter((o) => o.kind !== 'table' && o.kind !== 'schema');
  let targets: Target[] = (objects.length > 0 ? objects : [{ kind: 'app', name: app }]).map((o) => ({ kind: o.kind, id: `${app}/${o.name}`, name: o.kind === 'app' ? app : o.name, environment: environment.name, app }));
  const blastRadius = [`app ${app} (${resolved.source})`];
  const recovery = classification.hits.find((h) => h.rule.recovery)?.rule.recovery ?? null;
  if (ctx.offline || !resolved.app) {
    if (ctx.offline) blastRadius.push(`not measured: ${offlineCause(ctx)}`);
    return { environment, targets, blastRadius, credential: null, recovery, unverified, notes };
  }
  const endpoints = herokuEndpoints(ctx.env);
  const token = await herokuToken(ctx, endpoints.api);
  if (!token) {
    unverified.push('no Heroku credential (HEROKU_API_KEY or `heroku login`): the app\'s add-ons and databases were not read');
    return { environment, targets, blastRadius, credential: null, recovery, unverified, notes };
  }
  const credential = { kind: 'heroku-api-key', source: token.source, reach: 'every app the account can reach (Heroku API keys are not scoped to an app)' };
  const spinner = ctx.spinner('guard: asking the Heroku API');
  try {
    const api = new HerokuApi(ctx, endpoints, token.token);
    const facts = await api.app(app);
    if (!facts) {
      unverified.push(`heroku app ${app} was not found with this credential`);
      return { environment, targets, blastRadius, credential, recovery, unverified, notes };
    }
    blastRadius[0] = `app ${facts.name}${facts.region ? ` in ${facts.region}` : ''}${facts.owner ? `, owned by ${facts.owner}` : ''} (${resolved.source})`;
    const addons = await api.addons(app);
    let reached: HerokuAddon[] = [];
    if (key === 'apps-destroy') {
      reached = addons;
      if (addons.length > 0) blastRadius.push(`deletes ${plural(addons.length, 'add-on')} with it: ${addons.map((a) => `${a.name} (${a.service} ${a.plan})`).join(', ')}`);
    } else if (key === 'addons-destroy') {
      reached = objects.map((o) => addonFor(o.name, addons)).filter((a): a is HerokuAddon => a !== undefined);
    } else if (DATABASE_RULES.has(key)) {
      const name = objects.find((o) => o.kind === 'database')?.name ?? 'DATABASE_URL';
      const addon = addonFor(name, addons);
      if (addon) reached = [addon];
      else unverified.push(`no add-on of ${app} answers to ${name}`);
    }
    for (const addon of reached.filter((a) => a.service === 'heroku-postgresql')) {
      const db = await api.database(addon.id);
      if (db) {
        const info = (field: string) => db.info.get(field);
        blastRadius.push(`${addon.name} (${addon.configVars.join(', ') || 'no config var'}): ${[info('Plan') ? `plan ${info('Plan')}` : `plan ${addon.plan}`, info('Data Size') ? `${info('Data Size')} of data` : null, info('Tables') ? `${info('Tables')} tables` : null, info('Rows') ? `${info('Rows')} rows` : null].filter(Boolean).join(', ')}`);
        if (info('Rollback')) blastRadius.push(`${addon.name} rollback: ${info('Rollback')}`);
      }
      const backups = await api.backups(app, addon.id);
      const schedule = backups.schedules.length > 0 ? `scheduled ${backups.schedules.join('; ')}` : 'no backup schedule';
      const dies = key === 'apps-destroy' || key === 'addons-destroy' ? ' — they are deleted with the app' : '';
      blastRadius.push(`backups: ${backups.count} (newest ${backups.newest ?? 'none'}), ${schedule}${key === 'apps-destroy' ? dies : ''}`);
      targets = targets.map((t) => (t.kind === 'database' || t.kind === 'add-on' ? { ...t, addon: addon.name, plan: addon.plan } : t));
    }
    return { environment, targets, blastRadius, credential, recovery, unverified, notes };
  } catch (error) {
    unverified.push(`Heroku API: ${(error as Error).message}`);
    return { environment, targets, blastRadius, credential, recovery, unverified, notes };
  } finally {
    spinner.stop();
  }
}
