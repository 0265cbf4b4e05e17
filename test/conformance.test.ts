// The contributor checklist, enforced: every tool registered, ids namespaced and unique, rules covered.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { CATALOGUE, loadAllTools } from '../src/tools/registry.js';
import type { ToolCase } from '../src/tools/tool.js';
import { checkTable } from './support/case-tester.js';

const TOOLS = await loadAllTools();

async function familyCases(): Promise<Map<string, readonly ToolCase[]>> {
  const all = new Map<string, readonly ToolCase[]>();
  for (const family of readdirSync('src/tools').filter((f) => statSync(`src/tools/${f}`).isDirectory())) {
    const module = (await import(`../src/tools/${family}/cases.js`)) as Record<string, Record<string, readonly ToolCase[]>>;
    for (const table of Object.values(module)) for (const [program, cases] of Object.entries(table)) all.set(program, cases);
  }
  return all;
}

test('every tool folder is registered and every registered tool lives in a folder', () => {
  const families = readdirSync('src/tools').filter((f) => statSync(`src/tools/${f}`).isDirectory());
  for (const family of families) assert.ok(TOOLS.some((t) => t.family === family), `src/tools/${family}/ has no registered tool (src/tools/registry.ts)`);
  for (const tool of TOOLS) assert.ok(families.includes(tool.family), `${tool.name}: family folder src/tools/${tool.family}/ missing`);
});

test("each catalogue entry's program list matches what its family exports", async () => {
  for (const entry of CATALOGUE) {
    const names = (await entry.load()).map((t) => t.name).sort();
    assert.deepEqual(names, [...entry.programs].sort(), `src/tools/registry.ts: the ${entry.family} entry lists other programs than src/tools/${entry.family}/index.ts exports`);
  }
});

test('the registry is sorted and names are unique', () => {
  const names = TOOLS.map((t) => t.name);
  assert.deepEqual(names, [...names].sort());
  assert.equal(new Set(names).size, names.length);
});

test('rule ids are namespaced <tool>/<rule>, unique, and complete', () => {
  const ids = new Set<string>();
  for (const tool of TOOLS) {
    assert.ok(tool.checkedAgainst.version && tool.checkedAgainst.references.length > 0, `${tool.name}: checkedAgainst is empty (src/tools/${tool.family}/)`);
    for (const [key, rule] of Object.entries(tool.rules)) {
      assert.equal(rule.id, `${tool.name}/${key}`, `src/tools/${tool.family}/rules.ts: ${rule.id} is not ${tool.name}/${key}`);
      assert.ok(!ids.has(rule.id), `duplicate rule id ${rule.id}`);
      ids.add(rule.id);
      assert.ok(rule.reason.length > 0 && rule.description.length > 0, `${rule.id}: reason and description are required`);
      if (rule.risk === 'destructive' || rule.risk === 'unknown') {
        assert.ok(rule.recovery && rule.recovery.length > 0, `${rule.id}: destructive and unknown rules need recovery notes (src/tools/${tool.family}/rules.ts)`);
      }
    }
  }
});

test('every tool has a well-formed case table and every rule is exercised by a case', async () => {
  const cases = await familyCases();
  for (const tool of TOOLS) {
    const table = cases.get(tool.name);
    assert.ok(table, `${tool.name}: no cases (src/tools/${tool.family}/cases.ts)`);
    assert.deepEqual(checkTable({ tool, cases: table }), []);
    const exercised = new Set(table.flatMap((c) => c.rules));
    // psql's interactive-session and read rules etc. all count; a rule nobody exercises is dead or untested.
    for (const rule of Object.values(tool.rules)) {
      assert.ok(exercised.has(rule.id), `${rule.id} is exercised by no case (src/tools/${tool.family}/cases.ts)`);
    }
  }
});
