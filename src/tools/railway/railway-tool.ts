// railway under guard: the CLI's argv grammar, its rule table, and the shared Railway resolver.
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { maxRisk } from '../../core/risk.js';
import type { RuleHit } from '../../core/types.js';
import type { SpooledInput } from '../../core/stdin.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { RAILWAY_COMMANDS } from './grammar.js';
import { classifyRailwayDocument, type RailwayDocumentClassification } from './graphql.js';
import type { RailwayOperation, RailwayRequest } from './model.js';
import { flagValue, hasFlag, parseCommand, type ParsedCommand } from './parser.js';
import { operationLabel, resolveRailway } from './resolve.js';
import { railwayRules, type RailwayRuleKey } from './rules.js';

export const RAILWAY_CHECKED_AGAINST = {
  version: 'railway CLI 5.43.1 (railwayapp/cli df3838bf117cfa332d0ea28e9d26405639a98b2b)',
  references: [
    'railwayapp/cli src/main.rs, src/macros.rs (commands and root aliases)',
    'railwayapp/cli src/commands/*.rs (clap derives: subcommands, visible aliases, global flags)',
    'railwayapp/cli src/config.rs (link file shape, RAILWAY_TOKEN / RAILWAY_*_ID precedence)',
    'railwayapp/cli src/client.rs (project-access-token vs Authorization: Bearer)',
    'https://docs.railway.com/reference/volumes (deleted volumes: 48-hour restore window)',
    'https://blog.railway.com/p/how-we-oops-proofed-infrastructure-deletion-on-railway (48-hour grace for projects and volumes)',
  ],
};

export interface ParsedRailway extends ParsedInvocation {
  readonly command: ParsedCommand<RailwayRuleKey>;
  /** For `railway api`: the classified document, or why it could not be read. */
  readonly document: RailwayDocumentClassification | null;
  readonly stdin?: SpooledInput;
  /** A remote shell (`railway connect`, `railway ssh` without a command) with bytes waiting on stdin: it runs them. */
  readonly stdinFeedsShell?: boolean;
}

/** Reads `railway api`'s document and variables the way api.rs does: QUERY, -f PATH|-, or piped stdin. */
async function readApiDocument(command: ParsedCommand, ctx: Context): Promise<{ document: RailwayDocumentClassification; stdin?: SpooledInput }> {
  const unreadable = (problem: string): { document: RailwayDocumentClassification } => ({ document: { risk: 'unknown', operations: [], fields: [], problems: [problem] } });
  let stdin: SpooledInput | undefined;
  const readStdin = async (): Promise<string> => {
    stdin ??= await ctx.stdin.spool();
    const chunks: Buffer[] = [];
    for await (const chunk of stdin.open()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  };
  const readPath = async (path: string): Promise<string> => (path === '-' ? readStdin() : (await ctx.readFile(isAbsolute(path) ? path : resolvePath(ctx.cwd, path))).toString('utf8'));
  try {
    const file = flagValue(command, 'file');
    let query = command.positionals[0];
    if (query === undefined && file !== undefined) query = await readPath(file);
    if (query === undefined) {
      if (ctx.stdin.isTTY) return unreadable('no GraphQL document given');
      query = await readStdin();
    }
    const variables: Record<string, unknown> = {};
    const json = flagValue(command, 'variables');
    if (json !== undefined) Object.assign(variables, JSON.parse(json.startsWith('@') ? await readPath(json.slice(1)) : json) as Record<string, unknown>);
    for (const pair of command.flags.get('var') ?? []) {
      const eq = pair.indexOf('=');
      const raw = pair.slice(eq + 1);
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        // api.rs: "VALUE is parsed as JSON when possible", otherwise it is a string.
      }
      variables[pair.slice(0, eq)] = value;
    }
    for (const pair of command.flags.get('raw-var') ?? []) variables[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    const document = await classifyRailwayDocument(query, variables, flagValue(command, 'operation-name'));
    return { document, ...(stdin ? { stdin } : {}) };
  } catch (error) {
    return { ...unreadable(`could not read the GraphQL document or variables: ${(error as Error).message}`), ...(stdin ? { stdin } : {}) };
  }
}

async function parseRailway(args: readonly string[], ctx: Context): Promise<ParsedRailway> {
  const command = parseCommand(RAILWAY_COMMANDS, args);
  const isExecute = command.path.length === 1 && command.path[0] === 'api' && !command.infoOnly && command.problems.length === 0;
  // `railway run CMD` runs CMD locally with the environment's variables: CMD is assessed too.
  const runs = command.path[0] === 'run' && !command.infoOnly && command.positionals.length > 0;
  if (runs) return { command, document: null, runs: { argv: command.positionals, where: 'railway run' } };
  if (!isExecute) {
    // `echo 'DROP TABLE users' | railway connect`: the shell reads its commands from the pipe. The bytes are
    // spooled (and handed on unchanged) only to learn whether there are any.
    if (readsShellFromStdin(command) && !ctx.stdin.isTTY && !ctx.stdin.closed) {
      const stdin = await ctx.stdin.spool();
      return { command, document: null, stdin, stdinFeedsShell: stdin.size > 0 };
    }
    return { command, document: null };
  }
  const { document, stdin } = await readApiDocument(command, ctx);
  return { command, document, ...(stdin ? { stdin } : {}) };
}

/** `railway connect`, and `railway ssh` (or sandbox shells) without a command, run what they read on stdin. */
function readsShellFromStdin(command: ParsedCommand<RailwayRuleKey>): boolean {
  return command.spec?.action === 'remote-shell' && command.problems.length === 0 && (command.path.join(' ') === 'connect' || command.positionals.length === 0);
}

/** The rule the command path selects, adjusted by the flags that change what it does. */
function ruleKeyOf(parsed: ParsedRailway): RailwayRuleKey {
  const { command } = parsed;
  if (command.problems.length > 0 || !command.spec) return 'bad-arguments';
  if (command.infoOnly) return 'read';
  const path = command.path.join(' ');
  if (path === 'bucket credentials' && hasFlag(command, 'reset')) return 'bucket-credentials-reset';
  if (path === 'variable' && (hasFlag(command, 'set') || hasFlag(command, 'set-from-stdin'))) return 'write';
  if ((path === 'config apply' || path === 'config stage') && hasFlag(command, 'confirm-destructive')) return 'config-apply-destructive';
  if (path === 'agent' && hasFlag(command, 'list')) return 'read';
  if (path === 'code' && command.positionals.includes('--rm')) return 'cloud-agent-delete';
  // `echo 'DROP TABLE users' | railway connect`: the shell reads its commands from the pipe.
  if (parsed.stdinFeedsShell) return 'remote-shell-stdin';
  if (path === 'api' && parsed.document) return parsed.document.problems.length > 0 || parsed.document.risk === 'unknown' ? 'api-unreadable' : parsed.document.risk === 'destructive' ? 'api-mutation' : parsed.document.risk === 'write' ? 'api-write' : 'api-read';
  return command.spec.action;
}

/** What the command asks Railway to do, with its target as written. */
export function railwayOperations(parsed: ParsedRailway, key: RailwayRuleKey): RailwayOperation[] {
  const { command } = parsed;
  const flag = (name: string) => flagValue(command, name);
  switch (key) {
    case 'volume-delete':
      return [{ kind: 'volume-delete', volume: flag('volume') ?? '(chosen at a prompt)' }];
    case 'environment-delete':
      return [{ kind: 'environment-delete', environment: command.positionals[0] ?? '(chosen at a prompt)' }];
    case 'service-delete':
      return [{ kind: 'service-delete', service: flag('service') ?? '(linked service)', ...(flag('environment') ? { environment: flag('environment') } : {}) }];
    case 'project-delete':
      return [{ kind: 'project-delete', ...(flag('project') ? { project: flag('project') } : {}) }];
    case 'down':
      return [{ kind: 'deployment-remove', ...(flag('service') ? { service: flag('service') } : {}) }];
    case 'api-mutation':
    case 'api-write':
    case 'api-read':
    case 'api-unreadable':
      return parsed.document?.operations ?? [];
    default: {
      const rule = railwayRules[key];
      const target = flag('volume') ?? flag('bucket') ?? flag('function') ?? command.positionals[0];
      return rule.risk === 'destructive' || rule.risk === 'unknown' ? [{ kind: 'other', name: `railway ${command.path.join(' ')}`, risk: rule.risk, ...(target ? { target } : {}) }] : [];
    }
  }
}

/** The CLI's -p/-e/-s, wherever in the path they were given. */
export function railwayRequest(parsed: ParsedRailway, key: RailwayRuleKey): RailwayRequest {
  const { command } = parsed;
  const environment = flagValue(command, 'environment');
  const project = flagValue(command, 'project');
  // `railway unlink -s` is a switch, not a service name.
  const service = flagValue(command, 'service') || undefined;
  return {
    operations: railwayOperations(parsed, key),
    flags: { ...(project ? { project } : {}), ...(environment ? { environment } : {}), ...(service ? { service } : {}) },
  };
}

export function classifyRailway(parsed: ParsedRailway): Classification {
  const key = ruleKeyOf(parsed);
  const rule = railwayRules[key];
  const { command } = parsed;
  const words = ['railway', ...command.path].join(' ');
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  if (key === 'bad-arguments') {
    for (const problem of command.problems.length > 0 ? command.problems : ['unrecognised command']) hits.push({ rule, summary: problem });
    unverified.push(...command.problems.map((p) => `railway arguments: ${p}`));
  } else if (parsed.document && key.startsWith('api-')) {
    for (const field of parsed.document.fields) hits.push({ rule: railwayRules[field.risk === 'destructive' ? 'api-mutation' : field.risk === 'write' ? 'api-write' : field.risk === 'read' ? 'api-read' : 'api-unreadable'], summary: field.summary });
    for (const problem of parsed.document.problems) hits.push({ rule: railwayRules['api-unreadable'], summary: problem });
    unverified.push(...parsed.document.problems);
    if (hits.length === 0) hits.push({ rule, summary: 'railway api' });
  } else {
    const operation = railwayOperations(parsed, key)[0];
    const label = operation && operation.kind !== 'other' ? operationLabel(operation) : (operation?.target ?? '');
    hits.push({ rule, summary: `${words} ${label}`.trimEnd(), ...(operation && label ? { objects: [{ kind: operation.kind, name: label }] } : {}) });
  }
  if (key === 'agent-prompt') unverified.push('what Railway\'s agent will do');
  return { risk: maxRisk(...hits.map((h) => h.rule.risk)), hits, unverified };
}

export const railwayTool: Tool<ParsedRailway> = {
  name: 'railway',
  family: 'railway',
  summary: 'Railway CLI',
  rules: railwayRules,
  checkedAgainst: RAILWAY_CHECKED_AGAINST,
  parse: parseRailway,
  classify: classifyRailway,
  async resolve(parsed, classification, ctx): Promise<Resolution> {
    return resolveRailway(railwayRequest(parsed, ruleKeyOf(parsed)), classification, ctx);
  },
  async dispose(parsed) {
    parsed.stdin?.remove();
  },
};
