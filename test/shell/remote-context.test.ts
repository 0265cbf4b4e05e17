// Commands that run in a pod or on another host are judged by their own rules, with none of this machine's settings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessShellLine } from '../../src/shell/assess.js';
import { buildWorld } from '../support/world.js';

const STAGING = { user: null, project: null, policy: {} } as const;

for (const line of [
  "kubectl exec api-0 -- psql -c 'DROP TABLE users'",
  "kubectl run tmp --image=postgres -- psql -c 'DROP TABLE users'",
  "ssh db1 'psql -c \"DROP TABLE users\"'",
]) {
  test(`the local PGHOST does not name the environment of: ${line}`, async () => {
    const world = buildWorld({ offline: true, env: { PGHOST: 'db.staging.internal' }, config: STAGING });
    try {
      const result = await assessShellLine(line, world.ctx);
      const psql = result.commands.find((c) => c.command.argv[0] === 'psql');
      assert.ok(psql, JSON.stringify(result.commands.map((c) => c.command.argv)));
      const analysis = psql.assessment.analysis;
      assert.equal(analysis.environment?.name, 'unknown', JSON.stringify(analysis.environment));
      assert.equal(analysis.environment?.protected, true);
      assert.ok(!JSON.stringify(analysis).includes('db.staging.internal'), 'the local host leaked into the remote command');
      assert.ok(psql.assessment.analysis.hits.some((h) => h.rule.id === 'psql/drop-table'));
    } finally {
      world.cleanup();
    }
  });
}
