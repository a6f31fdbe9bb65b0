-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.orders.Order added NOT VALID, in a transaction of its own: validating scans
-- the table without blocking its readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

DO $validate$ BEGIN
    ALTER TABLE orders VALIDATE CONSTRAINT orders_items_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'orders_items_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'orders_total_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE orders VALIDATE CONSTRAINT orders_placed_at_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'orders_placed_at_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE orders VALIDATE CONSTRAINT orders_delivered_at_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'orders_delivered_at_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE orders_history VALIDATE CONSTRAINT orders_history_actor_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'orders_history_actor_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE orders_history VALIDATE CONSTRAINT orders_history_reason_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'orders_history_reason_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
