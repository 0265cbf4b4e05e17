// mysql and mariadb under guard: what the client will execute, classified, resolved and measured.
import type { Context } from '../../core/context.js';
import { maxRisk } from '../../core/risk.js';
import type { SpooledInput } from '../../core/stdin.js';
import type { RuleHit } from '../../core/types.js';
import type { Classification, ParsedInvocation, Tool } from '../tool.js';
import type { ClientAnalysis, ClientInput } from './analyse.js';
import { resolveMysqlConnection, type MysqlConnection } from './connection.js';
import { hasFlag, parseMysqlOptions, type ParsedOption } from './getopt.js';
import { readOptionFiles, type FileOption } from './option-files.js';
import { CLIENT_OPTIONS } from './options.generated.js';
import { mariadbRules, mysqlRules, type ClientRuleKey } from './rules.js';
import { defaultsRequest, redactMysqlArgs, MYSQL_CHECKED_AGAINST, CLIENT_GROUPS, LOGIN_PATH_OPTION } from './shared.js';
import { resolveMysql } from './resolve.js';

export interface ParsedMysqlClient extends ParsedInvocation {
  readonly program: string;
  readonly problems: readonly string[];
  readonly options: readonly ParsedOption[];
  readonly fileOptions: readonly FileOption[];
  readonly optionFiles: readonly string[];
  readonly connection: MysqlConnection;
  readonly analysis: ClientAnalysis | null;
  readonly infoOnly: boolean;
  readonly interactive: boolean;
  readonly safeUpdates: boolean;
}

const CLIENT_GRAMMAR = [...CLIENT_OPTIONS, LOGIN_PATH_OPTION];

async function readStdinText(stdin: SpooledInput): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stdin.open()) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(parts).toString('utf8');
}

async function parseClient(program: string, args: readonly string[], ctx: Context): Promise<ParsedMysqlClient> {
  const parsed = parseMysqlOptions(args, CLIENT_GRAMMAR);
  const problems = [...parsed.problems];
  const request = defaultsRequest(parsed.options);
  const files = await readOptionFiles(request, CLIENT_GROUPS, ctx);
  problems.push(...files.problems);
  if (parsed.positionals.length > 1) problems.push(`more than one database argument: ${parsed.positionals.join(' ')}`);
  const connection = resolveMysqlConnection(parsed.options, files.options, parsed.positionals[0] ?? null, ctx.env);

  const fileValues = (name: string) => files.options.filter((o) => o.name === name && o.value !== null).map((o) => ({ origin: o.origin, text: o.value ?? '' }));
  const cliValues = (name: string, label: string) => parsed.options.filter((o) => o.name === name && o.value !== null).map((o) => ({ origin: label, text: o.value ?? '' }));
  const infoOnly = ['help', 'version', 'print-defaults'].some((name) => hasFlag(parsed.options, name));
  const executes = [...fileValues('execute'), ...cliValues('execute', '-e')];
  let inputs: ClientInput[] = [...fileValues('init-command'), ...cliValues('init-command', '--init-command')];
  let interactive = false;
  let stdin: SpooledInput | undefined;
  if (!infoOnly) {
    if (executes.length > 0) inputs = [...inputs, ...executes];
    else if (ctx.stdin.isTTY) interactive = true;
    else {
      stdin = await ctx.stdin.spool();
      inputs = [...inputs, { origin: 'stdin', text: await readStdinText(stdin) }];
    }
  }
  let analysis: ClientAnalysis | null = null;
  if (inputs.length > 0 && !infoOnly) {
    const { analyseClientInputs } = await import('./analyse.js');
    analysis = await analyseClientInputs(inputs, connection.database, { cwd: ctx.cwd, readFile: (p) => ctx.readFile(p), fileExists: (p) => ctx.fileExists(p) });
  }
  const safeUpdates = hasFlag(parsed.options, 'safe-updates') || files.options.some((o) => o.name === 'safe-updates' || o.name === 'i-am-a-dummy');
  const display = redactMysqlArgs(args, parsed.options);
  return {
    program,
    problems,
    options: parsed.options,
    fileOptions: files.options,
    optionFiles: files.files,
    connection,
    analysis,
    infoOnly,
    interactive,
    safeUpdates,
    ...(stdin ? { stdin } : {}),
    ...(display ? { displayArgv: [program, ...display] } : {}),
  };
}

function classifyClient(rules: typeof mysqlRules, parsed: ParsedMysqlClient): Classification {
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  const hit = (key: ClientRuleKey, summary: string, objects?: RuleHit['objects']) => hits.push({ rule: rules[key], summary, ...(objects && objects.length > 0 ? { objects } : {}) });
  for (const problem of parsed.problems) {
    hit(problem.startsWith('option file') || problem.includes('mylogin') || problem.startsWith('--login-path') ? 'unreadable-input' : 'bad-arguments', problem);
    unverified.push(problem);
  }
  if (parsed.infoOnly) hit('read', `${parsed.program} --help/--version`);
  if (parsed.interactive) hit('interactive-session', `interactive ${parsed.program} session`);
  for (const finding of parsed.analysis?.findings ?? []) {
    hit(finding.rule, `${finding.summary}  (${finding.origin})`, finding.objects);
    if (rules[finding.rule].risk === 'unknown') unverified.push(`${finding.summary} (${finding.origin})`);
  }
  const dangerousHits = hits.filter((h) => h.rule.risk !== 'read');
  if (dangerousHits.length === 0 && parsed.analysis) {
    hits.length = 0;
    hit('read', `${parsed.analysis.statementCount} read-only statement${parsed.analysis.statementCount === 1 ? '' : 's'}`);
  }
  if (hits.length === 0) hit('read', `${parsed.program} without input`);
  return { risk: maxRisk(...hits.map((h) => h.rule.risk)), hits, unverified, interactive: parsed.interactive };
}

/** The analysis with routine calls judged live; null when nothing calls one. A failed look-up leaves them unknown, said. */
async function reviseRoutines(parsed: ParsedMysqlClient, ctx: Context): Promise<{ parsed: ParsedMysqlClient; reasons: string[]; unverified: string[] } | null> {
  const analysis = parsed.analysis;
  if (!analysis || !analysis.findings.some((f) => f.ruleWithoutRoutines !== undefined)) return null;
  const { reviseRoutineFindings } = await import('./live-routines.js');
  try {
    const revised = await reviseRoutineFindings(analysis.findings, parsed.connection, ctx);
    return revised ? { parsed: { ...parsed, analysis: { ...analysis, findings: revised.findings } }, reasons: revised.reasons, unverified: [] } : null;
  } catch (error) {
    return { parsed, reasons: [], unverified: [`stored routines on ${parsed.connection.host}: ${(error as Error).message}`] };
  }
}

/** The analysis with bounded DELETE/UPDATE counted live (an empty-every-row one promoted); null when there is none. */
async function countBounded(parsed: ParsedMysqlClient, ctx: Context): Promise<{ parsed: ParsedMysqlClient; lines: string[]; reasons: string[]; unverified: string[] } | null> {
  const analysis = parsed.analysis;
  if (!analysis || !analysis.findings.some((f) => f.rowCount !== undefined)) return null;
  const { measureBounded } = await import('./live-counts.js');
  const measured = await measureBounded(analysis.findings, parsed.connection, ctx);
  return measured ? { parsed: { ...parsed, analysis: { ...analysis, findings: measured.findings } }, lines: measured.lines, reasons: measured.reasons, unverified: measured.unverified } : null;
}

/** Only the files that gave this program options are worth a line. */
function optionFileNote(options: readonly FileOption[]): string[] {
  const files = [...new Set(options.map((o) => o.origin))];
  return files.length > 0 ? [`options from ${files.join(', ')}`] : [];
}

function clientTool(program: 'mysql' | 'mariadb', rules: typeof mysqlRules): Tool<ParsedMysqlClient> {
  return {
    name: program,
    family: 'mysql',
    summary: program === 'mysql' ? 'MySQL/MariaDB command-line client' : 'MariaDB command-line client',
    rules,
    checkedAgainst: MYSQL_CHECKED_AGAINST,
    parse: (args, ctx) => parseClient(program, args, ctx),
    classify: (parsed) => classifyClient(rules, parsed),
    async resolve(parsed, classification, ctx) {
      // Calls of stored routines are judged by their bodies on the server; bounded DELETE/UPDATE are counted.
      const revision = ctx.offline || !parsed.analysis ? null : await reviseRoutines(parsed, ctx);
      const afterRoutines = revision?.parsed ?? parsed;
      const counted = ctx.offline || !afterRoutines.analysis ? null : await countBounded(afterRoutines, ctx);
      const effective = counted?.parsed ?? afterRoutines;
      const changed = revision !== null || (counted !== null && counted.reasons.length > 0);
      const revised = changed ? classifyClient(rules, effective) : classification;
      const notes = [
        ...(parsed.safeUpdates ? ['--safe-updates is set: noted, not trusted (it stops some UPDATE/DELETE without a key, not DROP or TRUNCATE)'] : []),
        ...optionFileNote(parsed.fileOptions),
      ];
      const resolution = await resolveMysql({ connection: parsed.connection, hits: revised.hits, notes }, revised, ctx);
      const unverified = [...(revision?.unverified ?? []), ...(counted?.unverified ?? []), ...resolution.unverified];
      const measured = { ...resolution, blastRadius: [...resolution.blastRadius, ...(counted?.lines ?? [])], unverified };
      if (!changed) return measured;
      const reasons = [...(revision?.reasons ?? []), ...(counted?.reasons ?? [])];
      return { ...measured, reclassified: { risk: revised.risk, hits: revised.hits, unverified: revised.unverified, reasons } };
    },
    async dispose(parsed) {
      parsed.stdin?.remove();
    },
  };
}

export const mysqlTool = clientTool('mysql', mysqlRules);
export const mariadbTool = clientTool('mariadb', mariadbRules as typeof mysqlRules);
