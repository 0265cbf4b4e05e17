// Classify stage for aws (pure): the s3 commands by their flags, API operations by the generated table and the reviewed overrides.
import { maxRisk } from '../../core/risk.js';
import type { ObjectRef, RuleHit } from '../../core/types.js';
import type { Classification } from '../tool.js';
import { booleanParameter, parameterValues, type AwsCommand, type ParsedAwsParts } from './command.js';
import { nameWords } from './operation-risk.js';
import { genericRuleId } from './operations.js';
import { OPERATION_OVERRIDES } from './overrides.js';
import { awsRules, type AwsRuleKey } from './rules.js';
import { s3Url, type S3Command } from './s3-grammar.js';

/** `aws configure <sub>` (awscli/customizations/configure/): what only reads the local configuration. */
const CONFIGURE_READ = new Set(['get', 'list', 'list-profiles', 'export-credentials']);

const hit = (key: AwsRuleKey, summary: string, objects?: readonly ObjectRef[]): RuleHit => ({ rule: awsRules[key], summary, ...(objects && objects.length > 0 ? { objects } : {}) });

function s3Objects(paths: readonly string[], recursive: boolean): ObjectRef[] {
  return paths.flatMap((path) => {
    const url = s3Url(path);
    if (!url) return [{ kind: 'path', name: path }];
    if (!url.key) return [{ kind: 'bucket', name: url.bucket }];
    return [{ kind: recursive ? 'prefix' : 'object', name: `${url.bucket}/${url.key}` }];
  });
}

function classifyS3(s3: S3Command): RuleHit[] {
  const summary = `s3 ${s3.name} ${s3.paths.join(' ')}`.trim();
  if (s3.help) return [hit('info', `s3 ${s3.name} help`)];
  if (s3.problems.length > 0) return [hit('unknown-command', `${summary}: ${s3.problems.join('; ')}`)];
  const flag = (name: string) => s3.flags.has(name);
  if (flag('dryrun') && ['cp', 'mv', 'rm', 'sync'].includes(s3.name)) return [hit('dry-run', `${summary} --dryrun`)];
  const recursive = flag('recursive');
  switch (s3.name) {
    case 'ls':
    case 'presign':
      return [hit('info', summary)];
    case 'rb':
      return [flag('force') ? hit('s3-rb-force', `${summary} --force`, s3Objects(s3.paths, false)) : hit('s3-rb', summary, s3Objects(s3.paths, false))];
    case 'rm':
      return [recursive ? hit('s3-rm-recursive', `${summary} --recursive`, s3Objects(s3.paths, true)) : hit('s3-rm', summary, s3Objects(s3.paths, false))];
    case 'mv':
      // Both ends lose something: the source is deleted, the destination overwritten.
      return [hit('s3-mv', summary, s3Objects(s3.paths, recursive))];
    case 'sync':
      return [flag('delete') ? hit('s3-sync-delete', `${summary} --delete`, s3Objects(s3.paths.slice(1), true)) : hit('s3-sync', summary)];
    default:
      return [hit('s3-write', summary)];
  }
}

/** `DeleteDBInstance` → db-instance: what the operation acts on, for targets. */
function kindOf(operation: string): string {
  const kind = nameWords(operation).slice(1).join('-') || operation;
  return kind.endsWith('s') && !kind.endsWith('ss') ? kind.slice(0, -1) : kind;
}

function classifyApi(command: Extract<AwsCommand, { kind: 'api' }>, unreadable: readonly string[]): RuleHit[] {
  const { entry } = command;
  const summary = `${command.command} ${command.cliName} (${entry.service} ${entry.operation})`;
  const key = `${entry.service}/${entry.operation}`;
  // Only the exact flag counts as a dry run: a prefix guard cannot check must not switch a rule off.
  // `--dry-run=false` is not a dry run (argparse refuses a value for a switch): only the bare flag counts.
  if (entry.dryRun && (command.options.some((o) => o.name === 'dry-run' && o.values.length === 0) || command.input?.DryRun === true) && !command.options.some((o) => o.name === 'no-dry-run')) {
    return [hit('dry-run', `${summary} --dry-run`)];
  }
  const objects = entry.identifier ? parameterValues(command, entry.identifier).map((name) => ({ kind: kindOf(entry.operation), name })) : [];
  const hits: RuleHit[] = [];
  const override = OPERATION_OVERRIDES[key];
  if (key === 'rds/DeleteDBInstance' || key === 'rds/DeleteDBCluster') {
    const skip = booleanParameter(command, 'skip-final-snapshot', 'SkipFinalSnapshot');
    // delete-db-instance removes automated backups unless --no-delete-automated-backups (the API's default is true).
    const backups = key === 'rds/DeleteDBInstance' ? !command.options.some((o) => o.name === 'no-delete-automated-backups') && command.input?.DeleteAutomatedBackups !== false : booleanParameter(command, 'delete-automated-backups', 'DeleteAutomatedBackups');
    const words = [skip ? '--skip-final-snapshot' : '', backups && skip ? 'automated backups deleted' : ''].filter(Boolean).join(', ');
    hits.push(hit(skip ? 'rds-delete-no-final-snapshot' : 'rds-delete', words ? `${summary}: ${words}` : summary, objects));
  } else if (key === 'secretsmanager/DeleteSecret') {
    const force = booleanParameter(command, 'force-delete-without-recovery', 'ForceDeleteWithoutRecovery');
    hits.push(hit(force ? 'secret-force-delete' : 'secret-delete', force ? `${summary} --force-delete-without-recovery` : summary, objects));
  } else if (override) hits.push(hit(override.key, summary, objects));
  else {
    const generic = genericRuleId(entry.risk).slice('aws/'.length) as AwsRuleKey;
    hits.push(hit(generic, summary, objects));
  }
  if (unreadable.length > 0) hits.push(hit('unreadable-input', `${summary}: ${unreadable.join('; ')}`));
  return hits;
}

export function classifyAwsParts(parsed: ParsedAwsParts): Classification {
  const { command, args, unreadable } = parsed;
  const hits: RuleHit[] = [];
  if (args.problems.length > 0) hits.push(hit('unknown-command', `aws: ${args.problems.join('; ')}`));
  switch (command.kind) {
    case 'info':
      hits.push(hit('info', command.what));
      break;
    case 's3':
      hits.push(...classifyS3(command.s3));
      break;
    case 'configure':
      hits.push(command.sub && CONFIGURE_READ.has(command.sub) ? hit('info', `configure ${command.sub}`) : hit('configure-set', `configure ${command.sub ?? '(interactive)'}`));
      break;
    case 'custom':
      hits.push(hit(command.risk === 'read' ? 'info' : 'write-operation', command.name));
      break;
    case 'api':
      hits.push(...classifyApi(command, unreadable));
      break;
    case 'unknown':
      hits.push(hit('unknown-command', command.what));
      break;
  }
  const risk = maxRisk(...hits.map((h) => h.rule.risk));
  const unverified = [...args.problems, ...unreadable, ...(command.kind === 'unknown' ? [command.what] : [])];
  return { risk, hits, unverified };
}
