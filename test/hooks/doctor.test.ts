// guard doctor: reports which agents are wired and whether a program resolves through a guard shim to a real binary.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { doctorReport } from '../../src/cli/commands/doctor.js';
import { SHIM_MARKER } from '../../src/core/exec.js';
import { installHook } from '../../src/hooks/install.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'guard-doctor-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function executable(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

test('wired agents, shims in front of real binaries, and missing programs', async () => {
  const project = join(root, 'project');
  const home = join(root, 'home');
  mkdirSync(project, { recursive: true });
  installHook({ agent: 'cursor', scope: 'user', projectDir: project, home, guardBinary: '/opt/guard/bin/guard', uninstall: false });
  installHook({ agent: 'claude', scope: 'project', projectDir: project, home, guardBinary: join(root, 'guard'), uninstall: false });
  executable(join(root, 'guard'), '#!/bin/sh\n');
  executable(join(root, 'shims', 'psql'), `#!/bin/sh\n${SHIM_MARKER}\nexec guard psql "$@"\n`);
  executable(join(root, 'bin', 'psql'), '#!/bin/sh\n');
  executable(join(root, 'shims', 'dropdb'), `#!/bin/sh\n${SHIM_MARKER}\nexec guard dropdb "$@"\n`);
  executable(join(root, 'bin', 'curl'), '#!/bin/sh\n');

  const lines = await doctorReport({
    env: { PATH: [join(root, 'shims'), join(root, 'bin')].join(':'), GUARD_CONFIG_DIR: join(root, 'config') },
    cwd: project,
    home,
    guardBinary: join(root, 'guard'),
  });
  const line = (start: string) => lines.find((l) => l.trimStart().startsWith(start)) ?? '';
  assert.match(line('Claude Code'), /project wired/);
  assert.match(line('Cursor'), /project not wired.*user wired \(it calls \/opt\/guard\/bin\/guard, which does not exist\)/);
  assert.match(line('psql'), new RegExp(`shim ${join(root, 'shims', 'psql')} → ${join(root, 'bin', 'psql')}`));
  assert.match(line('dropdb'), /PROBLEM: the shim .*dropdb stands for a program that is not installed/);
  assert.match(line('curl'), /no guard shim in front/);
  assert.match(line('not installed:'), /\brailway\b/);
  assert.match(line('audit log'), /not created yet/);
  assert.match(line('- Cursor hook (user'), /it calls \/opt\/guard\/bin\/guard, which does not exist/);
});

test('problems: a config that does not validate, a hook installed twice, a portable hook with no guard, a shim behind the real binary', async () => {
  const project = join(root, 'project');
  const home = join(root, 'home');
  const config = join(root, 'config');
  mkdirSync(config, { recursive: true });
  writeFileSync(join(config, 'config.json'), '{"policy": {"writeInProtected": "maybe"}}');
  writeFileSync(join(root, 'guard.config.json'), '{"environments": ');
  mkdirSync(project, { recursive: true });
  executable(join(root, 'guard'), '#!/bin/sh\n');
  installHook({ agent: 'claude', scope: 'user', projectDir: project, home, guardBinary: join(root, 'guard'), uninstall: false });
  installHook({ agent: 'claude', scope: 'project', projectDir: project, home, guardBinary: join(root, 'guard'), uninstall: false });
  installHook({ agent: 'gemini', scope: 'project', projectDir: project, home, guardBinary: null, uninstall: false });
  executable(join(root, 'bin', 'psql'), '#!/bin/sh\n');
  executable(join(root, 'shims', 'psql'), `#!/bin/sh\n${SHIM_MARKER}\nexec guard psql "$@"\n`);
  const { doctorFindings } = await import('../../src/cli/doctor-checks.js');
  const findings = await doctorFindings({ env: { PATH: [join(root, 'bin'), join(root, 'shims')].join(':'), GUARD_CONFIG_DIR: config }, cwd: project, home, guardBinary: join(root, 'guard') });
  const problem = (pattern: RegExp) => assert.ok(findings.problems.some((p) => pattern.test(p)), `${pattern} in ${JSON.stringify(findings.problems, null, 1)}`);
  problem(new RegExp(`^user config: ${join(config, 'config.json')}: policy\\.writeInProtected: must be one of`));
  problem(new RegExp(`^project config: ${join(root, 'guard.config.json')}: is not valid JSON`));
  problem(/^Claude Code hook is installed twice \(project: .*; user: .*\): every command is checked twice; remove one with guard hook install claude --uninstall --project$/);
  problem(/^Gemini CLI hook \(project, .*\): it runs `guard` from PATH or the project's node_modules, and neither has it here/);
  problem(new RegExp(`^psql: ${join(root, 'bin', 'psql')} comes before the shim ${join(root, 'shims', 'psql')} on PATH, so psql runs unguarded: put ${join(root, 'shims')} first on PATH$`));
  assert.equal(findings.problems.length, 5, JSON.stringify(findings.problems, null, 1));

  // guard on PATH: the portable hook can run, so that problem goes.
  executable(join(root, 'bin', 'guard'), '#!/bin/sh\n');
  const again = await doctorFindings({ env: { PATH: [join(root, 'bin'), join(root, 'shims')].join(':'), GUARD_CONFIG_DIR: config }, cwd: project, home, guardBinary: join(root, 'guard') });
  assert.ok(!again.problems.some((p) => p.startsWith('Gemini')), JSON.stringify(again.problems));
});

test('the real binary: exit 0 with no problem, 78 and the problem with one; --json carries the same findings', async () => {
  const { createSandbox, runGuard, describeRun } = await import('../support/run-guard.js');
  const sandbox = createSandbox('guard-doctor-e2e-');
  try {
    const clean = await runGuard(['doctor'], { sandbox, cwd: sandbox.dir, env: { PATH: '/usr/bin:/bin' } });
    assert.equal(clean.status, 0, describeRun(clean));
    assert.match(clean.stdoutText, /no problems found\n$/);
    mkdirSync(sandbox.configDir, { recursive: true });
    writeFileSync(join(sandbox.configDir, 'config.json'), '[]');
    const bad = await runGuard(['doctor'], { sandbox, cwd: sandbox.dir, env: { PATH: '/usr/bin:/bin' } });
    assert.equal(bad.status, 78, describeRun(bad));
    assert.match(bad.stdoutText, /1 problem:\n {2}- user config: .*config\.json: /);
    const json = await runGuard(['doctor', '--json'], { sandbox, cwd: sandbox.dir, env: { PATH: '/usr/bin:/bin' } });
    assert.equal(json.status, 78);
    const findings = JSON.parse(json.stdoutText) as { problems: string[]; configFiles: { scope: string; problem: string | null }[] };
    assert.equal(findings.problems.length, 1);
    assert.ok(findings.configFiles.find((file) => file.scope === 'user')?.problem);
  } finally {
    sandbox.cleanup();
  }
});

test('hook install warns when the other level already has the hook; doctor then names both', async () => {
  const { createSandbox, runGuard, describeRun } = await import('../support/run-guard.js');
  const sandbox = createSandbox('guard-hook-twice-');
  try {
    const project = join(sandbox.dir, 'proj');
    mkdirSync(project, { recursive: true });
    const user = await runGuard(['hook', 'install', 'claude'], { sandbox, cwd: project });
    assert.equal(user.status, 0, describeRun(user));
    assert.doesNotMatch(user.stderrText, /installed at/);
    const both = await runGuard(['hook', 'install', 'claude', '--project'], { sandbox, cwd: project });
    assert.equal(both.status, 0, describeRun(both));
    assert.match(both.stderrText, /the hook is also installed at user level \(.*\.claude\/settings\.json\): every command is now checked twice; remove one with guard hook install claude --uninstall\n/);
    const doctor = await runGuard(['doctor'], { sandbox, cwd: project });
    assert.equal(doctor.status, 78, describeRun(doctor));
    assert.match(doctor.stdoutText, /Claude Code hook is installed twice/);
  } finally {
    sandbox.cleanup();
  }
});

test('a shim that calls a guard which no longer exists is a problem', async () => {
  const { installShims } = await import('../../src/shims/install.js');
  executable(join(root, 'bin', 'psql'), '#!/bin/sh\n');
  installShims(join(root, 'shims'), ['psql'], join(root, "gone's", 'guard'));
  const { doctorFindings } = await import('../../src/cli/doctor-checks.js');
  const findings = await doctorFindings({ env: { PATH: [join(root, 'shims'), join(root, 'bin')].join(':'), GUARD_CONFIG_DIR: join(root, 'config') }, cwd: root, home: join(root, 'home'), guardBinary: join(root, 'guard') });
  assert.deepEqual(findings.problems, [`psql: the shim ${join(root, 'shims', 'psql')} calls guard at ${join(root, "gone's", 'guard')}, which does not exist: psql fails every time; run guard shims refresh ${join(root, 'shims')} with the guard you use now`]);
});
