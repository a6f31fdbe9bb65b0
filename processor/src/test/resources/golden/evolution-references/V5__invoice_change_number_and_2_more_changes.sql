-- Statewise: changes workflow billing.Invoice: change field number, change field accountId, remove
-- field lines.
-- Generated from its declaration and invoice.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE invoice DROP CONSTRAINT invoice_lines_check;
ALTER TABLE invoice DROP CONSTRAINT invoice_account_id_fkey;
-- Built or dropped in this transaction, which blocks writes meanwhile: see Limits in Statewise's docs/evolution.md.
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX invoice_number_key;
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX invoice_account_id_idx;

-- Removed fields
ALTER TABLE invoice DROP COLUMN lines;

-- Comments
COMMENT ON TABLE invoice IS 'An invoice, no longer tied to an account by a key, its lines gone.';
