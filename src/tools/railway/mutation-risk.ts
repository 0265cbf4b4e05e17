// guard's risk for each field of Railway's Mutation type, derived from the schema (used by the generator).
import type { Risk } from '../../core/risk.js';

/** When a mutation's risk depends on the request itself, not just its name. */
export type MutationCondition =
  /** Destructive when any of these arguments is absent or null (e.g. no environmentId: every environment). */
  | { readonly kind: 'destructive-without-args'; readonly args: readonly string[] }
  /** Destructive when this argument (an environment config patch) marks anything `isDeleted: true`. */
  | { readonly kind: 'destructive-when-patch-deletes'; readonly arg: string; readonly otherwise: Risk };

export interface RailwayMutationEntry {
  /** The risk when no condition applies, or when guard cannot evaluate the condition. */
  readonly risk: Risk;
  /** Argument names, as the schema declares them. */
  readonly args: readonly string[];
  /** Why guard gives it this risk, in one phrase. */
  readonly because: string;
  readonly condition?: MutationCondition;
}

/** Verbs that, as a word of the mutation's name, mean data or access is lost. */
export const DESTRUCTIVE_VERBS: readonly string[] = [
  'clear', 'delete', 'destroy', 'drop', 'erase', 'purge', 'remove', 'reset', 'restore', 'revoke', 'truncate', 'unlink', 'wipe',
];

/** Names the verb rule would misjudge, and why. */
const OVERRIDES: Readonly<Record<string, Omit<RailwayMutationEntry, 'args'>>> = {
  projectScheduleDeleteCancel: { risk: 'write', because: 'cancels a scheduled project deletion (the way back, not a loss)' },
  volumeInstanceUpdate: {
    risk: 'write',
    because: 'without environmentId the update applies to the volume in every environment',
    condition: { kind: 'destructive-without-args', args: ['environmentId'] },
  },
  environmentPatchCommit: {
    risk: 'write',
    because: 'a patch that marks services, volumes or buckets isDeleted deletes them',
    condition: { kind: 'destructive-when-patch-deletes', arg: 'patch', otherwise: 'write' },
  },
  environmentPatchCommitStaged: {
    risk: 'unknown',
    because: 'commits changes staged earlier, which the request does not show (they may delete services or volumes)',
  },
  environmentApplyChangeSet: {
    risk: 'unknown',
    because: 'a change set (free-form JSON) may delete services or volumes; guard reads isDeleted, anything else is unknown',
    condition: { kind: 'destructive-when-patch-deletes', arg: 'input', otherwise: 'unknown' },
  },
};

/** `volumeInstanceBackupDelete` → volume, instance, backup, delete (acronyms split per letter; verbs are words). */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const char of name) {
    if (char >= 'A' && char <= 'Z' && current !== '') {
      words.push(current.toLowerCase());
      current = '';
    }
    current += char;
  }
  if (current !== '') words.push(current.toLowerCase());
  return words;
}

export function mutationEntry(name: string, args: readonly string[]): RailwayMutationEntry {
  const override = OVERRIDES[name];
  if (override) return { risk: override.risk, args, because: override.because, ...(override.condition ? { condition: override.condition } : {}) };
  const verb = nameWords(name).find((word) => DESTRUCTIVE_VERBS.includes(word));
  if (verb) return { risk: 'destructive', args, because: `"${verb}" in the mutation's name` };
  return { risk: 'write', args, because: 'a mutation: changes state without a destructive verb in its name' };
}

interface IntrospectionField {
  readonly name: string;
  readonly args: readonly { readonly name: string }[];
}

interface IntrospectionJson {
  readonly data?: IntrospectionSchemaHolder;
  readonly __schema?: IntrospectionSchemaHolder['__schema'];
}
interface IntrospectionSchemaHolder {
  readonly __schema: {
    readonly mutationType: { readonly name: string } | null;
    readonly types: readonly { readonly name: string; readonly fields?: readonly IntrospectionField[] | null }[];
  };
}

/** Every Mutation field of an introspection result, sorted by name, with guard's entry. */
export function deriveMutationTable(introspection: unknown): [string, RailwayMutationEntry][] {
  const json = introspection as IntrospectionJson;
  const schema = json.data?.__schema ?? json.__schema;
  if (!schema?.mutationType) throw new Error('introspection JSON has no mutation type');
  const mutationName = schema.mutationType.name;
  const mutation = schema.types.find((type) => type.name === mutationName);
  if (!mutation?.fields) throw new Error(`introspection JSON has no fields for ${mutationName}`);
  return [...mutation.fields]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((field) => [field.name, mutationEntry(field.name, field.args.map((arg) => arg.name).sort())]);
}

/** The text of src/tools/railway/mutations.generated.ts. */
export function renderMutationsModule(table: readonly [string, RailwayMutationEntry][], source: string): string {
  const destructive = table.filter(([, entry]) => entry.risk === 'destructive' || entry.condition).length;
  const lines = [
    `// GENERATED by scripts/generate-railway-mutations.ts from ${source}: do not edit; re-run the script.`,
    `// guard's risk for each of the ${table.length} Mutation fields (${destructive} destructive or conditional); see mutation-risk.ts.`,
    "import type { RailwayMutationEntry } from './mutation-risk.js';",
    '',
    'export const RAILWAY_MUTATIONS: Readonly<Record<string, RailwayMutationEntry>> = {',
    ...table.map(([name, entry]) => `  ${name}: ${JSON.stringify(entry)},`),
    '};',
    '',
  ];
  return lines.join('\n');
}

export const RAILWAY_SCHEMA_SOURCE = 'vendor/railway/schema.json (Railway CLI 5.43.1)';
