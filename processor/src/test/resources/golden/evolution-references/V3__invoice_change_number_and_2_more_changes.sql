-- Statewise: changes workflow billing.Invoice: change field number, change field accountId, add
-- field lines.
-- Generated from its declaration and invoice.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Columns
ALTER TABLE invoice ADD COLUMN lines jsonb;

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE invoice ADD CONSTRAINT invoice_lines_check CHECK (lines <> 'null') NOT VALID;
ALTER TABLE invoice ADD CONSTRAINT invoice_account_id_fkey FOREIGN KEY (account_id) REFERENCES account (id) NOT VALID;

-- Indexes
-- Built or dropped in this transaction, which blocks writes meanwhile: see Limits in Statewise's docs/evolution.md.
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX invoice_number_key ON invoice (number) WHERE status IN ('SENT', 'PAID');
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX invoice_account_id_idx ON invoice (account_id);

-- Comments
COMMENT ON TABLE invoice IS 'An invoice of an account, its number unique once sent, its lines as JSON.';
