-- A "cleanup" migration of the kind that loses data: guard reports both statements as destructive.
DROP TABLE IF EXISTS legacy_orders;
DELETE FROM sessions;
