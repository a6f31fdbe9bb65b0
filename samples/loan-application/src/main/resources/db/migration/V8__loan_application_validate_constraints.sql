-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.loan.LoanApplication added NOT VALID, in a transaction of its own:
-- validating scans the table without blocking its readers and writers. Commit this file and never
-- edit it.

SET LOCAL lock_timeout = '5s';

-- The trigger sets stage_since and stage_deadline of these rows anew; they keep their version.
UPDATE loan_application SET stage_since = stage_since
 WHERE stage = 'UNDER_REVIEW' AND stage_deadline IS DISTINCT FROM stage_since + interval '259200 seconds';
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_stage_check;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_submitted_check;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_under_review_check;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_escalated_check;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_approved_check;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_rejected_check;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_funded_check;
