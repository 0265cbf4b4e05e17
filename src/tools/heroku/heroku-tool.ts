// heroku under guard: oclif command ids from the CLI's manifest, the app as the CLI resolves it, the Platform API's facts.
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { maxRisk } from '../../core/risk.js';
import type { RuleHit } from '../../core/types.js';
import { analyseEmbeddedSql, type EmbeddedSql } from '../postgres/embedded.js';
import type { Classification, ParsedInvocation, Tool } from '../tool.js';
import { HEROKU_VERSION } from './commands.generated.js';
import { herokuFlag, parseHerokuArgs, type ParsedHeroku } from './parser.js';
import { resolveHeroku } from './resolve.js';
import { HEROKU_COMMAND_RULES, HEROKU_READ_TOPICS, HEROKU_READ_WORDS, herokuRules, type HerokuRuleKey } from './rules.js';

export interface ParsedHerokuInvocation extends ParsedInvocation {
  readonly command: ParsedHeroku;
  readonly key: HerokuRuleKey;
  /** pg:psql's -c/-f SQL, classified by psql's analysis. */
  readonly sql: EmbeddedSql | null;
}

function ruleKeyOf(command: ParsedHeroku): HerokuRuleKey {
  if (command.infoOnly) return 'read';
  if (!command.id || command.problems.length > 0) return 'bad-arguments';
  const ruled = HEROKU_COMMAND_RULES[command.id];
  if (ruled) return ruled;
  const last = command.id.slice(command.id.lastIndexOf(':') + 1);
  if (HEROKU_READ_TOPICS.has(command.id) || HEROKU_READ_WORDS.has(last)) return 'read';
  return 'write';
}

async function parseHeroku(args: readonly string[], ctx: Context): Promise<ParsedHerokuInvocation> {
  const command = parseHerokuArgs(args);
  const key = ruleKeyOf(command);
  if (key === 'run') {
    const inner = [...command.args, ...command.afterDash];
    const app = herokuFlag(command, 'app') ?? ctx.env.HEROKU_APP;
    return { command, key, sql: null, ...(inner.length > 0 ? { runs: { argv: inner, where: `heroku ${command.id ?? 'run'}${app ? ` on ${app}` : ''}`, remote: 'a one-off Heroku dyno' } } : {}) };
  }
  if (key === 'pg-psql') {
    const text = herokuFlag(command, 'command');
    const file = herokuFlag(command, 'file');
    if (text === undefined && file === undefined) return { command, key: 'pg-psql-interactive', sql: null };
    const inputs = [
      ...(text !== undefined ? [{ kind: 'command' as const, text }] : []),
      ...(file !== undefined ? [{ kind: 'file' as const, path: isAbsolute(file) ? file : resolvePath(ctx.cwd, file) }] : []),
    ];
    const sql = await analyseEmbeddedSql(inputs, ctx);
    return { command, key: sql.risk === 'destructive' || sql.risk === 'unknown' ? 'pg-psql-sql' : 'pg-psql', sql };
  }
  return { command, key, sql: null };
}

function objectsOf(parsed: ParsedHerokuInvocation): { kind: string; name: string }[] {
  const { command, key } = parsed;
  const first = command.args[0];
  switch (key) {
    case 'apps-destroy':
      return [{ kind: 'app', name: first ?? herokuFlag(command, 'app') ?? '(resolved app)' }];
    case 'pg-reset':
    case 'pg-killall':
      return [{ kind: 'database', name: (command.id === 'pg:kill' ? command.args[1] : first) ?? 'DATABASE_URL' }];
    case 'pg-overwrite':
      return [{ kind: 'database', name: command.id === 'pg:copy' ? command.args[1] ?? '(target)' : command.id === 'pg:push' ? command.args[1] ?? '(target)' : command.args[1] ?? 'DATABASE_URL' }];
    case 'addons-destroy':
      return command.args.filter((a) => !a.startsWith('-')).map((name) => ({ kind: 'add-on', name }));
    case 'config-unset':
      return command.args.filter((a) => !a.startsWith('-')).map((name) => ({ kind: 'config-var', name }));
    case 'pg-backups-delete':
      return [{ kind: 'backup', name: first ?? '(backup)' }];
    default:
      return first ? [{ kind: command.id ?? 'object', name: first }] : [];
  }
}

function classifyHeroku(parsed: ParsedHerokuInvocation): Classification {
  const { command, key } = parsed;
  const rule = herokuRules[key];
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  const words = `heroku ${command.id ?? command.typed ?? ''}`.trim();
  if (key === 'bad-arguments') {
    for (const problem of command.problems) hits.push({ rule, summary: problem });
    unverified.push(...command.problems.map((p) => `heroku arguments: ${p}`));
  } else {
    const objects = objectsOf(parsed);
    const typed = command.typed ? ` (typed as ${command.typed})` : '';
    hits.push({ rule, summary: `${words} ${objects.map((o) => o.name).join(' ')}`.trimEnd() + typed, ...(objects.length > 0 ? { objects } : {}) });
  }
  if (parsed.sql) {
    hits.push(...parsed.sql.hits);
    unverified.push(...parsed.sql.unverified);
  }
  // --confirm, HEROKU_FORCE and piped answers satisfy the CLI's own prompt; they mean nothing to guard.
  return { risk: maxRisk(rule.risk, ...(parsed.sql ? [parsed.sql.risk] : [])), hits, unverified, ...(key === 'pg-psql-interactive' ? { interactive: true } : {}) };
}

export const herokuTool: Tool<ParsedHerokuInvocation> = {
  name: 'heroku',
  family: 'heroku',
  summary: 'Heroku CLI',
  rules: herokuRules,
  checkedAgainst: {
    version: `heroku ${HEROKU_VERSION} (npm)`,
    references: [
      `heroku ${HEROKU_VERSION} oclif.manifest.json: every command id, alias, hidden alias and flag (src/tools/heroku/commands.generated.ts, npm run gen:heroku)`,
      'heroku 11.10.0 `heroku apps destroy x`: "Unexpected arguments: destroy, x" (the colon id is required; guard reads the space form as the command it spells)',
      '@heroku-cli/command 13.2.0 lib/flags/app.js, lib/git.js, lib/vars.js (app resolution, git remote prefixes, HEROKU_HOST)',
      '@heroku-cli/command 13.2.0 lib/api-client.js (HEROKU_API_KEY, then the netrc entry for api.<host>)',
      '@heroku/heroku-cli-util utils/pg/host.js (HEROKU_DATA_HOST, HEROKU_POSTGRESQL_HOST, api.data.heroku.com)',
      'heroku dist/commands/pg/info.js (/client/v11/databases/{addon id}), lib/pg/backups.js (/client/v11/apps/{app}/transfers)',
      'https://devcenter.heroku.com/articles/platform-api-reference (App, Add-on), https://devcenter.heroku.com/articles/heroku-postgres-rollback',
    ],
  },
  parse: parseHeroku,
  classify: classifyHeroku,
  resolve: resolveHeroku,
};
