// vercel: the case table, the linked project, and tokens kept out of reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { vercelCases } from '../../../src/tools/vercel/cases.js';
import { vercelTool } from '../../../src/tools/vercel/vercel-tool.js';
import { runToolCases } from '../../support/case-tester.js';
import { buildWorld, type WorldSpec } from '../../support/world.js';

runToolCases({ tool: vercelTool, cases: vercelCases.vercel ?? [] });

async function report(argv: string[], spec: WorldSpec = {}) {
  const world = buildWorld({ offline: true, ...spec });
  try {
    return (await assess(argv, world.ctx)).report;
  } finally {
    world.cleanup();
  }
}

test('project rm reaches production; env rm names its environment', async () => {
  assert.equal((await report(['vercel', 'project', 'rm', 'shop'])).environment?.name, 'production');
  const preview = await report(['vercel', 'env', 'rm', 'FOO', 'preview']);
  assert.equal(preview.environment?.name, 'preview');
  assert.equal(preview.environment?.protected, false);
});

test('the monorepo link (.vercel/repo.json) names the project of the directory', async () => {
  const files = { '.git/HEAD': 'ref: refs/heads/main\n', '.vercel/repo.json': JSON.stringify({ orgId: 'team_acme', remoteName: 'origin', projects: [{ id: 'prj_web', name: 'web', directory: 'apps/web' }, { id: 'prj_api', name: 'api', directory: 'apps/api' }] }), 'apps/web/src/.keep': '' };
  const r = await report(['vercel', '--cwd', 'apps/web/src', 'env', 'rm', 'FOO', 'production'], { files });
  assert.ok(r.blastRadius.some((line) => line.includes('project web') && line.includes('team_acme')), r.blastRadius.join('\n'));
});

test('a --token value never reaches the report', async () => {
  const r = await report(['vercel', 'rm', 'shop', '--token', 'vc_supersecret']);
  assert.ok(!JSON.stringify(r).includes('vc_supersecret'));
});
