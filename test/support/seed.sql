-- Known data for the live-inspection tests: every count here is asserted somewhere.
-- Run by psql as the superuser on database postgres (it uses \c).

CREATE ROLE reporting NOLOGIN;
CREATE ROLE analyst LOGIN;
GRANT reporting TO analyst;
GRANT pg_read_all_stats TO reporting;

CREATE DATABASE shop;
CREATE DATABASE scratch OWNER reporting;

\c shop

CREATE TABLE public.customers (
  id integer PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE
);
INSERT INTO public.customers
SELECT i, 'customer ' || i, 'c' || i || '@example.com' FROM generate_series(1, 1200) AS i;

CREATE TABLE public.orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL,
  status text NOT NULL,
  total numeric(10, 2) NOT NULL,
  note text,
  created_at timestamptz NOT NULL
);
CREATE INDEX orders_status_idx ON public.orders (status);
-- Exactly 4,821 orders are cancelled (every tenth id).
INSERT INTO public.orders
SELECT i,
       1 + (i % 1200),
       CASE WHEN i % 10 = 0 THEN 'cancelled' ELSE 'paid' END,
       (i % 500) + 0.99,
       NULL,
       timestamptz '2025-01-01' + i * interval '10 minutes'
FROM generate_series(1, 48213) AS i;

-- Two items per order; deleting an order deletes its items.
CREATE TABLE public.order_items (
  id integer PRIMARY KEY,
  order_id integer NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(10, 2) NOT NULL
);
INSERT INTO public.order_items
SELECT i, (i + 1) / 2, 1 + i % 3, 9.99 FROM generate_series(1, 96426) AS i;
-- Foreign keys added after loading: one validating scan instead of a trigger per row.
ALTER TABLE public.orders ADD FOREIGN KEY (customer_id) REFERENCES public.customers (id);
ALTER TABLE public.order_items ADD FOREIGN KEY (order_id) REFERENCES public.orders (id) ON DELETE CASCADE;

CREATE TABLE public.refunds (
  id integer PRIMARY KEY,
  order_id integer NOT NULL REFERENCES public.orders (id),
  amount numeric(10, 2) NOT NULL
);
INSERT INTO public.refunds SELECT i, i * 7, 5.00 FROM generate_series(1, 500) AS i;

CREATE VIEW public.order_totals AS
  SELECT o.id, o.customer_id, sum(i.quantity * i.unit_price) AS total
  FROM public.orders o JOIN public.order_items i ON i.order_id = o.id
  GROUP BY o.id, o.customer_id;
-- A view on a view: only CASCADE reaches it from orders.
CREATE VIEW public.big_order_totals AS
  SELECT id, total FROM public.order_totals WHERE total > 20;
CREATE MATERIALIZED VIEW public.customer_order_counts AS
  SELECT customer_id, count(*) AS orders FROM public.orders GROUP BY customer_id;

-- Partitioned: 3,000 rows in 2025 and 2,000 in 2026.
CREATE TABLE public.events (
  id integer NOT NULL,
  occurred_at date NOT NULL,
  kind text NOT NULL
) PARTITION BY RANGE (occurred_at);
CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO public.events SELECT i, date '2025-01-01' + (i % 365), 'click' FROM generate_series(1, 3000) AS i;
INSERT INTO public.events SELECT i, date '2026-01-01' + (i % 365), 'view' FROM generate_series(1, 2000) AS i;

-- A name that only exists quoted.
CREATE TABLE public."MixedCase" (id integer);
INSERT INTO public."MixedCase" VALUES (1), (2), (3);

-- The reporting role owns one table here and may read orders.
CREATE TABLE public.report_runs (id integer PRIMARY KEY, ran_at timestamptz NOT NULL);
INSERT INTO public.report_runs SELECT i, now() FROM generate_series(1, 12) AS i;
ALTER TABLE public.report_runs OWNER TO reporting;
GRANT SELECT ON public.orders TO reporting;

-- Schema archive: 5,000 + 7,500 rows in two tables, plus a view, a function and a sequence.
CREATE SCHEMA archive;
CREATE TABLE archive.orders_2023 (id integer PRIMARY KEY, total numeric(10, 2) NOT NULL);
CREATE TABLE archive.orders_2024 (id integer PRIMARY KEY, total numeric(10, 2) NOT NULL);
INSERT INTO archive.orders_2023 SELECT i, i % 300 FROM generate_series(1, 5000) AS i;
INSERT INTO archive.orders_2024 SELECT i, i % 300 FROM generate_series(1, 7500) AS i;
CREATE VIEW archive.all_orders AS
  SELECT id, total FROM archive.orders_2023 UNION ALL SELECT id, total FROM archive.orders_2024;
CREATE FUNCTION archive.purge_before(cutoff integer) RETURNS void
  LANGUAGE sql AS 'DELETE FROM archive.orders_2023 WHERE id < cutoff';
CREATE SEQUENCE archive.batch_seq;
-- Outside the schema but depending on it: DROP SCHEMA archive CASCADE takes it too.
CREATE VIEW public.archived_totals AS SELECT sum(total) AS total FROM archive.orders_2024;

ANALYZE;

-- Never analysed (reltuples = -1): 300 rows the planner has no statistics for.
CREATE TABLE public.import_batches (id integer NOT NULL, payload text NOT NULL);
INSERT INTO public.import_batches SELECT i, repeat('x', 40) FROM generate_series(1, 300) AS i;

\c scratch

CREATE TABLE public.notes (id integer PRIMARY KEY, body text NOT NULL);
INSERT INTO public.notes SELECT i, 'note ' || i FROM generate_series(1, 10) AS i;
ANALYZE;
