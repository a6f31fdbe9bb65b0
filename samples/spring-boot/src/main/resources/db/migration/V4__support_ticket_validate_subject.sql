-- Written by hand: validates V3's constraint in a transaction of its own, scanning the table
-- without blocking its readers and writers.

SET LOCAL lock_timeout = '5s';

ALTER TABLE support_ticket VALIDATE CONSTRAINT support_ticket_subject_check;
