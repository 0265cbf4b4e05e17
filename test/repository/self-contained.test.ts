// A fresh clone must test with nothing beside it: no tracked file may reach into ../shared.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const CODE = /\.(ts|mts|mjs|js|cjs|sh|json)$/;
const OUTSIDE = [/\.\.\/shared\//, /'\.\.',\s*'shared'/, /"\.\.",\s*"shared"/];

test('no source, test or script file reads ../shared', () => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter((f) => CODE.test(f));
  assert.ok(tracked.length > 100, `git ls-files listed only ${tracked.length} files`);
  const offenders = tracked.filter((file) => {
    if (file === 'test/repository/self-contained.test.ts') return false;
    const text = readFileSync(file, 'utf8');
    return OUTSIDE.some((pattern) => pattern.test(text));
  });
  assert.deepEqual(offenders, [], 'these files reach outside the repository; vendor what they need instead');
});

// npm reads every package's manifest: 20–45 s on a loaded 2-core machine, so it gets room to finish.
test('every dependency with an install script is reviewed in allowScripts (npm install stays quiet)', { timeout: 300_000 }, (t) => {
  const probe = spawnSync('npm', ['install-scripts', 'ls'], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(probe.error, undefined, `npm install-scripts ls did not finish: ${probe.error?.message}`);
  if (probe.status !== 0 && /Unknown command|not a valid/.test(`${probe.stdout}${probe.stderr}`)) {
    t.skip('this npm has no install-scripts command (npm < 11.10)');
    return;
  }
  assert.equal(probe.status, 0, probe.stderr);
  assert.match(probe.stdout, /No packages with unreviewed install scripts/, `review them in package.json's allowScripts:\n${probe.stdout}`);
});
