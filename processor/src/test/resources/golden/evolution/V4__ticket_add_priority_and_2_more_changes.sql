-- Statewise: changes workflow evolution.Ticket: add field priority, add field dueDate, add field
-- estimate.
-- Generated from its declaration and ticket.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Columns
ALTER TABLE ticket ADD COLUMN priority text;
ALTER TABLE ticket ADD COLUMN due_date date;
ALTER TABLE ticket ADD COLUMN estimate integer;

-- Values that rows need under the new rules
UPDATE ticket SET priority = 'NORMAL'
 WHERE priority IS NULL AND status IN ('OPEN', 'ASSIGNED', 'WAITING', 'ESCALATED', 'CLOSED');

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE ticket ADD CONSTRAINT ticket_priority_check CHECK (priority IN ('LOW', 'NORMAL', 'HIGH')) NOT VALID;
ALTER TABLE ticket ADD CONSTRAINT ticket_due_date_check CHECK (isfinite(due_date) IS NOT FALSE) NOT VALID;
ALTER TABLE ticket ADD CONSTRAINT ticket_priority_not_null CHECK (priority IS NOT NULL) NOT VALID;

-- Comments
COMMENT ON TABLE ticket IS 'Version 3: adds fields, one of them required in every state.';
COMMENT ON COLUMN ticket.priority IS 'How soon the ticket needs an answer.';
