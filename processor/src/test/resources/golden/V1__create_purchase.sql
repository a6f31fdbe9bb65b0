-- Statewise: the schema of workflow workflows.Purchase.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE purchase (
    id                 bigint         GENERATED ALWAYS AS IDENTITY,
    status             text           NOT NULL DEFAULT 'OPEN',
    lines              jsonb          NOT NULL,
    total              numeric(12, 2) NOT NULL,
    payment_reference  text,
    version            bigint         NOT NULL DEFAULT 0,
    created_at         timestamptz    NOT NULL DEFAULT now(),
    updated_at         timestamptz    NOT NULL DEFAULT now(),
    status_since       timestamptz    NOT NULL DEFAULT now(),
    created_by         text,
    created_reason     text,
    created_login_role text,
    transition         text,
    transition_actor   text,
    transition_reason  text,
    CONSTRAINT purchase_pkey PRIMARY KEY (id),
    CONSTRAINT purchase_status_check CHECK (status IN ('OPEN', 'PAID', 'CLOSED')),
    CONSTRAINT purchase_lines_check CHECK (lines <> 'null'),
    CONSTRAINT purchase_total_check CHECK (total NOT IN ('NaN', 'Infinity', '-Infinity')),
    CONSTRAINT purchase_open_check CHECK (status <> 'OPEN' OR payment_reference IS NULL),
    CONSTRAINT purchase_paid_check CHECK (status <> 'PAID' OR payment_reference IS NOT NULL),
    CONSTRAINT purchase_closed_check CHECK (status <> 'CLOSED' OR payment_reference IS NOT NULL)
);

COMMENT ON TABLE purchase IS 'A purchase: what was bought, as JSON, and what it cost.';
COMMENT ON COLUMN purchase.status IS 'The state: one of OPEN, PAID, CLOSED. It changes only along a transition listed in purchase_transition.';
COMMENT ON COLUMN purchase.lines IS 'The lines bought, as a JSON array.';
COMMENT ON COLUMN purchase.payment_reference IS 'The payment provider''s reference, never reused.';
COMMENT ON COLUMN purchase.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN purchase.status_since IS 'When the row entered its current state, its creation included; a self-transition keeps it. Set by the triggers alone.';
COMMENT ON COLUMN purchase.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN purchase.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN purchase.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON COLUMN purchase.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in purchase_history, then reset to NULL.';
COMMENT ON COLUMN purchase.transition_actor IS 'Write-only: who takes the transition. Recorded in purchase_history, then reset to NULL.';
COMMENT ON COLUMN purchase.transition_reason IS 'Write-only: why the transition is taken. Recorded in purchase_history, then reset to NULL.';
COMMENT ON CONSTRAINT purchase_open_check ON purchase IS 'A row in OPEN has payment_reference NULL.';
COMMENT ON CONSTRAINT purchase_paid_check ON purchase IS 'A row in PAID has payment_reference set.';
COMMENT ON CONSTRAINT purchase_closed_check ON purchase IS 'A row in CLOSED has payment_reference set.';

CREATE INDEX purchase_status_idx ON purchase (status);
CREATE INDEX purchase_active_idx ON purchase (status, id) WHERE status NOT IN ('CLOSED');
CREATE UNIQUE INDEX purchase_payment_reference_key ON purchase (payment_reference);

CREATE TABLE purchase_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT purchase_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE purchase_transition IS 'The transitions of workflow Purchase: a row of purchase may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN purchase_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO purchase_transition (transition, from_state, to_state, description) VALUES
    ('changeLines', 'OPEN', 'OPEN', NULL),
    ('pay', 'OPEN', 'PAID', NULL),
    ('close', 'PAID', 'CLOSED', NULL);

CREATE TABLE purchase_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    purchase_id bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    login_role  text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT purchase_history_pkey PRIMARY KEY (id),
    CONSTRAINT purchase_history_actor_check CHECK (char_length(actor) <= 256),
    CONSTRAINT purchase_history_reason_check CHECK (char_length(reason) <= 2000)
);

COMMENT ON TABLE purchase_history IS 'Every state change of purchase, one row each, written only by trigger purchase_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of purchase_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN purchase_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';

CREATE INDEX purchase_history_purchase_id_idx ON purchase_history (purchase_id, occurred_at);

-- Each block writes the schema this migration runs in for @schema: no session can redirect a
-- function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.purchase_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status NOT IN ('OPEN') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'purchase',
            COLUMN = 'status',
            MESSAGE = format('Purchase: a new row starts in OPEN, not in %s', NEW.status);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'purchase',
            MESSAGE = 'Purchase: who creates a row is at most 256 characters, and why at most 2000';
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
REVOKE EXECUTE ON FUNCTION purchase_before_insert() FROM PUBLIC;

CREATE TRIGGER purchase_before_insert BEFORE INSERT ON purchase
    FOR EACH ROW EXECUTE FUNCTION purchase_before_insert();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.purchase_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.purchase'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('purchase_before_update runs for table purchase only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'purchase',
            MESSAGE = format('Purchase %s: its id never changes, since purchase_history names the row by it', OLD.id);
    END IF;
    IF NEW.status IS NOT NULL
            AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.purchase_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.purchase_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'purchase',
                COLUMN = 'status',
                MESSAGE = format('Purchase %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM @schema.purchase_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'purchase',
                COLUMN = 'transition',
                MESSAGE = format('Purchase %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.purchase_history (purchase_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.status, NEW.status, NEW.transition_actor, NEW.transition_reason, session_user);
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_since := now();
    ELSE
        -- NULL only in a row from before Statewise kept the column: it entered its state
        -- when it last changed state, or when it was created.
        NEW.status_since := coalesce(OLD.status_since,
            (SELECT max(h.occurred_at) FROM @schema.purchase_history h
              WHERE h.purchase_id = OLD.id AND h.from_state <> h.to_state),
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
REVOKE EXECUTE ON FUNCTION purchase_before_update() FROM PUBLIC;

CREATE TRIGGER purchase_before_update BEFORE UPDATE ON purchase
    FOR EACH ROW EXECUTE FUNCTION purchase_before_update();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.purchase_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.purchase'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('purchase_before_delete runs for table purchase only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.purchase_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'purchase',
                MESSAGE = 'purchase: TRUNCATE refused, since purchase_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.purchase_history h WHERE h.purchase_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'purchase',
            MESSAGE = format('Purchase %s: DELETE refused, since purchase_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION purchase_before_delete() FROM PUBLIC;

CREATE TRIGGER purchase_before_delete BEFORE DELETE ON purchase
    FOR EACH ROW EXECUTE FUNCTION purchase_before_delete();

CREATE TRIGGER purchase_before_truncate BEFORE TRUNCATE ON purchase
    FOR EACH STATEMENT EXECUTE FUNCTION purchase_before_delete();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.purchase_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'purchase_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'purchase_history is written only by trigger purchase_before_update: INSERT refused'
            ELSE format('purchase_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION purchase_history_append_only() FROM PUBLIC;

CREATE TRIGGER purchase_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON purchase_history
    FOR EACH STATEMENT EXECUTE FUNCTION purchase_history_append_only();

CREATE TRIGGER purchase_history_before_insert BEFORE INSERT ON purchase_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION purchase_history_append_only();

ALTER TABLE purchase_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY purchase_history_read ON purchase_history FOR SELECT USING (true);

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.purchase_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'purchase_transition',
        MESSAGE = format('purchase_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION purchase_transition_keep_edges() FROM PUBLIC;

CREATE TRIGGER purchase_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON purchase_transition
    FOR EACH STATEMENT EXECUTE FUNCTION purchase_transition_keep_edges();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.purchase_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'purchase_transition',
            MESSAGE = format('purchase_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION purchase_transition_owner_only() FROM PUBLIC;

CREATE TRIGGER purchase_transition_owner_only BEFORE INSERT OR UPDATE ON purchase_transition
    FOR EACH STATEMENT EXECUTE FUNCTION purchase_transition_owner_only();

