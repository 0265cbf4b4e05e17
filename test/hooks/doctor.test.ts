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
  assert.match(line('dropdb'), /no real binary behind it/);
  assert.match(line('curl'), /no guard shim in front/);
  assert.match(line('railway'), /not found/);
  assert.match(line('audit log'), /not created yet/);
});
