// The commander program for guard's subcommands: rules, explain, log and config.
import { Command } from 'commander';
import { homedir } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_FILE, verifyAuditLog } from '../core/audit.js';
import { EXIT, UsageError } from '../core/errors.js';
import { guardDirectory, USER_CONFIG_FILE } from '../config/load.js';
import { findTool, loadAllTools } from '../tools/registry.js';
import type { Rule } from '../core/types.js';

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function allRules(): Promise<Rule[]> {
  return (await loadAllTools()).flatMap((tool) => Object.values(tool.rules));
}

export function buildSubcommandProgram(setStatus: (code: number) => void, _guardBinary: string | null): Command {
  const guardDir = () => guardDirectory(process.env, homedir());
  const program = new Command('guard').exitOverride().configureOutput({ writeErr: (t) => process.stderr.write(t) });

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

  program
    .command('log')
    .description('print the audit log; --verify checks its hash chain')
    .option('--verify', 'check that no entry was changed or removed')
    .action((options: { verify?: boolean }) => {
      if (options.verify) {
        const result = verifyAuditLog(guardDir());
        if (result.brokenAt !== null) {
          process.stderr.write(`guard: audit log broken at entry ${result.brokenAt} of ${result.entries}\n`);
          setStatus(1);
        } else print(`audit log intact: ${result.entries} entries`);
        return;
      }
      try {
        process.stdout.write(readFileSync(join(guardDir(), AUDIT_FILE), 'utf8'));
      } catch {
        print('(the audit log is empty)');
      }
    });

  const config = program.command('config').description("guard's user configuration (kept by conf)");
  config.command('path').description('where the user configuration lives').action(() => print(join(guardDir(), USER_CONFIG_FILE)));
  config
    .command('get [key]')
    .description('print the user configuration, or one dotted key')
    .action(async (key?: string) => {
      const store = await openStore(guardDir());
      print(JSON.stringify(key ? store.get(key) : store.store, null, 2) ?? 'undefined');
    });
  config
    .command('set <key> <json>')
    .description('set a dotted key to a JSON value, e.g. environments.staging.protected false')
    .action(async (key: string, json: string) => {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        value = json;
      }
      const store = await openStore(guardDir());
      store.set(key, value);
      setStatus(EXIT.ok);
    });
  return program;
}

/** conf validates against the same schema guard publishes and writes atomically. */
async function openStore(dir: string) {
  const [{ default: Conf }, { CONFIG_SCHEMA }] = await Promise.all([import('conf'), import('../config/schema.js')]);
  return new Conf<Record<string, unknown>>({
    projectName: 'guard',
    projectSuffix: '',
    cwd: dir,
    configName: USER_CONFIG_FILE.replace(/\.json$/, ''),
    schema: CONFIG_SCHEMA.properties as never,
  });
}
