-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.taskboard.Task added NOT VALID, in a transaction of its own: validating
-- scans the table without blocking its readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

-- The trigger sets status_since of these rows anew; they keep their version.
UPDATE task SET status_since = status_since
 WHERE status_since IS NULL;
DO $validate$ BEGIN
    ALTER TABLE task VALIDATE CONSTRAINT task_start_date_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'task_start_date_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE task VALIDATE CONSTRAINT task_completed_at_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'task_completed_at_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE task_history VALIDATE CONSTRAINT task_history_actor_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'task_history_actor_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE task_history VALIDATE CONSTRAINT task_history_reason_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'task_history_reason_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
ALTER TABLE task VALIDATE CONSTRAINT task_status_since_not_null;
-- A validated CHECK (... IS NOT NULL) spares SET NOT NULL its scan of the table.
ALTER TABLE task ALTER COLUMN status_since SET NOT NULL;
ALTER TABLE task DROP CONSTRAINT task_status_since_not_null;
