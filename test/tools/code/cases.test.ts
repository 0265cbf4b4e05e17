// Runs the script runners' case table (node, tsx, ts-node, deno, python, python3) through the whole offline pipeline.
import { codeCases } from '../../../src/tools/code/cases.js';
import { codeTools } from '../../../src/tools/code/index.js';
import { runToolCases } from '../../support/case-tester.js';

for (const tool of codeTools) runToolCases({ tool, cases: codeCases[tool.name] ?? [] });
