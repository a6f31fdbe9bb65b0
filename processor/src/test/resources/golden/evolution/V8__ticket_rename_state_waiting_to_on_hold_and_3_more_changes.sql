-- Statewise: changes workflow evolution.Ticket: rename state WAITING to ON_HOLD, change field
-- assignee, change field waitingFor, rename field notes to comment.
-- Generated from its declaration and ticket.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE ticket DROP CONSTRAINT ticket_status_check;
ALTER TABLE ticket DROP CONSTRAINT ticket_waiting_check;

-- Columns
ALTER TABLE ticket RENAME COLUMN notes TO comment;

-- Transitions added, or taken back into use
INSERT INTO ticket_transition (transition, from_state, to_state, description) VALUES
    ('await', 'ASSIGNED', 'ON_HOLD', NULL),
    ('resume', 'ON_HOLD', 'ASSIGNED', NULL),
    ('close', 'ON_HOLD', 'CLOSED', NULL)
ON CONFLICT (from_state, to_state, transition)
    DO UPDATE SET description = EXCLUDED.description, retired = false;

-- Rows of renamed and removed states move, without the trigger: no transition leads there. The
-- history keeps the old names.
ALTER TABLE ticket DISABLE TRIGGER ticket_before_update;
UPDATE ticket SET status = 'ON_HOLD', version = version + 1, updated_at = now(), status_since = now()
 WHERE status = 'WAITING';
ALTER TABLE ticket ENABLE TRIGGER ticket_before_update;

-- Transitions removed: retired, since history rows may reference them
UPDATE ticket_transition SET retired = true
 WHERE (transition, from_state, to_state) IN (('await', 'ASSIGNED', 'WAITING'), ('resume', 'WAITING', 'ASSIGNED'), ('close', 'WAITING', 'CLOSED'));

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE ticket ADD CONSTRAINT ticket_status_check CHECK (status IN ('OPEN', 'ASSIGNED', 'ON_HOLD', 'ESCALATED', 'CLOSED')) NOT VALID;
ALTER TABLE ticket ADD CONSTRAINT ticket_on_hold_check CHECK (status <> 'ON_HOLD' OR (assignee IS NOT NULL AND waiting_for IS NOT NULL)) NOT VALID;

-- Comments
COMMENT ON TABLE ticket IS 'Version 5: renames a state and a field, keeping their rows and values.';
COMMENT ON COLUMN ticket.status IS 'The state: one of OPEN, ASSIGNED, ON_HOLD, ESCALATED, CLOSED. It changes only along a transition listed in ticket_transition.';
COMMENT ON CONSTRAINT ticket_on_hold_check ON ticket IS 'A row in ON_HOLD has assignee, waiting_for set.';
