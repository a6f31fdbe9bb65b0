-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.loan.LoanApplication added NOT VALID, in a transaction of its own:
-- validating scans the table without blocking its readers and writers. Commit this file and never
-- edit it.

SET LOCAL lock_timeout = '5s';

-- The trigger sets stage_since of these rows anew; they keep their version.
UPDATE loan_application SET stage_since = stage_since
 WHERE stage_since IS NULL;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_stage_since_not_null;
-- A validated CHECK (... IS NOT NULL) spares SET NOT NULL its scan of the table.
ALTER TABLE loan_application ALTER COLUMN stage_since SET NOT NULL;
ALTER TABLE loan_application DROP CONSTRAINT loan_application_stage_since_not_null;
