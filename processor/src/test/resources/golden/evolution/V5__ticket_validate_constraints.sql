-- Statewise: validates the constraints that the previous migration of workflow evolution.Ticket
-- added NOT VALID, in a transaction of its own: validating scans the table without blocking its
-- readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

ALTER TABLE ticket VALIDATE CONSTRAINT ticket_priority_check;
ALTER TABLE ticket VALIDATE CONSTRAINT ticket_due_date_check;
ALTER TABLE ticket VALIDATE CONSTRAINT ticket_priority_not_null;
-- A validated CHECK (... IS NOT NULL) spares SET NOT NULL its scan of the table.
ALTER TABLE ticket ALTER COLUMN priority SET NOT NULL;
ALTER TABLE ticket DROP CONSTRAINT ticket_priority_not_null;
