// `guard config` and the catalogue commands as a person and a script use them: list, get, set, unset, --json, exit codes.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createSandbox, describeRun, runGuard } from '../support/run-guard.js';

const sandbox = createSandbox('guard-config-cmd-');
after(() => sandbox.cleanup());
const guard = (...args: string[]) => runGuard(args, { sandbox });
const file = join(sandbox.configDir, 'config.json');

describe('guard config', () => {
  test('set, get, list and unset a key; the file is what guard reads', async () => {
    assert.equal((await guard('config', 'set', 'environments.staging.protected', 'false')).status, 0);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).environments, { staging: { protected: false } });
    const got = await guard('config', 'get', 'environments.staging.protected');
    assert.equal(got.stdoutText, 'false\n');
    const listed = await guard('config', 'list');
    assert.equal(listed.stdoutText, 'environments.staging.protected = false\n');
    const json = await guard('config', 'list', '--json');
    assert.deepEqual(JSON.parse(json.stdoutText), { environments: { staging: { protected: false } } });
    assert.equal((await guard('config', 'unset', 'environments.staging.protected')).status, 0);
    assert.equal((await guard('config', 'get', 'environments.staging.protected')).status, 1);
  });

  test('a missing key: get and unset exit 1 and say which', async () => {
    const run = await guard('config', 'get', 'policy.nothing');
    assert.equal(run.status, 1, describeRun(run));
    assert.match(run.stderrText, /policy\.nothing is not set/);
    assert.equal((await guard('config', 'unset', 'policy.nothing')).status, 1);
  });

  test('a bad value: 78 naming the file, the key and the allowed values; the file is unchanged', async () => {
    await guard('config', 'set', 'policy.writeInProtected', 'confirm');
    const before = readFileSync(file, 'utf8');
    const run = await guard('config', 'set', 'policy.writeInProtected', 'maybe');
    assert.equal(run.status, 78, describeRun(run));
    assert.ok(run.stderrText.includes(file));
    assert.match(run.stderrText, /policy\.writeInProtected: must be one of "allow", "confirm"/);
    assert.equal(readFileSync(file, 'utf8'), before);
    const unknownKey = await guard('config', 'set', 'environments.x.colour', '"red"');
    assert.equal(unknownKey.status, 78);
    assert.match(unknownKey.stderrText, /environments\.x\.colour: unknown key \(allowed: protected, match\)/);
  });

  test('a malformed file: 78 naming it, for every config command', async () => {
    mkdirSync(sandbox.configDir, { recursive: true });
    writeFileSync(file, '{"environments": ');
    for (const args of [['list'], ['get'], ['set', 'policy.writeInProtected', 'allow'], ['unset', 'policy']]) {
      const run = await guard('config', ...args);
      assert.equal(run.status, 78, `config ${args.join(' ')}: ${describeRun(run)}`);
      assert.ok(run.stderrText.includes(file));
    }
    writeFileSync(file, '{}');
  });
});

describe('guard rules and explain', () => {
  test('rules --json: every tool with its rules', async () => {
    const run = await guard('rules', '--json');
    assert.equal(run.status, 0, describeRun(run));
    const tools = JSON.parse(run.stdoutText) as { tool: string; rules: { id: string; risk: string }[] }[];
    const psql = tools.find((tool) => tool.tool === 'psql');
    assert.ok(psql?.rules.some((rule) => rule.id === 'psql/drop-table' && rule.risk === 'destructive'));
  });
  test('explain --json prints the rule; a typo gets a suggestion and 64', async () => {
    const run = await guard('explain', 'psql/drop-table', '--json');
    assert.equal(JSON.parse(run.stdoutText).id, 'psql/drop-table');
    const typo = await guard('explain', 'psql/drop-tabel');
    assert.equal(typo.status, 64);
    assert.match(typo.stderrText, /did you mean psql\/drop-table\?/);
  });
});
