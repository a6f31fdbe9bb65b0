-- Statewise: validates the constraints that the previous migration of workflow
-- dev.statewise.samples.content.Article added NOT VALID, in a transaction of its own: validating
-- scans the table without blocking its readers and writers. Commit this file and never edit it.

SET LOCAL lock_timeout = '5s';

-- The trigger sets stage_since of these rows anew; they keep their version.
UPDATE article SET stage_since = stage_since
 WHERE stage_since IS NULL;
ALTER TABLE article VALIDATE CONSTRAINT article_stage_since_not_null;
-- A validated CHECK (... IS NOT NULL) spares SET NOT NULL its scan of the table.
ALTER TABLE article ALTER COLUMN stage_since SET NOT NULL;
ALTER TABLE article DROP CONSTRAINT article_stage_since_not_null;
