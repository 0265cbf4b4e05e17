// terraform's and tofu's case tables, run through the tools offline, and checked by the shared table rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terraformCaseTables } from '../../../src/tools/terraform/cases.js';
import { terraformTools } from '../../../src/tools/terraform/index.js';
import { checkTable } from '../../support/case-tester.js';
import { buildWorld } from '../../support/world.js';
import { assessWith } from './assess-with.js';

for (const tool of terraformTools) {
  const cases = terraformCaseTables[tool.name] ?? [];
  test(`${tool.name}: case table is well-formed and exercises every rule`, () => {
    assert.deepEqual(checkTable({ tool, cases }), []);
    const exercised = new Set(cases.flatMap((c) => c.rules));
    for (const rule of Object.values(tool.rules)) assert.ok(exercised.has(rule.id), `${rule.id} is exercised by no case`);
  });
  for (const c of cases) {
    test(`${tool.name}: ${c.note ?? c.argv.join(' ')} → ${c.risk}`, async () => {
      const world = buildWorld({ offline: true, ...c.world });
      try {
        const { analysis } = await assessWith(tool, c.argv, world.ctx);
        const ids = analysis.hits.map((h) => h.rule.id);
        assert.equal(analysis.risk, c.risk, `risk of ${JSON.stringify(c.argv)}; hits: ${ids.join(', ')}`);
        for (const id of c.rules) assert.ok(ids.includes(id), `${id} not among hits ${ids.join(', ')}`);
      } finally {
        world.cleanup();
      }
    });
  }
}
