-- Statewise: validates the constraints that the previous migration of workflow evolution.Ticket
-- added NOT VALID, in a transaction of its own: validating scans the table without blocking its
-- readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

ALTER TABLE ticket VALIDATE CONSTRAINT ticket_status_check;
ALTER TABLE ticket VALIDATE CONSTRAINT ticket_priority_check;
ALTER TABLE ticket VALIDATE CONSTRAINT ticket_draft_check;
