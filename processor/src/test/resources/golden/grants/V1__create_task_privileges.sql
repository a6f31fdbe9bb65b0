-- Privileges of the roles that the processor options statewise.applicationRole and
-- statewise.readOnlyRole name (Statewise's docs/database.md).
DO $grant$ BEGIN
    IF to_regrole('app_service') IS NULL THEN
        RAISE EXCEPTION 'role app_service does not exist' USING HINT = '-Astatewise.applicationRole names it: create it before this migration runs (CREATE ROLE app_service NOLOGIN) and grant it to the roles that log in';
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO app_service', current_schema());
END $grant$;
GRANT SELECT, INSERT, UPDATE ON task TO app_service;
GRANT SELECT ON task_history, task_transition TO app_service;
DO $grant$ BEGIN
    IF to_regrole('reporting') IS NULL THEN
        RAISE EXCEPTION 'role reporting does not exist' USING HINT = '-Astatewise.readOnlyRole names it: create it before this migration runs (CREATE ROLE reporting NOLOGIN) and grant it to the roles that log in';
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO reporting', current_schema());
END $grant$;
GRANT SELECT ON task, task_transition, task_history TO reporting;

