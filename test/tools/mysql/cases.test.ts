// Runs the MySQL family's case table through the whole offline pipeline.
import { loadAllTools } from '../../../src/tools/registry.js';
import { mysqlCases } from '../../../src/tools/mysql/cases.js';
import { runToolCases } from '../../support/case-tester.js';

for (const tool of (await loadAllTools()).filter((t) => t.family === 'mysql')) {
  runToolCases({ tool, cases: mysqlCases[tool.name] ?? [] });
}
