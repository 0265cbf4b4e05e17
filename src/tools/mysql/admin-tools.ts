// mysqldump/mariadb-dump (reads) and mysqladmin/mariadb-admin (drop, shutdown, kill…) under guard.
import { maxRisk } from '../../core/risk.js';
import type { Rule, RuleHit } from '../../core/types.js';
import type { Classification, ParsedInvocation, Tool } from '../tool.js';
import { resolveMysqlConnection, type MysqlConnection } from './connection.js';
import { hasFlag, parseMysqlOptions, type ParsedOption } from './getopt.js';
import { readOptionFiles } from './option-files.js';
import { ADMIN_COMMANDS, ADMIN_OPTIONS, DUMP_OPTIONS } from './options.generated.js';
import { resolveMysql } from './resolve.js';
import { mariadbAdminRules, mariadbDumpRules, mysqladminRules, mysqldumpRules, type AdminRuleKey, type DumpRuleKey } from './rules.js';
import { ADMIN_GROUPS, defaultsRequest, DUMP_GROUPS, LOGIN_PATH_OPTION, MYSQL_CHECKED_AGAINST, redactMysqlArgs } from './shared.js';

export interface ParsedMysqlProgram extends ParsedInvocation {
  readonly options: readonly ParsedOption[];
  readonly positionals: readonly string[];
  readonly problems: readonly string[];
  readonly connection: MysqlConnection;
}

async function parseProgram(program: string, args: readonly string[], grammar: typeof DUMP_OPTIONS, groups: readonly string[], ctx: Parameters<Tool['parse']>[1]): Promise<ParsedMysqlProgram> {
  const parsed = parseMysqlOptions(args, [...grammar, LOGIN_PATH_OPTION]);
  const files = await readOptionFiles(defaultsRequest(parsed.options), groups, ctx);
  const database = program.endsWith('dump') ? (parsed.positionals[0] ?? null) : null;
  let display = redactMysqlArgs(args, parsed.options);
  // mysqladmin password NEW / old-password NEW: the new password is a secret too.
  if (!program.endsWith('dump')) {
    const out = display ?? [...args];
    const at = out.findIndex((arg) => arg === 'password' || arg === 'old-password');
    if (at >= 0 && at + 1 < out.length) {
      out[at + 1] = '***';
      display = out;
    }
  }
  return {
    options: parsed.options,
    positionals: parsed.positionals,
    problems: [...parsed.problems, ...files.problems],
    connection: resolveMysqlConnection(parsed.options, files.options, database, ctx.env),
    ...(display ? { displayArgv: [program, ...display] } : {}),
  };
}

function classification(hits: RuleHit[], problems: readonly string[]): Classification {
  return { risk: maxRisk(...hits.map((h) => h.rule.risk)), hits, unverified: [...problems] };
}

function dumpTool(name: 'mysqldump' | 'mariadb-dump', rules: Readonly<Record<DumpRuleKey, Rule>>): Tool<ParsedMysqlProgram> {
  return {
    name,
    family: 'mysql',
    summary: 'MySQL/MariaDB logical backup',
    rules,
    checkedAgainst: MYSQL_CHECKED_AGAINST,
    parse: (args, ctx) => parseProgram(name, args, DUMP_OPTIONS, DUMP_GROUPS, ctx),
    classify(parsed) {
      const hits: RuleHit[] = parsed.problems.map((problem) => ({ rule: rules['bad-arguments'], summary: problem }));
      if (hasFlag(parsed.options, 'delete-master-logs')) hits.push({ rule: rules['delete-master-logs'], summary: `${name} --delete-master-logs` });
      if (hits.length === 0) hits.push({ rule: rules.read, summary: `${name} ${parsed.positionals.join(' ')}`.trim() });
      return classification(hits, parsed.problems);
    },
    resolve: (parsed, c, ctx) => resolveMysql({ connection: parsed.connection, hits: c.hits, notes: [] }, c, ctx),
  };
}

const READ_COMMANDS = new Set(['extended-status', 'ping', 'processlist', 'status', 'variables', 'version']);

function adminTool(name: 'mysqladmin' | 'mariadb-admin', rules: Readonly<Record<AdminRuleKey, Rule>>): Tool<ParsedMysqlProgram> {
  return {
    name,
    family: 'mysql',
    summary: 'MySQL/MariaDB server administration',
    rules,
    checkedAgainst: MYSQL_CHECKED_AGAINST,
    parse: (args, ctx) => parseProgram(name, args, ADMIN_OPTIONS, ADMIN_GROUPS, ctx),
    classify(parsed) {
      const hits: RuleHit[] = parsed.problems.map((problem) => ({ rule: rules['bad-arguments'], summary: problem }));
      const words = [...parsed.positionals];
      while (words.length > 0) {
        const typed = (words.shift() ?? '').toLowerCase();
        // "Commands may be shortened": a unique prefix names a command.
        const matches = ADMIN_COMMANDS.filter((c) => c.name === typed || c.name.startsWith(typed));
        const command = matches.find((c) => c.name === typed) ?? (matches.length === 1 ? matches[0] : undefined);
        if (command === undefined) {
          hits.push({ rule: rules['bad-arguments'], summary: `${name} ${typed}: not a command it documents` });
          continue;
        }
        const argument = command.takesArgument && command.name !== 'password' && command.name !== 'old-password' ? words.shift() : command.takesArgument ? (words.shift(), '***') : undefined;
        if (command.name === 'drop') hits.push({ rule: rules['drop-database'], summary: `${name} drop ${argument ?? ''}`.trim(), ...(argument ? { objects: [{ kind: 'database', name: argument }] } : {}) });
        else if (command.name === 'shutdown' || command.name === 'kill') hits.push({ rule: rules.shutdown, summary: `${name} ${command.name} ${argument ?? ''}`.trim() });
        else if (READ_COMMANDS.has(command.name)) hits.push({ rule: rules.read, summary: `${name} ${command.name}` });
        else hits.push({ rule: rules.write, summary: `${name} ${command.name}${argument ? ` ${argument}` : ''}` });
      }
      if (hits.length === 0) hits.push({ rule: rules.read, summary: `${name} without a command (prints its help)` });
      return classification(hits, parsed.problems);
    },
    resolve: (parsed, c, ctx) => resolveMysql({ connection: parsed.connection, hits: c.hits, notes: [] }, c, ctx),
  };
}

export const mysqldumpTool = dumpTool('mysqldump', mysqldumpRules);
export const mariadbDumpTool = dumpTool('mariadb-dump', mariadbDumpRules);
export const mysqladminTool = adminTool('mysqladmin', mysqladminRules);
export const mariadbAdminTool = adminTool('mariadb-admin', mariadbAdminRules);
