// The installed knex, typeorm and drizzle-kit (pinned devDependencies) against guard's argv tables: every command and option they list is known.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { NODE_GRAMMARS } from '../../../src/tools/migrations/node-tools.js';
import { REPO_ROOT } from '../../support/run-guard.js';
import { buildWorld } from '../../support/world.js';

type Program = keyof typeof NODE_GRAMMARS;

function help(program: Program, args: string[]): string {
  const result = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', program), [...args, '--help'], { cwd: '/', encoding: 'utf8', timeout: 60_000 });
  return `${result.stdout}${result.stderr}`;
}

/** Commands of a help page: knex and drizzle-kit list them under Commands, typeorm as `typeorm <command>`. */
function commandsOf(program: Program, text: string): string[] {
  const section = text.split(/\n(?:Commands|Available Commands):\n/)[1]?.split(/\n\n/)[0] ?? '';
  return section
    .split('\n')
    // Command lines are indented by two spaces; wrapped descriptions by more.
    .filter((line) => /^  \S/.test(line))
    .map((line) => line.trim().replace(/^typeorm /, '').split(/\s/)[0] ?? '')
    .flatMap((word) => word.split('|'))
    .filter((word) => word !== '' && word !== 'help' && !word.startsWith('['));
}

/** Options of a help page with whether they take a value: `<x>`/`[x]` (commander), no [boolean] (yargs), `string`/`[ a | b ]` (drizzle). */
function optionsOf(program: Program, text: string): { name: string; value: boolean; optional: boolean }[] {
  const out: { name: string; value: boolean; optional: boolean }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^\s+(?:-{1,2}(\w+), )?--([\w-]+)(.*)$/.exec(lines[i] as string);
    if (!match) continue;
    // yargs wraps descriptions: the [boolean] type may stand on a continuation line.
    let block = match[3] ?? '';
    for (let j = i + 1; j < lines.length && /^\s{6,}[^\s-]/.test(lines[j] as string); j++) block += ` ${lines[j]}`;
    const value = program === 'typeorm' ? !block.includes('[boolean]') : /^\s*(\[|<|string|number)/.test(block);
    const optional = /^\s*\[[a-z]/.test(block);
    out.push({ name: match[2] as string, value, optional });
    if (match[1]) out.push({ name: match[1], value, optional });
  }
  return out;
}

const available = existsSync(join(REPO_ROOT, 'node_modules', '.bin', 'knex'));

for (const program of Object.keys(NODE_GRAMMARS) as Program[]) {
  test(`${program}: every command and option of the installed CLI is in guard's table`, { skip: available ? false : 'npm devDependencies are not installed', timeout: 300_000 }, async () => {
    const grammar = NODE_GRAMMARS[program];
    const top = help(program, []);
    const commands = commandsOf(program, top);
    assert.ok(commands.length >= 5, `${program} --help listed no commands:\n${top}`);
    const pages = [top, ...commands.map((command) => help(program, [command]))];
    const options = pages.flatMap((page) => optionsOf(program, page));
    // commander's `--x [path]` takes a value when one follows; a command may list the same name as a flag.
    const optionalValues = new Set(options.filter((option) => option.optional).map((option) => option.name));
    for (const { name, value } of options) {
      const listed = value || optionalValues.has(name) ? grammar.valueOptions : grammar.flags;
      assert.ok((listed as readonly string[]).includes(name), `${program}: --${name} ${value ? 'takes a value' : 'is a flag'} in ${program} --help, not in guard's table`);
    }
    for (const command of commands) {
      const world = buildWorld({ offline: true });
      try {
        const { analysis } = await assess([program, command], world.ctx);
        assert.ok(!analysis.hits.some((hit) => hit.rule.id === `${program}/unrecognised`), `${program} ${command} is a command guard's table does not know`);
      } finally {
        world.cleanup();
      }
    }
  });
}
