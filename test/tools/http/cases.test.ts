// Runs the raw HTTP clients' case table (curl, wget, http, https) through the whole offline pipeline.
import { httpCases } from '../../../src/tools/http/cases.js';
import { httpTools } from '../../../src/tools/http/index.js';
import { runToolCases } from '../../support/case-tester.js';

for (const tool of httpTools) runToolCases({ tool, cases: httpCases[tool.name] ?? [] });
