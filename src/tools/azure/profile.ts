// Which subscription and resource group az would use: --subscription, the default in azureProfile.json, --resource-group and az's defaults.
import { join, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { parseProperties } from '../gcloud/config-files.js';

const MAX_PROFILE_BYTES = 8 * 1024 * 1024;

export interface AzSubscription {
  readonly id: string;
  readonly name: string;
  readonly tenant: string | null;
  readonly user: string | null;
  readonly userType: string | null;
}

export interface AzScope {
  readonly subscription: AzSubscription | null;
  /** Where it came from, for messages: `--subscription`, `default subscription in …/azureProfile.json`. */
  readonly subscriptionSource: string;
  /** What was asked for when it could not be matched against the profile (az would fail; guard fails closed). */
  readonly subscriptionAsked: string | null;
  readonly resourceGroup: string | null;
  readonly resourceGroupSource: string | null;
  readonly configDir: string;
  readonly problems: readonly string[];
  /** Other subscriptions that could be meant (AZURE_SUBSCRIPTION_ID, which az itself does not read). */
  readonly alsoPossible: readonly AzSubscription[];
}

/** $AZURE_CONFIG_DIR, else ~/.azure. */
export function azConfigDir(ctx: Context): string {
  const override = ctx.env.AZURE_CONFIG_DIR;
  return override ? resolvePath(ctx.cwd, override) : join(ctx.home, '.azure');
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function subscriptionOf(entry: Record<string, unknown>): AzSubscription | null {
  const id = str(entry.id);
  if (!id) return null;
  const user = entry.user !== null && typeof entry.user === 'object' ? (entry.user as Record<string, unknown>) : {};
  return { id, name: str(entry.name) ?? id, tenant: str(entry.tenantId), user: str(user.name), userType: str(user.type) };
}

/** azureProfile.json as az writes it (utf-8 with a BOM): `{"subscriptions": [{id, name, isDefault, tenantId, user}]}`. */
export async function readAzProfile(ctx: Context, dir: string): Promise<{ subscriptions: { sub: AzSubscription; isDefault: boolean }[]; problem: string | null }> {
  const path = join(dir, 'azureProfile.json');
  if (!ctx.fileExists(path)) return { subscriptions: [], problem: `no ${path} (az login has not run)` };
  try {
    const bytes = await ctx.readFile(path);
    if (bytes.length > MAX_PROFILE_BYTES) return { subscriptions: [], problem: `${path} is larger than guard reads` };
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const document = JSON.parse(text) as { subscriptions?: unknown };
    const list = Array.isArray(document.subscriptions) ? document.subscriptions : [];
    const subscriptions = list.flatMap((entry) => {
      if (entry === null || typeof entry !== 'object') return [];
      const sub = subscriptionOf(entry as Record<string, unknown>);
      return sub ? [{ sub, isDefault: (entry as Record<string, unknown>).isDefault === true }] : [];
    });
    return { subscriptions, problem: null };
  } catch (error) {
    return { subscriptions: [], problem: `${path} could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** As azure-cli's Profile.get_subscription: an ID or a name, compared case-insensitively. */
function lookUp(subscriptions: readonly { sub: AzSubscription }[], wanted: string): AzSubscription | null {
  const lower = wanted.toLowerCase();
  const found = subscriptions.filter(({ sub }) => sub.id.toLowerCase() === lower || sub.name.toLowerCase() === lower);
  return found.length === 1 ? (found[0]?.sub ?? null) : null;
}

export interface AzScopeRequest {
  /** --subscription, or the subscription inside --ids. */
  readonly subscription?: string;
  readonly subscriptionSource?: string;
  readonly resourceGroup?: string;
  readonly resourceGroupSource?: string;
  /** The command takes a resource group, so az's default group applies when none is given. */
  readonly usesResourceGroup: boolean;
}

export async function resolveAzScope(request: AzScopeRequest, ctx: Context): Promise<AzScope> {
  const dir = azConfigDir(ctx);
  const problems: string[] = [];
  const profile = await readAzProfile(ctx, dir);
  if (profile.problem) problems.push(profile.problem);
  let subscription: AzSubscription | null = null;
  let subscriptionSource: string;
  let subscriptionAsked: string | null = null;
  if (request.subscription) {
    subscriptionAsked = request.subscription;
    subscriptionSource = request.subscriptionSource ?? '--subscription';
    subscription = lookUp(profile.subscriptions, request.subscription);
    // An ID az does not know is still the subscription it targets: keep it so that match rules can see it.
    if (!subscription && /^[0-9a-fA-F-]{36}$/.test(request.subscription)) subscription = { id: request.subscription, name: request.subscription, tenant: null, user: null, userType: null };
    if (!subscription) problems.push(`subscription ${request.subscription} is not in ${join(dir, 'azureProfile.json')}`);
  } else {
    subscription = profile.subscriptions.find((entry) => entry.isDefault)?.sub ?? null;
    subscriptionSource = `default subscription in ${join(dir, 'azureProfile.json')}`;
    if (!subscription && !profile.problem) problems.push(`${join(dir, 'azureProfile.json')} names no default subscription`);
  }
  // az does not read AZURE_SUBSCRIPTION_ID; tools around it (Terraform, the SDKs) do, so a user may think it applies.
  const alsoPossible: AzSubscription[] = [];
  const envSubscription = ctx.env.AZURE_SUBSCRIPTION_ID;
  if (envSubscription && !request.subscription && envSubscription.toLowerCase() !== subscription?.id.toLowerCase()) {
    alsoPossible.push(lookUp(profile.subscriptions, envSubscription) ?? { id: envSubscription, name: envSubscription, tenant: null, user: null, userType: null });
  }

  let resourceGroup = request.resourceGroup ?? null;
  let resourceGroupSource = resourceGroup ? (request.resourceGroupSource ?? '--resource-group') : null;
  if (!resourceGroup && request.usesResourceGroup) {
    if (ctx.env.AZURE_DEFAULTS_GROUP) {
      resourceGroup = ctx.env.AZURE_DEFAULTS_GROUP;
      resourceGroupSource = 'AZURE_DEFAULTS_GROUP';
    } else {
      const configFile = join(dir, 'config');
      try {
        if (ctx.fileExists(configFile)) {
          const group = parseProperties((await ctx.readFile(configFile)).toString('utf8')).get('defaults/group');
          if (group) {
            resourceGroup = group;
            resourceGroupSource = `defaults.group in ${configFile}`;
          }
        }
      } catch (error) {
        problems.push(`${configFile} could not be read (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
  return { subscription, subscriptionSource, subscriptionAsked, resourceGroup, resourceGroupSource, configDir: dir, problems, alsoPossible };
}

/** `/subscriptions/S/resourceGroups/G/providers/…`: the subscription and group an Azure resource ID names. */
export function parseResourceId(id: string): { subscription: string | null; resourceGroup: string | null; name: string } {
  const parts = id.split('/').filter(Boolean);
  let subscription: string | null = null;
  let resourceGroup: string | null = null;
  for (let i = 0; i + 1 < parts.length; i++) {
    const part = (parts[i] ?? '').toLowerCase();
    if (part === 'subscriptions' && !subscription) subscription = parts[i + 1] ?? null;
    if (part === 'resourcegroups' && !resourceGroup) resourceGroup = parts[i + 1] ?? null;
  }
  return { subscription, resourceGroup, name: parts[parts.length - 1] ?? id };
}
