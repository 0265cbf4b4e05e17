// Writes the generated docs, per-tool pages and schema (npm run gen:docs); test/docs.test.ts checks they are current.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_FILES, renderRulesDoc, renderSchema, renderToolPages, TOOL_PAGES_DIR } from '../src/docs/generate.js';

writeFileSync(GENERATED_FILES.rules, await renderRulesDoc());
writeFileSync(GENERATED_FILES.schema, renderSchema());
const pages = await renderToolPages();
mkdirSync(TOOL_PAGES_DIR, { recursive: true });
// The folder holds only generated pages: a family that is gone loses its page.
for (const name of readdirSync(TOOL_PAGES_DIR)) {
  if (!pages.has(join(TOOL_PAGES_DIR, name))) rmSync(join(TOOL_PAGES_DIR, name));
}
for (const [path, content] of pages) writeFileSync(path, content);
console.log(`wrote ${GENERATED_FILES.rules}, ${GENERATED_FILES.schema} and ${pages.size} pages in ${TOOL_PAGES_DIR}/`);
