// guard hook install/uninstall on real config files: merged without disturbing anything, idempotent, and reversible byte for byte.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { AGENTS, type AgentName } from '../../src/hooks/model.js';
import { configFile, inspectHook, installHook } from '../../src/hooks/install.js';
import { ConfigError } from '../../src/core/errors.js';

const GUARD = '/opt/guard/bin/guard';
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'guard-install-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const project = () => join(root, 'project');
const home = () => join(root, 'home');

function install(agent: AgentName, extra: { uninstall?: boolean; scope?: 'project' | 'user' } = {}) {
  return installHook({ agent, scope: extra.scope ?? 'project', projectDir: project(), home: home(), guardBinary: GUARD, uninstall: extra.uninstall ?? false });
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Existing content each agent's file might hold: other settings and other people's hooks. */
const EXISTING: Record<AgentName, unknown> = {
  claude: { permissions: { allow: ['Bash(npm test)'] }, hooks: { PreToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --check' }] }], Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] }, model: 'opus' },
  codex: { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'python3 .codex/hooks/check.py', statusMessage: 'Checking' }] }] } },
  cursor: { version: 1, hooks: { afterFileEdit: [{ command: './hooks/format.sh' }], beforeShellExecution: [{ command: './hooks/audit.sh' }] } },
  gemini: { theme: 'GitHub', hooks: { BeforeTool: [{ matcher: 'write_file', hooks: [{ type: 'command', command: './lint.sh', timeout: 5000 }] }] }, mcpServers: { railway: { command: 'npx', args: ['-y', '@railway/mcp-server'] } } },
  copilot: { version: 1, hooks: { sessionStart: [{ type: 'command', bash: './scripts/start.sh', timeoutSec: 30 }] } },
};

for (const agent of AGENTS) {
  describe(agent, () => {
    test('install into an existing file keeps everything else, is idempotent, and uninstall restores it byte for byte', () => {
      const file = configFile(agent, 'project', project(), home())!;
      const original = `${JSON.stringify(EXISTING[agent], null, 2)}\n`;
      write(file, original);
      chmodSync(file, 0o640);

      const first = install(agent);
      assert.equal(first.changed, true);
      const installed = readFileSync(file, 'utf8');
      assert.ok(installed.includes(`'${GUARD}' hook ${agent}`), installed);
      assert.equal(statSync(file).mode & 0o777, 0o640, 'the file keeps its permissions');
      assert.equal(inspectHook(agent, file).installed, true);
      // Everything that was there is still there, unchanged.
      const parsed = JSON.parse(installed) as Record<string, unknown>;
      for (const [key, value] of Object.entries(EXISTING[agent] as Record<string, unknown>)) {
        if (key !== 'hooks') assert.deepEqual(parsed[key], value);
      }
      for (const [event, list] of Object.entries((EXISTING[agent] as { hooks: Record<string, unknown[]> }).hooks)) {
        const now = (parsed.hooks as Record<string, unknown[]>)[event]!;
        assert.deepEqual(now.slice(0, list.length), list, `existing ${event} hooks come first, untouched`);
      }

      const second = install(agent);
      assert.equal(second.changed, false);
      assert.equal(readFileSync(file, 'utf8'), installed, 'installing twice changes nothing');

      const removed = install(agent, { uninstall: true });
      assert.equal(removed.changed, true);
      assert.equal(readFileSync(file, 'utf8'), original);
      assert.equal(inspectHook(agent, file).installed, false);
      assert.equal(install(agent, { uninstall: true }).changed, false);
    });

    test('install into no file creates it; uninstall deletes what install created', () => {
      const file = configFile(agent, 'project', project(), home())!;
      install(agent);
      const created = JSON.parse(readFileSync(file, 'utf8')) as { hooks: Record<string, unknown[]>; version?: number };
      assert.ok(Object.keys(created.hooks).length > 0);
      if (agent === 'cursor' || agent === 'copilot') assert.equal(created.version, 1);
      install(agent, { uninstall: true });
      assert.equal(existsSync(file), false);
    });

    test('a file that is not JSON is left alone and reported', () => {
      const file = configFile(agent, 'project', project(), home())!;
      write(file, '{ "hooks": { // a comment guard cannot keep\n}');
      assert.throws(() => install(agent), ConfigError);
      assert.equal(readFileSync(file, 'utf8'), '{ "hooks": { // a comment guard cannot keep\n}');
    });
  });
}

test('an older install with another binary path is replaced, not duplicated', () => {
  const file = configFile('claude', 'project', project(), home())!;
  installHook({ agent: 'claude', scope: 'project', projectDir: project(), home: home(), guardBinary: '/old/guard', uninstall: false });
  install('claude');
  const text = readFileSync(file, 'utf8');
  assert.ok(!text.includes('/old/guard'));
  assert.equal(text.split(' hook claude ').length - 1, 1);
  assert.match(inspectHook('claude', file).problem ?? '', /does not exist/);
});

test('user scope writes under the home directory; Copilot has no user file', () => {
  const result = install('claude', { scope: 'user' });
  assert.equal(result.file, join(home(), '.claude', 'settings.json'));
  assert.ok(existsSync(result.file));
  assert.throws(() => install('copilot', { scope: 'user' }), /no user-level hook file/);
});

test('four-space and tab indentation survive a round trip', () => {
  for (const indent of ['    ', '\t']) {
    const file = configFile('gemini', 'project', project(), home())!;
    const original = JSON.stringify({ general: { vimMode: true } }, null, indent);
    write(file, original);
    install('gemini');
    assert.ok(readFileSync(file, 'utf8').includes(`${indent}"general"`));
    install('gemini', { uninstall: true });
    assert.equal(readFileSync(file, 'utf8'), original);
  }
});
