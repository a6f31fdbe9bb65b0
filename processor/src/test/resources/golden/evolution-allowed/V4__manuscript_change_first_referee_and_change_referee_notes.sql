-- Statewise: changes workflow evolution.Manuscript: change field firstReferee, change field
-- refereeNotes.
-- Generated from its declaration and manuscript.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE manuscript DROP CONSTRAINT manuscript_draft_check;
ALTER TABLE manuscript DROP CONSTRAINT manuscript_accepted_check;

-- Values that rows need under the new rules
UPDATE manuscript SET referee_notes = NULL
 WHERE referee_notes IS NOT NULL AND status IN ('ACCEPTED');

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE manuscript ADD CONSTRAINT manuscript_draft_check CHECK (status <> 'DRAFT' OR (second_referee IS NULL AND referee_notes IS NULL)) NOT VALID;
ALTER TABLE manuscript ADD CONSTRAINT manuscript_accepted_check CHECK (status <> 'ACCEPTED' OR (first_referee IS NOT NULL AND second_referee IS NOT NULL AND referee_notes IS NULL)) NOT VALID;

-- Comments
COMMENT ON TABLE manuscript IS 'Version 3: notes only during the review; the first verdict optional again outside it.';
COMMENT ON CONSTRAINT manuscript_draft_check ON manuscript IS 'A row in DRAFT has second_referee, referee_notes NULL.';
COMMENT ON CONSTRAINT manuscript_accepted_check ON manuscript IS 'A row in ACCEPTED has first_referee, second_referee set; referee_notes NULL.';
