-- Statewise: validates the constraints that the previous migration of workflow evolution.Manuscript
-- added NOT VALID, in a transaction of its own: validating scans the table without blocking its
-- readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

ALTER TABLE manuscript VALIDATE CONSTRAINT manuscript_draft_check;
ALTER TABLE manuscript VALIDATE CONSTRAINT manuscript_accepted_check;
