// Config match rules for mysql and redis: user rules name environments, project rules only add protection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GuardConfig } from '../../../src/config/types.js';
import { assess } from '../../../src/core/pipeline.js';
import { buildWorld } from '../../support/world.js';

const config: GuardConfig = {
  user: {
    file: '/home/u/.config/guard/config.json',
    environments: {
      staging: { match: { mysql: [{ host: 'db.staging.internal', database: 'shop*' }], redis: [{ host: 'cache.internal', db: 2 }] } },
      payments: { protected: true, match: { mysql: [{ user: 'payments' }], redis: [{ port: 6380 }] } },
    },
    policy: {},
  },
  project: {
    file: '/repo/guard.config.json',
    environments: { 'prod-eu': { match: { mysql: [{ host: '*.eu.internal' }] } }, relaxed: { protected: false, match: { redis: [{ host: '127.0.0.1' }] } } },
    policy: {},
  },
  policy: {},
};

async function environmentOf(argv: string[], env: Record<string, string> = {}) {
  const world = buildWorld({ offline: true, config, env });
  try {
    return (await assess(argv, world.ctx)).analysis.environment;
  } finally {
    world.cleanup();
  }
}

test('mysql: host and database globs, user, MYSQL_HOST, the project adding protection', async () => {
  assert.equal((await environmentOf(['mysql', '-h', 'db.staging.internal', 'shop_v2', '-e', 'DROP TABLE t']))?.name, 'staging');
  assert.equal((await environmentOf(['mysql', '-h', 'db.staging.internal', 'other', '-e', 'DROP TABLE t']))?.name, 'unknown', 'the database glob must match too');
  assert.deepEqual(await environmentOf(['mariadb', '-u', 'payments', '-e', 'DROP TABLE t']).then((e) => [e?.name, e?.protected]), ['payments', true]);
  assert.equal((await environmentOf(['mysql', '-e', 'DROP TABLE t'], { MYSQL_HOST: 'db1.eu.internal' }))?.name, 'prod-eu');
  assert.equal((await environmentOf(['mysql', '-h', 'shop.prod.internal', '-e', 'DROP TABLE t']))?.name, 'production');
  assert.equal((await environmentOf(['mysql', '-e', 'DROP TABLE t']))?.name, 'local', 'the default socket is this machine');
});

test('redis: host and db, port, and a project file that cannot relax protection', async () => {
  assert.equal((await environmentOf(['redis-cli', '-h', 'cache.internal', '-n', '2', 'FLUSHDB']))?.name, 'staging');
  assert.equal((await environmentOf(['redis-cli', '-h', 'cache.internal', 'FLUSHDB']))?.name, 'unknown');
  assert.equal((await environmentOf(['redis-cli', '-u', 'redis://cache.internal:6379/2', 'FLUSHDB']))?.name, 'staging', '-u carries the db');
  assert.equal((await environmentOf(['redis-cli', '-p', '6380', 'FLUSHALL']))?.name, 'payments');
  const local = await environmentOf(['redis-cli', 'FLUSHALL']);
  assert.deepEqual([local?.name, local?.protected], ['local', false], 'a project rule naming an unprotected environment has no effect');
});
