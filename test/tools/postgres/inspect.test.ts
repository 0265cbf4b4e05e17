// The live inspector against a real PostgreSQL seeded with known data (test/support/seed.sql).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { ConnectionFacts, InspectedObject, InspectRequest, InspectResult } from '../../../src/tools/postgres/model.js';
import { createPostgresInspector } from '../../../src/tools/postgres/inspect.js';
import { startTestPostgres, type TestPostgres } from '../../support/postgres-server.js';

const TIMEOUT_MS = 5_000;
let server: TestPostgres;

function socketConnection(dbname = 'shop', extra: Record<string, string> = {}): ConnectionFacts {
  const source = 'test';
  return {
    host: server.host,
    isSocket: true,
    port: server.port,
    user: server.superuser,
    dbname,
    sources: { host: source, port: source, user: source, dbname: source },
    extra,
  };
}

async function inspect(
  requests: readonly InspectRequest[],
  options: { connection?: ConnectionFacts; exactCountThreshold?: number } = {},
): Promise<InspectResult> {
  const inspector = createPostgresInspector(
    options.exactCountThreshold === undefined ? {} : { exactCountThreshold: options.exactCountThreshold },
  );
  return inspector.inspect(options.connection ?? socketConnection(), requests, { timeoutMs: TIMEOUT_MS });
}

/** Inspects one request that must succeed, and returns its object. */
async function inspectOne(
  request: InspectRequest,
  options: { connection?: ConnectionFacts; exactCountThreshold?: number } = {},
): Promise<InspectedObject> {
  const result = await inspect([request], options);
  assert.deepEqual(result.unverified, []);
  assert.equal(result.objects.length, 1);
  const [object] = result.objects;
  assert.ok(object !== undefined);
  assert.deepEqual(object.request, request);
  return object;
}

async function psqlNumber(sql: string, db = 'shop'): Promise<number> {
  return Number(await server.psql(sql, db));
}

before(async () => {
  server = await startTestPostgres({ seed: true });
}, { timeout: 120_000 });

after(async () => {
  await server?.stop();
});

describe('table', () => {
  it('counts the rows exactly and measures the bytes pg_total_relation_size reports', async () => {
    const orders = await inspectOne({ kind: 'table', name: 'orders', cascade: false });
    assert.equal(orders.exists, true);
    assert.equal(orders.id, 'public.orders');
    assert.equal(orders.rows, 48213);
    assert.equal(orders.rowsEstimated, false);
    assert.equal(orders.bytes, await psqlNumber("SELECT pg_total_relation_size('public.orders')"));
    assert.ok((orders.bytes ?? 0) > 0);
  });

  it('names the foreign keys and views that depend on it, and what CASCADE would reach', async () => {
    const plain = await inspectOne({ kind: 'table', name: 'public.orders', cascade: false });
    assert.deepEqual(plain.facts, [
      '2 foreign keys reference it: public.order_items.order_id (ON DELETE CASCADE), public.refunds.order_id',
      '1 view depends on it: public.order_totals',
      '1 materialized view depends on it: public.customer_order_counts',
    ]);
    const cascade = await inspectOne({ kind: 'table', name: 'public.orders', cascade: true });
    const cascadeLines = cascade.facts.filter((fact) => fact.startsWith('CASCADE'));
    assert.equal(cascadeLines.length, 2);
    // big_order_totals is built on order_totals, not on orders: only CASCADE reaches it.
    assert.match(cascadeLines[0] ?? '', /^CASCADE also drops 3 views: .*public\.big_order_totals/);
    assert.match(cascadeLines[1] ?? '', /2 referencing tables: public\.order_items, public\.refunds/);
  });

  it('resolves an unqualified name under the search_path the connection sets', async () => {
    const customers = await inspectOne({ kind: 'table', name: 'customers', cascade: false });
    assert.equal(customers.id, 'public.customers');
    assert.equal(customers.rows, 1200);
    assert.deepEqual(customers.facts, ['1 foreign key references it: public.orders.customer_id']);
    const archived = await inspectOne(
      { kind: 'table', name: 'orders_2024', cascade: false },
      { connection: socketConnection('shop', { options: '-c search_path=archive' }) },
    );
    assert.equal(archived.id, 'archive.orders_2024');
    assert.equal(archived.rows, 7500);
  });

  it('reads names as SQL does: unquoted ones fold to lower case', async () => {
    const [quoted, unquoted] = (await inspect([
      { kind: 'table', name: '"MixedCase"', cascade: false },
      { kind: 'table', name: 'MixedCase', cascade: false },
    ])).objects;
    assert.deepEqual([quoted?.exists, quoted?.id, quoted?.rows], [true, 'public.MixedCase', 3]);
    assert.deepEqual([unquoted?.exists, unquoted?.facts], [false, ['MixedCase does not exist']]);
  });

  it('reports the planner estimate instead of counting at or above the threshold', async () => {
    const orders = await inspectOne({ kind: 'table', name: 'orders', cascade: false }, { exactCountThreshold: 1000 });
    assert.equal(orders.rowsEstimated, true);
    assert.ok(Math.abs((orders.rows ?? 0) - 48213) <= 48213 * 0.05, `estimate ${orders.rows}`);
    const refunds = await inspectOne({ kind: 'table', name: 'refunds', cascade: false }, { exactCountThreshold: 1000 });
    assert.equal(refunds.rowsEstimated, false);
    assert.equal(refunds.rows, 500);
  });

  it('handles a table never analysed (reltuples = -1) both ways', async () => {
    assert.equal(await psqlNumber("SELECT reltuples FROM pg_class WHERE oid = 'public.import_batches'::regclass"), -1);
    const counted = await inspectOne({ kind: 'table', name: 'import_batches', cascade: false });
    assert.equal(counted.rows, 300);
    assert.equal(counted.rowsEstimated, false);
    const estimated = await inspectOne({ kind: 'table', name: 'import_batches', cascade: false }, { exactCountThreshold: 10 });
    assert.equal(estimated.rowsEstimated, true);
    assert.ok((estimated.rows ?? 0) > 10, `estimate ${estimated.rows}`);
  });

  it('sums a partitioned table over its partitions', async () => {
    const events = await inspectOne({ kind: 'table', name: 'events', cascade: false });
    assert.equal(events.rows, 5000);
    assert.equal(
      events.bytes,
      await psqlNumber("SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('public.events')"),
    );
    assert.ok(events.facts.includes('2 partitions: public.events_2025, public.events_2026'));
    const partition = await inspectOne({ kind: 'table', name: 'events_2026', cascade: false });
    assert.equal(partition.rows, 2000);
    assert.ok(partition.facts.includes('it is a partition of public.events'));
  });

  it('says what a materialized view or a view is', async () => {
    const counts = await inspectOne({ kind: 'table', name: 'customer_order_counts', cascade: false });
    assert.equal(counts.rows, 1200);
    assert.ok(counts.facts.includes('public.customer_order_counts is a materialized view'));
    const view = await inspectOne({ kind: 'table', name: 'order_totals', cascade: false });
    assert.equal(view.exists, true);
    assert.equal(view.rows, undefined);
    assert.deepEqual(view.facts, ['public.order_totals is a view, not a table']);
  });

  it('reports a missing table as not existing, not as unverified', async () => {
    const missing = await inspectOne({ kind: 'table', name: 'public.ordrs', cascade: false });
    assert.equal(missing.exists, false);
    assert.deepEqual(missing.facts, ['public.ordrs does not exist']);
  });
});

describe('schema', () => {
  it('totals the rows and bytes of its tables and counts the other objects', async () => {
    const archive = await inspectOne({ kind: 'schema', name: 'archive', cascade: false });
    assert.equal(archive.id, 'archive');
    assert.equal(archive.rows, 12500);
    assert.equal(archive.rowsEstimated, false);
    assert.equal(
      archive.bytes,
      await psqlNumber(
        "SELECT sum(pg_total_relation_size(oid)) FROM pg_class WHERE relnamespace = 'archive'::regnamespace AND relkind IN ('r', 'm', 'S')",
      ),
    );
    assert.deepEqual(archive.facts, [
      '2 tables: archive.orders_2023, archive.orders_2024',
      '3 other objects: 1 function, 1 sequence, 1 view',
      '1 object outside the schema depends on it: public.archived_totals',
      'without CASCADE, DROP SCHEMA fails because the schema is not empty',
    ]);
  });

  it('says what CASCADE takes outside the schema, and estimates above the threshold', async () => {
    const archive = await inspectOne({ kind: 'schema', name: 'ARCHIVE', cascade: true }, { exactCountThreshold: 100 });
    assert.equal(archive.id, 'archive');
    assert.equal(archive.rowsEstimated, true);
    assert.ok(Math.abs((archive.rows ?? 0) - 12500) <= 12500 * 0.05, `estimate ${archive.rows}`);
    assert.ok(archive.facts.includes('CASCADE also drops them: public.archived_totals'));
    assert.ok(!archive.facts.some((fact) => fact.startsWith('without CASCADE')));
  });

  it('reports a missing schema', async () => {
    const missing = await inspectOne({ kind: 'schema', name: 'archiv', cascade: false });
    assert.equal(missing.exists, false);
    assert.deepEqual(missing.facts, ['schema archiv does not exist']);
  });
});

describe('database', () => {
  it('measures another database, looks inside it and counts its open connections', async () => {
    const holder = new pg.Client({ host: server.host, port: server.port, user: server.superuser, database: 'scratch' });
    await holder.connect();
    try {
      const scratch = await inspectOne({ kind: 'database', name: 'scratch' });
      assert.equal(scratch.id, 'scratch');
      assert.equal(scratch.bytes, await psqlNumber("SELECT pg_database_size('scratch')"));
      assert.equal(scratch.rows, 10);
      assert.equal(scratch.rowsEstimated, true);
      assert.deepEqual(scratch.facts, [
        'owned by reporting',
        '1 open connection',
        '1 table in 1 schema',
      ]);
    } finally {
      await holder.end();
    }
  });

  it('says when it is the database guard is connected to, without counting guard itself', async () => {
    const shop = await inspectOne({ kind: 'database', name: 'shop' });
    assert.ok(shop.facts.includes('no open connections'));
    assert.ok(shop.facts.includes('it is the database this connection uses (DROP DATABASE refuses to drop it)'));
    assert.ok(shop.facts.some((fact) => fact.startsWith('10 tables in 2 schemas')), shop.facts.join('\n'));
  });

  it('reports a missing database and one that refuses connections', async () => {
    const [missing, template] = (await inspect([
      { kind: 'database', name: 'shopp' },
      { kind: 'database', name: 'template0' },
    ])).objects;
    assert.equal(missing?.exists, false);
    assert.deepEqual(missing?.facts, ['database shopp does not exist']);
    assert.equal(template?.exists, true);
    assert.ok(template?.facts.includes('it does not allow connections, so its contents were not listed'));
  });
});

describe('role', () => {
  it('lists what a role owns, its memberships and sessions', async () => {
    const reporting = await inspectOne({ kind: 'role', name: 'reporting' });
    assert.deepEqual(reporting.facts, [
      'cannot log in (a group role)',
      'owns 1 database: scratch',
      'owns 1 object in shop: public.report_runs',
      'holds privileges on 1 object in shop',
      'DROP ROLE fails while it owns objects or holds privileges (REASSIGN OWNED and DROP OWNED come first)',
      'member of pg_read_all_stats',
      '1 role is a member: analyst',
      'no open sessions',
    ]);
  });

  it('counts the sessions of a login role and reports a missing one', async () => {
    const session = new pg.Client({ host: server.host, port: server.port, user: 'analyst', database: 'scratch' });
    await session.connect();
    try {
      const [analyst, missing] = (await inspect([{ kind: 'role', name: 'analyst' }, { kind: 'role', name: 'nobody' }])).objects;
      assert.deepEqual(analyst?.facts, ['can log in', 'member of reporting', '1 open session']);
      assert.equal(missing?.exists, false);
      assert.deepEqual(missing?.facts, ['role nobody does not exist']);
      const current = await inspectOne({ kind: 'role', name: 'CURRENT_USER' });
      assert.equal(current.id, server.superuser);
    } finally {
      await session.end();
    }
  });
});

describe('column', () => {
  it('gives the table rows, the type and the indexes, constraints and views using it', async () => {
    const status = await inspectOne({ kind: 'column', table: 'orders', column: 'status' });
    assert.equal(status.id, 'public.orders.status');
    assert.equal(status.rows, 48213);
    assert.deepEqual(status.facts, ['type text', 'part of 1 index: orders_status_idx']);
    const id = await inspectOne({ kind: 'column', table: 'public.orders', column: 'ID' });
    assert.deepEqual(id.facts, [
      'type integer',
      'part of 1 index: orders_pkey',
      'part of 1 constraint: orders_pkey (primary key)',
      '2 foreign keys reference it: public.order_items.order_id (ON DELETE CASCADE), public.refunds.order_id',
      '1 view uses it: public.order_totals',
    ]);
  });

  it('reports a missing column and a missing table', async () => {
    const [column, table] = (await inspect([
      { kind: 'column', table: 'orders', column: 'totl' },
      { kind: 'column', table: 'ordrs', column: 'total' },
    ])).objects;
    assert.deepEqual([column?.exists, column?.facts], [false, ['column public.orders.totl does not exist']]);
    assert.deepEqual([table?.exists, table?.facts], [false, ['ordrs does not exist']]);
  });
});

describe('estimate', () => {
  it("reports the planner's estimate of the rows a DELETE or UPDATE touches", async () => {
    const cancelled = await psqlNumber("SELECT count(*) FROM orders WHERE status = 'cancelled'");
    assert.equal(cancelled, 4821);
    const result = await inspect([
      { kind: 'estimate', statement: "DELETE FROM orders WHERE status = 'cancelled'", label: 'DELETE FROM orders' },
      { kind: 'estimate', statement: 'UPDATE orders SET note = NULL WHERE id <= 1000;', label: 'UPDATE orders' },
    ]);
    assert.deepEqual(result.unverified, []);
    const [deleted, updated] = result.objects;
    assert.equal(deleted?.id, 'public.orders');
    assert.equal(deleted?.rowsEstimated, true);
    assert.ok(Math.abs((deleted?.rows ?? 0) - cancelled) <= cancelled * 0.2, `estimate ${deleted?.rows}`);
    assert.match(deleted?.facts[0] ?? '', /^DELETE FROM orders: about [\d,]+ rows \(planner estimate\)$/);
    assert.ok(Math.abs((updated?.rows ?? 0) - 1000) <= 200, `estimate ${updated?.rows}`);
  });

  it('reports a statement on a missing table as not existing', async () => {
    const missing = await inspectOne({ kind: 'estimate', statement: 'DELETE FROM ordrs WHERE id = 1', label: 'DELETE FROM ordrs' });
    assert.equal(missing.exists, false);
    assert.deepEqual(missing.facts, ['relation "ordrs" does not exist']);
  });
});
