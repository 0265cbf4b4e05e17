// Runs the Postgres family's case table through the whole offline pipeline.
import { loadAllTools } from '../../../src/tools/registry.js';
import { postgresCases } from '../../../src/tools/postgres/cases.js';
import { runToolCases } from '../../support/case-tester.js';

for (const tool of (await loadAllTools()).filter((t) => t.family === 'postgres')) {
  runToolCases({ tool, cases: postgresCases[tool.name] ?? [] });
}
