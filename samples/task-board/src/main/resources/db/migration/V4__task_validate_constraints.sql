-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.taskboard.Task added NOT VALID, in a transaction of its own: validating
-- scans the table without blocking its readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

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
