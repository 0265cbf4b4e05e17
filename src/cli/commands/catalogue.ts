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
    .option('--json', 'print them as a JSON array of tools with their rules')
    .action(async (toolName: string | undefined, options: { json?: boolean }) => {
      const tools = toolName ? [await findTool(toolName)].filter((t) => t !== null) : await loadAllTools();
      if (toolName && tools.length === 0) throw new UsageError(`no tool named ${toolName}; 'guard rules' lists them`);
      if (options.json) {
        const listed = tools.map((tool) => ({ tool: tool.name, family: tool.family, summary: tool.summary, checkedAgainst: tool.checkedAgainst, rules: Object.values(tool.rules) }));
        print(JSON.stringify(listed, null, 2));
        return;
      }
      for (const tool of tools) {
        print(`${tool.name}  (${tool.summary}; checked against ${tool.checkedAgainst.version})`);
        for (const rule of Object.values(tool.rules)) print(`  ${rule.id.padEnd(34)} ${rule.risk.padEnd(12)} ${rule.description}`);
      }
    });

  program
    .command('explain <rule-id>')
    .description('what a rule matches, why, and how to recover')
    .option('--json', 'print the rule as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const rules = await allRules();
      const rule = rules.find((r) => r.id === id);
      if (!rule) {
        const { didYouMean } = await import('../suggest.js');
        throw new UsageError(`no rule ${id}${didYouMean(id, rules.map((r) => r.id))}; 'guard rules' lists them`);
      }
      if (options.json) {
        print(JSON.stringify(rule, null, 2));
        return;
      }
      print(`${rule.id} (${rule.risk})\n  matches   ${rule.description}\n  why       ${rule.reason}${rule.recovery ? `\n  recovery  ${rule.recovery}` : ''}`);
    });
};
