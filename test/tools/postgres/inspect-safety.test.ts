// The live inspector when things go wrong: unreachable servers, bad passwords, slow locks, writes.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { ConnectionFacts, InspectRequest } from '../../../src/tools/postgres/model.js';
import { createPostgresInspector } from '../../../src/tools/postgres/inspect.js';
import { startTestPostgres, type TestPostgres } from '../../support/postgres-server.js';

let server: TestPostgres;
const ORDERS: InspectRequest = { kind: 'table', name: 'orders', cascade: true };

function tcpConnection(overrides: Partial<ConnectionFacts> = {}): ConnectionFacts {
  const source = 'test';
  return {
    host: '127.0.0.1',
    isSocket: false,
    port: server.port,
    user: server.passwordRole.user,
    dbname: 'shop',
    sources: { host: source, port: source, user: source, dbname: source },
    extra: {},
    password: server.passwordRole.password,
    ...overrides,
  };
}

function socketConnection(): ConnectionFacts {
  return { ...tcpConnection({ host: server.host, isSocket: true, user: server.superuser }), password: undefined };
}

/** A port on which nothing listens: bound once, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  assert.ok(typeof address === 'object' && address !== null);
  return address.port;
}

before(async () => {
  server = await startTestPostgres({ seed: true });
}, { timeout: 120_000 });

after(async () => {
  await server?.stop();
});

describe('connecting', () => {
  it('connects over TCP with a password and never echoes it', async () => {
    const result = await createPostgresInspector().inspect(tcpConnection(), [ORDERS], { timeoutMs: 5_000 });
    assert.deepEqual(result.unverified, []);
    assert.equal(result.objects[0]?.rows, 48213);
    assert.match(result.server?.version ?? '', /^\d+\.\d+/);
    assert.ok(!JSON.stringify(result).includes(server.passwordRole.password));
  });

  it('turns a wrong password into an unverified line that holds no secret', async () => {
    const wrong = 'Wr0ng-Passw0rd-7f3a9c';
    const result = await createPostgresInspector().inspect(tcpConnection({ password: wrong }), [ORDERS], { timeoutMs: 5_000 });
    assert.deepEqual(result.objects, []);
    assert.deepEqual(result.unverified, [
      `could not connect to guard_app@127.0.0.1:${server.port}/shop: password authentication failed for user "guard_app"`,
    ]);
    const everything = JSON.stringify(result);
    assert.ok(!everything.includes(wrong));
    assert.ok(!everything.includes(server.passwordRole.password));
    assert.ok(!everything.includes('postgresql://'));
  });

  it('reports a closed port as unverified at once', async () => {
    const port = await closedPort();
    const started = Date.now();
    const result = await createPostgresInspector().inspect(tcpConnection({ port }), [ORDERS], { timeoutMs: 3_000 });
    assert.ok(Date.now() - started < 3_000);
    assert.deepEqual(result, {
      objects: [],
      unverified: [`could not connect to guard_app@127.0.0.1:${port}/shop: connection refused`],
    });
  });

  it('follows sslmode: prefer falls back to plain text, require and verify-full do not', async () => {
    const inspector = createPostgresInspector();
    const prefer = await inspector.inspect(tcpConnection({ extra: { sslmode: 'prefer' } }), [ORDERS], { timeoutMs: 3_000 });
    assert.deepEqual(prefer.unverified, []);
    const require = await inspector.inspect(tcpConnection({ extra: { sslmode: 'require' } }), [ORDERS], { timeoutMs: 3_000 });
    assert.deepEqual(require.unverified, [
      `could not connect to guard_app@127.0.0.1:${server.port}/shop: The server does not support SSL connections`,
    ]);
    const verify = await inspector.inspect(
      tcpConnection({ extra: { sslmode: 'verify-full', sslrootcert: '/nonexistent/root.crt' } }),
      [ORDERS],
      { timeoutMs: 3_000 },
    );
    assert.deepEqual(verify.unverified, [
      `could not connect to guard_app@127.0.0.1:${server.port}/shop: cannot read TLS file /nonexistent/root.crt (ENOENT)`,
    ]);
  });

  it('reports a socket directory with no server in it', async () => {
    const connection = { ...socketConnection(), host: '/nonexistent-guard-dir' };
    const result = await createPostgresInspector().inspect(connection, [ORDERS], { timeoutMs: 3_000 });
    assert.deepEqual(result.unverified, [
      `could not connect to postgres@/nonexistent-guard-dir:${server.port}/shop: no server socket there`,
    ]);
  });

  it('gives up on a server that accepts but never answers within the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    assert.ok(typeof address === 'object' && address !== null);
    try {
      const started = Date.now();
      const result = await createPostgresInspector().inspect(tcpConnection({ port: address.port }), [ORDERS], {
        timeoutMs: 500,
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 450 && elapsed < 2_500, `took ${elapsed} ms`);
      assert.deepEqual(result.unverified, [`could not connect to guard_app@127.0.0.1:${address.port}/shop: timeout after 500 ms`]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('names the missing database when the connection itself fails', async () => {
    const result = await createPostgresInspector().inspect(tcpConnection({ dbname: 'nosuchdb' }), [ORDERS], { timeoutMs: 5_000 });
    assert.deepEqual(result.unverified, [
      `could not connect to guard_app@127.0.0.1:${server.port}/nosuchdb: database "nosuchdb" does not exist`,
    ]);
  });
});

describe('one failing look-up', () => {
  it('times out on a locked table without costing the other requests', async () => {
    const locker = new pg.Client({ host: server.host, port: server.port, user: server.superuser, database: 'shop' });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE public.refunds IN ACCESS EXCLUSIVE MODE');
      const result = await createPostgresInspector().inspect(
        socketConnection(),
        [
          { kind: 'table', name: 'refunds', cascade: false },
          { kind: 'table', name: 'customers', cascade: false },
        ],
        { timeoutMs: 400 },
      );
      assert.deepEqual(result.unverified, ['could not inspect table refunds: timeout after 400 ms']);
      assert.deepEqual(result.objects.map((object) => [object.id, object.rows]), [['public.customers', 1200]]);

      // Every look-up waiting on the lock would add up; the whole call keeps to 3 × timeout.
      const started = Date.now();
      const many = await createPostgresInspector().inspect(
        socketConnection(),
        Array.from({ length: 6 }, () => ({ kind: 'table', name: 'refunds', cascade: false }) as const),
        { timeoutMs: 300 },
      );
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 300 * 3 + 300 + 500, `took ${elapsed} ms`);
      assert.equal(many.unverified.length, 6);
      assert.ok(many.unverified.includes('did not inspect table refunds: the 900 ms budget ran out'), many.unverified.join('\n'));
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('refuses a second statement hidden in an estimate, and runs nothing', async () => {
    const result = await createPostgresInspector().inspect(
      socketConnection(),
      [{ kind: 'estimate', statement: 'DELETE FROM refunds WHERE id = 1; DROP TABLE refunds', label: 'DELETE FROM refunds' }],
      { timeoutMs: 5_000 },
    );
    assert.deepEqual(result.objects, []);
    assert.equal(result.unverified.length, 1);
    assert.match(result.unverified[0] ?? '', /^could not inspect the row estimate for DELETE FROM refunds: .*multiple commands/);
    assert.equal(await server.psql('SELECT count(*) FROM refunds', 'shop'), '500');
  });
});

describe('read only', () => {
  const everyKind: InspectRequest[] = [
    { kind: 'table', name: 'orders', cascade: true },
    { kind: 'schema', name: 'archive', cascade: true },
    { kind: 'database', name: 'scratch' },
    { kind: 'role', name: 'reporting' },
    { kind: 'column', table: 'orders', column: 'status' },
    { kind: 'estimate', statement: 'DELETE FROM orders', label: 'DELETE FROM orders' },
    { kind: 'estimate', statement: 'UPDATE customers SET name = upper(name)', label: 'UPDATE customers' },
  ];
  const tupleChanges = `SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables`;

  it('changes no row: the DELETE it estimates is planned, never run', async () => {
    const before = await server.psql(tupleChanges, 'shop');
    const result = await createPostgresInspector().inspect(socketConnection(), everyKind, { timeoutMs: 5_000 });
    assert.deepEqual(result.unverified, []);
    assert.equal(result.objects.length, everyKind.length);
    assert.equal(result.objects[5]?.rows, 48213);
    assert.equal(await server.psql('SELECT count(*) FROM orders', 'shop'), '48213');
    assert.equal(await server.psql("SELECT count(*) FROM customers WHERE name <> lower(name)", 'shop'), '0');
    assert.equal(await server.psql(tupleChanges, 'shop'), before);
  });

  it('runs every session inside BEGIN … READ ONLY and ends it with ROLLBACK', async () => {
    await createPostgresInspector().inspect(socketConnection(), everyKind, { timeoutMs: 5_000 });
    const statements = new Map<string, string[]>();
    for (const line of server.readLog().split('\n')) {
      const match = /^\[guard\] (\d+) LOG: {2}(?:statement|execute [^:]*): (.*)$/.exec(line);
      if (match === null) continue;
      const [, pid = '', statement = ''] = match;
      statements.set(pid, [...(statements.get(pid) ?? []), statement]);
    }
    // The main session plus the one that looked inside database scratch, per inspect call.
    assert.ok(statements.size >= 2, `guard sessions in the log: ${statements.size}`);
    for (const [pid, list] of statements) {
      assert.equal(list[0], 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', `session ${pid}`);
      assert.equal(list.at(-1), 'ROLLBACK', `session ${pid}`);
      assert.ok(!list.some((statement) => /^\s*(COMMIT|END)\b/i.test(statement)), `session ${pid}`);
    }
  });
});
