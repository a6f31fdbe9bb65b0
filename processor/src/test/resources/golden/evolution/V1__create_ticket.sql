-- Statewise: the schema of workflow evolution.Ticket.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE ticket (
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    status             text        NOT NULL DEFAULT 'OPEN',
    title              text        NOT NULL,
    assignee           text,
    waiting_for        text,
    notes              text,
    version            bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    status_since       timestamptz NOT NULL DEFAULT now(),
    created_by         text,
    created_reason     text,
    created_login_role text,
    transition         text,
    transition_actor   text,
    transition_reason  text,
    CONSTRAINT ticket_pkey PRIMARY KEY (id),
    CONSTRAINT ticket_status_check CHECK (status IN ('OPEN', 'ASSIGNED', 'WAITING', 'CLOSED')),
    CONSTRAINT ticket_open_check CHECK (status <> 'OPEN' OR waiting_for IS NULL),
    CONSTRAINT ticket_assigned_check CHECK (status <> 'ASSIGNED' OR (assignee IS NOT NULL AND waiting_for IS NULL)),
    CONSTRAINT ticket_waiting_check CHECK (status <> 'WAITING' OR (assignee IS NOT NULL AND waiting_for IS NOT NULL)),
    CONSTRAINT ticket_closed_check CHECK (status <> 'CLOSED' OR (assignee IS NOT NULL AND waiting_for IS NULL))
);

COMMENT ON TABLE ticket IS 'Version 1: a support ticket.';
COMMENT ON COLUMN ticket.status IS 'The state: one of OPEN, ASSIGNED, WAITING, CLOSED. It changes only along a transition listed in ticket_transition.';
COMMENT ON COLUMN ticket.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN ticket.status_since IS 'When the row entered its current state, its creation included; a self-transition keeps it. Set by the triggers alone.';
COMMENT ON COLUMN ticket.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN ticket.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN ticket.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON COLUMN ticket.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in ticket_history, then reset to NULL.';
COMMENT ON COLUMN ticket.transition_actor IS 'Write-only: who takes the transition. Recorded in ticket_history, then reset to NULL.';
COMMENT ON COLUMN ticket.transition_reason IS 'Write-only: why the transition is taken. Recorded in ticket_history, then reset to NULL.';
COMMENT ON CONSTRAINT ticket_open_check ON ticket IS 'A row in OPEN has waiting_for NULL.';
COMMENT ON CONSTRAINT ticket_assigned_check ON ticket IS 'A row in ASSIGNED has assignee set; waiting_for NULL.';
COMMENT ON CONSTRAINT ticket_waiting_check ON ticket IS 'A row in WAITING has assignee, waiting_for set.';
COMMENT ON CONSTRAINT ticket_closed_check ON ticket IS 'A row in CLOSED has assignee set; waiting_for NULL.';

CREATE INDEX ticket_status_idx ON ticket (status);
CREATE INDEX ticket_active_idx ON ticket (status, id) WHERE status NOT IN ('CLOSED');

CREATE TABLE ticket_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT ticket_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE ticket_transition IS 'The transitions of workflow Ticket: a row of ticket may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN ticket_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO ticket_transition (transition, from_state, to_state, description) VALUES
    ('assign', 'OPEN', 'ASSIGNED', NULL),
    ('await', 'ASSIGNED', 'WAITING', NULL),
    ('resume', 'WAITING', 'ASSIGNED', NULL),
    ('close', 'ASSIGNED', 'CLOSED', NULL),
    ('close', 'WAITING', 'CLOSED', NULL);

CREATE TABLE ticket_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    ticket_id   bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    login_role  text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ticket_history_pkey PRIMARY KEY (id),
    CONSTRAINT ticket_history_actor_check CHECK (char_length(actor) <= 256),
    CONSTRAINT ticket_history_reason_check CHECK (char_length(reason) <= 2000)
);

COMMENT ON TABLE ticket_history IS 'Every state change of ticket, one row each, written only by trigger ticket_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of ticket_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN ticket_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';

CREATE INDEX ticket_history_ticket_id_idx ON ticket_history (ticket_id, occurred_at);

-- Each block writes the schema this migration runs in for @schema: no session can redirect a
-- function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.ticket_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status NOT IN ('OPEN') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'ticket',
            COLUMN = 'status',
            MESSAGE = format('Ticket: a new row starts in OPEN, not in %s', NEW.status);
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
REVOKE EXECUTE ON FUNCTION ticket_before_insert() FROM PUBLIC;

CREATE TRIGGER ticket_before_insert BEFORE INSERT ON ticket
    FOR EACH ROW EXECUTE FUNCTION ticket_before_insert();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.ticket_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.ticket'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('ticket_before_update runs for table ticket only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'ticket',
            MESSAGE = format('Ticket %s: its id never changes, since ticket_history names the row by it', OLD.id);
    END IF;
    IF NEW.status IS NOT NULL
            AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.ticket_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.ticket_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'ticket',
                COLUMN = 'status',
                MESSAGE = format('Ticket %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM @schema.ticket_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'ticket',
                COLUMN = 'transition',
                MESSAGE = format('Ticket %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.ticket_history (ticket_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.status, NEW.status, NEW.transition_actor, NEW.transition_reason, session_user);
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_since := now();
    ELSE
        -- NULL only in a row from before Statewise kept the column: it entered its state
        -- when it last changed state, or when it was created.
        NEW.status_since := coalesce(OLD.status_since,
            (SELECT max(h.occurred_at) FROM @schema.ticket_history h
              WHERE h.ticket_id = OLD.id AND h.from_state <> h.to_state),
            OLD.created_at);
    END IF;
    -- An update that changes nothing but this column (a migration that fills it) leaves
    -- the row as it was: it keeps its version.
    IF NEW.status = OLD.status AND NEW.transition IS NULL
            AND NEW.status_since IS DISTINCT FROM OLD.status_since
            AND to_jsonb(NEW) - ARRAY['status_since'] = to_jsonb(OLD) - ARRAY['status_since'] THEN
        RETURN NEW;
    END IF;
    NEW.version := OLD.version + 1;
    NEW.created_at := OLD.created_at;
    NEW.created_by := OLD.created_by;
    NEW.created_reason := OLD.created_reason;
    NEW.created_login_role := OLD.created_login_role;
    NEW.updated_at := now();
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION ticket_before_update() FROM PUBLIC;

CREATE TRIGGER ticket_before_update BEFORE UPDATE ON ticket
    FOR EACH ROW EXECUTE FUNCTION ticket_before_update();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.ticket_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.ticket'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('ticket_before_delete runs for table ticket only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.ticket_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'ticket',
                MESSAGE = 'ticket: TRUNCATE refused, since ticket_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.ticket_history h WHERE h.ticket_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'ticket',
            MESSAGE = format('Ticket %s: DELETE refused, since ticket_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION ticket_before_delete() FROM PUBLIC;

CREATE TRIGGER ticket_before_delete BEFORE DELETE ON ticket
    FOR EACH ROW EXECUTE FUNCTION ticket_before_delete();

CREATE TRIGGER ticket_before_truncate BEFORE TRUNCATE ON ticket
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_before_delete();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.ticket_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'ticket_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'ticket_history is written only by trigger ticket_before_update: INSERT refused'
            ELSE format('ticket_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION ticket_history_append_only() FROM PUBLIC;

CREATE TRIGGER ticket_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ticket_history
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_history_append_only();

CREATE TRIGGER ticket_history_before_insert BEFORE INSERT ON ticket_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION ticket_history_append_only();

ALTER TABLE ticket_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY ticket_history_read ON ticket_history FOR SELECT USING (true);

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.ticket_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'ticket_transition',
        MESSAGE = format('ticket_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION ticket_transition_keep_edges() FROM PUBLIC;

CREATE TRIGGER ticket_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON ticket_transition
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_transition_keep_edges();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.ticket_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'ticket_transition',
            MESSAGE = format('ticket_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION ticket_transition_owner_only() FROM PUBLIC;

CREATE TRIGGER ticket_transition_owner_only BEFORE INSERT OR UPDATE ON ticket_transition
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_transition_owner_only();

