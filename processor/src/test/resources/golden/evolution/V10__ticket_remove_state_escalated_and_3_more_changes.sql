-- Statewise: changes workflow evolution.Ticket: remove state ESCALATED (rows move to ASSIGNED),
-- change field assignee, remove field dueDate, remove transition escalate.
-- Generated from its declaration and ticket.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE ticket DROP CONSTRAINT ticket_status_check;
ALTER TABLE ticket DROP CONSTRAINT ticket_due_date_check;
ALTER TABLE ticket DROP CONSTRAINT ticket_escalated_check;

-- Rows of renamed and removed states move, without the trigger: no transition leads there. The
-- history keeps the old names.
ALTER TABLE ticket DISABLE TRIGGER ticket_before_update;
UPDATE ticket SET status = 'ASSIGNED', version = version + 1, updated_at = now(), status_since = now()
 WHERE status = 'ESCALATED';
ALTER TABLE ticket ENABLE TRIGGER ticket_before_update;

-- Removed fields
ALTER TABLE ticket DROP COLUMN due_date;

-- Transitions removed: retired, since history rows may reference them
UPDATE ticket_transition SET retired = true
 WHERE (transition, from_state, to_state) IN (('close', 'ESCALATED', 'CLOSED'), ('escalate', 'ASSIGNED', 'ESCALATED'));

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE ticket ADD CONSTRAINT ticket_status_check CHECK (status IN ('OPEN', 'ASSIGNED', 'ON_HOLD', 'CLOSED')) NOT VALID;

-- Comments
COMMENT ON TABLE ticket IS 'Version 6: no second line any more; escalated tickets go back to their assignee.';
COMMENT ON COLUMN ticket.status IS 'The state: one of OPEN, ASSIGNED, ON_HOLD, CLOSED. It changes only along a transition listed in ticket_transition.';
