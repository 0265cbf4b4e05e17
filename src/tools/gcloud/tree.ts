// Looks commands up in the generated gcloud tree, decoding only the top-level group a command names.
import { GCLOUD_FLAG_NAMES, GCLOUD_FLAG_SETS, GCLOUD_GLOBAL_FLAG_SET, GCLOUD_GROUPS } from './gcloud-tree.generated.js';
import { RULE_CODES, type GcloudNodeRule } from './verbs.js';

/** A flag takes a value, or is a switch (which also accepts `--no-NAME`, as gcloud's Boolean flags do). */
export type FlagKind = 'value' | 'switch';
export type FlagTable = ReadonlyMap<string, FlagKind>;

type RawNode = [string, number, Record<string, RawNode>?];

export interface GcloudNode {
  readonly name: string;
  /** null for a group (it runs nothing: gcloud prints its help or a usage error). */
  readonly rule: GcloudNodeRule | null;
  readonly flags: FlagTable;
  child(word: string): GcloudNode | null;
  readonly isGroup: boolean;
}

let flagNames: readonly string[] | null = null;
let flagSets: readonly string[] | null = null;
const decodedSets = new Map<number, FlagTable>();
const ruleOfCode = new Map<string, GcloudNodeRule>(Object.entries(RULE_CODES).map(([rule, code]) => [code, rule as GcloudNodeRule]));

function flagTable(index: number): FlagTable {
  const cached = decodedSets.get(index);
  if (cached) return cached;
  flagNames ??= GCLOUD_FLAG_NAMES.split(' ');
  flagSets ??= GCLOUD_FLAG_SETS.split(';');
  const table = new Map<string, FlagKind>();
  for (const token of (flagSets[index] ?? '').split(',').filter(Boolean)) {
    const isSwitch = token.startsWith('!');
    const name = flagNames[parseInt(isSwitch ? token.slice(1) : token, 36)];
    if (name !== undefined) table.set(name, isSwitch ? 'switch' : 'value');
  }
  decodedSets.set(index, table);
  return table;
}

function node(name: string, raw: RawNode): GcloudNode {
  const [code, set, children] = raw;
  return {
    name,
    rule: code === 'g' ? null : (ruleOfCode.get(code) ?? 'unclassified'),
    isGroup: code === 'g',
    get flags() {
      return flagTable(set);
    },
    child(word) {
      const raw = children && Object.prototype.hasOwnProperty.call(children, word) ? children[word] : undefined;
      return raw ? node(word, raw) : null;
    },
  };
}

const decodedGroups = new Map<string, GcloudNode>();

/** The root: its children are the top-level groups (decoded on first use), its flags gcloud's global flags. */
export const GCLOUD_ROOT: GcloudNode = {
  name: 'gcloud',
  rule: null,
  isGroup: true,
  get flags() {
    return flagTable(GCLOUD_GLOBAL_FLAG_SET);
  },
  child(word) {
    if (!Object.prototype.hasOwnProperty.call(GCLOUD_GROUPS, word)) return null;
    let group = decodedGroups.get(word);
    if (!group) {
      group = node(word, JSON.parse(GCLOUD_GROUPS[word] ?? '["u",0]') as RawNode);
      decodedGroups.set(word, group);
    }
    return group;
  },
};
