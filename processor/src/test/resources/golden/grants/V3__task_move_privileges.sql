-- Statewise: changes workflow dev.statewise.samples.taskboard.Task: move privileges.
-- Generated from its declaration and task.snapshot.json. Commit this file and never edit it: Flyway
-- checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Privileges of the roles that the processor options statewise.applicationRole and
-- statewise.readOnlyRole name (Statewise's docs/database.md).
REVOKE ALL ON task, task_transition, task_history FROM before_role;
DO $grant$ BEGIN
    IF to_regrole('after_role') IS NULL THEN
        RAISE EXCEPTION 'role after_role does not exist' USING HINT = '-Astatewise.applicationRole names it: create it before this migration runs (CREATE ROLE after_role NOLOGIN) and grant it to the roles that log in';
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO after_role', current_schema());
END $grant$;
GRANT SELECT, INSERT, UPDATE ON task TO after_role;
GRANT SELECT ON task_history, task_transition TO after_role;
