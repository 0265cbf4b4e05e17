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
  // Read by payload: SQL (by parsing), shell commands, GraphQL; vendor tables.
  { tool: 'mcp__postgres__query', input: { sql: 'DROP TABLE users' }, risk: 'destructive', rule: 'psql/drop-table', decision: 'deny' },
  { tool: 'mcp__postgres__query', input: { sql: 'DROP/**/TABLE "Users"' }, risk: 'destructive', rule: 'psql/drop-table', decision: 'deny' },
  { tool: 'mcp__postgres__query', input: { sql: 'SELECT * FROM deleted_users' }, risk: 'read', rule: null, decision: 'allow' },
  { tool: 'mcp__postgres__query', input: { sql: 'this is not sql at all' }, risk: 'unknown', rule: 'mcp/opaque-mutation', decision: 'deny' },
  { tool: 'mcp__supabase__execute_sql', input: { project_id: 'abc', query: 'delete from orders where true' }, risk: 'destructive', rule: 'psql/delete-all', decision: 'deny' },
  { tool: 'mcp__supabase__execute_sql', input: { project_id: 'abc', query: 'select count(*) from orders' }, risk: 'read', rule: null, decision: 'allow' },
  { tool: 'mcp__supabase__apply_migration', input: { project_id: 'abc', name: 'x', query: 'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d' }, risk: 'destructive', rule: null, decision: 'deny' },
  { tool: 'mcp__supabase__list_tables', input: { project_id: 'abc', schemas: ['public'] }, risk: 'read', rule: 'mcp/vendor-read', decision: 'allow' },
  { tool: 'mcp__supabase__delete_branch', input: { branch_id: 'b1' }, risk: 'destructive', rule: 'mcp/vendor-destructive', decision: 'deny' },
  { tool: 'mcp__my-tools__run_query', input: { statement: 'TRUNCATE payments' }, risk: 'destructive', rule: 'psql/truncate', decision: 'deny' },
  { tool: 'mcp__notes__save', input: { body: 'drop table users' }, risk: 'destructive', rule: 'psql/drop-table', decision: 'deny' },
  { tool: 'mcp__shell__run_command', input: { command: 'railway down -y' }, risk: 'destructive', rule: 'railway/down', decision: 'deny' },
  { tool: 'mcp__shell__run_command', input: { command: ['bash', '-c', 'railway down -y'] }, risk: 'destructive', rule: 'railway/down', decision: 'deny' },
  { tool: 'mcp__shell__run_command', input: { command: 'ls -la && git status' }, risk: 'none', rule: null, decision: 'allow' },
  { tool: 'mcp__railway__graphql', input: { query: 'mutation { volumeDelete(volumeId: "vol_8f2c") }' }, risk: 'destructive', rule: 'mcp/railway-graphql-destructive', decision: 'deny' },
  { tool: 'mcp__railway__graphql', input: { query: 'mutation($v: String!) { volumeDelete(volumeId: $v) }', variables: { v: 'vol_8f2c' } }, risk: 'destructive', rule: 'mcp/railway-graphql-destructive', decision: 'deny' },
  { tool: 'mcp__railway__graphql', input: { query: 'query { me { id } }' }, risk: 'read', rule: null, decision: 'allow' },
  { tool: 'mcp__linear__graphql', input: { query: 'mutation { issueDelete(id: "1") { success } }' }, risk: 'unknown', rule: 'mcp/graphql-mutation', decision: 'deny' },
  { tool: 'mcp__kubernetes__kubectl_delete', input: { resourceType: 'namespace', name: 'prod' }, risk: 'destructive', rule: 'mcp/vendor-destructive', decision: 'deny' },
  { tool: 'mcp__kubernetes__kubectl_get', input: { resourceType: 'pods', namespace: 'default' }, risk: 'read', rule: 'mcp/vendor-read', decision: 'allow' },
  { tool: 'mcp__terraform__run_terraform_command', input: { command: 'destroy', workspace_folder: 'infra' }, risk: 'destructive', rule: null, decision: 'deny' },
  { tool: 'mcp__terraform__search_providers', input: { query: 'aws' }, risk: 'read', rule: 'mcp/vendor-read', decision: 'allow' },
  { tool: 'mcp__mysql__execute', input: { sql: 'DROP TABLE t' }, risk: 'destructive', rule: 'mysql/drop-table', decision: 'deny' },
  { tool: 'mcp__mysql__execute', input: { sql: 'SELECT * FROM t WHERE id = 1' }, risk: 'read', rule: 'mysql/read', decision: 'allow' },
  { tool: 'mcp__mysql__execute', input: { sql: 'SELECT 1; /*!50001 TRUNCATE t */' }, risk: 'destructive', rule: 'mysql/truncate', decision: 'deny' },
  { tool: 'mcp__mysql__execute', input: { sql: 'SELECT my_func()' }, risk: 'unknown', rule: 'mysql/user-function', decision: 'deny' },
  { tool: 'mcp__cloud__do_thing', input: { id: 'x', confirm: true }, risk: 'unknown', rule: 'mcp/opaque-mutation', decision: 'deny' },
  { tool: 'mcp__cloud__resource', input: { id: 'x', action: 'delete' }, risk: 'unknown', rule: 'mcp/opaque-mutation', decision: 'deny' },
  { tool: 'mcp__sandbox__execute_code', input: { language: 'python', code: 'import os' }, risk: 'unknown', rule: 'mcp/opaque-mutation', decision: 'deny' },
  { tool: 'mcp__github__create_issue', input: { title: 'A bug', body: 'It breaks' }, risk: 'write', rule: 'mcp/write', decision: 'allow' },
  { tool: 'mcp__github__search_code', input: { query: 'drop table users' }, risk: 'none', rule: null, decision: 'allow' },
  // Unknown non-MCP tools whose input carries a command are read the same way.
  { tool: 'RunInTerminal', input: { command: 'railway down -y' }, risk: 'destructive', rule: 'railway/down', decision: 'deny' },
];

for (const c of CASES) {
  test(`${c.tool} → ${c.risk}, ${c.decision}`, async () => {
    const w = world();
    const subject = await assessMcpCall(c.tool, c.input, w.ctx);
    assert.equal(subject.risk, c.risk);
    if (c.rule) assert.ok(subject.findings.some((f) => f.analysis.hits.some((h) => h.rule.id === c.rule)), JSON.stringify(subject.findings.map((f) => f.analysis.hits)));
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
