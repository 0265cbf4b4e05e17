// Pure classification of a parsed gcloud command: the generated tree's rule, refined by the flags that change a command's reach.
import type { ObjectRef, RuleHit } from '../../core/types.js';
import type { Classification } from '../tool.js';
import { isOn, type GcloudArgs } from './grammar.js';
import { gcloudRules, type GcloudRuleKey } from './rules.js';

export interface ParsedGcloudParts {
  readonly args: GcloudArgs;
  /** --flags-file files read (their flags are already in args). */
  readonly flagsFiles: readonly string[];
  /** Problems reading --flags-file: the command fails closed. */
  readonly flagsFileProblems: readonly string[];
}

/** The rule key a runnable command falls under once its flags are read. */
export function ruleKeyOf(args: GcloudArgs): GcloudRuleKey {
  const rule = args.rule;
  if (rule === null) return 'read';
  if (rule === 'storage-rm') return isOn(args, 'recursive') ? 'storage-rm-recursive' : 'storage-rm';
  if (args.command === 'storage rsync') {
    if (isOn(args, 'dry-run')) return 'dry-run';
    if (isOn(args, 'delete-unmatched-destination-objects')) return 'rsync-delete';
  }
  return rule;
}

/** What the command names: a resource's kind from its command group, and each positional (`gs://…`, an instance, a project). */
export function namedObjects(args: GcloudArgs): ObjectRef[] {
  const words = args.command.split(' ');
  const kind = args.command === 'projects delete' ? 'project' : args.command === 'sql instances delete' ? 'sql-instance' : args.command.startsWith('storage ') ? 'storage-url' : words.slice(0, -1).join(' ') || words[0] || 'resource';
  return args.positionals.map((name) => ({ kind, name }));
}

export function classifyGcloud(parsed: ParsedGcloudParts): Classification {
  const { args } = parsed;
  const hit = (key: GcloudRuleKey, summary: string, objects?: ObjectRef[]): RuleHit => ({ rule: gcloudRules[key], summary, ...(objects && objects.length > 0 ? { objects } : {}) });
  const typed = ['gcloud', ...args.path].join(' ');
  if (parsed.flagsFileProblems.length > 0) return { risk: 'unknown', hits: [hit('bad-arguments', `${typed} --flags-file`)], unverified: [...parsed.flagsFileProblems] };
  if (args.infoOnly) return { risk: 'read', hits: [hit('read', `${typed} (help)`)], unverified: [] };
  if (args.unknownCommand !== null) {
    return { risk: 'unknown', hits: [hit('bad-arguments', `${typed} ${args.unknownCommand}`)], unverified: [`gcloud ${[...args.path, args.unknownCommand].join(' ')} is not a command of the Cloud SDK guard knows`] };
  }
  if (args.problems.length > 0) return { risk: 'unknown', hits: [hit('bad-arguments', typed)], unverified: [...args.problems] };
  const key = ruleKeyOf(args);
  const rule = gcloudRules[key];
  const objects = rule.risk === 'destructive' || rule.risk === 'unknown' ? namedObjects(args) : [];
  const summary = [typed, ...args.positionals].join(' ');
  const unverified: string[] = [];
  if (isOn(args, 'read-paths-from-stdin')) unverified.push('-I/--read-paths-from-stdin: the URLs come from stdin, which guard does not read');
  if (rule.risk === 'destructive' && objects.length === 0) unverified.push(`${typed}: no resource named on the command line (a prompt, a flag or a default picks it)`);
  return { risk: rule.risk, hits: [hit(key, summary, objects)], unverified };
}
