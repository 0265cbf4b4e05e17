// PATH shims and shell functions as files and text: idempotent install, foreign files left alone, quoting per shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, SHIM_MARKER } from '../../src/core/exec.js';
import { installShims, isGuardShimFile, shimScript, uninstallShims } from '../../src/shims/install.js';
import { quoteFish, quotePosix, renderShellInit } from '../../src/shims/shell-init.js';

const GUARD = "/opt/it's guard/bin/guard";

function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'guard-shims-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('install writes one executable shim per program, marked so guard never runs a shim as the real binary', () => {
  withDir((root) => {
    const dir = join(root, 'shims');
    const changes = installShims(dir, ['psql', 'railway'], GUARD);
    assert.deepEqual(changes.map((c) => `${c.program} ${c.outcome}`), ['psql written', 'railway written']);
    const psql = join(dir, 'psql');
    assert.equal(readFileSync(psql, 'utf8'), shimScript('psql', GUARD));
    assert.equal(readFileSync(psql, 'utf8').split('\n')[1], SHIM_MARKER);
    assert.equal(statSync(psql).mode & 0o777, 0o755);
    assert.equal(isGuardShimFile(psql), true);
    assert.equal(findExecutable('psql', { PATH: dir }, root, null), null, 'exec skips the shim: no recursion');
  });
});

test('install is idempotent, updates shims that point elsewhere, and never overwrites a file that is not a shim', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'railway'), '#!/bin/sh\necho my own railway\n', { mode: 0o755 });
    installShims(dir, ['psql'], '/old/guard');
    const changes = installShims(dir, ['psql', 'railway', 'dropdb'], GUARD);
    assert.deepEqual(changes.map((c) => `${c.program} ${c.outcome}`), ['psql updated', 'railway skipped', 'dropdb written']);
    assert.match(changes[1]?.why ?? '', /not a guard shim/);
    assert.equal(readFileSync(join(dir, 'railway'), 'utf8'), '#!/bin/sh\necho my own railway\n');
    assert.deepEqual(installShims(dir, ['psql', 'dropdb'], GUARD).map((c) => c.outcome), ['unchanged', 'unchanged']);
    assert.deepEqual(readdirSync(dir).sort(), ['dropdb', 'psql', 'railway'], 'no temporary files left behind');
  });
});

test('uninstall removes guard shims only (also of programs no longer catalogued)', () => {
  withDir((dir) => {
    installShims(dir, ['psql', 'gone-tool'], GUARD);
    writeFileSync(join(dir, 'mine'), '#!/bin/sh\n', { mode: 0o755 });
    assert.deepEqual(uninstallShims(dir).map((c) => c.program), ['gone-tool', 'psql']);
    assert.deepEqual(readdirSync(dir), ['mine']);
    assert.deepEqual(uninstallShims(join(dir, 'absent')), []);
  });
});

test('the shim runs guard with --via shim, -- and the arguments untouched (checked by sh itself)', () => {
  withDir((dir) => {
    const fakeGuard = join(dir, "fake guard's");
    writeFileSync(fakeGuard, '#!/bin/sh\nfor a in "$@"; do printf "<%s>" "$a"; done\n', { mode: 0o755 });
    installShims(join(dir, 'shims'), ['psql'], fakeGuard);
    const run = spawnSync(join(dir, 'shims', 'psql'), ['-c', 'DROP TABLE "t"', "it's", ''], { encoding: 'utf8' });
    assert.equal(run.stdout, `<--via><shim><-->${'<psql>'}<-c><DROP TABLE "t"><it's><>`);
  });
});

test('quoting per shell', () => {
  assert.equal(quotePosix("a'b"), `'a'\\''b'`);
  assert.equal(quoteFish("a'b\\c"), `'a\\'b\\\\c'`);
});

const SHELLS = [
  { shell: 'bash' as const, check: ['bash', '-n'] },
  { shell: 'zsh' as const, check: ['zsh', '-n'] },
  { shell: 'fish' as const, check: ['fish', '--no-execute'] },
];

for (const { shell, check } of SHELLS) {
  test(`shell init ${shell}: one function per program calling guard by absolute path`, (t) => {
    const text = renderShellInit(shell, ['psql', 'railway'], GUARD);
    const expected =
      shell === 'fish'
        ? `command '/opt/it\\'s guard/bin/guard' --via function -- psql $argv`
        : `function psql { command '/opt/it'\\''s guard/bin/guard' --via function -- psql "$@"; }`;
    assert.ok(text.includes(expected), text);
    assert.ok(text.includes('railway'));
    const which = spawnSync('sh', ['-c', `command -v ${check[0]}`]);
    if (which.status !== 0) {
      t.skip(`${check[0]} is not installed: syntax not checked by the shell itself`);
      return;
    }
    withDir((dir) => {
      const file = join(dir, `init.${shell}`);
      writeFileSync(file, text);
      const syntax = spawnSync(check[0] ?? '', [...check.slice(1), file], { encoding: 'utf8' });
      assert.equal(syntax.status, 0, syntax.stderr);
      assert.ok(existsSync(file));
    });
  });
}

/** Runs `work` with the clock a minute ahead, so files written now look settled and their answers are kept. */
function withSettledFiles<T>(work: () => T): T {
  const realNow = Date.now;
  Date.now = () => realNow() + 60_000;
  try {
    return work();
  } finally {
    Date.now = realNow;
  }
}

/** File times tick coarsely: a change meant to be seen lands in a later tick than the one read. */
function nextTick(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
}

test("exec's kept answer about a PATH entry follows the file: a program rewritten as a shim is skipped, a shim rewritten as a program is run", () => {
  withDir((dir) => {
    const psql = join(dir, 'psql');
    writeFileSync(psql, '#!/bin/sh\necho the real psql\n', { mode: 0o755 });
    withSettledFiles(() => {
      assert.equal(findExecutable('psql', { PATH: dir }, dir, null), psql);
      assert.equal(findExecutable('psql', { PATH: dir }, dir, null), psql, 'the kept answer, unchanged file');
      nextTick();
      writeFileSync(psql, shimScript('psql', GUARD), { mode: 0o755 });
      assert.equal(findExecutable('psql', { PATH: dir }, dir, null), null, 'now a shim: skipped');
      nextTick();
      writeFileSync(psql, '#!/bin/sh\necho the real psql again\n', { mode: 0o755 });
      assert.equal(findExecutable('psql', { PATH: dir }, dir, null), psql, 'a program again: run');
      // Replaced by another file (a rename over it): another inode, another answer.
      nextTick();
      writeFileSync(join(dir, 'psql.new'), shimScript('psql', GUARD), { mode: 0o755 });
      renameSync(join(dir, 'psql.new'), psql);
      assert.equal(findExecutable('psql', { PATH: dir }, dir, null), null);
    });
  });
});
