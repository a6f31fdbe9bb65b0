-- Statewise: the schema of workflow workflows.Parcel.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE parcel (
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    status             text        NOT NULL DEFAULT 'PACKED',
    recipient          text        NOT NULL,
    location           text,
    version            bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    status_since       timestamptz NOT NULL DEFAULT now(),
    status_feed_xid    xid8        DEFAULT pg_current_xact_id(),
    created_by         text,
    created_reason     text,
    created_login_role text,
    transition         text,
    transition_actor   text,
    transition_reason  text,
    CONSTRAINT parcel_pkey PRIMARY KEY (id),
    CONSTRAINT parcel_status_check CHECK (status IN ('PACKED', 'SHIPPED', 'DELIVERED', 'LOST'))
);

COMMENT ON TABLE parcel IS 'A parcel whose state changes are read as an event feed, by a mailer and a search index.';
COMMENT ON COLUMN parcel.status IS 'The state: one of PACKED, SHIPPED, DELIVERED, LOST. It changes only along a transition listed in parcel_transition.';
COMMENT ON COLUMN parcel.recipient IS 'Who it goes to.';
COMMENT ON COLUMN parcel.location IS 'Where it is, as the carrier reported it last.';
COMMENT ON COLUMN parcel.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN parcel.status_since IS 'When the row entered its current state, its creation included; a self-transition keeps it. Set by the triggers alone.';
COMMENT ON COLUMN parcel.status_feed_xid IS 'The feed key of the row''s latest event, which the next one is raised to (decision 0028). NULL until the row''s first change of state with the feed. Set by the triggers alone.';
COMMENT ON COLUMN parcel.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN parcel.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN parcel.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON COLUMN parcel.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in parcel_history, then reset to NULL.';
COMMENT ON COLUMN parcel.transition_actor IS 'Write-only: who takes the transition. Recorded in parcel_history, then reset to NULL.';
COMMENT ON COLUMN parcel.transition_reason IS 'Write-only: why the transition is taken. Recorded in parcel_history, then reset to NULL.';

CREATE INDEX parcel_status_idx ON parcel (status);
CREATE INDEX parcel_active_idx ON parcel (status, id) WHERE status NOT IN ('DELIVERED', 'LOST');

CREATE TABLE parcel_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT parcel_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE parcel_transition IS 'The transitions of workflow Parcel: a row of parcel may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN parcel_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO parcel_transition (transition, from_state, to_state, description) VALUES
    ('ship', 'PACKED', 'SHIPPED', NULL),
    ('track', 'SHIPPED', 'SHIPPED', 'The carrier reports where it is: the state stays, the history records it.'),
    ('deliver', 'SHIPPED', 'DELIVERED', NULL),
    ('lose', 'PACKED', 'LOST', NULL),
    ('lose', 'SHIPPED', 'LOST', NULL);

CREATE TABLE parcel_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    parcel_id   bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    login_role  text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    version     bigint,
    feed_xid    xid8        NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT parcel_history_pkey PRIMARY KEY (id),
    CONSTRAINT parcel_history_actor_check CHECK (char_length(actor) <= 256),
    CONSTRAINT parcel_history_reason_check CHECK (char_length(reason) <= 2000),
    CONSTRAINT parcel_history_feed_xid_check CHECK (feed_xid <> '0')
);

COMMENT ON TABLE parcel_history IS 'Every state change of parcel, one row each, written only by trigger parcel_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of parcel_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN parcel_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';
COMMENT ON COLUMN parcel_history.version IS 'The row''s version after the change; NULL for a change made before the event feed.';
COMMENT ON COLUMN parcel_history.feed_xid IS 'With id, the change''s place in the event feed: the transaction that wrote it, raised to the row''s previous event''s when that is greater, so that each row''s events are read in version order (decision 0028). ''0'' for a change made before the feed.';

CREATE INDEX parcel_history_parcel_id_idx ON parcel_history (parcel_id, occurred_at);
CREATE INDEX parcel_history_feed_idx ON parcel_history (feed_xid, id) WHERE feed_xid <> '0';

CREATE TABLE parcel_feed_position (
    consumer      text        NOT NULL,
    feed_xid      xid8        NOT NULL,
    history_id    bigint      NOT NULL,
    delivered     bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    moved_at      timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    failing_since timestamptz,
    retry_at      timestamptz,
    last_error    text,
    CONSTRAINT parcel_feed_position_pkey PRIMARY KEY (consumer),
    CONSTRAINT parcel_feed_position_consumer_check CHECK (consumer ~ '\A[a-z0-9][a-z0-9._-]{0,62}\Z'),
    CONSTRAINT parcel_feed_position_last_error_check CHECK (char_length(last_error) <= 2000)
);

COMMENT ON TABLE parcel_feed_position IS 'Where each consumer of parcel''s event feed stands: the key (feed_xid, history_id) of the last event it handled, moved in the transaction of its handler. Written by dev.statewise.runtime.EventFeed; delete a consumer''s row to remove it.';

-- Each block writes the schema this migration runs in for @schema: no session can redirect a
-- function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.parcel_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status NOT IN ('PACKED') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'parcel',
            COLUMN = 'status',
            MESSAGE = format('Parcel: a new row starts in PACKED, not in %s', NEW.status);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'parcel',
            MESSAGE = 'Parcel: who creates a row is at most 256 characters, and why at most 2000';
    END IF;
    NEW.version := 0;
    NEW.created_at := now();
    NEW.updated_at := NEW.created_at;
    NEW.created_by := NEW.transition_actor;
    NEW.created_reason := NEW.transition_reason;
    NEW.created_login_role := session_user;
    NEW.status_since := NEW.created_at;
    NEW.status_feed_xid := NULL;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION parcel_before_insert() FROM PUBLIC;

CREATE TRIGGER parcel_before_insert BEFORE INSERT ON parcel
    FOR EACH ROW EXECUTE FUNCTION parcel_before_insert();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.parcel_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
    feed_key xid8;
BEGIN
    IF TG_RELID <> '@schema.parcel'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('parcel_before_update runs for table parcel only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'parcel',
            MESSAGE = format('Parcel %s: its id never changes, since parcel_history names the row by it', OLD.id);
    END IF;
    IF NEW.status IS NOT NULL
            AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.parcel_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.parcel_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'parcel',
                COLUMN = 'status',
                MESSAGE = format('Parcel %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM @schema.parcel_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'parcel',
                COLUMN = 'transition',
                MESSAGE = format('Parcel %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        END IF;
        feed_key := greatest(pg_current_xact_id(), OLD.status_feed_xid);
        INSERT INTO @schema.parcel_history (parcel_id, transition, from_state, to_state, actor, reason, login_role,
                version, feed_xid)
        VALUES (OLD.id, edge_name, OLD.status, NEW.status, NEW.transition_actor, NEW.transition_reason, session_user,
                OLD.version + 1, feed_key);
        NEW.status_feed_xid := feed_key;
    ELSE
        NEW.status_feed_xid := OLD.status_feed_xid;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_since := now();
    ELSE
        -- NULL only in a row from before Statewise kept the column: it entered its state
        -- when it last changed state, or when it was created.
        NEW.status_since := coalesce(OLD.status_since,
            (SELECT max(h.occurred_at) FROM @schema.parcel_history h
              WHERE h.parcel_id = OLD.id AND h.from_state <> h.to_state),
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
REVOKE EXECUTE ON FUNCTION parcel_before_update() FROM PUBLIC;

CREATE TRIGGER parcel_before_update BEFORE UPDATE ON parcel
    FOR EACH ROW EXECUTE FUNCTION parcel_before_update();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.parcel_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.parcel'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('parcel_before_delete runs for table parcel only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.parcel_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'parcel',
                MESSAGE = 'parcel: TRUNCATE refused, since parcel_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.parcel_history h WHERE h.parcel_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'parcel',
            MESSAGE = format('Parcel %s: DELETE refused, since parcel_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION parcel_before_delete() FROM PUBLIC;

CREATE TRIGGER parcel_before_delete BEFORE DELETE ON parcel
    FOR EACH ROW EXECUTE FUNCTION parcel_before_delete();

CREATE TRIGGER parcel_before_truncate BEFORE TRUNCATE ON parcel
    FOR EACH STATEMENT EXECUTE FUNCTION parcel_before_delete();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.parcel_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'parcel_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'parcel_history is written only by trigger parcel_before_update: INSERT refused'
            ELSE format('parcel_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION parcel_history_append_only() FROM PUBLIC;

CREATE TRIGGER parcel_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON parcel_history
    FOR EACH STATEMENT EXECUTE FUNCTION parcel_history_append_only();

CREATE TRIGGER parcel_history_before_insert BEFORE INSERT ON parcel_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION parcel_history_append_only();

ALTER TABLE parcel_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY parcel_history_read ON parcel_history FOR SELECT USING (true);

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.parcel_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'parcel_transition',
        MESSAGE = format('parcel_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION parcel_transition_keep_edges() FROM PUBLIC;

CREATE TRIGGER parcel_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON parcel_transition
    FOR EACH STATEMENT EXECUTE FUNCTION parcel_transition_keep_edges();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.parcel_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'parcel_transition',
            MESSAGE = format('parcel_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION parcel_transition_owner_only() FROM PUBLIC;

CREATE TRIGGER parcel_transition_owner_only BEFORE INSERT OR UPDATE ON parcel_transition
    FOR EACH STATEMENT EXECUTE FUNCTION parcel_transition_owner_only();

