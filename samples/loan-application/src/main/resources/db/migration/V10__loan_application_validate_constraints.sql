-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.loan.LoanApplication added NOT VALID, in a transaction of its own:
-- validating scans the table without blocking its readers and writers. Commit this file and never
-- edit it.

SET LOCAL lock_timeout = '5s';

-- Rows that break loan_application_underwriter_is_not_the_applicant_rule stop this migration, naming the first of them:
-- mend them, or move them out of the rule's states, and migrate again. Statewise's
-- docs/evolution.md shows the query that finds them all beforehand.
DO $validate$
DECLARE
    ids text;
BEGIN
    SELECT string_agg(r.id::text, ', ' ORDER BY r.id) INTO ids
      FROM (SELECT id FROM loan_application WHERE (stage NOT IN ('APPROVED', 'FUNDED') OR (underwriter <> applicant)) IS FALSE ORDER BY id LIMIT 20) r;
    IF ids IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            TABLE = 'loan_application',
            CONSTRAINT = 'loan_application_underwriter_is_not_the_applicant_rule',
            MESSAGE = format('loan_application: rows break rule underwriter != applicant in APPROVED, FUNDED (loan_application_underwriter_is_not_the_applicant_rule); the first, by id: %s', ids),
            HINT = 'Mend these rows, or move them out of the rule''s states, then migrate again.';
    END IF;
END $validate$;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_underwriter_is_not_the_applicant_rule;
-- Rows that break loan_application_funded_amount_le_amount_rule stop this migration, naming the first of them:
-- mend them, or move them out of the rule's states, and migrate again. Statewise's
-- docs/evolution.md shows the query that finds them all beforehand.
DO $validate$
DECLARE
    ids text;
BEGIN
    SELECT string_agg(r.id::text, ', ' ORDER BY r.id) INTO ids
      FROM (SELECT id FROM loan_application WHERE (stage NOT IN ('FUNDED') OR (funded_amount <= amount)) IS FALSE ORDER BY id LIMIT 20) r;
    IF ids IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            TABLE = 'loan_application',
            CONSTRAINT = 'loan_application_funded_amount_le_amount_rule',
            MESSAGE = format('loan_application: rows break rule fundedAmount <= amount in FUNDED (loan_application_funded_amount_le_amount_rule); the first, by id: %s', ids),
            HINT = 'Mend these rows, or move them out of the rule''s states, then migrate again.';
    END IF;
END $validate$;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_funded_amount_le_amount_rule;
-- Rows that break loan_application_amount_gt_0_rule stop this migration, naming the first of them:
-- mend them, or move them out of the rule's states, and migrate again. Statewise's
-- docs/evolution.md shows the query that finds them all beforehand.
DO $validate$
DECLARE
    ids text;
BEGIN
    SELECT string_agg(r.id::text, ', ' ORDER BY r.id) INTO ids
      FROM (SELECT id FROM loan_application WHERE (stage NOT IN ('SUBMITTED', 'UNDER_REVIEW', 'ESCALATED', 'APPROVED', 'REJECTED', 'FUNDED') OR (amount > 0)) IS FALSE ORDER BY id LIMIT 20) r;
    IF ids IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            TABLE = 'loan_application',
            CONSTRAINT = 'loan_application_amount_gt_0_rule',
            MESSAGE = format('loan_application: rows break rule amount > 0 in SUBMITTED, UNDER_REVIEW, ESCALATED, APPROVED, REJECTED, FUNDED (loan_application_amount_gt_0_rule); the first, by id: %s', ids),
            HINT = 'Mend these rows, or move them out of the rule''s states, then migrate again.';
    END IF;
END $validate$;
ALTER TABLE loan_application VALIDATE CONSTRAINT loan_application_amount_gt_0_rule;
