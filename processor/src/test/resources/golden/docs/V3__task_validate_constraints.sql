-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.taskboard.Task added NOT VALID, in a transaction of its own: validating
-- scans the table without blocking its readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

ALTER TABLE task VALIDATE CONSTRAINT task_status_check;
ALTER TABLE task VALIDATE CONSTRAINT task_priority_check;
ALTER TABLE task VALIDATE CONSTRAINT task_dropped_check;
ALTER TABLE task VALIDATE CONSTRAINT task_priority_not_null;
-- A validated CHECK (... IS NOT NULL) spares SET NOT NULL its scan of the table.
ALTER TABLE task ALTER COLUMN priority SET NOT NULL;
ALTER TABLE task DROP CONSTRAINT task_priority_not_null;
