// Pure classification of a parsed az command: the generated table's rule, refined by the arguments that change its reach.
import type { ObjectRef, RuleHit } from '../../core/types.js';
import type { Classification } from '../tool.js';
import { hasSpelling, optionValue, valueOfSpelling, valuesOfSpelling, type AzArgs } from './grammar.js';
import { parseResourceId } from './profile.js';
import { azRules, type AzRuleKey } from './rules.js';

export interface ParsedAzParts {
  readonly args: AzArgs;
  /** @files whose contents replaced a value. */
  readonly files: readonly string[];
  readonly fileProblems: readonly string[];
}

const isTrue = (value: string | undefined): boolean => value !== undefined && value !== 'false';

export function azRuleKey(args: AzArgs): AzRuleKey {
  const command = args.command;
  if (!command) return 'read';
  switch (command.rule) {
    case 'group-delete':
      return valuesOfSpelling(args, '--force-deletion-types').length > 0 ? 'force-deletion' : 'group-delete';
    case 'delete-batch':
      return isTrue(valueOfSpelling(args, '--dryrun')) ? 'dry-run' : 'delete-batch';
    case 'sync': {
      if (isTrue(valueOfSpelling(args, '--dryrun'))) return 'dry-run';
      // --delete-destination defaults to true; only an explicit false keeps the destination.
      return (valueOfSpelling(args, '--delete-destination') ?? 'true').toLowerCase() === 'false' ? 'write' : 'sync-delete';
    }
    case 'rest': {
      const method = (valueOfSpelling(args, '--method') ?? 'get').toLowerCase();
      if (method === 'get' || method === 'head' || method === 'options') return 'read';
      if (method === 'delete') return 'rest-delete';
      return method === 'put' || method === 'patch' ? 'write' : 'rest';
    }
    case 'unclassified':
      // No command of the installed azure-cli falls here today; a newer one might.
      return 'bad-arguments';
    default:
      return command.rule;
  }
}

/** What a destructive command names: --ids, else its --name (or the group itself for `group delete`). */
export function azObjects(args: AzArgs): ObjectRef[] {
  const command = args.command;
  if (!command) return [];
  const words = command.name.split(' ');
  const kind = command.rule === 'group-delete' ? 'resource-group' : words.slice(0, -1).join(' ') || 'resource';
  const ids = valuesOfSpelling(args, '--ids');
  if (ids.length > 0) return ids.flatMap((id) => id.split(/\s+/).filter(Boolean)).map((id) => ({ kind, name: parseResourceId(id).name, scope: id }));
  if (command.rule === 'group-delete') {
    const group = valueOfSpelling(args, '--resource-group');
    return group ? [{ kind, name: group }] : [];
  }
  if (command.name === 'rest') {
    const url = valueOfSpelling(args, '--url');
    return url ? [{ kind: 'api-path', name: parseResourceId(url.split('?')[0] ?? url).name, scope: url }] : [];
  }
  const batch = command.rule === 'delete-batch' || command.rule === 'sync' ? (valueOfSpelling(args, '--source') ?? valueOfSpelling(args, '--container')) : undefined;
  const name = batch ?? optionValue(args, '--name') ?? (hasSpelling(args, '-n') ? valueOfSpelling(args, '-n') : undefined);
  return name ? [{ kind, name }] : [];
}

export function classifyAz(parsed: ParsedAzParts): Classification {
  const { args } = parsed;
  const typed = ['az', ...args.words].join(' ');
  const hit = (key: AzRuleKey, summary: string, objects?: ObjectRef[]): RuleHit => ({ rule: azRules[key], summary, ...(objects && objects.length > 0 ? { objects } : {}) });
  if (args.infoOnly || (args.groupOnly && args.problems.length === 0)) return { risk: 'read', hits: [hit('read', `${typed} (help)`)], unverified: [] };
  if (args.problems.length > 0 || parsed.fileProblems.length > 0) return { risk: 'unknown', hits: [hit('bad-arguments', typed)], unverified: [...args.problems, ...parsed.fileProblems] };
  const key = azRuleKey(args);
  const rule = azRules[key];
  const objects = rule.risk === 'destructive' || rule.risk === 'unknown' ? azObjects(args) : [];
  const unverified: string[] = [];
  if (rule.risk === 'destructive' && args.guessed.length > 0) unverified.push(`az ${args.command?.name}: azure-cli's own description of ${args.guessed.join(', ')} could not be loaded where guard's table was made`);
  if (rule.risk === 'destructive' && objects.length === 0) unverified.push(`${typed}: no resource named on the command line (a default or a prompt picks it)`);
  return { risk: rule.risk, hits: [hit(key, [typed, ...objects.map((o) => o.name)].join(' '), objects)], unverified };
}
