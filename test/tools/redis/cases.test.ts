// Runs redis-cli's case table through the whole offline pipeline.
import { loadAllTools } from '../../../src/tools/registry.js';
import { redisCases } from '../../../src/tools/redis/cases.js';
import { runToolCases } from '../../support/case-tester.js';

for (const tool of (await loadAllTools()).filter((t) => t.family === 'redis')) {
  runToolCases({ tool, cases: redisCases[tool.name] ?? [] });
}
