-- Statewise: changes workflow evolution.Ticket: add state DRAFT, change field title, change field
-- priority, change field estimate, remove transition resume, add transition open.
-- Generated from its declaration and ticket.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE ticket DROP CONSTRAINT ticket_status_check;
ALTER TABLE ticket DROP CONSTRAINT ticket_priority_check;

-- Columns
ALTER TABLE ticket ALTER COLUMN title TYPE varchar(200);
ALTER TABLE ticket ALTER COLUMN estimate TYPE bigint;

-- Transitions added, or taken back into use
INSERT INTO ticket_transition (transition, from_state, to_state, description) VALUES
    ('open', 'DRAFT', 'OPEN', NULL)
ON CONFLICT (from_state, to_state, transition)
    DO UPDATE SET description = EXCLUDED.description, retired = false;

-- Transitions removed: retired, since history rows may reference them
UPDATE ticket_transition SET retired = true
 WHERE (transition, from_state, to_state) IN (('resume', 'ON_HOLD', 'ASSIGNED'));

-- The state a new row starts in
ALTER TABLE ticket ALTER COLUMN status DROP DEFAULT;

-- Trigger functions. Each block writes the schema this migration runs in for @schema: no session
-- can redirect a function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.ticket_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status NOT IN ('DRAFT', 'OPEN') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'ticket',
            COLUMN = 'status',
            MESSAGE = format('Ticket: a new row starts in DRAFT or OPEN, not in %s', NEW.status);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'ticket',
            MESSAGE = 'Ticket: who creates a row is at most 256 characters, and why at most 2000';
    END IF;
    NEW.version := 0;
    NEW.created_at := now();
    NEW.updated_at := NEW.created_at;
    NEW.created_by := NEW.transition_actor;
    NEW.created_reason := NEW.transition_reason;
    NEW.created_login_role := session_user;
    NEW.status_since := NEW.created_at;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE ticket ADD CONSTRAINT ticket_status_check CHECK (status IN ('DRAFT', 'OPEN', 'ASSIGNED', 'ON_HOLD', 'CLOSED')) NOT VALID;
ALTER TABLE ticket ADD CONSTRAINT ticket_priority_check CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')) NOT VALID;
ALTER TABLE ticket ADD CONSTRAINT ticket_draft_check CHECK (status <> 'DRAFT' OR waiting_for IS NULL) NOT VALID;

-- Comments
COMMENT ON TABLE ticket IS 'Version 7: wider columns, tickets may start as drafts, and a ticket on hold can only be closed.';
COMMENT ON COLUMN ticket.status IS 'The state: one of DRAFT, OPEN, ASSIGNED, ON_HOLD, CLOSED. It changes only along a transition listed in ticket_transition.';
COMMENT ON CONSTRAINT ticket_draft_check ON ticket IS 'A row in DRAFT has waiting_for NULL.';
