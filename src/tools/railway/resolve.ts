// Resolve stage of the Railway family (CLI and raw API calls): scope, credential, live blast radius.
import { NOT_LOOKED_UP } from '../../core/environment.js';
import type { Context } from '../../core/context.js';
import { environmentFacts, mostProtected, unknownEnvironment } from '../../core/environment.js';
import { isDangerous } from '../../core/risk.js';
import { UNKNOWN_ENVIRONMENT_NAME, type EnvironmentFacts, type Target } from '../../core/types.js';
import type { Classification, Resolution } from '../tool.js';
import { API_TOKEN_QUERY, lookupBudget, railwayApi, type ApiTokenData, type RailwayApi } from './api.js';
import { measureOperation, type MeasureContext, type Measured } from './blast.js';
import { describeCredential, scrub } from './credential.js';
import type { RailwayOperation, RailwayRequest } from './model.js';
import { findProject } from './project-lookup.js';
import { knownEnvironmentName, resolveScope, type RailwayScope } from './scope.js';

/** What the operation is called in messages: `pg-data`, `environment staging`. */
export function operationLabel(operation: RailwayOperation): string {
  switch (operation.kind) {
    case 'volume-delete':
      return operation.volume;
    case 'environment-delete':
      return operation.environment;
    case 'service-delete':
      return operation.service;
    case 'project-delete':
      return operation.project ?? 'the project';
    case 'deployment-remove':
      return operation.deployment ?? operation.service ?? 'the latest deployment';
    case 'other':
      return operation.target ?? operation.name;
  }
}

/** Operations whose blast radius crosses environments: unverified means the environment is unknown. */
function crossesEnvironments(operation: RailwayOperation): boolean {
  return operation.kind === 'volume-delete' || operation.kind === 'project-delete';
}

function couldNotVerify(operation: RailwayOperation, why: string): string {
  switch (operation.kind) {
    case 'volume-delete':
      return `could not verify which environments use ${operation.volume}: ${why}`;
    case 'project-delete':
      return `could not verify what project ${operation.project ?? '(linked)'} contains: ${why}`;
    default:
      return `could not verify ${operationLabel(operation)}: ${why}`;
  }
}

function offlineTarget(operation: RailwayOperation, environment: string): Target {
  const kind = operation.kind === 'volume-delete' ? 'volume' : operation.kind === 'environment-delete' ? 'environment' : operation.kind === 'service-delete' ? 'service' : operation.kind === 'project-delete' ? 'project' : operation.kind === 'deployment-remove' ? 'deployment' : 'resource';
  const name = operationLabel(operation);
  return { kind, id: name, name, environment };
}

function apparentEnvironment(scope: RailwayScope, ctx: Context): EnvironmentFacts {
  const name = knownEnvironmentName(scope);
  if (name && scope.environment) return environmentFacts(name, scope.environment.source, ctx.config);
  if (scope.environment) return unknownEnvironment(`environment ${scope.environment.value} (${scope.environment.source}); its name was not verified`);
  return unknownEnvironment('no environment from flags, RAILWAY_TOKEN, RAILWAY_* variables or a linked directory');
}

function recoveryOf(classification: Classification): string | null {
  return classification.hits.find((hit) => hit.rule.risk === classification.risk && hit.rule.recovery)?.rule.recovery ?? null;
}

/** Environment, targets, credential and (unless offline) the measured blast radius of a Railway request. */
/** `; the command appears to target production`, said only when the command named an environment. */
function apparentTarget(apparent: EnvironmentFacts): string {
  return apparent.name === UNKNOWN_ENVIRONMENT_NAME ? '' : `; the command appears to target ${apparent.name}`;
}

export async function resolveRailway(request: RailwayRequest, classification: Classification, ctx: Context): Promise<Resolution> {
  // Started before the project token's own look-up: every wait on Railway shows the spinner.
  const asks = isDangerous(classification.risk) && !ctx.offline && request.operations.length > 0;
  const spinner = asks ? ctx.spinner('guard: asking Railway what this would destroy…') : null;
  try {
    return await resolveRequest(request, classification, ctx);
  } finally {
    spinner?.stop();
  }
}

async function resolveRequest(request: RailwayRequest, classification: Classification, ctx: Context): Promise<Resolution> {
  const dangerous = isDangerous(classification.risk);
  const live = dangerous && !ctx.offline;
  const budget = lookupBudget(ctx);
  const scope = await resolveScope(request, ctx, live ? (credential) => railwayApi(ctx, credential, budget) : null);
  const apparent = apparentEnvironment(scope, ctx);
  const notes: string[] = [];
  const unverified: string[] = [];
  const blastRadius: string[] = [];
  const hideSecret = (text: string) => scrub(text, scope.credential);
  if (scope.problems.length > 0 && dangerous) unverified.push(...scope.problems.map(hideSecret));
  if (scope.link) blastRadius.push(`you are in ${scope.link.environmentName ?? scope.link.environment ?? 'an unknown environment'} (${scope.link.directory} is linked to project ${scope.link.projectName ?? scope.link.project})`);

  let workspaces: string[] | undefined;
  const base: Omit<Resolution, 'environment' | 'targets' | 'unverified' | 'blastRadius'> = {
    credential: describeCredential(scope.credential, scope.tokenScope ?? {}),
    recovery: recoveryOf(classification),
    notes,
  };

  if (!dangerous || request.operations.length === 0) {
    return { ...base, environment: scope.environment || scope.project ? apparent : null, targets: [], blastRadius: dangerous ? blastRadius : [], unverified };
  }

  if (!live || !scope.credential) {
    const why = ctx.offline ? NOT_LOOKED_UP : 'no Railway credential (RAILWAY_TOKEN, RAILWAY_API_TOKEN or `railway login`)';
    for (const operation of request.operations) if (crossesEnvironments(operation) || !ctx.offline) unverified.push(couldNotVerify(operation, why));
    const crosses = request.operations.some(crossesEnvironments);
    const environment = crosses ? unknownEnvironment(`${why}${apparentTarget(apparent)}`) : apparent;
    blastRadius.push(`not measured: ${why}`);
    return { ...base, environment, targets: request.operations.map((op) => offlineTarget(op, environment.name)), blastRadius, unverified };
  }

  const api: RailwayApi = railwayApi(ctx, scope.credential, budget);
  if (scope.credential.kind !== 'project') {
    const answer = await api.query<ApiTokenData>(API_TOKEN_QUERY);
    if (answer.ok) workspaces = answer.data.apiToken.workspaces.map((w) => w.name);
  }
  const environments: EnvironmentFacts[] = [];
  const targets: Target[] = [];
  for (const operation of request.operations) {
    const project = await findProject(api, scope, operation);
    if (!project.ok) {
      unverified.push(hideSecret(couldNotVerify(operation, project.error)));
      environments.push(crossesEnvironments(operation) ? unknownEnvironment(`could not verify${apparentTarget(apparent)}`) : apparent);
      targets.push(offlineTarget(operation, crossesEnvironments(operation) ? 'unknown' : apparent.name));
      continue;
    }
    const measureContext: MeasureContext = { api, scope, project: project.project, apparent, config: ctx.config };
    const measured: Measured = await measureOperation(operation, measureContext);
    unverified.push(...measured.unverified.map((u) => hideSecret(couldNotVerify(operation, u))));
    blastRadius.push(...measured.blastRadius);
    notes.push(...measured.notes);
    environments.push(...(measured.environments.length > 0 ? measured.environments : [crossesEnvironments(operation) ? unknownEnvironment('not verified') : apparent]));
    targets.push(...(measured.targets.length > 0 ? measured.targets : [offlineTarget(operation, apparent.name)]));
  }
  const environment = mostProtected(environments) ?? apparent;
  // The phrase names the first target: put the one in the deciding environment first.
  targets.sort((a, b) => Number(b.environment === environment.name) - Number(a.environment === environment.name));
  return {
    ...base,
    credential: describeCredential(scope.credential, { ...(scope.tokenScope ?? {}), ...(workspaces ? { workspaces } : {}) }),
    environment,
    targets,
    blastRadius: blastRadius.map(hideSecret),
    unverified,
  };
}
