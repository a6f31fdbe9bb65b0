-- Statewise: changes workflow evolution.Loan: add rule loan_four_eyes_rule, add rule
-- loan_funded_amount_le_amount_rule.
-- Generated from its declaration and loan.snapshot.json. Commit this file and never edit it: Flyway
-- checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE loan ADD CONSTRAINT loan_four_eyes_rule CHECK (stage NOT IN ('APPROVED', 'FUNDED') OR (underwriter <> applicant)) NOT VALID;
ALTER TABLE loan ADD CONSTRAINT loan_funded_amount_le_amount_rule CHECK (stage NOT IN ('FUNDED') OR (funded_amount <= amount)) NOT VALID;

-- Comments
COMMENT ON TABLE loan IS 'Version 2: two rules, one named, one named by its expression.';
COMMENT ON CONSTRAINT loan_four_eyes_rule ON loan IS 'Rule fourEyes, in APPROVED, FUNDED: underwriter != applicant. No one approves their own loan.';
COMMENT ON CONSTRAINT loan_funded_amount_le_amount_rule ON loan IS 'Rule in FUNDED: fundedAmount <= amount.';
