-- Statewise: changes workflow dev.statewise.samples.loan.LoanApplication: add rule
-- loan_application_underwriter_is_not_the_applicant_rule, add rule
-- loan_application_funded_amount_le_amount_rule, add rule loan_application_amount_gt_0_rule.
-- Generated from its declaration and loan_application.snapshot.json. Commit this file and never
-- edit it: Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE loan_application ADD CONSTRAINT loan_application_underwriter_is_not_the_applicant_rule CHECK (stage NOT IN ('APPROVED', 'FUNDED') OR (underwriter <> applicant)) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_funded_amount_le_amount_rule CHECK (stage NOT IN ('FUNDED') OR (funded_amount <= amount)) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_amount_gt_0_rule CHECK (stage NOT IN ('SUBMITTED', 'UNDER_REVIEW', 'ESCALATED', 'APPROVED', 'REJECTED', 'FUNDED') OR (amount > 0)) NOT VALID;

-- Comments
COMMENT ON CONSTRAINT loan_application_underwriter_is_not_the_applicant_rule ON loan_application IS 'Rule underwriterIsNotTheApplicant, in APPROVED, FUNDED: underwriter != applicant. An underwriter may not approve their own application.';
COMMENT ON CONSTRAINT loan_application_funded_amount_le_amount_rule ON loan_application IS 'Rule in FUNDED: fundedAmount <= amount. No more is paid out than was applied for.';
COMMENT ON CONSTRAINT loan_application_amount_gt_0_rule ON loan_application IS 'Rule in SUBMITTED, UNDER_REVIEW, ESCALATED, APPROVED, REJECTED, FUNDED: amount > 0. An application is for a positive amount.';
