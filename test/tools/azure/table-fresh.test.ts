// The generated az table still matches the installed azure-cli for the commands its rules name (a full dump takes minutes: `npm run gen:az`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { azPython } from '../../../scripts/az-sources.js';
import { AZ_CLI_VERSION } from '../../../src/tools/azure/az-commands.generated.js';
import { AZ_GLOBALS, findAzCommand } from '../../../src/tools/azure/table.js';

const python = azPython();
const skip = python ? false : 'azure-cli is not installed here (no az on PATH; Debian: azure-cli): the generated table cannot be checked';
const REGENERATE = 'regenerate with `npm run gen:az`';
const configDir = mkdtempSync(join(tmpdir(), 'guard-az-fresh-'));
after(() => rmSync(configDir, { recursive: true, force: true }));

/** The commands src/tools/azure/rules.ts and classify.ts decide on by name or by argument. */
const RULE_COMMANDS = ['group delete', 'storage blob delete-batch', 'storage blob sync', 'rest', 'keyvault purge', 'group list'];

type Dump = { version: string; commands: Record<string, { options: [string[], number | string | null][]; failed: boolean }> };

function dumpOne(command: string): Dump {
  const result = spawnSync(python ?? 'python3', [join('scripts', 'az-command-table.py'), command], { encoding: 'utf8', env: { ...process.env, AZURE_CONFIG_DIR: configDir }, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, result.stderr.slice(-2000));
  return JSON.parse(result.stdout) as Dump;
}

const spellings = (options: readonly { names: readonly string[] }[]) => options.map((option) => [...option.names].sort().join(',')).sort();

test('the table was generated from this azure-cli version', { skip }, () => {
  assert.equal(dumpOne('group list').version, AZ_CLI_VERSION, `the table is from azure-cli ${AZ_CLI_VERSION}: ${REGENERATE}`);
});

for (const command of RULE_COMMANDS) {
  test(`az ${command}: the generated options are azure-cli's own`, { skip }, () => {
    const live = dumpOne(command).commands[command];
    assert.ok(live, `azure-cli has no command ${command}`);
    const generated = findAzCommand(command);
    assert.ok(generated, `${command} is missing from az-commands.generated.ts: ${REGENERATE}`);
    const globals = new Set(spellings(AZ_GLOBALS()));
    const liveSpellings = live.options.map(([names]) => [...names].sort().join(',')).filter((names) => !globals.has(names)).sort();
    assert.deepEqual(spellings(generated.options), liveSpellings, `${command}'s options changed: ${REGENERATE}`);
  });
}
