// Passwords inside psql's SQL arguments never reach the report or the audit log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runGuarded } from '../../../src/core/pipeline.js';
import { buildWorld } from '../../support/world.js';

const SECRET = 'Tr0ub4dor&3';

const CASES: string[][] = [
  ['psql', '-c', `ALTER ROLE app PASSWORD '${SECRET}'`],
  ['psql', '-c', `CREATE USER app WITH LOGIN PASSWORD '${SECRET}'`],
  ['psql', '-c', `CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'x', password '${SECRET}')`],
  ['psql', '-c', `ALTER ROLE app PASSWORD '${SECRET}`], // unterminated: still redacted
  ['psql', '-v', `db_password=${SECRET}`, '-c', 'select 1'],
];

for (const argv of CASES) {
  test(`no secret in report or audit: ${argv.join(' ').replace(SECRET, '…')}`, async () => {
    const world = buildWorld({ offline: true });
    try {
      await runGuarded(argv, { dryRun: true, json: true, confirm: null }, world.ctx);
      const everything = world.stdout() + world.stderr() + JSON.stringify(world.audited);
      assert.ok(everything.length > 0);
      assert.ok(!everything.includes(SECRET), everything);
      assert.ok(world.audited.length === 1, 'one audit record');
    } finally {
      world.cleanup();
    }
  });
}

test('SQL without secrets is shown as typed', async () => {
  const world = buildWorld({ offline: true });
  try {
    await runGuarded(['psql', '-c', 'DROP TABLE passwords_old'], { dryRun: true, json: true, confirm: null }, world.ctx);
    assert.deepEqual(JSON.parse(world.stdout()).argv, ['psql', '-c', 'DROP TABLE passwords_old']);
  } finally {
    world.cleanup();
  }
});
