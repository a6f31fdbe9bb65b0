-- Statewise: changes workflow evolution.Ticket: change field dueDate, change transition close,
-- remove transition deescalate.
-- Generated from its declaration and ticket.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE ticket DROP CONSTRAINT ticket_escalated_check;

-- Transitions added, or taken back into use
INSERT INTO ticket_transition (transition, from_state, to_state, description) VALUES
    ('close', 'ESCALATED', 'CLOSED', NULL)
ON CONFLICT (from_state, to_state, transition)
    DO UPDATE SET description = EXCLUDED.description, retired = false;

-- Values that rows need under the new rules
UPDATE ticket SET due_date = created_at::date + 7
 WHERE due_date IS NULL AND status IN ('ESCALATED');

-- Transitions removed: retired, since history rows may reference them
UPDATE ticket_transition SET retired = true
 WHERE (transition, from_state, to_state) IN (('deescalate', 'ESCALATED', 'ASSIGNED'));

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE ticket ADD CONSTRAINT ticket_escalated_check CHECK (status <> 'ESCALATED' OR (assignee IS NOT NULL AND due_date IS NOT NULL AND waiting_for IS NULL)) NOT VALID;

-- Comments
COMMENT ON TABLE ticket IS 'Version 4: an escalated ticket needs a due date, which existing ones get from their creation; escalated tickets are closed by the second line instead of coming back.';
COMMENT ON CONSTRAINT ticket_escalated_check ON ticket IS 'A row in ESCALATED has assignee, due_date set; waiting_for NULL.';
