-- Statewise: changes workflow evolution.Ticket: add state ESCALATED, change field assignee, add
-- transition escalate, add transition deescalate.
-- Generated from its declaration and ticket.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE ticket DROP CONSTRAINT ticket_status_check;

-- Transitions added, or taken back into use
INSERT INTO ticket_transition (transition, from_state, to_state, description) VALUES
    ('escalate', 'ASSIGNED', 'ESCALATED', 'Hands the ticket to the second line.'),
    ('deescalate', 'ESCALATED', 'ASSIGNED', NULL)
ON CONFLICT (from_state, to_state, transition)
    DO UPDATE SET description = EXCLUDED.description, retired = false;

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE ticket ADD CONSTRAINT ticket_status_check CHECK (status IN ('OPEN', 'ASSIGNED', 'WAITING', 'ESCALATED', 'CLOSED')) NOT VALID;
ALTER TABLE ticket ADD CONSTRAINT ticket_escalated_check CHECK (status <> 'ESCALATED' OR (assignee IS NOT NULL AND waiting_for IS NULL)) NOT VALID;

-- Comments
COMMENT ON TABLE ticket IS 'Version 2: adds a state and the transitions in and out of it.';
COMMENT ON COLUMN ticket.status IS 'The state: one of OPEN, ASSIGNED, WAITING, ESCALATED, CLOSED. It changes only along a transition listed in ticket_transition.';
COMMENT ON CONSTRAINT ticket_escalated_check ON ticket IS 'A row in ESCALATED has assignee set; waiting_for NULL.';
