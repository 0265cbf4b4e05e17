// A fresh clone must test with nothing beside it: no tracked file may reach into ../shared.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
