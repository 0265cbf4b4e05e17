// Writes the generated docs and schema (npm run gen:docs); test/docs.test.ts checks they are current.
import { writeFileSync } from 'node:fs';
import { GENERATED_FILES, renderRulesDoc, renderSchema } from '../src/docs/generate.js';

writeFileSync(GENERATED_FILES.rules, await renderRulesDoc());
writeFileSync(GENERATED_FILES.schema, renderSchema());
console.log(`wrote ${GENERATED_FILES.rules} and ${GENERATED_FILES.schema}`);
