-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.loan.LoanApplication added NOT VALID, in a transaction of its own:
-- validating scans the table without blocking its readers and writers. Commit this file and never
-- edit it.

SET LOCAL lock_timeout = '5s';

DO $validate$ BEGIN
    ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_amount_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'loan_application_amount_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_approved_on_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'loan_application_approved_on_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_funded_amount_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'loan_application_funded_amount_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_funded_at_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'loan_application_funded_at_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE loan_application_history VALIDATE CONSTRAINT loan_application_history_actor_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'loan_application_history_actor_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
DO $validate$ BEGIN
    ALTER TABLE loan_application_history VALIDATE CONSTRAINT loan_application_history_reason_check;
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'loan_application_history_reason_check stays NOT VALID: rows written before it break it; new rows are checked';
END $validate$;
