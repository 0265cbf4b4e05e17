// Configuration: clear errors for bad files, and a project file that can add protection but not remove it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { assess } from '../../src/core/pipeline.js';
import { buildWorld } from '../support/world.js';

function dirs(user?: unknown, project?: unknown | string) {
  const root = mkdtempSync(join(tmpdir(), 'guard-config-'));
  const guardDir = join(root, 'guard');
  const repo = join(root, 'repo', 'sub');
  mkdirSync(guardDir, { recursive: true });
  mkdirSync(repo, { recursive: true });
  if (user !== undefined) writeFileSync(join(guardDir, 'config.json'), JSON.stringify(user));
  if (project !== undefined) writeFileSync(join(root, 'repo', 'guard.config.json'), typeof project === 'string' ? project : JSON.stringify(project));
  return { root, guardDir, repo, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

const BAD: [string, unknown, string][] = [
  ['malformed JSON', '{"environments": ', 'not valid JSON'],
  ['unknown top-level key', { enviroments: {} }, 'enviroments: unknown key'],
  ['unknown nested key', { environments: { staging: { protect: true } } }, 'environments.staging.protect: unknown key'],
  ['wrong type', { environments: { staging: { protected: 'no' } } }, 'environments.staging.protected: expected boolean'],
  ['bad decision', { policy: { rules: { 'psql/drop-table': 'yes' } } }, 'policy.rules.psql/drop-table: must be one of'],
  ['bad port', { environments: { s: { match: { postgres: [{ port: 70000 }] } } } }, 'port: must be at most 65535'],
];

for (const [name, project, message] of BAD) {
  test(`bad project config (${name}) is a ConfigError naming the file and key`, () => {
    const d = dirs(undefined, project);
    try {
      assert.throws(() => loadConfig(d.guardDir, d.repo), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.exitCode, 78);
        assert.ok(error.message.includes('guard.config.json'), error.message);
        assert.ok(error.message.includes(message), error.message);
        return true;
      });
    } finally {
      d.cleanup();
    }
  });
}

const DROP = ['psql', '-h', 'db.prod.internal', '-c', 'DROP TABLE orders'];

test('an edited project file cannot downgrade production or allow a destructive rule', async () => {
  const d = dirs(undefined, {
    environments: {
      production: { protected: false },
      staging: { protected: false, match: { postgres: [{ host: '*.prod.internal' }] } },
    },
    policy: { rules: { 'psql/drop-table': 'allow' }, writeInProtected: 'allow' },
  });
  const world = buildWorld({ config: loadConfig(d.guardDir, d.repo) });
  try {
    const { analysis, verdict } = await assess(DROP, world.ctx);
    assert.equal(analysis.environment?.name, 'production');
    assert.equal(analysis.environment?.protected, true);
    assert.equal(verdict.decision, 'confirm');
    assert.equal(verdict.confirmPhrase, 'production/orders');
  } finally {
    world.cleanup();
    d.cleanup();
  }
});

test('a project file can add protection', async () => {
  const d = dirs(undefined, { environments: { 'eu-main': { protected: true, match: { postgres: [{ host: '10.1.*' }] } } } });
  const world = buildWorld({ agent: true, config: loadConfig(d.guardDir, d.repo) });
  try {
    const { analysis, verdict } = await assess(['psql', '-h', '10.1.2.3', '-c', 'DROP TABLE orders'], world.ctx);
    assert.equal(analysis.environment?.name, 'eu-main');
    assert.equal(verdict.decision, 'deny');
  } finally {
    world.cleanup();
    d.cleanup();
  }
});

test('the user config names environments, and may mark one unprotected', async () => {
  const d = dirs({ environments: { staging: { protected: false, match: { postgres: [{ host: 'db.staging.internal' }] } } } });
  const world = buildWorld({ agent: true, config: loadConfig(d.guardDir, d.repo) });
  try {
    const { analysis, verdict } = await assess(['psql', '-h', 'db.staging.internal', '-c', 'DROP TABLE orders'], world.ctx);
    assert.equal(analysis.environment?.name, 'staging');
    assert.match(analysis.environment?.source ?? '', /config .*config\.json: postgres host db\.staging\.internal/);
    assert.equal(verdict.decision, 'confirm');
    assert.equal(verdict.confirmPhrase, null, 'agents never get a phrase');
  } finally {
    world.cleanup();
    d.cleanup();
  }
});
