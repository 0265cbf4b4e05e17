// The shared tester for every tool's table of cases: both safe and risky rows, no duplicates, ids and risks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../src/core/pipeline.js';
import type { AnyTool, ToolCase } from '../../src/tools/tool.js';
import { buildWorld } from './world.js';


export interface ToolCases {
  readonly tool: AnyTool;
  readonly cases: readonly ToolCase[];
}

function key(c: ToolCase): string {
  return JSON.stringify([c.argv, c.world?.stdin ?? null, c.world?.files ?? null, c.world?.env ?? null]);
}

/** Refuses tables that cannot catch a regression: one-sided, duplicated or foreign. */
export function checkTable({ tool, cases }: ToolCases): string[] {
  const problems: string[] = [];
  if (!cases.some((c) => c.risk === 'read' || c.risk === 'write' || c.risk === 'none')) problems.push(`${tool.name}: no safe case`);
  if (!cases.some((c) => c.risk === 'destructive' || c.risk === 'unknown')) {
    if (Object.values(tool.rules).some((r) => r.risk === 'destructive')) problems.push(`${tool.name}: no risky case`);
  }
  const seen = new Set<string>();
  for (const c of cases) {
    const k = key(c);
    if (seen.has(k)) problems.push(`${tool.name}: duplicate case ${JSON.stringify(c.argv)}`);
    seen.add(k);
    if (c.argv[0] !== tool.name) problems.push(`${tool.name}: case for another program ${JSON.stringify(c.argv)}`);
    for (const id of c.rules) if (!Object.values(tool.rules).some((r) => r.id === id)) problems.push(`${tool.name}: case names unknown rule ${id}`);
  }
  return problems;
}

export function runToolCases(table: ToolCases): void {
  test(`${table.tool.name}: case table is well-formed`, () => {
    assert.deepEqual(checkTable(table), []);
  });
  for (const c of table.cases) {
    test(`${table.tool.name}: ${c.note ?? c.argv.join(' ')} → ${c.risk}`, async () => {
      const world = buildWorld({ offline: true, ...c.world });
      try {
        const { analysis } = await assess(c.argv, world.ctx);
        const ids = analysis.hits.map((h) => h.rule.id);
        assert.equal(analysis.risk, c.risk, `risk of ${JSON.stringify(c.argv)}; hits: ${ids.join(', ')}`);
        for (const id of c.rules) assert.ok(ids.includes(id), `${id} not among hits ${ids.join(', ')}`);
      } finally {
        world.cleanup();
      }
    });
  }
}
