// pulumi under guard: cobra grammar, stack resolution, `up` classified by its live preview.
import type { Context } from '../../core/context.js';
import { maxRisk } from '../../core/risk.js';
import type { RuleHit, Target } from '../../core/types.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { boolFlag, parsePulumiArgs, type PulumiCommand } from './parser.js';
import { previewUp, type PreviewLookup } from './preview.js';
import { pulumiRules, type PulumiRuleKey } from './rules.js';
import { pulumiEnvironment, resolveStack, type StackFacts } from './stack.js';

export const PULUMI_CHECKED_AGAINST = {
  version: 'pulumi CLI 3.x docs (pulumi is not installed here)',
  references: [
    'https://www.pulumi.com/docs/iac/cli/commands/ (pulumi_destroy, pulumi_up, pulumi_preview, pulumi_stack_rm, pulumi_stack_select, pulumi_state_delete …: flags and aliases)',
    'https://www.pulumi.com/docs/iac/cli/environment-variables/ (PULUMI_STACK: --stack > PULUMI_STACK > pulumi stack select)',
    'pulumi/pulumi sdk/go/common/workspace/workspace.go (settingsPath: <project>-<sha1(project file)>-workspace.json under PULUMI_HOME/workspaces)',
    'pulumi/pulumi pkg/workspace/settings.go (Settings.Stack, json "stack")',
  ],
};

export interface ParsedPulumi extends ParsedInvocation {
  readonly command: PulumiCommand;
  readonly stack: StackFacts;
  readonly preview: PreviewLookup;
}

async function parsePulumi(args: readonly string[], ctx: Context): Promise<ParsedPulumi> {
  const command = parsePulumiArgs(args);
  const stack = await resolveStack(command, ctx);
  const runsUp = command.problems.length === 0 && !command.infoOnly && command.path[0] === 'up' && !boolFlag(command, 'preview-only');
  // The risk of `up` is its preview's: read here, like a payload, so that classify stays pure.
  const preview: PreviewLookup = runsUp ? await previewUp(command, stack, ctx) : { kind: 'not-needed' };
  return { command, stack, preview };
}

function ruleKeyOf(parsed: ParsedPulumi): PulumiRuleKey {
  const { command, preview } = parsed;
  if (command.problems.length > 0) return 'bad-arguments';
  if (command.infoOnly || !command.node?.action) return 'read';
  const action = command.node.action;
  if ((action === 'destroy' || action === 'up-unseen') && boolFlag(command, 'preview-only')) return 'read';
  if (action === 'up-unseen') {
    if ((command.flags.get('replace') ?? []).length + (command.flags.get('target-replace') ?? []).length > 0) return 'up-deletes';
    if (preview.kind === 'read') return preview.losses.length > 0 ? 'up-deletes' : 'write';
    return 'up-unseen';
  }
  return action;
}

export function classifyPulumi(parsed: ParsedPulumi): Classification {
  const key = ruleKeyOf(parsed);
  const rule = pulumiRules[key];
  const { command, preview, stack } = parsed;
  const hits: RuleHit[] = [];
  const unverified: string[] = [];
  if (key === 'bad-arguments') {
    for (const problem of command.problems) hits.push({ rule, summary: problem });
    unverified.push(...command.problems.map((problem) => `pulumi arguments: ${problem}`));
  } else {
    const words = ['pulumi', ...command.path, ...command.positionals].join(' ');
    const summary = preview.kind === 'read' ? `${words}: preview deletes or replaces ${preview.losses.length}, changes ${preview.changes}` : words;
    hits.push({ rule, summary, ...(stack.stack ? { objects: [{ kind: 'stack', name: stack.stack }] } : {}) });
  }
  const dangerous = rule.risk === 'destructive' || rule.risk === 'unknown';
  if (dangerous && (preview.kind === 'skipped' || preview.kind === 'failed')) unverified.push(preview.why);
  if (dangerous) unverified.push(...stack.problems);
  return { risk: maxRisk(...hits.map((hit) => hit.rule.risk)), hits, unverified };
}

async function resolvePulumi(parsed: ParsedPulumi, classification: Classification, ctx: Context): Promise<Resolution> {
  const { stack, preview, command } = parsed;
  const environment = pulumiEnvironment(stack, ctx.config);
  const dangerous = classification.risk === 'destructive' || classification.risk === 'unknown';
  const name = stack.stack?.split('/').at(-1) ?? stack.project ?? 'pulumi';
  const targets: Target[] = [
    { kind: 'stack', id: stack.stack ?? '(no stack selected)', name, environment: environment.name, project: stack.project, stackSource: stack.stackSource, directory: stack.dir },
  ];
  const blastRadius: string[] = [];
  if (dangerous && preview.kind === 'read') {
    for (const loss of preview.losses) targets.push({ kind: 'resource', id: loss.urn, name: loss.urn.split('::').at(-1) ?? loss.urn, environment: environment.name, type: loss.type, action: loss.op });
    blastRadius.push(`${preview.losses.length} resource step${preview.losses.length === 1 ? '' : 's'} delete or replace in stack ${stack.stack ?? '?'} (from pulumi preview)`);
  } else if (dangerous && command.path[0] === 'destroy') {
    blastRadius.push(`every resource in stack ${stack.stack ?? '(no stack selected)'}${boolFlag(command, 'remove') ? ', then the stack itself' : ''}`);
  } else if (dangerous && stack.stack) {
    blastRadius.push(`stack ${stack.stack} (${stack.stackSource})`);
  }
  const recovery = classification.hits.find((hit) => hit.rule.risk === classification.risk)?.rule.recovery ?? null;
  return { environment, targets, blastRadius, credential: null, recovery: dangerous ? recovery : null, unverified: [], notes: [] };
}

export const pulumiTool: Tool<ParsedPulumi> = {
  name: 'pulumi',
  family: 'pulumi',
  summary: 'Pulumi CLI',
  rules: pulumiRules,
  checkedAgainst: PULUMI_CHECKED_AGAINST,
  parse: parsePulumi,
  classify: classifyPulumi,
  resolve: resolvePulumi,
};
