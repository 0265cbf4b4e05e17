-- A forward migration guard lets through: it adds and changes, and removes nothing.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at ON orders (created_at);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
