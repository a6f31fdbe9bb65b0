-- Statewise: validates the constraints that the previous migration of workflow evolution.Loan added
-- NOT VALID, in a transaction of its own: validating scans the table without blocking its readers
-- and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

-- Rows that break loan_four_eyes_rule stop this migration, naming the first of them:
-- mend them, or move them out of the rule's states, and migrate again. Statewise's
-- docs/evolution.md shows the query that finds them all beforehand.
DO $validate$
DECLARE
    ids text;
BEGIN
    SELECT string_agg(r.id::text, ', ' ORDER BY r.id) INTO ids
      FROM (SELECT id FROM loan WHERE (stage NOT IN ('APPROVED', 'FUNDED') OR (underwriter <> applicant AND underwriter <> 'nobody')) IS FALSE ORDER BY id LIMIT 20) r;
    IF ids IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            TABLE = 'loan',
            CONSTRAINT = 'loan_four_eyes_rule',
            MESSAGE = format('loan: rows break rule underwriter != applicant and underwriter != ''nobody'' in APPROVED, FUNDED (loan_four_eyes_rule); the first, by id: %s', ids),
            HINT = 'Mend these rows, or move them out of the rule''s states, then migrate again.';
    END IF;
END $validate$;
ALTER TABLE loan VALIDATE CONSTRAINT loan_four_eyes_rule;
-- Rows that break loan_amount_gt_0_rule stop this migration, naming the first of them:
-- mend them, or move them out of the rule's states, and migrate again. Statewise's
-- docs/evolution.md shows the query that finds them all beforehand.
DO $validate$
DECLARE
    ids text;
BEGIN
    SELECT string_agg(r.id::text, ', ' ORDER BY r.id) INTO ids
      FROM (SELECT id FROM loan WHERE (stage NOT IN ('SUBMITTED', 'APPROVED', 'FUNDED') OR (amount > 0)) IS FALSE ORDER BY id LIMIT 20) r;
    IF ids IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            TABLE = 'loan',
            CONSTRAINT = 'loan_amount_gt_0_rule',
            MESSAGE = format('loan: rows break rule amount > 0 in SUBMITTED, APPROVED, FUNDED (loan_amount_gt_0_rule); the first, by id: %s', ids),
            HINT = 'Mend these rows, or move them out of the rule''s states, then migrate again.';
    END IF;
END $validate$;
ALTER TABLE loan VALIDATE CONSTRAINT loan_amount_gt_0_rule;
