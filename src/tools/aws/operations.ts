// Looks up an aws operation in the generated table: by CLI names (`s3api delete-bucket`) or by API names (`s3`, `DeleteBucket`).
import type { Risk } from '../../core/risk.js';
import { reasonFor, xformName } from './operation-risk.js';
import { CLI_SERVICE_ALIASES, CLI_SERVICE_RENAMES, OPERATIONS } from './operations.generated.js';
import { OPERATION_OVERRIDES } from './overrides.js';

export interface OperationEntry {
  /** botocore's service name (`s3`, `rds`). */
  readonly service: string;
  /** The API name (`DeleteBucket`). */
  readonly operation: string;
  readonly risk: Risk;
  /** The CLI option naming what a destructive operation acts on (`bucket`). */
  readonly identifier: string | null;
  /** The input has DryRun: `--dry-run` makes it check permissions only. */
  readonly dryRun: boolean;
}

const RISK_OF_MARK: Readonly<Record<string, Risk>> = { '+': 'write', '!': 'destructive', '?': 'unknown' };

function decode(service: string, token: string): OperationEntry {
  let end = 0;
  while (end < token.length && !'+!?^'.includes(token[end] ?? '')) end++;
  const mark = token[end] ?? '';
  const dryRun = token.endsWith('^');
  const tail = token.slice(end + 1, dryRun ? -1 : undefined);
  return { service, operation: token.slice(0, end), risk: RISK_OF_MARK[mark] ?? 'read', identifier: mark === '!' && tail ? tail : null, dryRun };
}

/** Parsed per service on first use: one command touches one service. */
const cache = new Map<string, readonly OperationEntry[]>();

function operationsOf(service: string): readonly OperationEntry[] | null {
  const cached = cache.get(service);
  if (cached) return cached;
  const encoded = Object.hasOwn(OPERATIONS, service) ? OPERATIONS[service] : undefined;
  if (encoded === undefined) return null;
  const entries = encoded.split(' ').map((token) => decode(service, token));
  cache.set(service, entries);
  return entries;
}

const SERVICE_OF_COMMAND: ReadonlyMap<string, string> = new Map(Object.entries(CLI_SERVICE_RENAMES).map(([service, command]) => [command, service]));

/** The botocore service behind an aws CLI command (`s3api` → s3), or null (`s3`, `configure`: the CLI's own commands). */
export function serviceOfCommand(command: string): string | null {
  const renamed = SERVICE_OF_COMMAND.get(command) ?? (Object.hasOwn(CLI_SERVICE_ALIASES, command) ? CLI_SERVICE_ALIASES[command] : undefined);
  if (renamed) return renamed;
  if (Object.hasOwn(CLI_SERVICE_RENAMES, command)) return null; // `s3` is the high-level command set, not the s3 API
  return Object.hasOwn(OPERATIONS, command) ? command : null;
}

/** `delete-db-instance` in rds → its entry, matching names as the CLI builds them (xform_name). */
export function findCliOperation(service: string, cliName: string): OperationEntry | null {
  // xform_name only inserts dashes and lower-cases: compare letters first, then confirm with the real transform.
  const letters = cliName.replaceAll('-', '');
  return operationsOf(service)?.find((entry) => entry.operation.length === letters.length && entry.operation.toLowerCase() === letters && xformName(entry.operation) === cliName) ?? null;
}

export function findOperation(service: string, operation: string): OperationEntry | null {
  return operationsOf(service)?.find((entry) => entry.operation === operation) ?? null;
}

/** The generic rule id for an operation's derived risk. */
export function genericRuleId(risk: Risk): string {
  return risk === 'destructive' ? 'aws/destructive-operation' : risk === 'unknown' ? 'aws/unknown-operation' : risk === 'write' ? 'aws/write-operation' : 'aws/read-operation';
}

/**
 * For other families reading AWS SDK / boto3 calls in code: the risk of `service` (botocore's name,
 * `s3`, `rds`, `dynamodb`) and `operation` (the API name, `DeleteBucket`), with the rule id guard
 * reports for it and why; null when the installed models know no such operation.
 */
export function awsOperationRisk(service: string, operation: string): { readonly risk: Risk; readonly ruleId: string; readonly reason: string } | null {
  const entry = findOperation(service, operation);
  if (!entry) return null;
  const override = OPERATION_OVERRIDES[`${service}/${operation}`];
  if (override) return { risk: override.risk, ruleId: override.ruleId, reason: override.reason };
  return { risk: entry.risk, ruleId: genericRuleId(entry.risk), reason: `${operation}: ${reasonFor(service, operation, entry.risk)}` };
}
