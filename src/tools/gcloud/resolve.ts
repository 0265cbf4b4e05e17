// Resolve stage for gcloud and gsutil: project → environment, targets, and the live blast radius of what a delete removes.
import { offlineCause, type Context } from '../../core/context.js';
import { isDangerous } from '../../core/risk.js';
import type { CredentialFacts, Target } from '../../core/types.js';
import type { Classification, Resolution } from '../tool.js';
import { projectInResourceName, resolveGcloudScope, type GcloudFlagsForScope, type GcloudScope } from './config-files.js';
import { gcloudEnvironment } from './environment.js';
import { measureTargets } from './measure.js';

/** What a gcloud or gsutil command asks of resolve, in terms both programs share. */
export interface GcloudRequest {
  readonly program: 'gcloud' | 'gsutil';
  readonly flags: GcloudFlagsForScope;
  /** The project the command itself names (`projects delete P`, a full resource name), over every default. */
  readonly namedProject: { readonly project: string; readonly source: string } | null;
  /** What a look-up must repeat to ask as the same account through the same endpoints. */
  readonly pinArgs: readonly string[];
  readonly targets: readonly { kind: string; name: string }[];
  /** Which measurement applies (none when the command deletes nothing guard can measure). */
  readonly measure: 'sql-instance' | 'bucket' | 'objects' | 'project' | null;
}

export function projectNamedBy(command: string, positionals: readonly string[]): { project: string; source: string } | null {
  if (command === 'projects delete' && positionals[0]) return { project: positionals[0], source: 'the project being deleted' };
  for (const word of positionals) {
    const project = projectInResourceName(word);
    if (project) return { project, source: `resource name ${word}` };
  }
  return null;
}

function credentialOf(scope: GcloudScope, ctx: Context, flags: GcloudFlagsForScope): CredentialFacts | null {
  const impersonated = ctx.env.CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT;
  if (impersonated) return { kind: 'impersonated service account', source: 'CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT', reach: `${impersonated}: whatever IAM grants it` };
  if (ctx.env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE) return { kind: 'access token', source: 'CLOUDSDK_AUTH_ACCESS_TOKEN_FILE', reach: 'whatever the token\'s principal may do in every project it can reach' };
  if (!scope.account) return null;
  const service = scope.account.endsWith('.gserviceaccount.com');
  return {
    kind: service ? 'service account' : 'user account',
    source: flags.account ? '--account' : ctx.env.CLOUDSDK_CORE_ACCOUNT ? 'CLOUDSDK_CORE_ACCOUNT' : `configuration ${scope.configuration}`,
    reach: `${scope.account}: every project where IAM grants it roles, not only ${scope.project ?? 'this one'}`,
  };
}

export async function resolveGcloud(request: GcloudRequest, classification: Classification, ctx: Context): Promise<Resolution> {
  const scope = await resolveGcloudScope(request.flags, ctx);
  const project = request.namedProject?.project ?? scope.project;
  const projectSource = request.namedProject?.source ?? scope.projectSource;
  const fromConfiguration = !request.namedProject && !request.flags.project && !ctx.env.CLOUDSDK_CORE_PROJECT;
  const environment = gcloudEnvironment({ project, account: scope.account, configuration: scope.configuration }, projectSource, fromConfiguration, ctx.config);
  const unverified = [...scope.problems];
  const notes: string[] = [];
  if (!isDangerous(classification.risk)) return { environment, targets: [], blastRadius: [], credential: null, recovery: null, unverified: [], notes };

  const recovery = classification.hits.find((hit) => hit.rule.risk === classification.risk && hit.rule.recovery)?.rule.recovery ?? null;
  // Another session can run `gcloud config set project` between this check and the run (BYPASSES.md): say how to pin it.
  if (project && !request.flags.project && !request.namedProject && request.program === 'gcloud') {
    notes.push(`guard resolved project ${project} from ${projectSource}; pass --project ${project} to pin it.`);
  }
  const targets: Target[] = request.targets.map((t) => ({
    kind: t.kind,
    id: t.kind === 'project' ? t.name : project && !t.name.includes('/') ? `projects/${project}/${t.kind === 'sql-instance' ? 'instances/' : ''}${t.name}` : t.name,
    name: t.name.startsWith('gs://') ? t.name.slice(5).replace(/\/+$/, '') || t.name : (t.name.split('/').pop() ?? t.name),
    environment: environment.name,
    ...(project ? { project } : {}),
  }));
  const blastRadius = [`project ${project ?? '(none)'} (${projectSource}), configuration ${scope.configuration}${scope.account ? `, account ${scope.account}` : ''}`];
  const credential = credentialOf(scope, ctx, request.flags);
  if (ctx.offline || request.measure === null) {
    if (ctx.offline && request.measure !== null) blastRadius.push(`not measured: ${offlineCause(ctx)}`);
    return { environment, targets, blastRadius, credential, recovery, unverified, notes };
  }
  const pin = [...(project && request.program === 'gcloud' ? [`--project=${project}`] : []), ...request.pinArgs];
  const measured = await measureTargets(ctx, request.measure, targets, pin, request.program);
  return { environment, targets: measured.targets, blastRadius: [...blastRadius, ...measured.blastRadius], credential, recovery, unverified: [...unverified, ...measured.unverified], notes };
}
