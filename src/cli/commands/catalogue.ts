// `guard rules [tool]` and `guard explain <rule-id>`: what guard knows, from the rule tables.
import { UsageError } from '../../core/errors.js';
import type { Rule } from '../../core/types.js';
import { findTool, loadAllTools } from '../../tools/registry.js';
import type { RegisterCommand } from './types.js';

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function allRules(): Promise<Rule[]> {
  return (await loadAllTools()).flatMap((tool) => Object.values(tool.rules));
}

export const registerCatalogueCommands: RegisterCommand = (program) => {
  program
    .command('rules [tool]')
    .description('list the rules guard applies, for every tool or one')
    .action(async (toolName?: string) => {
      const tools = toolName ? [await findTool(toolName)].filter((t) => t !== null) : await loadAllTools();
      if (toolName && tools.length === 0) throw new UsageError(`no tool named ${toolName}; 'guard rules' lists them`);
      for (const tool of tools) {
        print(`${tool.name}  (${tool.summary}; checked against ${tool.checkedAgainst.version})`);
        for (const rule of Object.values(tool.rules)) print(`  ${rule.id.padEnd(34)} ${rule.risk.padEnd(12)} ${rule.description}`);
      }
    });

  program
    .command('explain <rule-id>')
    .description('what a rule matches, why, and how to recover')
    .action(async (id: string) => {
      const rule = (await allRules()).find((r) => r.id === id);
      if (!rule) throw new UsageError(`no rule ${id}; 'guard rules' lists them`);
      print(`${rule.id} (${rule.risk})\n  matches   ${rule.description}\n  why       ${rule.reason}${rule.recovery ? `\n  recovery  ${rule.recovery}` : ''}`);
    });
};
