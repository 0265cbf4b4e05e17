// Generated docs and the published config schema must match their sources.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GENERATED_FILES, renderRulesDoc, renderSchema, renderToolPages, TOOL_PAGES_DIR } from '../src/docs/generate.js';
import { CATALOGUE } from '../src/tools/registry.js';

for (const [name, render] of [
  ['rules', renderRulesDoc],
  ['schema', renderSchema],
] as const) {
  test(`${GENERATED_FILES[name]} is current (run npm run gen:docs)`, async () => {
    assert.equal(readFileSync(GENERATED_FILES[name], 'utf8'), await render());
  });
}

test(`${TOOL_PAGES_DIR}/ holds exactly the current generated pages (run npm run gen:docs)`, async () => {
  const pages = await renderToolPages();
  assert.deepEqual(readdirSync(TOOL_PAGES_DIR).sort(), [...pages.keys()].map((path) => path.slice(TOOL_PAGES_DIR.length + 1)).sort());
  for (const [path, content] of pages) assert.equal(readFileSync(path, 'utf8'), content, `${path} is stale`);
});

test('every family page says how guard resolves the target and what the live look-ups ask', async () => {
  for (const entry of CATALOGUE) {
    const docs = await entry.docs();
    assert.ok(docs.title.length > 0, `src/tools/${entry.family}/docs.ts: no title`);
    assert.ok(docs.resolution.length > 0, `src/tools/${entry.family}/docs.ts: no resolution order`);
    assert.ok(docs.liveLookups.length > 0, `src/tools/${entry.family}/docs.ts: no live look-ups (say so when there are none)`);
  }
});
