// gcloud under guard: the Cloud SDK's own command tree, --flags-file read, the active configuration's project, live look-ups.
import type { ParsedInvocation, Resolution, Tool } from '../tool.js';
import { classifyGcloud, ruleKeyOf, type ParsedGcloudParts } from './classify.js';
import { expandFlagsFiles } from './flags-file.js';
import { GCLOUD_SDK_VERSION } from './gcloud-tree.generated.js';
import { lastValue, parseGcloudArgs } from './grammar.js';
import { projectNamedBy, resolveGcloud, type GcloudRequest } from './resolve.js';
import { gcloudRules } from './rules.js';

export const GCLOUD_CHECKED_AGAINST = {
  version: `Google Cloud SDK ${GCLOUD_SDK_VERSION} (installed here), alpha and beta tracks included`,
  references: [
    "the SDK's static completion tree data/cli/gcloud_completions.py: every group, command and long flag (src/tools/gcloud/gcloud-tree.generated.ts)",
    'gcloud storage rm|rsync|cp|mv|ls|du|cat|buckets delete --help (short options, --delete-unmatched-destination-objects, --dry-run)',
    'gcloud topic flags-file (YAML/JSON flag files, nested files, later flags win)',
    'gcloud topic configurations (CLOUDSDK_ACTIVE_CONFIG_NAME, active_config, configurations/config_NAME, CLOUDSDK_CORE_PROJECT)',
    'googlecloudsdk/generated_clients/apis/sqladmin/v1beta4 (Settings.deletionProtectionEnabled, retainBackupsOnDelete, backupConfiguration) and storage/v1 (softDeletePolicy)',
    'https://cloud.google.com/resource-manager/docs/creating-managing-projects#shutting_down_projects (30-day undelete)',
    'https://cloud.google.com/storage/docs/soft-delete, https://cloud.google.com/kms/docs/destroy-restore',
  ],
};

export interface ParsedGcloud extends ParsedInvocation, ParsedGcloudParts {}

/** Flags a look-up repeats so that it asks as the same principal: the project is added by resolve. */
const PIN_FLAGS = ['account', 'configuration', 'impersonate-service-account', 'access-token-file', 'billing-project'];

export function gcloudRequest(parsed: ParsedGcloud): GcloudRequest {
  const { args } = parsed;
  const flag = (name: string) => lastValue(args, name) || undefined;
  const key = ruleKeyOf(args);
  const positionals = key === 'rsync-delete' ? args.positionals.slice(-1) : args.positionals;
  const kind = key === 'projects-delete' ? 'project' : key === 'sql-instances-delete' ? 'sql-instance' : args.command.startsWith('storage ') ? (key === 'buckets-delete' ? 'bucket' : 'objects') : args.command.split(' ').slice(0, -1).join(' ') || 'resource';
  const measure = key === 'sql-instances-delete' ? 'sql-instance' : key === 'projects-delete' ? 'project' : key === 'buckets-delete' ? 'bucket' : key === 'storage-rm' || key === 'storage-rm-recursive' || key === 'rsync-delete' ? 'objects' : null;
  return {
    program: 'gcloud',
    flags: { ...(flag('project') ? { project: flag('project') } : {}), ...(flag('account') ? { account: flag('account') } : {}), ...(flag('configuration') ? { configuration: flag('configuration') } : {}) },
    namedProject: projectNamedBy(args.command, args.positionals),
    pinArgs: PIN_FLAGS.flatMap((name) => (flag(name) ? [`--${name}=${flag(name)}`] : [])),
    targets: positionals.map((name) => ({ kind, name })),
    measure,
  };
}

export const gcloudTool: Tool<ParsedGcloud> = {
  name: 'gcloud',
  family: 'gcloud',
  summary: 'Google Cloud CLI',
  rules: gcloudRules,
  checkedAgainst: GCLOUD_CHECKED_AGAINST,
  async parse(argv, ctx) {
    const expanded = await expandFlagsFiles(argv, ctx);
    return { args: parseGcloudArgs(expanded.argv), flagsFiles: expanded.files, flagsFileProblems: expanded.problems };
  },
  classify: classifyGcloud,
  async resolve(parsed, classification, ctx): Promise<Resolution> {
    return resolveGcloud(gcloudRequest(parsed), classification, ctx);
  },
};
