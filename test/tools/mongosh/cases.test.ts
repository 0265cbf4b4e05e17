// Runs mongosh's case table through the whole offline pipeline.
import { mongoshCases } from '../../../src/tools/mongosh/cases.js';
import { mongoshTools } from '../../../src/tools/mongosh/index.js';
import { runToolCases } from '../../support/case-tester.js';

for (const tool of mongoshTools) runToolCases({ tool, cases: mongoshCases[tool.name] ?? [] });
