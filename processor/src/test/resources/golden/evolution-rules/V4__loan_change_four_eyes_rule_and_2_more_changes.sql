-- Statewise: changes workflow evolution.Loan: change rule loan_four_eyes_rule, add rule
-- loan_amount_gt_0_rule, remove rule loan_funded_amount_le_amount_rule.
-- Generated from its declaration and loan.snapshot.json. Commit this file and never edit it: Flyway
-- checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE loan DROP CONSTRAINT loan_four_eyes_rule;
ALTER TABLE loan DROP CONSTRAINT loan_funded_amount_le_amount_rule;

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE loan ADD CONSTRAINT loan_four_eyes_rule CHECK (stage NOT IN ('APPROVED', 'FUNDED') OR (underwriter <> applicant AND underwriter <> 'nobody')) NOT VALID;
ALTER TABLE loan ADD CONSTRAINT loan_amount_gt_0_rule CHECK (stage NOT IN ('SUBMITTED', 'APPROVED', 'FUNDED') OR (amount > 0)) NOT VALID;

-- Comments
COMMENT ON TABLE loan IS 'Version 3: the named rule changes its expression, the other is removed, a third comes.';
COMMENT ON CONSTRAINT loan_four_eyes_rule ON loan IS 'Rule fourEyes, in APPROVED, FUNDED: underwriter != applicant and underwriter != ''nobody''. No one approves their own loan, and someone does.';
COMMENT ON CONSTRAINT loan_amount_gt_0_rule ON loan IS 'Rule in SUBMITTED, APPROVED, FUNDED: amount > 0.';
