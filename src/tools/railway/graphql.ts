// Classifies a GraphQL request to Railway's API by the mutation fields it selects (the incident's path).
import type { DocumentNode, FieldNode, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
import { maxRisk, type Risk } from '../../core/risk.js';
import type { RailwayOperation } from './model.js';
import type { MutationCondition } from './mutation-risk.js';
import { RAILWAY_MUTATIONS } from './mutations.generated.js';

export interface RailwayFieldFinding {
  readonly name: string;
  readonly risk: Risk;
  readonly summary: string;
}

export interface RailwayDocumentClassification {
  readonly risk: Risk;
  readonly operations: RailwayOperation[];
  readonly fields: RailwayFieldFinding[];
  /** What guard could not read or resolve; each makes the request fail closed. */
  readonly problems: string[];
}

/** Larger documents are not parsed: a real request to Railway is a few kilobytes. */
export const MAX_DOCUMENT_BYTES = 1 << 20;
/** Selection nesting (fields, fragments, inline fragments) and value nesting beyond this are refused. */
export const MAX_NESTING = 64;
const MAX_TOKENS = 200_000;

type Variables = Readonly<Record<string, unknown>>;

/** Marks a value guard could not resolve (a variable with no value and no default). */
const UNRESOLVED = Symbol('unresolved');
type Resolved = unknown;

function unknownResult(problem: string): RailwayDocumentClassification {
  return { risk: 'unknown', operations: [], fields: [], problems: [problem] };
}

export async function classifyRailwayDocument(
  query: string,
  variables?: Readonly<Record<string, unknown>>,
  operationName?: string,
): Promise<RailwayDocumentClassification> {
  if (Buffer.byteLength(query, 'utf8') > MAX_DOCUMENT_BYTES) return unknownResult(`GraphQL document larger than ${MAX_DOCUMENT_BYTES} bytes`);
  const { parse, Kind } = await import('graphql');
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true, maxTokens: MAX_TOKENS });
  } catch (error) {
    return unknownResult(`GraphQL document does not parse: ${(error as Error).message}`);
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  if (operations.length === 0) return unknownResult('GraphQL document has no operation');
  let chosen = operations;
  if (operationName !== undefined && operationName !== null) {
    chosen = operations.filter((op) => op.name?.value === operationName);
    if (chosen.length === 0) return unknownResult(`operationName ${operationName} names no operation in the document`);
  }

  const result: RailwayDocumentClassification = { risk: 'read', operations: [], fields: [], problems: [] };
  for (const operation of chosen) {
    const label = `${operation.operation}${operation.name ? ` ${operation.name.value}` : ''}`;
    const values = operationVariables(operation, variables ?? {}, result.problems);
    const top = topLevelFields(operation.selectionSet, fragments, result.problems, 0, new Set());
    if (top === null) continue;
    if (operation.operation !== 'mutation') {
      const names = top.map((f) => f.name.value).filter((n) => n !== '__typename');
      result.fields.push({ name: label, risk: 'read', summary: `${label} { ${names.join(' ') || '__typename'} }` });
      continue;
    }
    for (const field of top) classifyMutationField(field, values, result);
  }
  const risks: Risk[] = [...result.fields.map((f) => f.risk), ...(result.problems.length > 0 ? (['unknown'] as Risk[]) : [])];
  return { ...result, risk: maxRisk('read', ...risks) };

  function operationVariables(operation: OperationDefinitionNode, given: Variables, problems: string[]): Map<string, Resolved> {
    const values = new Map<string, Resolved>();
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      if (Object.prototype.hasOwnProperty.call(given, name)) values.set(name, given[name]);
      else if (definition.defaultValue) values.set(name, literal(definition.defaultValue, new Map(), problems, 0));
      else values.set(name, UNRESOLVED);
    }
    return values;
  }

  /** The root fields an operation selects, through fragment spreads and inline fragments; null when too deep. */
  function topLevelFields(
    selectionSet: SelectionSetNode,
    fragmentMap: ReadonlyMap<string, { selectionSet: SelectionSetNode }>,
    problems: string[],
    depth: number,
    visiting: Set<string>,
  ): FieldNode[] | null {
    if (depth > MAX_NESTING || nestingDepth(selectionSet, 0) > MAX_NESTING) {
      problems.push(`GraphQL selections nest deeper than ${MAX_NESTING}`);
      return null;
    }
    const out: FieldNode[] = [];
    for (const selection of selectionSet.selections) {
      // @skip/@include are ignored on purpose: a field that might run counts (fail closed).
      if (selection.kind === Kind.FIELD) out.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = topLevelFields(selection.selectionSet, fragmentMap, problems, depth + 1, visiting);
        if (inner === null) return null;
        out.push(...inner);
      } else {
        const name = selection.name.value;
        const fragment = fragmentMap.get(name);
        if (!fragment) problems.push(`fragment ${name} is not defined`);
        else if (visiting.has(name)) problems.push(`fragment ${name} spreads itself`);
        else {
          visiting.add(name);
          const inner = topLevelFields(fragment.selectionSet, fragmentMap, problems, depth + 1, visiting);
          visiting.delete(name);
          if (inner === null) return null;
          out.push(...inner);
        }
      }
    }
    return out;
  }

  function nestingDepth(selectionSet: SelectionSetNode, depth: number): number {
    if (depth > MAX_NESTING) return depth;
    let deepest = depth;
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) {
        deepest = Math.max(deepest, nestingDepth(selection.selectionSet, depth + 1));
      }
    }
    return deepest;
  }

  function literal(node: ValueNode, values: ReadonlyMap<string, Resolved>, problems: string[], depth: number): Resolved {
    if (depth > MAX_NESTING) {
      problems.push(`GraphQL argument values nest deeper than ${MAX_NESTING}`);
      return UNRESOLVED;
    }
    switch (node.kind) {
      case Kind.VARIABLE:
        return values.has(node.name.value) ? values.get(node.name.value) : UNRESOLVED;
      case Kind.INT:
      case Kind.FLOAT:
        return Number(node.value);
      case Kind.STRING:
      case Kind.ENUM:
        return node.value;
      case Kind.BOOLEAN:
        return node.value;
      case Kind.NULL:
        return null;
      case Kind.LIST:
        return node.values.map((item) => literal(item, values, problems, depth + 1));
      case Kind.OBJECT:
        return Object.fromEntries(node.fields.map((field) => [field.name.value, literal(field.value, values, problems, depth + 1)]));
      default:
        return UNRESOLVED;
    }
  }

  function classifyMutationField(field: FieldNode, values: ReadonlyMap<string, Resolved>, into: RailwayDocumentClassification): void {
    const name = field.name.value;
    if (name === '__typename') return;
    const args = new Map<string, Resolved>(field.arguments?.map((arg) => [arg.name.value, literal(arg.value, values, into.problems, 0)]) ?? []);
    const summary = `${field.alias ? `${field.alias.value}: ` : ''}${name}(${[...args].map(([k, v]) => `${k}: ${show(v)}`).join(', ')})`;
    const entry = RAILWAY_MUTATIONS[name];
    if (!entry) {
      into.fields.push({ name, risk: 'unknown', summary });
      into.problems.push(`${name} is not a mutation in Railway's schema`);
      return;
    }
    let risk = entry.risk;
    if (entry.condition) risk = evaluate(entry.condition, args, name, entry.risk, into);
    into.fields.push({ name, risk, summary });
    for (const [arg, value] of args) if (value === UNRESOLVED) into.problems.push(`${name}: argument ${arg} comes from a variable with no value`);
    into.operations.push(...operationsOf(name, args, risk));
  }

  function evaluate(condition: MutationCondition, args: ReadonlyMap<string, Resolved>, name: string, fallback: Risk, into: RailwayDocumentClassification): Risk {
    if (condition.kind === 'destructive-without-args') {
      const missing = condition.args.filter((arg) => args.get(arg) === undefined || args.get(arg) === null || args.get(arg) === UNRESOLVED);
      return missing.length > 0 ? 'destructive' : fallback;
    }
    let patch = args.get(condition.arg);
    if (typeof patch === 'string') {
      try {
        patch = JSON.parse(patch) as unknown;
      } catch {
        // A string that is not JSON deletes nothing we can see; the scalar's own parser decides.
      }
    }
    if (patch === undefined || patch === UNRESOLVED) {
      into.problems.push(`${name}: the ${condition.arg} argument has no value guard can read`);
      return 'unknown';
    }
    const deleted = deletedPaths(patch, [], 0);
    if (deleted === null) {
      into.problems.push(`${name}: the ${condition.arg} argument nests deeper than ${MAX_NESTING}`);
      return 'unknown';
    }
    return deleted.length > 0 ? 'destructive' : condition.otherwise;
  }
}

/** Paths in a patch whose object says `isDeleted: true` (`services.<id>`, `volumes.<id>`); null when too deep. */
export function deletedPaths(value: unknown, path: readonly string[], depth: number): string[][] | null {
  if (depth > MAX_NESTING) return null;
  if (value === null || typeof value !== 'object') return [];
  const out: string[][] = [];
  if (!Array.isArray(value) && (value as Record<string, unknown>).isDeleted === true) out.push([...path]);
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const found = deletedPaths(inner, [...path, key], depth + 1);
    if (found === null) return null;
    out.push(...found);
  }
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function operationsOf(name: string, args: ReadonlyMap<string, unknown>, risk: Risk): RailwayOperation[] {
  const id = text(args.get('id'));
  switch (name) {
    case 'volumeDelete': {
      const volume = text(args.get('volumeId'));
      return [volume ? { kind: 'volume-delete', volume } : { kind: 'other', name, risk }];
    }
    case 'environmentDelete':
      return [id ? { kind: 'environment-delete', environment: id } : { kind: 'other', name, risk }];
    case 'serviceDelete': {
      const environment = text(args.get('environmentId'));
      return [id ? { kind: 'service-delete', service: id, ...(environment ? { environment } : {}) } : { kind: 'other', name, risk }];
    }
    case 'projectDelete':
    case 'projectScheduleDelete':
    case 'projectScheduleDeleteForce':
      return [{ kind: 'project-delete', ...(id ? { project: id } : {}) }];
    case 'deploymentRemove':
      return [{ kind: 'deployment-remove', ...(id ? { deployment: id } : {}) }];
    case 'environmentPatchCommit':
    case 'environmentApplyChangeSet':
      return patchOperations(name, args, risk);
    default: {
      const target = ['volumeId', 'id', 'volumeInstanceId', 'serviceId', 'environmentId', 'projectId'].map((key) => text(args.get(key))).find(Boolean);
      return [{ kind: 'other', name, risk, ...(target ? { target } : {}) }];
    }
  }
}

/** A patch that deletes a service in an environment is a service deletion there; anything else is named as it is. */
function patchOperations(name: string, args: ReadonlyMap<string, unknown>, risk: Risk): RailwayOperation[] {
  const environment = text(args.get('environmentId'));
  let patch = args.get(name === 'environmentPatchCommit' ? 'patch' : 'input');
  if (typeof patch === 'string') {
    try {
      patch = JSON.parse(patch) as unknown;
    } catch {
      patch = undefined;
    }
  }
  const deleted = deletedPaths(patch, [], 0) ?? [];
  if (deleted.length === 0) return [{ kind: 'other', name, risk, ...(environment ? { target: environment } : {}) }];
  return deleted.map((path): RailwayOperation => {
    const [collection, id] = path;
    if (collection === 'services' && id && path.length === 2) return { kind: 'service-delete', service: id, ...(environment ? { environment } : {}) };
    return { kind: 'other', name: `${name} ${path.join('.')}.isDeleted`, risk: 'destructive', ...(id ? { target: id } : {}) };
  });
}

function show(value: unknown): string {
  if (value === UNRESOLVED) return '(no value)';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

export interface RailwayRequestBody {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly operationName?: string;
}

/**
 * Classifies a parsed HTTP body: one `{query, variables, operationName}` or a batched array of
 * them. Anything else is unknown: guard does not guess what Railway would make of it.
 */
export async function classifyRailwayBody(body: unknown): Promise<RailwayDocumentClassification> {
  const requests = Array.isArray(body) ? body : [body];
  if (requests.length === 0) return unknownResult('an empty batch of GraphQL requests');
  const parts: RailwayDocumentClassification[] = [];
  for (const [index, request] of requests.entries()) {
    const where = Array.isArray(body) ? ` (batch item ${index + 1})` : '';
    const checked = checkRequestBody(request);
    if (typeof checked === 'string') parts.push(unknownResult(`${checked}${where}`));
    else parts.push(await classifyRailwayDocument(checked.query, checked.variables, checked.operationName));
  }
  return {
    risk: maxRisk(...parts.map((p) => p.risk)),
    operations: parts.flatMap((p) => p.operations),
    fields: parts.flatMap((p) => p.fields),
    problems: parts.flatMap((p) => p.problems),
  };
}

function checkRequestBody(value: unknown): RailwayRequestBody | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'the JSON body is not a GraphQL request object';
  const record = value as Record<string, unknown>;
  if (typeof record.query !== 'string') return 'the JSON body has no "query" string (persisted or malformed request)';
  let variables = record.variables;
  if (typeof variables === 'string') {
    try {
      variables = JSON.parse(variables) as unknown;
    } catch {
      return '"variables" is a string that is not JSON';
    }
  }
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return '"variables" is not an object';
  if (record.operationName !== undefined && record.operationName !== null && typeof record.operationName !== 'string') return '"operationName" is not a string';
  return {
    query: record.query,
    ...(variables ? { variables: variables as Record<string, unknown> } : {}),
    ...(typeof record.operationName === 'string' ? { operationName: record.operationName } : {}),
  };
}
