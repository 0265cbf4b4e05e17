// MCP tool calls: the Railway MCP servers' delete tools through the railway resolver, other destructive names unknown, the rest allowed.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { assessMcpCall, splitMcpName } from '../../src/hooks/mcp.js';
import { decideHook } from '../../src/hooks/evaluate.js';
import { buildWorld, type World } from '../support/world.js';

let worlds: World[] = [];
afterEach(() => {
  for (const world of worlds) world.cleanup();
  worlds = [];
});

function world(): World {
  const w = buildWorld({ agent: true, offline: true });
  worlds.push(w);
  return w;
}

const CASES: { tool: string; input: unknown; risk: string; rule: string | null; decision: 'allow' | 'deny' }[] = [
  { tool: 'mcp__railway__volume_delete', input: { volumeId: 'vol_8f2c' }, risk: 'destructive', rule: 'railway/volume-delete', decision: 'deny' },
  { tool: 'mcp__railway__remove_volume', input: { volumeId: 'vol_8f2c' }, risk: 'destructive', rule: 'railway/volume-delete', decision: 'deny' },
  { tool: 'mcp__railway-mcp-server__service_delete', input: { projectId: 'p1', serviceId: 's1' }, risk: 'destructive', rule: 'railway/service-delete', decision: 'deny' },
  { tool: 'mcp__railway__project_delete', input: { projectId: 'p1' }, risk: 'destructive', rule: 'railway/project-delete', decision: 'deny' },
  { tool: 'mcp__railway__environment-delete', input: { environmentId: 'e1' }, risk: 'destructive', rule: 'railway/environment-delete', decision: 'deny' },
  { tool: 'mcp__github__delete_repository', input: { repo: 'acme/shop' }, risk: 'unknown', rule: 'mcp/destructive-name', decision: 'deny' },
  { tool: 'mcp__db__dropTable', input: { table: 'orders' }, risk: 'unknown', rule: 'mcp/destructive-name', decision: 'deny' },
  { tool: 'mcp__s3__purge_bucket', input: {}, risk: 'unknown', rule: 'mcp/destructive-name', decision: 'deny' },
  { tool: 'mcp__railway__some_new_destroy_tool', input: {}, risk: 'unknown', rule: 'mcp/destructive-name', decision: 'deny' },
  { tool: 'mcp__railway__list-services', input: { workspacePath: '/w' }, risk: 'none', rule: null, decision: 'allow' },
  { tool: 'mcp__railway__set-variables', input: { variables: ['A=1'] }, risk: 'write', rule: 'mcp/railway-write', decision: 'allow' },
  { tool: 'mcp__github__get_issue', input: { number: 4 }, risk: 'none', rule: null, decision: 'allow' },
  { tool: 'mcp__notes__deleted_items_count', input: {}, risk: 'none', rule: null, decision: 'allow' },
];

for (const c of CASES) {
  test(`${c.tool} → ${c.risk}, ${c.decision}`, async () => {
    const w = world();
    const subject = await assessMcpCall(c.tool, c.input, w.ctx);
    assert.equal(subject.risk, c.risk);
    if (c.rule) assert.ok(subject.findings[0]?.analysis.hits.some((h) => h.rule.id === c.rule), JSON.stringify(subject.findings[0]?.analysis.hits));
    const outcome = decideHook(subject, 'claude', true, w.ctx);
    assert.equal(outcome.decision, c.decision);
    if (c.decision === 'deny') assert.match(outcome.reason, /guard approve/);
  });
}

test('a Railway volume delete over MCP names the volume and why the environment is unknown', async () => {
  const w = world();
  const subject = await assessMcpCall('mcp__railway__volume_delete', { volumeId: 'vol_8f2c' }, w.ctx);
  const analysis = subject.findings[0]?.analysis;
  assert.equal(analysis?.targets[0]?.name, 'vol_8f2c');
  assert.equal(analysis?.environment?.protected, true);
  assert.ok((analysis?.recovery ?? '').includes('48 hours'));
});

test('MCP names split into server and tool', () => {
  assert.deepEqual(splitMcpName('mcp__railway__volume_delete'), { server: 'railway', tool: 'volume_delete' });
  assert.deepEqual(splitMcpName('mcp__a__b__c'), { server: 'a', tool: 'b__c' });
});
