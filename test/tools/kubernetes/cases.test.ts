// Runs the kubectl and helm case tables through parse → classify → resolve → decide (offline), like the shared tester.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from '../../../src/core/decide.js';
import type { Analysis } from '../../../src/core/types.js';
import { kubernetesCases } from '../../../src/tools/kubernetes/cases.js';
import { kubernetesTools } from '../../../src/tools/kubernetes/index.js';
import type { AnyTool, ToolCase } from '../../../src/tools/tool.js';
import { checkTable } from '../../support/case-tester.js';
import { buildWorld } from '../../support/world.js';

// Until the lead registers the family, tools are taken from the family's own list rather than findTool.
async function analyse(tool: AnyTool, c: ToolCase, agent = false): Promise<{ analysis: Analysis; decision: string }> {
  const world = buildWorld({ offline: true, agent, ...c.world });
  try {
    const parsed = await tool.parse(c.argv.slice(1), world.ctx);
    try {
      const classification = tool.classify(parsed);
      const resolution = await tool.resolve(parsed, classification, world.ctx);
      const analysis: Analysis = { tool: tool.name, ...classification, ...resolution, unverified: [...classification.unverified, ...resolution.unverified], interactive: classification.interactive ?? false };
      return { analysis, decision: decide({ analysis, agent, policy: {} }).decision };
    } finally {
      await tool.dispose?.(parsed);
    }
  } finally {
    world.cleanup();
  }
}

for (const tool of kubernetesTools) {
  const cases = kubernetesCases[tool.name] ?? [];
  test(`${tool.name}: case table is well-formed and exercises every rule`, () => {
    assert.deepEqual(checkTable({ tool, cases }), []);
    const exercised = new Set(cases.flatMap((c) => c.rules));
    for (const rule of Object.values(tool.rules)) assert.ok(exercised.has(rule.id), `${rule.id} is exercised by no case`);
  });
  for (const c of cases) {
    test(`${tool.name}: ${c.note ?? c.argv.join(' ')} → ${c.risk}`, async () => {
      const { analysis, decision } = await analyse(tool, c);
      const ids = analysis.hits.map((hit) => hit.rule.id);
      assert.equal(analysis.risk, c.risk, `risk of ${JSON.stringify(c.argv)}; hits: ${ids.join(', ')}`);
      for (const id of c.rules) assert.ok(ids.includes(id), `${id} not among hits ${ids.join(', ')}`);
      if (c.risk === 'read' || c.risk === 'write') assert.equal(decision, 'allow');
      else assert.notEqual(decision, 'allow');
    });
  }
}

const kubectl = kubernetesTools.find((t) => t.name === 'kubectl') as AnyTool;
const helm = kubernetesTools.find((t) => t.name === 'helm') as AnyTool;
const kc = (argv: string, world?: ToolCase['world']): ToolCase => ({ argv: argv.split(' '), risk: 'destructive', rules: [], ...(world ? { world } : {}) });

test("issue 5's done-means: --context prod-eu delete ns payments is destructive in production, offline, with no kubeconfig", async () => {
  const { analysis, decision } = await analyse(kubectl, kc('kubectl --context prod-eu delete ns payments'));
  assert.equal(analysis.risk, 'destructive');
  assert.equal(analysis.environment?.name, 'production');
  assert.equal(analysis.environment?.protected, true);
  assert.equal(analysis.targets[0]?.name, 'payments');
  assert.equal(decision, 'confirm');
});

test('an agent is denied a destructive delete in production, and helm resolves the same way', async () => {
  assert.equal((await analyse(kubectl, kc('kubectl --context=prod-eu delete pvc data-0'), true)).decision, 'deny');
  const viaHelm = await analyse(helm, kc('helm --kube-context prod uninstall api'));
  assert.equal(viaHelm.analysis.environment?.name, 'production');
  assert.equal(viaHelm.analysis.targets[0]?.name, 'api');
});
