-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.orders.Order added NOT VALID, in a transaction of its own: validating scans
-- the table without blocking its readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

-- The trigger sets status_since of these rows anew; they keep their version.
UPDATE orders SET status_since = status_since
 WHERE status_since IS NULL;
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_since_not_null;
-- A validated CHECK (... IS NOT NULL) spares SET NOT NULL its scan of the table.
ALTER TABLE orders ALTER COLUMN status_since SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_status_since_not_null;
