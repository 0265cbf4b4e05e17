// Looks commands and their options up in the generated az table, decoding it once per run.
import { AZ_COMMANDS, AZ_GLOBAL_OPTIONS, AZ_OPTIONS } from './az-commands.generated.js';
import { AZ_RULE_CODES, type AzCommandRule } from './verbs.js';

/** v: one value; s: a switch; o: an optional value; n: one or more values (argparse nargs None, 0, '?', '+'). */
export type OptionKind = 'v' | 's' | 'o' | 'n';

export interface AzOption {
  /** Every spelling: `--resource-group`, `-g`, `--name`, `-n` (azure-cli lets one argument have several). */
  readonly names: readonly string[];
  readonly kind: OptionKind;
}

export interface AzCommand {
  readonly name: string;
  readonly rule: AzCommandRule;
  /** azure-cli could not load this command's arguments where the table was generated: its options are unknown. */
  readonly argumentsUnknown: boolean;
  readonly options: readonly AzOption[];
}

/** Taken by every command at run time, though azure-cli registers it outside the parser's tables. */
const SUBSCRIPTION: AzOption = { names: ['--subscription'], kind: 'v' };

let options: readonly AzOption[] | null = null;
let commands: Map<string, string> | null = null;
let groups: Set<string> | null = null;
const ruleOfCode = new Map<string, AzCommandRule>(Object.entries(AZ_RULE_CODES).map(([rule, code]) => [code, rule as AzCommandRule]));

function optionTable(): readonly AzOption[] {
  options ??= AZ_OPTIONS.split(';').map((entry) => {
    const colon = entry.lastIndexOf(':');
    return { names: entry.slice(0, colon).split(','), kind: (entry.slice(colon + 1) || 'v') as OptionKind };
  });
  return options;
}

function commandLines(): Map<string, string> {
  if (!commands) {
    commands = new Map();
    groups = new Set();
    for (const line of AZ_COMMANDS.split('\n')) {
      const tab = line.indexOf('\t');
      const name = line.slice(0, tab);
      commands.set(name, line.slice(tab + 1));
      const words = name.split(' ');
      for (let i = 1; i < words.length; i++) groups.add(words.slice(0, i).join(' '));
    }
  }
  return commands;
}

const indices = (list: string): AzOption[] => list.split(',').filter(Boolean).map((index) => optionTable()[parseInt(index, 36)]).filter((option): option is AzOption => option !== undefined);

export const AZ_GLOBALS: () => readonly AzOption[] = () => [...indices(AZ_GLOBAL_OPTIONS), SUBSCRIPTION];

export function findAzCommand(name: string): AzCommand | null {
  const entry = commandLines().get(name);
  if (entry === undefined) return null;
  const [code = 'u', list = ''] = entry.split('\t');
  return { name, rule: ruleOfCode.get(code.replace('*', '')) ?? 'unclassified', argumentsUnknown: code.endsWith('*'), options: indices(list) };
}

/** `storage blob`: words that name a group of commands (az prints its help). */
export function isAzGroup(name: string): boolean {
  commandLines();
  return groups?.has(name) ?? false;
}
