// Writes src/tools/railway/mutations.generated.ts from Railway's schema (vendor/railway/schema.json).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveMutationTable, RAILWAY_SCHEMA_SOURCE, renderMutationsModule } from '../src/tools/railway/mutation-risk.js';

// Run from the repository root: the schema lives beside it, never inside it.
const root = process.cwd();
const schema: unknown = JSON.parse(readFileSync(join(root, 'vendor', 'railway', 'schema.json'), 'utf8'));
const target = join(root, 'src', 'tools', 'railway', 'mutations.generated.ts');
const table = deriveMutationTable(schema);
writeFileSync(target, renderMutationsModule(table, RAILWAY_SCHEMA_SOURCE));
console.log(`wrote ${target}: ${table.length} mutations`);
