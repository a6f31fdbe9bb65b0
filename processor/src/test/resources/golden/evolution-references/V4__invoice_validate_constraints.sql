-- Statewise: validates the constraints that the previous migration of workflow billing.Invoice
-- added NOT VALID, in a transaction of its own: validating scans the table without blocking its
-- readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

ALTER TABLE invoice VALIDATE CONSTRAINT invoice_lines_check;
ALTER TABLE invoice VALIDATE CONSTRAINT invoice_account_id_fkey;
