-- Statewise: changes workflow dev.statewise.samples.taskboard.Task: add state DROPPED, rename field
-- notes to comment, add field priority, add transition drop.
-- Generated from its declaration and task.snapshot.json. Commit this file and never edit it: Flyway
-- checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE task DROP CONSTRAINT task_status_check;
-- Built or dropped in this transaction, which blocks writes meanwhile: see Limits in Statewise's docs/evolution.md.
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX task_active_idx;

-- Columns
ALTER TABLE task RENAME COLUMN notes TO comment;
ALTER TABLE task ADD COLUMN priority text;

-- Transitions added, or taken back into use
INSERT INTO task_transition (transition, from_state, to_state, description) VALUES
    ('drop', 'BACKLOG', 'DROPPED', 'Gives up on a task nobody started.')
ON CONFLICT (from_state, to_state, transition)
    DO UPDATE SET description = EXCLUDED.description, retired = false;

-- Values that rows need under the new rules
UPDATE task SET priority = 'NORMAL'
 WHERE priority IS NULL AND status IN ('BACKLOG', 'IN_PROGRESS', 'IN_REVIEW', 'DONE', 'BLOCKED');

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE task ADD CONSTRAINT task_status_check CHECK (status IN ('BACKLOG', 'IN_PROGRESS', 'IN_REVIEW', 'DONE', 'BLOCKED', 'DROPPED')) NOT VALID;
ALTER TABLE task ADD CONSTRAINT task_priority_check CHECK (priority IN ('LOW', 'NORMAL', 'HIGH')) NOT VALID;
ALTER TABLE task ADD CONSTRAINT task_dropped_check CHECK (status <> 'DROPPED' OR (completed_at IS NULL AND blocked_reason IS NULL)) NOT VALID;
ALTER TABLE task ADD CONSTRAINT task_priority_not_null CHECK (priority IS NOT NULL) NOT VALID;

-- Indexes
-- Built or dropped in this transaction, which blocks writes meanwhile: see Limits in Statewise's docs/evolution.md.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX task_active_idx ON task (status, id) WHERE status NOT IN ('DONE', 'DROPPED');

-- Comments
COMMENT ON COLUMN task.status IS 'The state: one of BACKLOG, IN_PROGRESS, IN_REVIEW, DONE, BLOCKED, DROPPED. It changes only along a transition listed in task_transition.';
COMMENT ON COLUMN task.priority IS 'How urgent the task is.';
COMMENT ON CONSTRAINT task_dropped_check ON task IS 'DROPPED: Will not be done. A row in DROPPED has completed_at, blocked_reason NULL.';
