-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.springboot.SupportTicket added NOT VALID, in a transaction of its own:
-- validating scans the table without blocking its readers and writers. Commit this file and never
-- edit it.

SET LOCAL lock_timeout = '5s';

-- The trigger sets status_since and status_deadline of these rows anew; they keep their version.
UPDATE support_ticket SET status_since = status_since
 WHERE status = 'RESOLVED' AND status_deadline IS DISTINCT FROM status_since + interval '604800 seconds';
ALTER TABLE support_ticket VALIDATE CONSTRAINT support_ticket_open_check;
ALTER TABLE support_ticket VALIDATE CONSTRAINT support_ticket_in_progress_check;
ALTER TABLE support_ticket VALIDATE CONSTRAINT support_ticket_waiting_on_customer_check;
ALTER TABLE support_ticket VALIDATE CONSTRAINT support_ticket_resolved_check;
ALTER TABLE support_ticket VALIDATE CONSTRAINT support_ticket_closed_check;
