// Runs the migration tools' case tables through the whole offline pipeline.
import { loadAllTools } from '../../../src/tools/registry.js';
import { migrationCases } from '../../../src/tools/migrations/cases.js';
import { runToolCases } from '../../support/case-tester.js';

for (const tool of (await loadAllTools()).filter((t) => t.family === 'migrations')) {
  runToolCases({ tool, cases: migrationCases[tool.name] ?? [] });
}
