// guard's risk for every operation of botocore's service models, derived from its name and input shape (used by the generator).
import type { Risk } from '../../core/risk.js';
import { CLI_NAME_SPECIAL_CASES } from './operations.generated.js';

/**
 * botocore's `xform_name(name, '-')` (botocore/__init__.py), which the aws CLI uses to turn an
 * operation name into its command name (awscli/clidriver.py: ServiceCommand._create_command_table).
 * These expressions run over API names from service models, never over a command line.
 */
const FIRST_CAP = /(.)([A-Z][a-z]+)/g;
const END_CAP = /([a-z0-9])([A-Z])/g;
const SPECIAL_PLURAL = /[A-Z]{2,}s$/;
// Names the two expressions would split wrongly come from botocore's own prepopulated _xform_cache (generated).

export function xformName(name: string): string {
  if (name.includes('-')) return name;
  const special = Object.hasOwn(CLI_NAME_SPECIAL_CASES, name) ? CLI_NAME_SPECIAL_CASES[name] : undefined;
  if (special !== undefined) return special;
  let base = name;
  const plural = SPECIAL_PLURAL.exec(base);
  if (plural) base = `${base.slice(0, -plural[0].length)}-${plural[0].toLowerCase()}`;
  return base.replace(FIRST_CAP, '$1-$2').replace(END_CAP, '$1-$2').toLowerCase();
}

/** `ScheduleKeyDeletion` → Schedule, Key, Deletion (acronyms stay whole: `DBInstance` → DB, Instance). */
export function nameWords(name: string): string[] {
  return xformName(name).split('-').filter(Boolean);
}

/** Verbs whose operations only read (or compute without changing anything stored). */
const READ_VERBS = new Set([
  'analyze', 'calculate', 'carrier', 'check', 'classify', 'compare', 'contains', 'count', 'decode', 'decrypt', 'derive', 'describe', 'detect',
  'discover', 'domain', 'download', 'encrypt', 'estimate', 'evaluate', 'filter', 'forecast', 'geocode', 'get', 'head', 'infer', 'is', 'list',
  'lookup', 'phone', 'predict', 'preview', 'probe', 'query', 're', 'recognize', 'render', 'retrieve', 'scan', 'search', 'select', 'sign',
  'simulate', 'snap', 'suggest', 'synthesize', 'translate', 'validate', 'verify',
]);

/** Verbs whose operations lose data, a resource, an identity or access for good. */
const DESTRUCTIVE_VERBS = new Set([
  'delete', 'deprovision', 'deregister', 'destroy', 'drop', 'empty', 'erase', 'purge', 'release', 'remove', 'reset', 'restore', 'revoke',
  'terminate', 'truncate', 'unregister', 'wipe',
]);

/** Verbs that change state but keep what exists (create, update, attach, start, stop…). */
const WRITE_VERBS = new Set([
  'abort', 'accept', 'allow', 'begin', 'bundle', 'checkpoint', 'compose', 'deliver', 'deny', 'discard', 'dismiss', 'finalize', 'group',
  'insert', 'install', 'label', 'mark', 'meter', 'migrate', 'peer', 'push', 'rebalance', 'receive', 'recall', 'redrive', 'reorder',
  'rescore', 'reserve', 'resize', 'resync', 'return', 'setup', 'share', 'shutdown', 'snooze', 'split', 'swap', 'sync', 'take',
  'ungroup', 'unlabel', 'unmonitor', 'unpeer', 'vote', 'acknowledge', 'activate', 'add', 'advertise', 'allocate', 'apply', 'approve', 'archive', 'assign', 'associate',
  'assume', 'attach', 'authorize', 'build', 'cancel', 'change', 'channel', 'chat', 'checkout', 'claim', 'clear', 'clone', 'close',
  'commit', 'complete', 'configure', 'confirm', 'connect', 'continue', 'converse', 'copy', 'create', 'deactivate', 'deauthorize',
  'decline', 'decrease', 'define', 'deploy', 'deprecate', 'detach', 'disable', 'disassociate', 'disconnect', 'dissociate', 'distribute',
  'enable', 'end', 'enter', 'exchange', 'exit', 'expire', 'export', 'extend', 'failover', 'flush', 'generate', 'grant', 'import',
  'increase', 'index', 'ingest', 'initialize', 'initiate', 'invalidate', 'invite', 'invoke', 'issue', 'join', 'launch', 'lock',
  'logout', 'manage', 'merge', 'modify', 'monitor', 'move', 'notify', 'open', 'opt', 'optimize', 'override', 'pause', 'poll',
  'populate', 'post', 'prepare', 'process', 'promote', 'provide', 'provision', 'publish', 'purchase', 'put', 'reboot', 'rebuild',
  'record', 'redact', 'refresh', 'regenerate', 'register', 'reimport', 'reject', 'reload', 'rename', 'renew', 'replace', 'replicate', 'report',
  'request', 'rerank', 'resend', 'resolve', 'respond', 'restart', 'resume', 'retry', 'reverse', 'rollback', 'rotate', 'run', 'save',
  'schedule', 'send', 'set', 'signal', 'start', 'stop', 'submit', 'subscribe', 'suspend', 'switchover', 'synchronize', 'tag', 'test',
  'transact', 'transfer', 'unarchive', 'unassign', 'undeprecate', 'unlink', 'unlock', 'unshare', 'unsubscribe', 'untag', 'update',
  'upgrade', 'upload', 'withdraw', 'write',
]);

/** Leading words that qualify the verb after them: `BatchDeleteItem`, `AdminDeleteUser`, `ForceDeleteX`. */
const QUALIFIERS = new Set(['batch', 'admin', 'force']);

const TAG_WORDS = new Set(['tag', 'tags', 'tagging']);

/** Nouns that turn a scheduling verb into a deletion: `ScheduleKeyDeletion`, `StartDeletion`. */
const DELETION_NOUNS = new Set(['deletion', 'delete', 'termination']);
const SCHEDULING_VERBS = new Set(['schedule', 'start', 'initiate', 'request', 'submit']);

/**
 * Operations whose name says too little: each one runs or deletes what its payload says (SQL,
 * PartiQL, shell commands), which guard does not read. Keys are `service/Operation`.
 */
const PAYLOAD_OPERATIONS: Readonly<Record<string, string>> = {
  'athena/StartQueryExecution': 'runs the SQL it is given (DROP TABLE included)',
  'dynamodb/BatchExecuteStatement': 'runs the PartiQL it is given (DELETE included)',
  'dynamodb/ExecuteStatement': 'runs the PartiQL it is given (DELETE included)',
  'dynamodb/ExecuteTransaction': 'runs the PartiQL it is given (DELETE included)',
  'dynamodb/BatchWriteItem': 'its request items may be DeleteRequests',
  'dynamodb/TransactWriteItems': 'its items may be Deletes',
  'rds-data/BatchExecuteStatement': 'runs the SQL it is given',
  'rds-data/ExecuteStatement': 'runs the SQL it is given',
  'rds-data/ExecuteSql': 'runs the SQL it is given',
  'redshift-data/BatchExecuteStatement': 'runs the SQL it is given',
  'redshift-data/ExecuteStatement': 'runs the SQL it is given',
  'ssm/SendCommand': 'runs shell commands on the instances it names',
  'ssm/StartSession': 'opens a shell on an instance',
  's3/DeleteObjects': 'deletes every key listed in its payload',
};

/** Operations whose verb hides a loss of data. */
const DESTRUCTIVE_OPERATIONS: Readonly<Record<string, string>> = {
  'neptune-graph/ResetGraph': 'erases every node and edge of the graph',
  'neptunedata/ExecuteFastReset': 'erases every vertex and edge of the cluster',
  'rds/BacktrackDBCluster': 'rewinds the cluster: changes after the backtrack time are lost',
  'codeartifact/DisposePackageVersions': 'deletes the assets of the package versions',
};

export interface OperationShape {
  readonly name: string;
  /** Input members, in model order, with whether they are required and their shape type. */
  readonly members: readonly { readonly name: string; readonly required: boolean; readonly type: string }[];
}

export interface DerivedOperation {
  readonly name: string;
  readonly risk: Risk;
  /** Why, in a phrase: `name starts with Delete`. */
  readonly because: string;
  /** The CLI option that names what a destructive operation acts on (`bucket`, `db-instance-identifier`). */
  readonly identifier?: string;
  /** The input has a DryRun boolean (`--dry-run` makes the CLI only check permissions). */
  readonly dryRun?: boolean;
}

/** Members whose value names the thing acted on, most specific first. */
const IDENTIFIER_SUFFIXES = ['Identifier', 'Bucket', 'Name', 'Id', 'Ids', 'Arn', 'Key', 'Names'];

function identifierOf(shape: OperationShape): string | undefined {
  const required = shape.members.filter((m) => m.required && (m.type === 'string' || m.type === 'list'));
  for (const suffix of IDENTIFIER_SUFFIXES) {
    const found = required.find((m) => m.name.endsWith(suffix));
    if (found) return xformName(found.name);
  }
  return required[0] ? xformName(required[0].name) : undefined;
}

/** A Restore that builds a new resource (`RestoreDBInstanceFromDBSnapshot`, a `TargetTableName`) leaves the old one alone. */
function restoresIntoNew(shape: OperationShape, words: readonly string[]): boolean {
  if (words.includes('from') || words.includes('to')) return true;
  return shape.members.some((m) => m.name.startsWith('Target') || m.name.startsWith('New'));
}

export function deriveOperation(service: string, shape: OperationShape): DerivedOperation {
  const words = nameWords(shape.name);
  const dryRun = shape.members.some((m) => m.name === 'DryRun' && m.type === 'boolean');
  const extra = { ...(dryRun ? { dryRun } : {}) };
  const payload = PAYLOAD_OPERATIONS[`${service}/${shape.name}`];
  if (payload) return { name: shape.name, risk: 'unknown', because: payload, ...extra };
  const lost = DESTRUCTIVE_OPERATIONS[`${service}/${shape.name}`];
  if (lost) {
    const identifier = identifierOf(shape);
    return { name: shape.name, risk: 'destructive', because: lost, ...(identifier ? { identifier } : {}), ...extra };
  }
  let index = 0;
  while (index < words.length - 1 && QUALIFIERS.has(words[index] ?? '')) index++;
  const verb = words[index] ?? '';
  const destructive = (because: string): DerivedOperation => {
    const identifier = identifierOf(shape);
    return { name: shape.name, risk: 'destructive', because, ...(identifier ? { identifier } : {}), ...extra };
  };
  if (verb === 'restore') {
    if (restoresIntoNew(shape, words)) return { name: shape.name, risk: 'write', because: 'restores into a new resource', ...extra };
    return destructive('a restore over existing data');
  }
  // Tags label a resource; removing them loses nothing the resource holds (UntagResource is a write too).
  if (DESTRUCTIVE_VERBS.has(verb) && words.some((w) => TAG_WORDS.has(w))) return { name: shape.name, risk: 'write', because: 'removes only tags', ...extra };
  if (DESTRUCTIVE_VERBS.has(verb)) return destructive(`name starts with ${capitalised(verb)}`);
  if (SCHEDULING_VERBS.has(verb) && words.slice(index + 1).some((w) => DELETION_NOUNS.has(w))) return destructive(`schedules a deletion (${shape.name})`);
  if (READ_VERBS.has(verb)) return { name: shape.name, risk: 'read', because: `name starts with ${capitalised(verb)}`, ...extra };
  if (WRITE_VERBS.has(verb)) return { name: shape.name, risk: 'write', because: `name starts with ${capitalised(verb)}`, ...extra };
  return { name: shape.name, risk: 'unknown', because: `guard does not know what the verb ${capitalised(verb)} does`, ...extra };
}

/** The phrase deriveOperation gave, rebuilt at run time from the name (the table stores only the risk). */
export function reasonFor(service: string, operation: string, risk: Risk): string {
  const key = `${service}/${operation}`;
  const special = PAYLOAD_OPERATIONS[key] ?? DESTRUCTIVE_OPERATIONS[key];
  if (special) return special;
  const words = nameWords(operation);
  let index = 0;
  while (index < words.length - 1 && QUALIFIERS.has(words[index] ?? '')) index++;
  const verb = capitalised(words[index] ?? '');
  if (risk === 'write' && DESTRUCTIVE_VERBS.has(words[index] ?? '') && words.some((w) => TAG_WORDS.has(w))) return 'removes only tags';
  if (risk === 'unknown') return `guard does not know what the verb ${verb} does`;
  if (verb === 'Restore') return risk === 'destructive' ? 'a restore over existing data' : 'restores into a new resource';
  if (risk === 'destructive' && !DESTRUCTIVE_VERBS.has(words[index] ?? '')) return `schedules a deletion (${operation})`;
  return `name starts with ${verb}`;
}

function capitalised(word: string): string {
  return word.slice(0, 1).toUpperCase() + word.slice(1);
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

/** The operations of one service-2.json document, with their input members. */
export function operationShapes(model: unknown): OperationShape[] {
  const root = obj(model);
  const shapes = obj(root.shapes);
  return Object.keys(obj(root.operations)).sort().map((name) => {
    const input = obj(obj(obj(root.operations)[name]).input);
    const inputShape = obj(shapes[String(input.shape ?? '')]);
    const required = new Set(Array.isArray(inputShape.required) ? inputShape.required.map(String) : []);
    const members = Object.entries(obj(inputShape.members)).map(([member, ref]) => ({
      name: member,
      required: required.has(member),
      type: String(obj(shapes[String(obj(ref).shape ?? '')]).type ?? ''),
    }));
    return { name, members };
  });
}
