-- Statewise: changes workflow dev.statewise.samples.springboot.SupportTicket: grant privileges.
-- Generated from its declaration and support_ticket.snapshot.json. Commit this file and never edit
-- it: Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Privileges of the roles that the processor options statewise.applicationRole and
-- statewise.readOnlyRole name (Statewise's docs/database.md).
DO $grant$ BEGIN
    IF to_regrole('support_desk_app') IS NULL THEN
        RAISE EXCEPTION 'role support_desk_app does not exist' USING HINT = '-Astatewise.applicationRole names it: create it before this migration runs (CREATE ROLE support_desk_app NOLOGIN) and grant it to the roles that log in';
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO support_desk_app', current_schema());
END $grant$;
GRANT SELECT, INSERT, UPDATE ON support_ticket TO support_desk_app;
GRANT SELECT ON support_ticket_history, support_ticket_transition TO support_desk_app;
