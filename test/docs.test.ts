// Generated docs and the published config schema must match their sources.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GENERATED_FILES, renderRulesDoc, renderSchema } from '../src/docs/generate.js';

for (const [name, render] of [
  ['rules', renderRulesDoc],
  ['schema', renderSchema],
] as const) {
  test(`${GENERATED_FILES[name]} is current (run npm run gen:docs)`, async () => {
    assert.equal(readFileSync(GENERATED_FILES[name], 'utf8'), await render());
  });
}
