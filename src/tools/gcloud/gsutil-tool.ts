// gsutil under guard: its own getopt specs, rm -r / rb / rsync -d, the gcloud configuration's project, live object counts.
import type { ObjectRef, RuleHit } from '../../core/types.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { GSUTIL_VERSION } from './gsutil-commands.generated.js';
import { hasOption, optionValues, parseGsutilArgs, type GsutilArgs } from './gsutil-grammar.js';
import { resolveGcloud } from './resolve.js';
import { gsutilRules, type GsutilRuleKey } from './rules.js';

export interface ParsedGsutil extends ParsedInvocation {
  readonly args: GsutilArgs;
}

const READ_COMMANDS = new Set(['ls', 'cat', 'du', 'stat', 'hash', 'version', 'help', 'signurl', 'test', 'perfdiag']);
/** Commands whose first operand is a subcommand: get only reads. */
const SUBCOMMANDS = new Set(['acl', 'autoclass', 'bucketpolicyonly', 'cors', 'defacl', 'defstorageclass', 'hmac', 'iam', 'kms', 'label', 'lifecycle', 'logging', 'notification', 'pap', 'requesterpays', 'retention', 'rpo', 'ubla', 'versioning', 'web']);
const READ_SUBCOMMANDS = new Set(['get', 'list', 'serviceaccount']);

export function gsutilRuleKey(args: GsutilArgs): GsutilRuleKey {
  const { command, sub } = args;
  if (args.problems.length > 0 || command === null) return command === null && args.typedCommand === null && args.problems.length === 0 ? 'read' : 'bad-arguments';
  if (command === 'rm') return hasOption(sub, 'r', 'R') ? 'rm-recursive' : 'rm';
  if (command === 'rb') return 'rb';
  if (command === 'rsync') {
    if (hasOption(sub, 'n')) return 'dry-run';
    return hasOption(sub, 'd') ? 'rsync-delete' : 'write';
  }
  if (READ_COMMANDS.has(command)) return 'read';
  if (SUBCOMMANDS.has(command)) {
    const subcommand = sub.operands[0] ?? '';
    if (READ_SUBCOMMANDS.has(subcommand)) return 'read';
    if (subcommand === 'delete') return 'rm';
  }
  return 'write';
}

export function classifyGsutil(parsed: ParsedGsutil): Classification {
  const { args } = parsed;
  const key = gsutilRuleKey(args);
  const rule = gsutilRules[key];
  const operands = args.command === 'rsync' ? args.sub.operands.slice(-1) : args.sub.operands;
  const objects: ObjectRef[] = rule.risk === 'destructive' ? operands.map((name) => ({ kind: args.command === 'rb' ? 'bucket' : 'objects', name })) : [];
  const hit: RuleHit = { rule, summary: ['gsutil', args.typedCommand ?? '', ...args.sub.operands].filter(Boolean).join(' '), ...(objects.length > 0 ? { objects } : {}) };
  const unverified = [...args.problems];
  if (rule.risk === 'destructive' && hasOption(args.sub, 'I')) unverified.push('-I: the URLs come from stdin, which guard does not read');
  return { risk: rule.risk, hits: [hit], unverified };
}

export const gsutilTool: Tool<ParsedGsutil> = {
  name: 'gsutil',
  family: 'gcloud',
  summary: 'Cloud Storage CLI (gsutil)',
  rules: gsutilRules,
  checkedAgainst: {
    version: `gsutil ${GSUTIL_VERSION} (bundled with the Cloud SDK installed here)`,
    references: [
      "gsutil's getopt specs: platform/gsutil/gslib/commands/*.py (supported_sub_args, aliases) and gslib/utils/arg_helper.py (global options) — src/tools/gcloud/gsutil-commands.generated.ts",
      'gsutil help rm|rb|rsync|options (rm -r deletes the bucket for a bucket URL; rsync -d deletes unmatched destination objects; -n is a dry run)',
      'https://cloud.google.com/storage/docs/gsutil/commands/rm, https://cloud.google.com/storage/docs/gsutil/commands/rsync',
    ],
  },
  async parse(argv) {
    return { args: parseGsutilArgs(argv) };
  },
  classify: classifyGsutil,
  async resolve(parsed, classification, ctx): Promise<Resolution> {
    const { args } = parsed;
    const key = gsutilRuleKey(args);
    const operands = args.command === 'rsync' ? args.sub.operands.slice(-1) : args.sub.operands;
    // The SDK's gsutil wrapper hands gsutil the gcloud configuration's project and account; -o and -u/-i pin the rest.
    const pinArgs = [...optionValues(args.globals, 'o').flatMap((value) => ['-o', value]), ...optionValues(args.globals, 'i').flatMap((value) => ['-i', value]), ...optionValues(args.globals, 'u').flatMap((value) => ['-u', value])];
    const measure = key === 'rb' ? 'bucket' : key === 'rm' || key === 'rm-recursive' || key === 'rsync-delete' ? 'objects' : null;
    return resolveGcloud(
      { program: 'gsutil', flags: {}, namedProject: null, pinArgs, targets: operands.map((name) => ({ kind: key === 'rb' ? 'bucket' : 'objects', name })), measure },
      classification,
      ctx,
    );
  },
};
