-- What docs/evolution.md advises for a large table that gets status_since: fill it in batches, as
-- the table's owner, between the migration that adds it and the one that validates it.
-- tag::batch[]
UPDATE task SET status_since = status_since
 WHERE id IN (SELECT id FROM task WHERE status_since IS NULL LIMIT 10000);
-- end::batch[]
