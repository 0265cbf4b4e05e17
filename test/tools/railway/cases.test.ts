// Runs the railway case table (grammar, aliases, BYPASSES.md rows) offline through the railway tool.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { railwayCases } from '../../../src/tools/railway/cases.js';
import { railwayTool } from '../../../src/tools/railway/railway-tool.js';
import { checkTable } from '../../support/case-tester.js';
import { buildWorld } from '../../support/world.js';
import { assessRailway } from './support.js';

const cases = railwayCases.railway ?? [];

test('railway: case table is well-formed and exercises every rule', () => {
  assert.deepEqual(checkTable({ tool: railwayTool, cases }), []);
  const exercised = new Set(cases.flatMap((c) => c.rules));
  for (const rule of Object.values(railwayTool.rules)) assert.ok(exercised.has(rule.id), `${rule.id} is exercised by no case`);
});

for (const c of cases) {
  test(`railway: ${c.note ?? c.argv.join(' ')} → ${c.risk}`, async () => {
    const world = buildWorld({ offline: true, ...c.world });
    try {
      const { analysis } = await assessRailway(c.argv, world.ctx);
      const ids = analysis.hits.map((h) => h.rule.id);
      assert.equal(analysis.risk, c.risk, `risk of ${JSON.stringify(c.argv)}; hits: ${ids.join(', ')}`);
      for (const id of c.rules) assert.ok(ids.includes(id), `${id} not among hits ${ids.join(', ')}`);
    } finally {
      world.cleanup();
    }
  });
}
