// az under guard: azure-cli's own command table, @file values read, the profile's default subscription, live resource-group look-ups.
import { offlineCause } from '../../core/context.js';
import { isDangerous } from '../../core/risk.js';
import type { CredentialFacts, Target } from '../../core/types.js';
import type { Classification, ParsedInvocation, Resolution, Tool } from '../tool.js';
import { AZ_CLI_VERSION } from './az-commands.generated.js';
import { azObjects, azRuleKey, classifyAz, type ParsedAzParts } from './classify.js';
import { azureEnvironment } from './environment.js';
import { expandAtFiles, hasSpelling, parseAzArgs, valueOfSpelling, valuesOfSpelling } from './grammar.js';
import { AzLookup, measureResourceGroup } from './live.js';
import { parseResourceId, resolveAzScope, type AzScope } from './profile.js';
import { azRules } from './rules.js';

export interface ParsedAz extends ParsedInvocation, ParsedAzParts {}

function credentialOf(scope: AzScope): CredentialFacts | null {
  const sub = scope.subscription;
  if (!sub?.user) return null;
  return {
    kind: sub.userType === 'servicePrincipal' ? 'service principal' : 'user account',
    source: `${scope.configDir}/azureProfile.json`,
    reach: `${sub.user}: every subscription of tenant ${sub.tenant ?? '?'} where Azure RBAC grants it roles, not only ${sub.name}`,
  };
}

async function resolveAz(parsed: ParsedAz, classification: Classification, ctx: Parameters<Tool['resolve']>[2]): Promise<Resolution> {
  const { args } = parsed;
  const ids = valuesOfSpelling(args, '--ids').flatMap((id) => id.split(/\s+/).filter(Boolean)).map(parseResourceId);
  const fromIds = ids.find((id) => id.subscription);
  const subscriptionFlag = valueOfSpelling(args, '--subscription');
  const isGroupCommand = args.command?.name.startsWith('group ') ?? false;
  const groupFlag = isGroupCommand ? valueOfSpelling(args, '--name') ?? valueOfSpelling(args, '--resource-group') : valueOfSpelling(args, '--resource-group');
  const groupFromIds = ids.find((id) => id.resourceGroup)?.resourceGroup ?? undefined;
  const scope = await resolveAzScope(
    {
      ...(fromIds?.subscription ? { subscription: fromIds.subscription, subscriptionSource: '--ids' } : subscriptionFlag ? { subscription: subscriptionFlag } : {}),
      ...(groupFromIds ? { resourceGroup: groupFromIds, resourceGroupSource: '--ids' } : groupFlag ? { resourceGroup: groupFlag } : {}),
      usesResourceGroup: hasSpelling(args, '--resource-group') || hasSpelling(args, '-g'),
    },
    ctx,
  );
  const source = `subscription ${scope.subscription?.name ?? scope.subscriptionAsked ?? '(none)'} from ${scope.subscriptionSource}${scope.resourceGroupSource ? `, resource group from ${scope.resourceGroupSource}` : ''}`;
  const identities = [{ subscription: scope.subscription, resourceGroup: scope.resourceGroup }, ...scope.alsoPossible.map((subscription) => ({ subscription, resourceGroup: scope.resourceGroup }))];
  const environment = azureEnvironment(identities, source, ctx.config);
  const notes: string[] = [];
  if (!isDangerous(classification.risk)) return { environment, targets: [], blastRadius: [], credential: null, recovery: null, unverified: [], notes };

  const unverified = [...scope.problems];
  if (scope.alsoPossible.length > 0) unverified.push(`AZURE_SUBSCRIPTION_ID names ${scope.alsoPossible.map((s) => s.name).join(', ')}, but az ignores it and uses ${scope.subscription?.name ?? 'no subscription'}: guard weighed both`);
  if (scope.subscription && !subscriptionFlag && !fromIds) notes.push(`guard resolved subscription ${scope.subscription.name} (${scope.subscription.id}) from ${scope.subscriptionSource}; pass --subscription ${scope.subscription.id} to pin it.`);
  const recovery = classification.hits.find((hit) => hit.rule.risk === classification.risk && hit.rule.recovery)?.rule.recovery ?? null;
  const sub = scope.subscription?.id ?? '?';
  const targets: Target[] = azObjects(args).map((object) => ({
    kind: object.kind,
    id: object.scope ?? (object.kind === 'resource-group' ? `/subscriptions/${sub}/resourceGroups/${object.name}` : `/subscriptions/${sub}/resourceGroups/${scope.resourceGroup ?? '?'}/${object.kind}/${object.name}`),
    name: object.name,
    environment: environment.name,
    ...(scope.subscription ? { subscription: scope.subscription.id, subscriptionName: scope.subscription.name } : {}),
  }));
  const blastRadius = [`subscription ${scope.subscription ? `${scope.subscription.name} (${scope.subscription.id})` : scope.subscriptionAsked ?? '(none)'} from ${scope.subscriptionSource}${scope.resourceGroup ? `, resource group ${scope.resourceGroup}` : ''}`];
  const key = azRuleKey(args);
  const measurable = (key === 'group-delete' || key === 'force-deletion') && targets[0] !== undefined;
  if (ctx.offline || !measurable) {
    if (ctx.offline && measurable) blastRadius.push(`not measured: ${offlineCause(ctx)}`);
    return { environment, targets, blastRadius, credential: credentialOf(scope), recovery, unverified, notes };
  }
  const spinner = ctx.spinner('guard: asking Azure what this would delete…');
  try {
    const lookup = new AzLookup(ctx, ctx.which('az') ?? 'az', scope.subscription?.id ?? subscriptionFlag ?? null);
    const measured = await Promise.all(targets.map(async (target) => ({ target, facts: await measureResourceGroup(lookup, target.name) })));
    return {
      environment,
      targets: measured.map(({ target, facts }) => ({ ...target, ...(facts.resources !== null ? { resources: facts.resources } : {}), locks: facts.locks })),
      blastRadius: [...blastRadius, ...measured.flatMap(({ facts }) => facts.blastRadius)],
      credential: credentialOf(scope),
      recovery,
      unverified: [...unverified, ...measured.flatMap(({ facts }) => facts.unverified)],
      notes,
    };
  } finally {
    spinner.stop();
  }
}

export const azTool: Tool<ParsedAz> = {
  name: 'az',
  family: 'azure',
  summary: 'Azure CLI',
  rules: azRules,
  checkedAgainst: {
    version: `azure-cli ${AZ_CLI_VERSION} (Debian azure-cli, installed here)`,
    references: [
      "azure-cli's own command loader and argparse parsers: every command and option (scripts/az-command-table.py → src/tools/azure/az-commands.generated.ts)",
      'knack/invocation.py _rudimentary_get_command (leading words, lower-cased) and azure/cli/core/commands/__init__.py _expand_file_prefixed_files (@file values)',
      'azure/cli/core/_profile.py get_subscription (ID or name, case-insensitive; isDefault) and knack/config.py (AZURE_{SECTION}_{OPTION}: AZURE_DEFAULTS_GROUP)',
      'az group delete --help (--force-deletion-types/-f, --yes/-y), az storage blob delete-batch|sync --help (--dryrun, --delete-destination default true), az rest --help (--method default get)',
      'https://learn.microsoft.com/azure/azure-resource-manager/management/delete-resource-group, https://learn.microsoft.com/azure/azure-resource-manager/management/lock-resources',
    ],
  },
  async parse(argv, ctx) {
    const expanded = await expandAtFiles(argv, ctx);
    return { args: parseAzArgs(expanded.args), files: expanded.files, fileProblems: expanded.problems };
  },
  classify: classifyAz,
  resolve: resolveAz,
};
