// Parse stage for aws: what the command is (s3 command, API operation, CLI customization) and the parameters it reads from files.
import type { Context } from '../../core/context.js';
import { matchOption, parseAwsArgs, splitCommandLine, type AwsArgs, type AwsOption } from './argv.js';
import { xformName } from './operation-risk.js';
import { findCliOperation, serviceOfCommand, type OperationEntry } from './operations.js';
import { parseS3Command, type S3Command } from './s3-grammar.js';

/**
 * Commands the aws CLI adds beyond the service models (awscli/customizations/, aws-cli 1.45.11),
 * for the services where people use them; any other customization is unknown.
 */
const CUSTOM_COMMANDS: Readonly<Record<string, 'read' | 'write'>> = {
  'cloudformation deploy': 'write',
  'cloudformation package': 'write',
  'codeartifact login': 'write',
  'deploy push': 'write',
  'ecr get-login-password': 'read',
  'eks get-token': 'read',
  'eks update-kubeconfig': 'write',
  'logs tail': 'read',
  'rds generate-db-auth-token': 'read',
};

export type AwsCommand =
  | { readonly kind: 'info'; readonly what: string }
  | { readonly kind: 's3'; readonly s3: S3Command }
  | { readonly kind: 'configure'; readonly sub: string | null }
  | { readonly kind: 'custom'; readonly name: string; readonly risk: 'read' | 'write' }
  | { readonly kind: 'api'; readonly command: string; readonly cliName: string; readonly entry: OperationEntry; readonly options: readonly AwsOption[]; readonly input: Readonly<Record<string, unknown>> | null }
  | { readonly kind: 'unknown'; readonly what: string };

export interface ParsedAwsParts {
  readonly args: AwsArgs;
  /** argv with what the shared redactor cannot know masked: s3 customer keys, secrets inside inline JSON. */
  readonly displayArgv?: readonly string[];
  readonly command: AwsCommand;
  /** Parameters read from files or URLs that guard could not see. */
  readonly unreadable: readonly string[];
  /** The botocore service, when the command is one (for endpoints and look-ups). */
  readonly service: string | null;
}

/** The values of one option of an API operation, matched as argparse would (exact, else a unique prefix). */
export function optionValues(options: readonly AwsOption[], name: string): string[] | null {
  const found = options.filter((o) => o.name === name);
  return found.length > 0 ? found.flatMap((o) => o.values) : null;
}

/**
 * Whether a dangerous flag is set. guard does not hold every operation's argument table, so any
 * prefix of the flag counts (argparse would take a unique one; a non-unique one makes the CLI fail).
 */
export function dangerousFlag(options: readonly AwsOption[], name: string): boolean {
  return options.some((o) => o.name.length > 0 && name.startsWith(o.name));
}

async function readParameter(value: string, ctx: Context, unreadable: string[], what: string): Promise<string | null> {
  const local = value.startsWith('file://') ? value.slice(7) : value.startsWith('fileb://') ? value.slice(8) : null;
  if (local === null) {
    // aws CLI v1 follows http(s):// parameter values (cli_follow_urlparam, on by default): guard does not fetch them.
    if (value.startsWith('http://') || value.startsWith('https://')) unreadable.push(`${what} is fetched from ${value}, which guard does not read`);
    return null;
  }
  const path = local.startsWith('~/') ? `${ctx.home}${local.slice(1)}` : local.startsWith('/') ? local : `${ctx.cwd}/${local}`;
  try {
    return (await ctx.readFile(path)).toString('utf8');
  } catch (error) {
    unreadable.push(`${what}: cannot read ${local} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return null;
  }
}

async function readInputs(options: readonly AwsOption[], ctx: Context, unreadable: string[]): Promise<Record<string, unknown> | null> {
  let input: Record<string, unknown> | null = null;
  for (const option of options) {
    for (const value of option.values) {
      const text = await readParameter(value, ctx, unreadable, `--${option.name}`);
      if (option.name !== 'cli-input-json') continue;
      const json = text ?? (value.startsWith('file://') || value.startsWith('fileb://') || value.startsWith('http') ? null : value);
      if (json === null) continue;
      try {
        const parsed: unknown = JSON.parse(json);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) input = { ...(input ?? {}), ...(parsed as Record<string, unknown>) };
        else unreadable.push('--cli-input-json is not a JSON object');
      } catch {
        unreadable.push('--cli-input-json is not valid JSON (the CLI refuses it)');
      }
    }
    // aws CLI v1 has no --cli-input-yaml (v2 does): guard does not read YAML input.
    if (option.name === 'cli-input-yaml') unreadable.push('--cli-input-yaml: guard does not read YAML input');
  }
  return input;
}

function apiCommand(args: AwsArgs, positionals: readonly string[], options: readonly AwsOption[]): AwsCommand {
  const [command = '', operation = ''] = positionals;
  const service = serviceOfCommand(command);
  if (!service) return { kind: 'unknown', what: `aws ${command}: not a command of the installed aws CLI guard knows` };
  if (!operation) return { kind: 'unknown', what: `aws ${command} without an operation` };
  if (operation === 'help' || operation === 'wait') return { kind: 'info', what: `aws ${command} ${operation}` };
  const entry = findCliOperation(service, operation);
  const custom = CUSTOM_COMMANDS[`${command} ${operation}`];
  if (!entry) return custom ? { kind: 'custom', name: `${command} ${operation}`, risk: custom } : { kind: 'unknown', what: `aws ${command} ${operation}: not an operation of ${service} in the models guard was built from` };
  if (positionals.length === 3 && positionals[2] === 'help' && options.length === 0) return { kind: 'info', what: `aws ${command} ${operation} help` };
  if (options.some((o) => o.name === 'generate-cli-skeleton')) return { kind: 'info', what: `aws ${command} ${operation} --generate-cli-skeleton` };
  if (args.globals.version === true) return { kind: 'info', what: 'aws --version' };
  return { kind: 'api', command, cliName: operation, entry, options, input: null };
}

/** Options whose value is key material the shared redactor does not recognise by name. */
const KEY_OPTIONS = new Set(['--sse-c-key', '--sse-c-copy-source-key']);
const SECRET_WORDS = ['password', 'secret', 'token', 'privatekey', 'credentials'];

function secretJson(value: string): boolean {
  const lower = value.toLowerCase();
  return (value.trimStart().startsWith('{') || value.trimStart().startsWith('[')) && SECRET_WORDS.some((word) => lower.includes(word));
}

/** argv as reports show it: the program name stays, key material and JSON that names secrets are masked. */
function displayArgvOf(argv: readonly string[]): string[] {
  const out = ['aws'];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    if (KEY_OPTIONS.has(name)) {
      out.push(eq === -1 ? token : `${name}=***`);
      if (eq === -1 && i + 1 < argv.length) {
        out.push('***');
        i++;
      }
      continue;
    }
    out.push(secretJson(token) ? '***' : eq !== -1 && secretJson(token.slice(eq + 1)) ? `${name}=***` : token);
  }
  return out;
}

export async function parseAwsCommand(argv: readonly string[], ctx: Context): Promise<ParsedAwsParts> {
  const parsed = await parseAwsCommandParts(argv, ctx);
  return { ...parsed, displayArgv: displayArgvOf(argv) };
}

async function parseAwsCommandParts(argv: readonly string[], ctx: Context): Promise<Omit<ParsedAwsParts, 'displayArgv'>> {
  const args = parseAwsArgs(argv);
  const unreadable: string[] = [];
  const first = args.rest.find((token) => !token.startsWith('-'));
  if (args.globals.version === true) return { args, command: { kind: 'info', what: 'aws --version' }, unreadable, service: null };
  if (first === undefined) return { args, command: args.rest.length === 0 ? { kind: 'info', what: 'aws (usage)' } : { kind: 'unknown', what: 'no command' }, unreadable, service: null };
  if (first === 'help') return { args, command: { kind: 'info', what: 'aws help' }, unreadable, service: null };
  if (first === 's3') {
    const positionals = args.rest.filter((token) => !token.startsWith('-'));
    const sub = positionals[1] ?? '';
    if (sub === '' || sub === 'help') return { args, command: sub === 'help' ? { kind: 'info', what: 'aws s3 help' } : { kind: 'unknown', what: 'aws s3 without a command' }, unreadable, service: 's3' };
    return { args, command: { kind: 's3', s3: parseS3Command(sub, args.rest) }, unreadable, service: 's3' };
  }
  const line = splitCommandLine(args.rest);
  if (first === 'configure' || first === 'history') {
    const sub = line.positionals[1] ?? null;
    if (first === 'history') return { args, command: { kind: 'info', what: `aws history ${sub ?? ''}`.trim() }, unreadable, service: null };
    return { args, command: { kind: 'configure', sub }, unreadable, service: null };
  }
  const command = apiCommand(args, [...line.positionals, ...line.afterDash], line.options);
  if (command.kind !== 'api') return { args, command, unreadable, service: serviceOfCommand(first) };
  // Only calls that change something need their file parameters read: a read stays a read whatever they say.
  const input = command.entry.risk === 'read' ? null : await readInputs(line.options, ctx, unreadable);
  return { args, command: { ...command, input }, unreadable, service: command.entry.service };
}

/** A value from the command line, else from --cli-input-json (whose keys are the API's member names). */
export function parameterValues(command: Extract<AwsCommand, { kind: 'api' }>, cliOption: string): string[] {
  const fromLine = optionValues(command.options, cliOption) ?? command.options.filter((o) => matchOption(o.name, [cliOption]) !== null && o.name.length >= 3).flatMap((o) => o.values);
  if (fromLine.length > 0) return fromLine;
  if (!command.input) return [];
  for (const [key, value] of Object.entries(command.input)) {
    if (xformName(key) !== cliOption) continue;
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  }
  return [];
}

/** A boolean API member set on the command line (`--skip-final-snapshot`) or to true in --cli-input-json. */
export function booleanParameter(command: Extract<AwsCommand, { kind: 'api' }>, cliOption: string, member: string): boolean {
  if (command.options.some((o) => o.name === `no-${cliOption}`) && !dangerousFlag(command.options.filter((o) => o.name !== `no-${cliOption}`), cliOption)) return false;
  if (dangerousFlag(command.options, cliOption)) return true;
  return command.input?.[member] === true;
}
